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

        /// <summary>Writes one row; false (nothing written) when it would pass either limit, so the row goes in the next file.</summary>
        internal bool TryAdd(JObject payload, long index, long? rowNumber, IEnumerable<KeyValuePair<string, object?>> source)
        {
            if (_sealed) throw new InvalidOperationException("The file is sealed.");
            _row.Clear();
            for (var i = 0; i < Columns.Count; i++) Append(_row, Cell(payload[Columns[i].ApiName]), i == 0);
            _row.Append("\r\n");
            var text = _row.ToString();
            var bytes = Utf8.GetByteCount(text);
            if (RowCount > 0 && (RowCount >= _maxRows || CsvBytes + bytes > _maxBytes)) return false;
            if (RowCount == 0 && CsvBytes + bytes > _maxBytes)
                throw new InvalidDataException($"One row is larger than the {_maxBytes} bytes a bulk write file may hold.");
            _csv.Write(text);
            CsvBytes += bytes;
            RowCount++;
            Input.Add(index, rowNumber, source);
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
