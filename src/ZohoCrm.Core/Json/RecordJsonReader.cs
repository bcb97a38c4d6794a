using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Newtonsoft.Json;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Json
{
    /// <summary>
    /// Reads a records answer (<c>{"data":[…],"info":{…}}</c>) token by token, typing each value by the field's
    /// metadata: datetimes become DateTimeOffset, dates DateTime, currency decimal, numbers long or double, lookups
    /// nested objects. Fields without metadata keep their JSON type (a date-like text stays text).
    /// </summary>
    public static class RecordJsonReader
    {
        public static (List<ZohoRecord> Records, PageInfo Info) ReadPage(Stream stream, string module, FieldTypeMap types, string arrayProperty = "data")
        {
            var records = new List<ZohoRecord>();
            var info = new PageInfo();
            using var text = new StreamReader(stream);
            using var reader = NewReader(text);
            var kinds = new FieldKinds(types);
            if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
                throw new InvalidDataException("The answer is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                if (name == arrayProperty)
                {
                    reader.Read();
                    if (reader.TokenType == JsonToken.StartArray)
                    {
                        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                        {
                            if (reader.TokenType == JsonToken.StartObject) records.Add(new ZohoRecord(module, ReadTypedObject(reader, kinds)));
                            else reader.Skip();
                        }
                    }
                    else reader.Skip();
                }
                else if (name == "info")
                {
                    reader.Read();
                    if (reader.TokenType == JsonToken.StartObject) ReadInfo(reader, info);
                    else reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            return (records, info);
        }

        /// <summary>Reads one record object (the reader is on its StartObject).</summary>
        public static ZohoRecord ReadRecord(Stream stream, string module, FieldTypeMap types)
        {
            using var text = new StreamReader(stream);
            using var reader = NewReader(text);
            reader.Read();
            return new ZohoRecord(module, ReadTypedObject(reader, new FieldKinds(types)));
        }

        internal static JsonTextReader NewReader(TextReader text) => new JsonTextReader(text)
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            CloseInput = false,
            PropertyNameTable = new NameTable(),
        };

        /// <summary>
        /// Makes each field name one string however many records name it: fewer allocations, and FieldKinds can match a
        /// name by reference. (The reader only looks names up; the serializer fills its tables beforehand.)
        /// </summary>
        private sealed class NameTable : DefaultJsonNameTable
        {
            public override string? Get(char[] key, int start, int length) => base.Get(key, start, length) ?? Add(new string(key, start, length));
        }

        private static List<KeyValuePair<string, object?>> ReadTypedObject(JsonTextReader reader, FieldKinds kinds)
        {
            var fields = new List<KeyValuePair<string, object?>>(kinds.LastCount);
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                var kind = kinds.Of(fields.Count, name);
                reader.FloatParseHandling = kind == FieldValueKind.Decimal ? FloatParseHandling.Decimal : FloatParseHandling.Double;
                reader.Read();
                fields.Add(new KeyValuePair<string, object?>(name, ReadValue(reader, kind, kinds)));
            }
            reader.FloatParseHandling = FloatParseHandling.Double;
            kinds.LastCount = fields.Count;
            return fields;
        }

        /// <summary>
        /// The kinds of the fields of the records of one answer, by position: its records name their fields in the same
        /// order, and the reader's name table makes each name one string, so a field's kind is found without a lookup.
        /// </summary>
        private sealed class FieldKinds
        {
            private readonly FieldTypeMap _types;
            private string?[] _names = new string?[16];
            private FieldValueKind[] _kinds = new FieldValueKind[16];
            private FieldKinds? _nested;

            public FieldKinds(FieldTypeMap types) => _types = types;

            /// <summary>How many fields the last object read had (the next one likely has as many).</summary>
            public int LastCount { get; set; }

            /// <summary>The kinds of the fields of objects nested in these (lookups), which are not the module's fields.</summary>
            public FieldKinds Nested => _nested ??= new FieldKinds(FieldTypeMap.Empty);

            public FieldValueKind Of(int position, string name)
            {
                if (position < _names.Length && ReferenceEquals(_names[position], name)) return _kinds[position];
                var kind = _types.KindOf(name);
                if (position >= _names.Length)
                {
                    Array.Resize(ref _names, Math.Max(position + 1, _names.Length * 2));
                    Array.Resize(ref _kinds, _names.Length);
                }
                _names[position] = name;
                _kinds[position] = kind;
                return kind;
            }
        }

        private static object? ReadValue(JsonTextReader reader, FieldValueKind kind, FieldKinds kinds)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Null:
                case JsonToken.Undefined:
                    return null;
                case JsonToken.String:
                    return TypeString((string)reader.Value!, kind);
                case JsonToken.Integer:
                    if (kind == FieldValueKind.Decimal) return Convert.ToDecimal(reader.Value, CultureInfo.InvariantCulture);
                    if (kind == FieldValueKind.Double) return Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture);
                    return reader.Value is System.Numerics.BigInteger big ? (object)(decimal)big : Convert.ToInt64(reader.Value, CultureInfo.InvariantCulture);
                case JsonToken.Float:
                    return reader.Value;
                case JsonToken.Boolean:
                    return reader.Value;
                case JsonToken.StartObject:
                    return new ZohoObject(ReadTypedObject(reader, kinds.Nested));
                case JsonToken.StartArray:
                    var items = new List<object?>();
                    while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                        items.Add(ReadValue(reader, kind == FieldValueKind.MultiSelect ? FieldValueKind.Text : FieldValueKind.Other, kinds));
                    return items.ToArray();
                default:
                    reader.Skip();
                    return null;
            }
        }

        private static readonly object True = true;
        private static readonly object False = false;

        /// <summary>
        /// A field's text as its typed value: the forms Zoho writes by the hand-written parsers (<see cref="ZohoFormats"/>),
        /// anything else by the general ones; text no parser reads stays text.
        /// </summary>
        internal static object? TypeString(string value, FieldValueKind kind)
        {
            switch (kind)
            {
                case FieldValueKind.DateTime when ZohoFormats.TryParseDateTime(value, out var time):
                    return time;
                case FieldValueKind.Date when ZohoFormats.TryParseDate(value, out var day):
                    return day;
                case FieldValueKind.Integer when ZohoFormats.TryParseInteger(value, out var whole):
                    return whole;
                case FieldValueKind.Boolean when value == "true":
                    return True;
                case FieldValueKind.Boolean when value == "false":
                    return False;
                default:
                    return TypeStringGenerally(value, kind);
            }
        }

        /// <summary>A field's text as its typed value, by the general parsers only.</summary>
        internal static object? TypeStringGenerally(string value, FieldValueKind kind)
        {
            switch (kind)
            {
                case FieldValueKind.DateTime:
                    return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto) ? dto : (object)value;
                case FieldValueKind.Date:
                    return DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (object)value;
                case FieldValueKind.Integer:
                    return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : (object)value;
                case FieldValueKind.Decimal:
                    return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var money) ? money : (object)value;
                case FieldValueKind.Double:
                    return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? real : (object)value;
                case FieldValueKind.Boolean:
                    return bool.TryParse(value, out var flag) ? flag : (object)value;
                default:
                    return value;
            }
        }

        private static void ReadInfo(JsonTextReader reader, PageInfo info)
        {
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                reader.Read();
                var value = reader.Value;
                switch (name)
                {
                    case "per_page": info.PerPage = ToInt(value); break;
                    case "count": info.Count = ToInt(value); break;
                    case "page": info.Page = ToInt(value); break;
                    case "more_records": info.MoreRecords = value is bool b && b; break;
                    case "sort_by": info.SortBy = value as string; break;
                    case "sort_order": info.SortOrder = value as string; break;
                    case "next_page_token": info.NextPageToken = value as string; break;
                    case "previous_page_token": info.PreviousPageToken = value as string; break;
                    case "page_token_expiry": info.PageTokenExpiry = value as string; break;
                    default:
                        if (reader.TokenType == JsonToken.StartObject || reader.TokenType == JsonToken.StartArray) reader.Skip();
                        break;
                }
            }
        }

        private static int? ToInt(object? value)
        {
            if (value == null) return null;
            try { return Convert.ToInt32(value, CultureInfo.InvariantCulture); }
            catch (FormatException) { return null; }
        }
    }
}
