using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>One column of a bulk write CSV: the field it fills and how Zoho should read it (§21.2 field_mappings).</summary>
    public sealed class BulkWriteColumn
    {
        public BulkWriteColumn(string apiName, ZohoField? field)
        {
            ApiName = apiName;
            Field = field;
        }

        public string ApiName { get; }

        public ZohoField? Field { get; }

        /// <summary>The field_mappings entry of this column at <paramref name="index"/>: lookups by id, dates as yyyy-MM-dd.</summary>
        public JObject Mapping(int index)
        {
            var mapping = new JObject { ["api_name"] = ApiName, ["index"] = index };
            switch (Field?.Kind)
            {
                case FieldValueKind.Lookup:
                    mapping["find_by"] = "id";
                    break;
                case FieldValueKind.Date:
                    mapping["format"] = "yyyy-MM-dd";
                    break;
            }
            return mapping;
        }
    }

    /// <summary>
    /// One zip to upload: a CSV of at most <see cref="BulkWriteLimits.MaxRowsPerFile"/> rows and
    /// <see cref="BulkWriteLimits.MaxCsvBytes"/> bytes, written straight into a deflate stream on a temporary file (so
    /// neither the rows nor the CSV are ever held in memory), with the log of the input rows it came from.
    /// </summary>
    public sealed class BulkWriteFile : IDisposable
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false);
        private readonly FileStream _zip;
        private readonly ZipArchive _archive;
        private readonly StreamWriter _csv;
        private readonly StringBuilder _row = new StringBuilder(256);
        private char[] _line = new char[256];
        private int _length;
        private readonly long _maxRows;
        private readonly long _maxBytes;
        private bool _sealed;

        internal BulkWriteFile(string module, int sequence, IReadOnlyList<BulkWriteColumn> columns, long maxRows, long maxBytes)
        {
            Module = module;
            Columns = columns;
            _maxRows = maxRows;
            _maxBytes = maxBytes;
            CsvName = module + "-" + sequence.ToString(CultureInfo.InvariantCulture) + ".csv";
            ZipName = Path.ChangeExtension(CsvName, ".zip");
            var path = Path.Combine(Path.GetTempPath(), "zcrm-bulkwrite-" + Guid.NewGuid().ToString("N") + ".zip");
            _zip = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _archive = new ZipArchive(_zip, ZipArchiveMode.Create, leaveOpen: true);
            // Fastest: Zoho's limits are on the CSV, not the zip, and the upload is a local disk read away.
            var entry = _archive.CreateEntry(CsvName, CompressionLevel.Fastest);
            _csv = new StreamWriter(entry.Open(), Utf8, 1 << 16);
            for (var i = 0; i < columns.Count; i++) Append(_row, columns[i].ApiName, i == 0);
            _row.Append("\r\n");
            CsvBytes = Utf8.GetByteCount(_row.ToString());
            _csv.Write(_row.ToString());
            Input = new BulkWriteInputLog();
        }

        public string Module { get; }

        public string CsvName { get; }

        public string ZipName { get; }

        public IReadOnlyList<BulkWriteColumn> Columns { get; }

        public long RowCount { get; private set; }

        /// <summary>Bytes of the CSV so far (header included), the quantity Zoho's 25 MB limit is on.</summary>
        public long CsvBytes { get; private set; }

        public BulkWriteInputLog Input { get; }

        public bool IsSealed => _sealed;

        /// <summary>The zip's length once sealed.</summary>
        public long ZipBytes => _sealed ? _zip.Length : 0;

        /// <summary>
        /// Writes one row: column i of the file gets <paramref name="cells"/>[<paramref name="slots"/>[i]] (empty for -1
        /// or null). False (nothing written) when it would pass either limit, so the row goes in the next file.
        /// </summary>
        internal bool TryAdd(string?[] cells, int[] slots, long index, long? rowNumber, IReadOnlyList<KeyValuePair<string, object?>> source)
        {
            if (_sealed) throw new InvalidOperationException("The file is sealed.");
            _length = 0;
            for (var i = 0; i < slots.Length; i++)
            {
                if (i > 0) Put(',');
                var slot = slots[i];
                if (slot >= 0 && cells[slot] is { } cell) PutCell(cell);
            }
            Put('\r');
            Put('\n');
            var bytes = Utf8.GetByteCount(_line, 0, _length);
            if (RowCount > 0 && (RowCount >= _maxRows || CsvBytes + bytes > _maxBytes)) return false;
            if (RowCount == 0 && CsvBytes + bytes > _maxBytes)
                throw new InvalidDataException($"One row is larger than the {_maxBytes} bytes a bulk write file may hold.");
            _csv.Write(_line, 0, _length);
            CsvBytes += bytes;
            RowCount++;
            Input.Add(index, rowNumber, source);
            return true;
        }

        private void Put(char c)
        {
            if (_length == _line.Length) Array.Resize(ref _line, _line.Length * 2);
            _line[_length++] = c;
        }

        /// <summary>A cell as <see cref="Append"/> writes it, into the reused line buffer.</summary>
        private void PutCell(string cell)
        {
            if (cell.Length == 0) return;
            var quote = cell.IndexOfAny(Special) >= 0 || cell[0] == ' ' || cell[cell.Length - 1] == ' ';
            if (!quote)
            {
                if (_length + cell.Length > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, _length + cell.Length));
                cell.CopyTo(0, _line, _length, cell.Length);
                _length += cell.Length;
                return;
            }
            Put('"');
            foreach (var c in cell)
            {
                if (c == '"') Put('"');
                Put(c);
            }
            Put('"');
        }

        /// <summary>
        /// The text of a cell from a value converted by the records API's rules (a string, bool, long, double, decimal,
        /// string[] or JToken), the same text <see cref="Cell"/> gives for its JSON; <paramref name="missing"/>: blank, as
        /// a required field may not be.
        /// </summary>
        internal static string CellOf(object converted, out bool missing)
        {
            missing = false;
            switch (converted)
            {
                case string text:
                    missing = IsBlank(text);
                    return text;
                case bool b:
                    return b ? "true" : "false";
                case long l:
                    return l.ToString(CultureInfo.InvariantCulture);
                case double d:
                    return d.ToString("R", CultureInfo.InvariantCulture);
                case decimal d:
                    return d.ToString(CultureInfo.InvariantCulture);
                case string[] list:
                    missing = list.Length == 0;
                    return string.Join(";", list);
                case JToken token:
                    missing = token.Type == JTokenType.Null || (token.Type == JTokenType.String && IsBlank((string)token!)) || (token is JArray a && a.Count == 0);
                    return Cell(token);
                default:
                    return Convert.ToString(converted, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }

        private static bool IsBlank(string text)
        {
            foreach (var c in text)
                if (!char.IsWhiteSpace(c)) return false;
            return true;
        }

        /// <summary>Finishes the zip; the file is then ready to upload.</summary>
        internal void Seal()
        {
            if (_sealed) return;
            _csv.Dispose();
            _archive.Dispose();
            _zip.Flush();
            Input.Seal();
            _sealed = true;
        }

        /// <summary>The zip from its start, for one upload attempt (the file itself stays open).</summary>
        public Stream OpenRead()
        {
            if (!_sealed) throw new InvalidOperationException("The file is not sealed.");
            _zip.Position = 0;
            return new NonClosingStream(_zip);
        }

        /// <summary>The text of a cell: lookups by id, multi-select values joined with ';', numbers and dates invariant.</summary>
        internal static string Cell(JToken? token)
        {
            switch (token)
            {
                case null:
                    return string.Empty;
                case JValue value:
                    switch (value.Type)
                    {
                        case JTokenType.Null:
                        case JTokenType.Undefined:
                            return string.Empty;
                        case JTokenType.Boolean:
                            return (bool)value ? "true" : "false";
                        case JTokenType.Float:
                            return value.Value is decimal d ? d.ToString(CultureInfo.InvariantCulture) : Convert.ToDouble(value.Value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
                        default:
                            return Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? string.Empty;
                    }
                case JObject obj when obj["id"] != null:
                    return Cell(obj["id"]);
                case JArray array:
                    return string.Join(";", array.Select(Cell));
                default:
                    return token.ToString(Newtonsoft.Json.Formatting.None);
            }
        }

        internal static void Append(StringBuilder row, string cell, bool first)
        {
            if (!first) row.Append(',');
            var quote = cell.Length > 0 && (cell.IndexOfAny(Special) >= 0 || cell[0] == ' ' || cell[cell.Length - 1] == ' ');
            if (!quote)
            {
                row.Append(cell);
                return;
            }
            row.Append('"');
            foreach (var c in cell)
            {
                if (c == '"') row.Append('"');
                row.Append(c);
            }
            row.Append('"');
        }

        private static readonly char[] Special = { ',', '"', '\r', '\n' };

        public void Dispose()
        {
            if (!_sealed)
            {
                try { _csv.Dispose(); } catch (Exception) { }
                try { _archive.Dispose(); } catch (Exception) { }
            }
            _zip.Dispose();
        }

        /// <summary>Lets HttpClient dispose its content without closing the file another attempt may need.</summary>
        private sealed class NonClosingStream : Stream
        {
            private readonly Stream _inner;
            public NonClosingStream(Stream inner) { _inner = inner; }
            public override bool CanRead => true;
            public override bool CanSeek => _inner.CanSeek;
            public override bool CanWrite => false;
            public override long Length => _inner.Length;
            public override long Position { get => _inner.Position; set => _inner.Position = value; }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
            public override System.Threading.Tasks.Task<int> ReadAsync(byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);
            public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }

    /// <summary>Zoho's limits on one bulk write file (fact sheet §21.6).</summary>
    public static class BulkWriteLimits
    {
        public const int MaxRowsPerFile = 25_000;

        /// <summary>25 MB of CSV.</summary>
        public const long MaxCsvBytes = 25L * 1024 * 1024;

        public const int MaxColumns = 200;
    }
}
