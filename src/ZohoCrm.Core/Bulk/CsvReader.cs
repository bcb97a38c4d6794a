using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// A small, allocation-lean RFC 4180 reader: comma-separated, fields optionally in double quotes with "" for a
    /// quote, line breaks (CRLF, LF or CR) inside quoted fields kept. Unquoted fields and quoted fields without escapes
    /// become strings straight from the read buffer; only fields that span a buffer refill or hold "" are assembled.
    /// </summary>
    public sealed class CsvReader : IDisposable
    {
        private const int BufferSize = 1 << 16;
        private readonly TextReader _reader;
        private readonly char[] _buffer = new char[BufferSize];
        private readonly StringBuilder _pending = new StringBuilder();
        private int _pos;
        private int _len;
        private bool _eof;

        public CsvReader(TextReader reader)
        {
            _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        }

        /// <summary>1-based number of the last row read (a row with line breaks in quotes still counts once).</summary>
        public long RowNumber { get; private set; }

        /// <summary>Reads the next row into <paramref name="fields"/> (cleared first); false at the end of the input.</summary>
        public bool ReadRow(List<string> fields)
        {
            fields.Clear();
            if (!EnsureData()) return false;
            // A blank line between rows is skipped, as spreadsheet tools do.
            while (_buffer[_pos] == '\r' || _buffer[_pos] == '\n')
            {
                _pos++;
                if (!EnsureData()) return false;
            }

            RowNumber++;
            while (true)
            {
                var endOfRow = _buffer[_pos] == '"' ? ReadQuoted(fields) : ReadPlain(fields);
                if (endOfRow) return true;
            }
        }

        private bool EnsureData()
        {
            if (_pos < _len) return true;
            if (_eof) return false;
            _len = _reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            if (_len <= 0)
            {
                _len = 0;
                _eof = true;
                return false;
            }
            return true;
        }

        /// <summary>An unquoted field; true when it ended the row.</summary>
        private bool ReadPlain(List<string> fields)
        {
            _pending.Clear();
            var spans = false;
            while (true)
            {
                var start = _pos;
                var buffer = _buffer;
                var len = _len;
                var i = start;
                while (i < len)
                {
                    var c = buffer[i];
                    if (c == ',' || c == '\n' || c == '\r') break;
                    i++;
                }

                if (i < len)
                {
                    var c = buffer[i];
                    fields.Add(spans ? _pending.Append(buffer, start, i - start).ToString() : Make(buffer, start, i - start));
                    _pos = i + 1;
                    if (c == ',')
                    {
                        // A trailing comma means one more, empty, field.
                        if (!EnsureData() || IsLineEnd(_buffer[_pos]))
                        {
                            fields.Add(string.Empty);
                            return EndLine();
                        }
                        return false;
                    }
                    if (c == '\r') SkipLineFeed();
                    return true;
                }

                _pending.Append(buffer, start, len - start);
                spans = true;
                _pos = len;
                if (!EnsureData())
                {
                    fields.Add(_pending.ToString());
                    return true;
                }
            }
        }

        /// <summary>A quoted field (the reader is on its opening quote); true when it ended the row.</summary>
        private bool ReadQuoted(List<string> fields)
        {
            _pos++;
            _pending.Clear();
            var assembled = false;
            while (true)
            {
                if (!EnsureData()) throw new InvalidDataException($"CSV row {RowNumber}: a quoted field is not closed before the end of the file.");
                var start = _pos;
                var buffer = _buffer;
                var len = _len;
                // Array.IndexOf on chars is vectorized on .NET Core: most of a bulk file is quoted text.
                var i = Array.IndexOf(buffer, '"', start, len - start);
                if (i < 0)
                {
                    _pending.Append(buffer, start, len - start);
                    assembled = true;
                    _pos = len;
                    continue;
                }

                // buffer[i] is a quote: either "" (a quote in the value) or the closing quote.
                if (i + 1 < len || EnsureLookahead(ref buffer, ref start, ref i, ref len))
                {
                    if (buffer[i + 1] == '"')
                    {
                        _pending.Append(buffer, start, i + 1 - start);
                        assembled = true;
                        _pos = i + 2;
                        continue;
                    }
                }

                var value = assembled || _pending.Length > 0 ? _pending.Append(buffer, start, i - start).ToString() : Make(buffer, start, i - start);
                fields.Add(value);
                _pos = i + 1;
                if (!EnsureData()) return true;
                var next = _buffer[_pos];
                if (next == ',')
                {
                    _pos++;
                    if (!EnsureData() || IsLineEnd(_buffer[_pos]))
                    {
                        fields.Add(string.Empty);
                        return EndLine();
                    }
                    return false;
                }
                if (next == '\n')
                {
                    _pos++;
                    return true;
                }
                if (next == '\r')
                {
                    _pos++;
                    SkipLineFeed();
                    return true;
                }
                throw new InvalidDataException($"CSV row {RowNumber}: unexpected '{next}' after a closing quote.");
            }
        }

        /// <summary>
        /// The quote at <paramref name="i"/> is the buffer's last character: keep what precedes it, refill, and point
        /// at the quote again at the start of the new buffer. False when the input ends right after the quote.
        /// </summary>
        private bool EnsureLookahead(ref char[] buffer, ref int start, ref int i, ref int len)
        {
            _pending.Append(buffer, start, i - start);
            _buffer[0] = '"';
            var read = _reader.Read(_buffer, 1, _buffer.Length - 1);
            if (read <= 0)
            {
                _eof = true;
                read = 0;
            }
            _len = len = read + 1;
            _pos = start = i = 0;
            buffer = _buffer;
            return len > 1;
        }

        private static bool IsLineEnd(char c) => c == '\n' || c == '\r';

        private bool EndLine()
        {
            if (_pos < _len)
            {
                var c = _buffer[_pos];
                if (c == '\n') _pos++;
                else if (c == '\r')
                {
                    _pos++;
                    SkipLineFeed();
                }
            }
            return true;
        }

        private void SkipLineFeed()
        {
            if (EnsureData() && _buffer[_pos] == '\n') _pos++;
        }

        private static string Make(char[] buffer, int start, int length) => length == 0 ? string.Empty : new string(buffer, start, length);

        public void Dispose() => _reader.Dispose();
    }
}
