using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// The columns of a bulk-read CSV and how each column's text becomes a value typed like the records API's:
    /// datetimes DateTimeOffset, dates DateTime, currency decimal, numbers long or double, booleans bool. Bulk files
    /// carry only the id of a lookup, so a lookup becomes a nested object with just <c>id</c> (what
    /// <c>$record.Owner.id</c> reads on a record from the records API too); multi-select values, joined with semicolons in the
    /// file, become arrays; an empty cell is null. Columns without metadata stay text.
    /// </summary>
    public sealed class BulkCsvSchema
    {
        public const char MultiValueSeparator = ';';

        private readonly string[] _columns;
        private readonly FieldValueKind[] _kinds;

        public BulkCsvSchema(string module, IReadOnlyList<string> header, FieldTypeMap types)
        {
            Module = module;
            _columns = new string[header.Count];
            _kinds = new FieldValueKind[header.Count];
            for (var i = 0; i < header.Count; i++)
            {
                var name = header[i].Trim();
                // Zoho's own exports have used "Id"; records everywhere else call it "id".
                if (string.Equals(name, "id", StringComparison.OrdinalIgnoreCase)) name = "id";
                _columns[i] = name;
                _kinds[i] = name == "id" ? FieldValueKind.Text : types.KindOf(name);
            }
        }

        public string Module { get; }

        public IReadOnlyList<string> Columns => _columns;

        public int Count => _columns.Length;

        public string NameOf(int column) => _columns[column];

        /// <summary>A column's text as its typed value.</summary>
        [MethodImpl(HotPath.Optimized)]
        public object? ValueOf(int column, string text) => Convert(text, _kinds[column]);

        /// <summary>How a column's text is typed (a lookup column's value is an object with just <c>id</c>).</summary>
        public FieldValueKind KindOf(int column) => _kinds[column];

        /// <summary>A row's cells as a typed record.</summary>
        public ZohoRecord ToRecord(string[] cells)
        {
            var fields = new List<KeyValuePair<string, object?>>(_columns.Length);
            for (var i = 0; i < _columns.Length; i++) fields.Add(new KeyValuePair<string, object?>(_columns[i], ValueOf(i, cells[i])));
            return new ZohoRecord(Module, fields);
        }

        [MethodImpl(HotPath.Optimized)]
        internal static object? Convert(string text, FieldValueKind kind)
        {
            if (kind == FieldValueKind.MultiSelect)
            {
                if (text.Length == 0) return Array.Empty<object?>();
                var parts = text.Split(MultiValueSeparator);
                var values = new object?[parts.Length];
                for (var i = 0; i < parts.Length; i++) values[i] = parts[i];
                return values;
            }
            if (text.Length == 0) return null;
            switch (kind)
            {
                case FieldValueKind.Text:
                case FieldValueKind.Other:
                    return text;
                case FieldValueKind.Lookup:
                    return new ZohoObject(new List<KeyValuePair<string, object?>>(1) { new KeyValuePair<string, object?>("id", text) });
                default:
                    return RecordJsonReader.TypeString(text, kind);
            }
        }
    }
}
