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

        private const string ZohoDateTime = "yyyy-MM-dd'T'HH:mm:sszzz";

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
        // Typing runs once per cell read: compiled optimized at once rather than first unoptimized
        // (MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name).
        [MethodImpl((MethodImplOptions)512)]
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

        private static readonly object True = true;
        private static readonly object False = false;

        [MethodImpl((MethodImplOptions)512)]
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
            // Zoho's own forms are parsed by hand (several times cheaper than the general parsers, which read what
            // these do not); anything else falls back to the records API's typing.
            switch (kind)
            {
                case FieldValueKind.Text:
                case FieldValueKind.Other:
                    return text;
                case FieldValueKind.Lookup:
                    return new ZohoObject(new List<KeyValuePair<string, object?>>(1) { new KeyValuePair<string, object?>("id", text) });
                case FieldValueKind.DateTime when TryParseZohoDateTime(text, out var time):
                    return time;
                case FieldValueKind.Date when TryParseZohoDate(text, out var date):
                    return date;
                case FieldValueKind.Integer when TryParseInteger(text, out var number):
                    return number;
                case FieldValueKind.Boolean when text == "true":
                    return True;
                case FieldValueKind.Boolean when text == "false":
                    return False;
                case FieldValueKind.DateTime when text.Length == 25 && DateTimeOffset.TryParseExact(text, ZohoDateTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact):
                    return exact;
                default:
                    return RecordJsonReader.TypeString(text, kind);
            }
        }

        /// <summary><c>yyyy-MM-ddTHH:mm:ss±hh:mm</c>, the only form Zoho writes.</summary>
        [MethodImpl((MethodImplOptions)512)]
        internal static bool TryParseZohoDateTime(string text, out DateTimeOffset value)
        {
            value = default;
            if (text.Length != 25 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[22] != ':' || (text[19] != '+' && text[19] != '-')) return false;
            if (!TryParseDate(text, out var date)) return false;
            if (!TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second)
                || !TryDigits(text, 20, 2, out var offsetHours) || !TryDigits(text, 23, 2, out var offsetMinutes)) return false;
            if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return false;
            var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            value = new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, second, text[19] == '-' ? offset.Negate() : offset);
            return true;
        }

        /// <summary><c>yyyy-MM-dd</c>.</summary>
        internal static bool TryParseZohoDate(string text, out DateTime value)
        {
            value = default;
            return text.Length == 10 && TryParseDate(text, out value);
        }

        /// <summary>The <c>yyyy-MM-dd</c> at the start of <paramref name="text"/>.</summary>
        [MethodImpl((MethodImplOptions)512)]
        private static bool TryParseDate(string text, out DateTime value)
        {
            value = default;
            if (text.Length < 10 || text[4] != '-' || text[7] != '-') return false;
            if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)) return false;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
            value = new DateTime(year, month, day);
            return true;
        }

        /// <summary>An optional minus and up to 18 digits; longer or other forms go to long.TryParse.</summary>
        [MethodImpl((MethodImplOptions)512)]
        private static bool TryParseInteger(string text, out long value)
        {
            value = 0;
            var start = text[0] == '-' ? 1 : 0;
            if (text.Length - start < 1 || text.Length - start > 18) return false;
            for (var i = start; i < text.Length; i++)
            {
                var digit = text[i] - '0';
                if ((uint)digit > 9) return false;
                value = value * 10 + digit;
            }
            if (start == 1) value = -value;
            return true;
        }

        private static bool TryDigits(string text, int start, int count, out int value)
        {
            value = 0;
            for (var i = start; i < start + count; i++)
            {
                var digit = text[i] - '0';
                if ((uint)digit > 9) return false;
                value = value * 10 + digit;
            }
            return true;
        }
    }
}
