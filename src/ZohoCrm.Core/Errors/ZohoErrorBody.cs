using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Errors
{
    /// <summary>Reads Zoho's error envelope <c>{"code","details","message","status"}</c>.</summary>
    public static class ZohoErrorBody
    {
        public static bool TryRead(JToken? body, out string code, out string message, out IReadOnlyDictionary<string, object?> details)
        {
            code = string.Empty;
            message = string.Empty;
            details = new Dictionary<string, object?>();
            if (body is not JObject obj) return false;

            // Some answers wrap a single error in data[] or watch[] (per-record form).
            if (obj["code"] == null)
            {
                foreach (var wrapper in new[] { "data", "watch" })
                {
                    if (obj[wrapper] is JArray arr && arr.Count > 0 && arr[0] is JObject first && first["code"] != null && (string?)first["status"] == "error")
                    {
                        obj = first;
                        break;
                    }
                }
            }

            var codeToken = obj["code"];
            if (codeToken == null || codeToken.Type != JTokenType.String) return false;
            code = (string)codeToken!;
            message = (string?)obj["message"] ?? string.Empty;
            details = ToDictionary(obj["details"] as JObject);
            return true;
        }

        public static IReadOnlyDictionary<string, object?> ToDictionary(JObject? details)
        {
            var result = new Dictionary<string, object?>();
            if (details == null) return result;
            foreach (var property in details.Properties())
                result[property.Name] = ToPlain(property.Value);
            return result;
        }

        internal static object? ToPlain(JToken token)
        {
            switch (token.Type)
            {
                case JTokenType.Null:
                case JTokenType.Undefined:
                    return null;
                case JTokenType.Object:
                    return ToDictionary((JObject)token);
                case JTokenType.Array:
                    var list = new List<object?>();
                    foreach (var item in (JArray)token) list.Add(ToPlain(item));
                    return list;
                case JTokenType.Integer:
                    return (long)token;
                case JTokenType.Float:
                    return (double)token;
                case JTokenType.Boolean:
                    return (bool)token;
                default:
                    return System.Convert.ToString(((JValue)token).Value, CultureInfo.InvariantCulture);
            }
        }
    }
}
