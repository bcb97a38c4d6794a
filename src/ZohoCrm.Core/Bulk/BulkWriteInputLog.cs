using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>One input row as it was given, read back from the log: its place in the input, its CSV row number, its values.</summary>
    public sealed class BulkWriteInputRow
    {
        internal BulkWriteInputRow(long index, long? rowNumber, JObject values)
        {
            Index = index;
            RowNumber = rowNumber;
            Values = values;
        }

        /// <summary>0-based position in everything one Start-ZcrmBulkWrite call was given.</summary>
        public long Index { get; }

        /// <summary>The 1-based data row of the input CSV file (null for piped rows).</summary>
        public long? RowNumber { get; }

        public JObject Values { get; }
    }

    /// <summary>
    /// The input rows of one bulk write file, in upload order, written to a temporary file as JSON lines while the
    /// upload is prepared, so memory stays flat however many rows there are and the results can still be joined back
    /// to the rows they came from. The file is deleted when the log is disposed (or collected).
    /// </summary>
    public sealed class BulkWriteInputLog : IDisposable
    {
        private readonly FileStream _file;
        private readonly StreamWriter _writer;
        private readonly JsonTextWriter _json;
        private readonly object _gate = new object();
        private bool _sealed;

        public BulkWriteInputLog()
        {
            var path = Path.Combine(Path.GetTempPath(), "zcrm-bulkwrite-input-" + Guid.NewGuid().ToString("N") + ".jsonl");
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _writer = new StreamWriter(_file, new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
            _json = new JsonTextWriter(_writer) { CloseOutput = false, Formatting = Formatting.None };
        }

        public long RowCount { get; private set; }

        /// <summary>Index of the first row (rows of one log are consecutive in the input, less those refused locally).</summary>
        public long FirstIndex { get; private set; } = -1;

        public void Add(long index, long? rowNumber, IEnumerable<KeyValuePair<string, object?>> values)
        {
            lock (_gate)
            {
                if (_sealed) throw new InvalidOperationException("The input log is complete.");
                if (FirstIndex < 0) FirstIndex = index;
                _json.WriteStartObject();
                _json.WritePropertyName("i");
                _json.WriteValue(index);
                if (rowNumber.HasValue)
                {
                    _json.WritePropertyName("n");
                    _json.WriteValue(rowNumber.Value);
                }
                _json.WritePropertyName("v");
                _json.WriteStartObject();
                foreach (var pair in values)
                {
                    _json.WritePropertyName(pair.Key ?? string.Empty);
                    WriteValue(pair.Value, 0);
                }
                _json.WriteEndObject();
                _json.WriteEndObject();
                _writer.Write('\n');
                RowCount++;
            }
        }

        private void WriteValue(object? value, int depth)
        {
            switch (value)
            {
                case null: _json.WriteNull(); return;
                case string s: _json.WriteValue(s); return;
                case bool b: _json.WriteValue(b); return;
                case int i: _json.WriteValue(i); return;
                case long l: _json.WriteValue(l); return;
                case decimal d: _json.WriteValue(d); return;
                case double d: _json.WriteValue(d); return;
                case DateTimeOffset dto: _json.WriteValue(dto.ToString("o", CultureInfo.InvariantCulture)); return;
                case DateTime dt: _json.WriteValue(dt.ToString("o", CultureInfo.InvariantCulture)); return;
                case IDictionary dictionary when depth < 4:
                    _json.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        _json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        WriteValue(entry.Value, depth + 1);
                    }
                    _json.WriteEndObject();
                    return;
                case IEnumerable sequence when depth < 4:
                    _json.WriteStartArray();
                    foreach (var item in sequence) WriteValue(item, depth + 1);
                    _json.WriteEndArray();
                    return;
                default:
                    _json.WriteValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }

        /// <summary>Flushes what was written; no row may be added after.</summary>
        public void Seal()
        {
            lock (_gate)
            {
                if (_sealed) return;
                _json.Flush();
                _writer.Flush();
                _sealed = true;
            }
        }

        /// <summary>The rows in order. Readers of the same log take turns (one enumeration at a time).</summary>
        public IEnumerable<BulkWriteInputRow> Read()
        {
            Seal();
            _file.Position = 0;
            using var reader = new StreamReader(_file, new UTF8Encoding(false), false, 1 << 16, leaveOpen: true);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Length == 0) continue;
                using var json = new JsonTextReader(new StringReader(line)) { DateParseHandling = DateParseHandling.None };
                var item = JObject.Load(json);
                yield return new BulkWriteInputRow((long)item["i"]!, item["n"]?.Type == JTokenType.Integer ? (long?)item["n"] : null, item["v"] as JObject ?? new JObject());
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _json.Close();
                _writer.Dispose();
                _file.Dispose();
            }
        }
    }
}
