using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Records
{
    /// <summary>A problem with one input value, found before anything is sent.</summary>
    public sealed class PayloadProblem
    {
        public PayloadProblem(string code, string field, string message)
        {
            Code = code;
            Field = field;
            Message = message;
        }

        public string Code { get; }
        public string Field { get; }
        public string Message { get; }
    }

    /// <summary>
    /// Turns one input row (CSV strings, hashtable values, record properties) into the JSON Zoho expects, by the
    /// module's field metadata: names matched to API names (case and field labels such as "Last Name" forgiven),
    /// values converted to the field's type (numbers, booleans, dates as yyyy-MM-dd, datetimes with offset, lookups
    /// as {"id"}, multi-select lists), read-only and system fields left out.
    /// </summary>
    public sealed class RecordPayloadBuilder
    {
        private readonly Dictionary<string, ZohoField> _byApiName = new Dictionary<string, ZohoField>(StringComparer.Ordinal);
        private readonly Dictionary<string, ZohoField> _byLooseName = new Dictionary<string, ZohoField>(StringComparer.OrdinalIgnoreCase);

        public RecordPayloadBuilder(string module, IReadOnlyList<ZohoField>? fields)
        {
            Module = module;
            HasMetadata = fields != null;
            foreach (var field in fields ?? Array.Empty<ZohoField>())
            {
                _byApiName[field.ApiName] = field;
                _byLooseName[field.ApiName] = field;
                _byLooseName[Squash(field.ApiName)] = field;
                if (!_byLooseName.ContainsKey(field.Label)) _byLooseName[field.Label] = field;
                if (!_byLooseName.ContainsKey(Squash(field.Label))) _byLooseName[Squash(field.Label)] = field;
            }
        }

        public string Module { get; }

        public bool HasMetadata { get; }

        /// <summary>Input names that are not fields of the module (and were therefore not sent), for one warning each.</summary>
        public ISet<string> UnknownNames { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Builds the JSON of one record. <paramref name="clearEmpty"/> sends empty values as null (an update that clears
        /// a field); otherwise they are left out (an insert from a CSV row with empty cells).
        /// </summary>
        public JObject Build(IEnumerable<KeyValuePair<string, object?>> values, bool clearEmpty, List<PayloadProblem> problems, bool keepId = false)
        {
            var record = new JObject();
            foreach (var pair in values)
            {
                var target = Target(pair.Key, keepId, out var field, out var apiName);
                if (target == InputTarget.None) continue;
                if (target == InputTarget.Id)
                {
                    if (!IsEmpty(pair.Value)) record["id"] = System.Convert.ToString(pair.Value, CultureInfo.InvariantCulture);
                    continue;
                }
                if (record[apiName!] != null) continue; // the first spelling of a field wins

                if (IsEmpty(pair.Value))
                {
                    if (clearEmpty) record[apiName!] = JValue.CreateNull();
                    continue;
                }

                if (TryConvert(pair.Value!, field, apiName!, problems, out var converted)) record[apiName!] = ToJson(converted, field);
            }
            return record;
        }

        /// <summary>What an input name fills: nothing (empty, "$..." or not a writable field), the record id, or a field.</summary>
        internal enum InputTarget
        {
            None,
            Id,
            Field,
        }

        /// <summary>
        /// Where one input name goes, by the rules every write shares: "id" only when <paramref name="keepId"/>, names
        /// that are not fields of the module left out (and noted in <see cref="UnknownNames"/>), read-only fields left out.
        /// <paramref name="apiName"/> is the field's API name (the name as given when there is no metadata).
        /// </summary>
        internal InputTarget Target(string? key, bool keepId, out ZohoField? field, out string? apiName)
        {
            field = null;
            apiName = null;
            var name = key?.Trim();
            if (string.IsNullOrEmpty(name) || name!.StartsWith("$", StringComparison.Ordinal)) return InputTarget.None;
            if (string.Equals(name, "id", StringComparison.OrdinalIgnoreCase))
            {
                if (!keepId) return InputTarget.None;
                apiName = "id";
                return InputTarget.Id;
            }

            field = Resolve(name);
            if (field == null && HasMetadata)
            {
                // "Owner.name" beside "Owner" (a CSV of records) names the lookup whose id is in the field's own column.
                if (!IsLookupNameColumn(name)) UnknownNames.Add(name);
                return InputTarget.None;
            }
            if (field != null && field.ReadOnly) return InputTarget.None;
            apiName = field?.ApiName ?? name;
            return InputTarget.Field;
        }

        /// <summary>
        /// Converts one non-empty value to <paramref name="field"/>'s type: a string (text, dates, datetimes, a lookup's
        /// id), a bool, a long, a double, a decimal, a string[] (multi-select) or a JToken (no known type). A value that
        /// cannot be converted adds a problem naming the field and is false.
        /// </summary>
        internal static bool TryConvert(object value, ZohoField? field, string apiName, List<PayloadProblem> problems, out object converted)
        {
            try
            {
                converted = Convert(value, field);
                return true;
            }
            catch (Exception ex) when (ex is FormatException || ex is OverflowException || ex is InvalidCastException || ex is ArgumentException)
            {
                // One bad value fails its own row, never the batch: the message names the field and the value's problem.
                var reason = ex is FormatException ? ex.Message : $"'{Shown(value)}' cannot be sent ({ex.Message.TrimEnd('.')}).";
                problems.Add(new PayloadProblem("ZcrmInvalidValue", apiName, $"{apiName}: {reason}"));
                converted = string.Empty;
                return false;
            }
        }

        internal static bool IsEmpty(object? value) => value == null || (value is string s && s.Trim().Length == 0);

        public ZohoField? Resolve(string name)
        {
            if (_byApiName.TryGetValue(name, out var exact)) return exact;
            if (_byLooseName.TryGetValue(name, out var loose)) return loose;
            return _byLooseName.TryGetValue(Squash(name), out var squashed) ? squashed : null;
        }

        private bool IsLookupNameColumn(string name)
        {
            const string suffix = ".name";
            return name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && Resolve(name.Substring(0, name.Length - suffix.Length))?.Kind == FieldValueKind.Lookup;
        }

        /// <summary>"Last Name", "LastName" and "last_name" all become "lastname".</summary>
        private static string Squash(string name) => new string(name.Where(char.IsLetterOrDigit).ToArray());

        /// <summary>The JSON of a converted value (<see cref="Convert"/>): lookups as {"id"}, multi-select values as a list.</summary>
        private static JToken ToJson(object converted, ZohoField? field) => converted switch
        {
            JToken token => token,
            string id when field?.Kind == FieldValueKind.Lookup => new JObject { ["id"] = id },
            string text => new JValue(text),
            bool b => new JValue(b),
            long l => new JValue(l),
            double d => new JValue(d),
            decimal d => new JValue(d),
            string[] list => new JArray(list.Cast<object>().ToArray()),
            _ => throw new InvalidOperationException($"Unexpected converted value {converted.GetType().Name}."),
        };

        /// <summary>The one rule table of field types: every write (the records API's JSON and bulk write's CSV) converts through here.</summary>
        private static object Convert(object value, ZohoField? field)
        {
            var kind = field?.Kind ?? FieldValueKind.Other;
            RequireData(value);
            if (kind != FieldValueKind.MultiSelect && kind != FieldValueKind.Other && kind != FieldValueKind.Lookup && IsList(value))
                throw new FormatException($"the field takes one value, not a list of {((IEnumerable)value).Cast<object?>().Count()}.");
            switch (kind)
            {
                case FieldValueKind.Lookup:
                    if (IsList(value)) throw new FormatException("a lookup takes one record id, not a list.");
                    return LookupId(value);
                case FieldValueKind.Boolean:
                    return ToBoolean(value);
                case FieldValueKind.Integer:
                    return ToInteger(value, field!.DataType == "integer");
                case FieldValueKind.Double:
                    return System.Convert.ToDouble(ToDecimal(value), CultureInfo.InvariantCulture);
                case FieldValueKind.Decimal:
                    return ToDecimal(value);
                case FieldValueKind.Date:
                    return ToDate(value);
                case FieldValueKind.DateTime:
                    return ToDateTime(value);
                case FieldValueKind.MultiSelect:
                    return MultiSelect(value);
                case FieldValueKind.Text:
                    return Text(value);
                default:
                    return value is string s ? s : Generic(value);
            }
        }

        private static string Text(object value) => value switch
        {
            DateTimeOffset dto => dto.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            IDictionary dictionary when dictionary.Contains("name") => System.Convert.ToString(dictionary["name"], CultureInfo.InvariantCulture) ?? string.Empty,
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };

        private static string LookupId(object value)
        {
            switch (value)
            {
                case IDictionary dictionary:
                    var id = dictionary.Contains("id") ? dictionary["id"] : null;
                    if (IsEmpty(id)) throw new FormatException("a lookup needs an id, such as @{ id = '4150868000000224005' }.");
                    return System.Convert.ToString(id, CultureInfo.InvariantCulture) ?? string.Empty;
                case string text:
                    var trimmed = text.Trim();
                    if (!trimmed.All(char.IsDigit)) throw new FormatException($"'{text}' is not a record id; a lookup takes the id of the record it points to.");
                    return trimmed;
                case long _: case int _: case decimal _:
                    return System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                default:
                    throw new FormatException($"a lookup takes a record id, not {value.GetType().Name}.");
            }
        }

        private static bool ToBoolean(object value)
        {
            switch (value)
            {
                case bool b:
                    return b;
                case string s:
                    switch (s.Trim().ToLowerInvariant())
                    {
                        case "true": case "yes": case "y": case "1": return true;
                        case "false": case "no": case "n": case "0": return false;
                    }
                    break;
                case int i: return i != 0;
                case long l: return l != 0;
            }
            throw new FormatException($"'{value}' is not true or false.");
        }

        private static long ToInteger(object value, bool thirtyTwoBit)
        {
            var number = ToDecimal(value);
            if (number != decimal.Truncate(number)) throw new FormatException($"'{Shown(value)}' is not a whole number.");
            var min = thirtyTwoBit ? int.MinValue : long.MinValue;
            var max = thirtyTwoBit ? int.MaxValue : long.MaxValue;
            if (number < min || number > max) throw new FormatException($"{Shown(value)} is out of range for a whole-number field ({min} to {max}).");
            return (long)number;
        }

        private static decimal ToDecimal(object value)
        {
            switch (value)
            {
                case decimal d: return d;
                case double d: return FromBinary(d, value);
                case float f: return FromBinary(f, value);
                case ulong u: return u;
                case uint u: return u;
                case byte b: return b;
                case sbyte b: return b;
                case ushort u: return u;
                case long l: return l;
                case int i: return i;
                case short s: return s;
                case string text:
                    var t = text.Trim();
                    if (decimal.TryParse(t, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var invariant)) return invariant;
                    if (decimal.TryParse(t, NumberStyles.Number | NumberStyles.AllowCurrencySymbol, CultureInfo.CurrentCulture, out var local)) return local;
                    if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var huge)) return FromBinary(huge, value);
                    break;
            }
            throw new FormatException($"'{Shown(value)}' is not a number.");
        }

        /// <summary>NaN, infinities and values beyond ±7.9e28 have no decimal (and no Zoho) form: a clear error, not an overflow.</summary>
        private static decimal FromBinary(double number, object original)
        {
            if (double.IsNaN(number)) throw new FormatException("NaN (not a number) is not a value Zoho can store.");
            if (double.IsInfinity(number)) throw new FormatException($"{(number > 0 ? "+" : "-")}Infinity is not a value Zoho can store.");
            if (Math.Abs(number) > (double)decimal.MaxValue) throw new FormatException($"{Shown(original)} is out of range (at most ±7.9E+28).");
            return (decimal)number;
        }

        /// <summary>A value as shown in a message: short, and invariant.</summary>
        private static string Shown(object? value)
        {
            var text = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }

        private static bool IsList(object value) => value is IEnumerable && !(value is string) && !(value is IDictionary);

        /// <summary>
        /// Only data can be sent: text, numbers, booleans, times, lookups (dictionaries) and lists of them. Anything else
        /// (a script block, a process object) would reach Zoho as its type name.
        /// </summary>
        private static void RequireData(object value)
        {
            switch (value)
            {
                case string _: case IConvertible _: case IFormattable _: case Uri _:
                    return;
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                        if (entry.Value != null) RequireData(entry.Value);
                    return;
                case IEnumerable sequence:
                    foreach (var item in sequence)
                        if (item != null) RequireData(item);
                    return;
                default:
                    throw new FormatException($"a {value.GetType().Name} is not a value that can be sent; give text, a number, a date, true/false, or a record id.");
            }
        }

        private static string ToDate(object value)
        {
            switch (value)
            {
                case DateTime dt: return dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                case DateTimeOffset dto: return dto.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                case string text:
                    var t = text.Trim();
                    if (DateTime.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact)) return exact.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    if (DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || DateTime.TryParse(t, CultureInfo.CurrentCulture, DateTimeStyles.None, out parsed))
                        return parsed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
            }
            throw new FormatException($"'{value}' is not a date.");
        }

        private static string ToDateTime(object value)
        {
            switch (value)
            {
                case DateTimeOffset dto: return dto.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                case DateTime dt: return new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Local) : dt).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                case string text:
                    var t = text.Trim();
                    if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var parsed) || DateTimeOffset.TryParse(t, CultureInfo.CurrentCulture, DateTimeStyles.AssumeLocal, out parsed))
                        return parsed.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                    break;
            }
            throw new FormatException($"'{value}' is not a date and time.");
        }

        private static string[] MultiSelect(object value)
        {
            if (value is string text) return text.Split(';').Select(v => v.Trim()).Where(v => v.Length > 0).ToArray();
            if (value is IEnumerable sequence) return sequence.Cast<object?>().Where(v => v != null).Select(v => Text(v!)).ToArray();
            return new[] { Text(value) };
        }

        private static JToken Generic(object value)
        {
            switch (value)
            {
                case string s: return new JValue(s);
                case bool b: return new JValue(b);
                case DateTimeOffset _: case DateTime _: return new JValue(ToDateTime(value));
                case decimal d: return new JValue(d);
                case double d: return new JValue(d);
                case float f: return new JValue(f);
                case long _: case int _: case short _: case byte _: return new JValue(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case IDictionary dictionary:
                    var obj = new JObject();
                    foreach (DictionaryEntry entry in dictionary)
                        if (entry.Value != null) obj[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Generic(entry.Value);
                    return obj;
                case IEnumerable sequence:
                    return new JArray(sequence.Cast<object?>().Select(v => v == null ? JValue.CreateNull() : Generic(v)).ToArray());
                default:
                    return new JValue(System.Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }
    }
}
