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
                            if (reader.TokenType == JsonToken.StartObject) records.Add(new ZohoRecord(module, ReadTypedObject(reader, types)));
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
            return new ZohoRecord(module, ReadTypedObject(reader, types));
        }

        internal static JsonTextReader NewReader(TextReader text) => new JsonTextReader(text)
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            CloseInput = false,
        };

        private static List<KeyValuePair<string, object?>> ReadTypedObject(JsonTextReader reader, FieldTypeMap types)
        {
            var fields = new List<KeyValuePair<string, object?>>();
            while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                var kind = types.KindOf(name);
                reader.FloatParseHandling = kind == FieldValueKind.Decimal ? FloatParseHandling.Decimal : FloatParseHandling.Double;
                reader.Read();
                fields.Add(new KeyValuePair<string, object?>(name, ReadValue(reader, kind)));
            }
            reader.FloatParseHandling = FloatParseHandling.Double;
            return fields;
        }

        private static object? ReadValue(JsonTextReader reader, FieldValueKind kind)
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
                    return new ZohoObject(ReadTypedObject(reader, FieldTypeMap.Empty));
                case JsonToken.StartArray:
                    var items = new List<object?>();
                    while (reader.Read() && reader.TokenType != JsonToken.EndArray)
                        items.Add(ReadValue(reader, kind == FieldValueKind.MultiSelect ? FieldValueKind.Text : FieldValueKind.Other));
                    return items.ToArray();
                default:
                    reader.Skip();
                    return null;
            }
        }

        internal static object? TypeString(string value, FieldValueKind kind)
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
