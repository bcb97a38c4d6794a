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

        /// <summary>0-based position in everything one bulk write was given.</summary>
        public long Index { get; }

        /// <summary>The 1-based data row of the input CSV file (null for piped rows).</summary>
        public long? RowNumber { get; }

        public JObject Values { get; }
    }

    /// <summary>
    /// The input rows of one bulk write file, in upload order, written to a temporary file while the upload is prepared,
    /// so memory stays flat however many rows there are and the results can still be joined back to the rows they came
    /// from. The log is compact: a row's names are written only when they differ from the row before (rows of one CSV
    /// or one kind of object share them), text and nulls as they are, any other value as JSON. The file is deleted when
    /// the log is disposed (or collected).
    /// </summary>
    public sealed class BulkWriteInputLog : IDisposable
    {
        private const byte NullValue = 0;
        private const byte TextValue = 1;
        private const byte JsonValue = 2;
        private const byte SameNames = 0;
        private const byte NewNames = 1;
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private readonly FileStream _file;
        private readonly BinaryWriter _writer;
        private readonly object _gate = new object();
        private readonly List<string> _names = new List<string>();
        private StringWriter? _fragment;
        private JsonTextWriter? _json;
        private bool _sealed;

        public BulkWriteInputLog()
        {
            var path = Path.Combine(Path.GetTempPath(), "zcrm-bulkwrite-input-" + Guid.NewGuid().ToString("N") + ".bin");
            _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _writer = new BinaryWriter(_file, Utf8, leaveOpen: true);
        }

        public long RowCount { get; private set; }

        /// <summary>Index of the first row (rows of one log are consecutive in the input, less those refused locally).</summary>
        public long FirstIndex { get; private set; } = -1;

        public void Add(long index, long? rowNumber, IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            lock (_gate)
            {
                if (_sealed) throw new InvalidOperationException("The input log is complete.");
                if (FirstIndex < 0) FirstIndex = index;
                _writer.Write(index);
                _writer.Write(rowNumber ?? -1);
                if (SameNamesAsLastRow(values)) _writer.Write(SameNames);
                else
                {
                    _writer.Write(NewNames);
                    _writer.Write(values.Count);
                    foreach (var name in _names) _writer.Write(name);
                }
                for (var i = 0; i < values.Count; i++)
                {
                    switch (values[i].Value)
                    {
                        case null:
                            _writer.Write(NullValue);
                            break;
                        case string text:
                            _writer.Write(TextValue);
                            _writer.Write(text);
                            break;
                        case var other:
                            _writer.Write(JsonValue);
                            _writer.Write(Json(other));
                            break;
                    }
                }
                RowCount++;
            }
        }

        private bool SameNamesAsLastRow(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var same = RowCount > 0 && _names.Count == values.Count;
            for (var i = 0; same && i < values.Count; i++) same = string.Equals(_names[i], values[i].Key ?? string.Empty, StringComparison.Ordinal);
            if (same) return true;
            _names.Clear();
            for (var i = 0; i < values.Count; i++) _names.Add(values[i].Key ?? string.Empty);
            return false;
        }

        /// <summary>A value other than text as JSON (numbers, booleans, times, dictionaries and lists of them).</summary>
        private string Json(object value)
        {
            if (_json == null)
            {
                _fragment = new StringWriter(CultureInfo.InvariantCulture);
                _json = new JsonTextWriter(_fragment) { Formatting = Formatting.None };
            }
            _fragment!.GetStringBuilder().Clear();
            WriteValue(value, 0);
            _json.Flush();
            return _fragment.ToString();
        }

        private void WriteValue(object? value, int depth)
        {
            var json = _json!;
            switch (value)
            {
                case null: json.WriteNull(); return;
                case string s: json.WriteValue(s); return;
                case bool b: json.WriteValue(b); return;
                case int i: json.WriteValue(i); return;
                case long l: json.WriteValue(l); return;
                case decimal d: json.WriteValue(d); return;
                case double d: json.WriteValue(d); return;
                case DateTimeOffset dto: json.WriteValue(dto.ToString("o", CultureInfo.InvariantCulture)); return;
                case DateTime dt: json.WriteValue(dt.ToString("o", CultureInfo.InvariantCulture)); return;
                case IDictionary dictionary when depth < 4:
                    json.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        WriteValue(entry.Value, depth + 1);
                    }
                    json.WriteEndObject();
                    return;
                case IEnumerable sequence when depth < 4:
                    json.WriteStartArray();
                    foreach (var item in sequence) WriteValue(item, depth + 1);
                    json.WriteEndArray();
                    return;
                default:
                    json.WriteValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }

        /// <summary>Flushes what was written; no row may be added after.</summary>
        public void Seal()
        {
            lock (_gate)
            {
                if (_sealed) return;
                _writer.Flush();
                _file.Flush();
                _sealed = true;
            }
        }

        /// <summary>The rows in order. Readers of the same log take turns (one enumeration at a time).</summary>
        public IEnumerable<BulkWriteInputRow> Read()
        {
            Seal();
            _file.Position = 0;
            using var reader = new BinaryReader(_file, Utf8, leaveOpen: true);
            var names = new List<string>();
            for (long row = 0; row < RowCount; row++)
            {
                var index = reader.ReadInt64();
                var rowNumber = reader.ReadInt64();
                if (reader.ReadByte() == NewNames)
                {
                    names.Clear();
                    var count = reader.ReadInt32();
                    for (var i = 0; i < count; i++) names.Add(reader.ReadString());
                }
                var values = new JObject();
                foreach (var name in names)
                {
                    switch (reader.ReadByte())
                    {
                        case NullValue:
                            values[name] = JValue.CreateNull();
                            break;
                        case TextValue:
                            values[name] = new JValue(reader.ReadString());
                            break;
                        default:
                            using (var json = new JsonTextReader(new StringReader(reader.ReadString())) { DateParseHandling = DateParseHandling.None })
                                values[name] = JToken.ReadFrom(json);
                            break;
                    }
                }
                yield return new BulkWriteInputRow(index, rowNumber >= 0 ? rowNumber : (long?)null, values);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _writer.Dispose();
                _file.Dispose();
            }
        }
    }
}
