using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>Converts between PowerShell values (hashtables, PSObjects, arrays) and JSON, without the Utility cmdlets.</summary>
    public static class JsonObjects
    {
        private const int MaxDepth = 32;

        public static JToken ToJson(object? value) => ToJson(value, 0);

        private static JToken ToJson(object? value, int depth)
        {
            if (depth > MaxDepth) throw new ArgumentException("The object is nested too deeply to send as JSON (more than 32 levels).");
            if (value is PSObject pso)
            {
                // A record's fields are its properties; the wrapper also has any the user added.
                if (pso.BaseObject is PSCustomObject || pso.BaseObject is AdaptedRecord) return FromProperties(pso, depth);
                value = pso.BaseObject;
            }
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case JToken token:
                    return token;
                case string text:
                    return new JValue(text);
                case bool flag:
                    return new JValue(flag);
                case DateTimeOffset dto:
                    return new JValue(dto.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                case DateTime dt:
                    return new JValue(dt.TimeOfDay == TimeSpan.Zero && dt.Kind == DateTimeKind.Unspecified
                        ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                        : new DateTimeOffset(dt).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                case Enum e:
                    return new JValue(e.ToString());
                case SecureString _:
                    throw new ArgumentException("A SecureString cannot be sent as JSON.");
                case IDictionary dictionary:
                    var obj = new JObject();
                    foreach (DictionaryEntry entry in dictionary)
                        obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToJson(entry.Value, depth + 1);
                    return obj;
                case IEnumerable sequence:
                    var array = new JArray();
                    foreach (var item in sequence) array.Add(ToJson(item, depth + 1));
                    return array;
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _:
                    return new JValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case float _: case double _:
                    return new JValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                case decimal money:
                    return new JValue(money);
                default:
                    return FromProperties(PSObject.AsPSObject(value), depth);
            }
        }

        private static JObject FromProperties(PSObject pso, int depth)
        {
            var obj = new JObject();
            foreach (var property in pso.Properties)
            {
                if (property is PSNoteProperty || property is PSProperty || property is PSAliasProperty || property is PSScriptProperty || property is PSCodeProperty)
                {
                    object? propertyValue;
                    try { propertyValue = property.Value; }
                    catch (GetValueException) { continue; }
                    obj[property.Name] = ToJson(propertyValue, depth + 1);
                }
            }
            return obj;
        }

        /// <summary>JSON to PSCustomObjects and object[] (strings stay strings).</summary>
        public static object? ToPSValue(JToken? token)
        {
            if (token == null) return null;
            switch (token.Type)
            {
                case JTokenType.Object:
                    var pso = new PSObject();
                    foreach (var property in ((JObject)token).Properties())
                        pso.Properties.Add(new PSNoteProperty(property.Name, ToPSValue(property.Value)));
                    return pso;
                case JTokenType.Array:
                    var source = (JArray)token;
                    var items = new object?[source.Count];
                    for (var i = 0; i < source.Count; i++) items[i] = ToPSValue(source[i]);
                    return items;
                case JTokenType.Null:
                case JTokenType.Undefined:
                    return null;
                case JTokenType.Integer:
                    return token.ToObject<long>();
                case JTokenType.Float:
                    return token.ToObject<double>();
                case JTokenType.Boolean:
                    return token.ToObject<bool>();
                default:
                    return ((JValue)token).Value is string s ? s : Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture);
            }
        }
    }
}
