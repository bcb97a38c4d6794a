using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Watch
{
    /// <summary>
    /// One notification Zoho POSTed to a channel's notify URL (fact sheet §7.3): which records of which module were
    /// created, edited or deleted. Zoho's <c>operation</c> is insert, update or delete (some sources say create or
    /// edit); all five are read, and <see cref="Operation"/> uses the words of the events (create, edit, delete).
    /// </summary>
    public sealed class WatchNotification
    {
        private WatchNotification(long channelId, string module, string operation, IReadOnlyList<string> ids)
        {
            ChannelId = channelId;
            Module = module;
            Operation = operation;
            Ids = ids;
        }

        public long ChannelId { get; }

        public string Module { get; }

        /// <summary>create, edit or delete (an unknown value is passed on in lower case).</summary>
        public string Operation { get; }

        /// <summary>The operation as Zoho sent it (insert, update, delete, or create, edit).</summary>
        public string ZohoOperation { get; private set; } = string.Empty;

        public IReadOnlyList<string> Ids { get; }

        /// <summary>For edits: the changed fields of each record id.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> AffectedFields { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>With return_affected_field_values: the new values of each record (plain .NET values, "id" included).</summary>
        public IReadOnlyList<IReadOnlyDictionary<string, object?>> AffectedValues { get; private set; } = Array.Empty<IReadOnlyDictionary<string, object?>>();

        public DateTimeOffset? ServerTime { get; private set; }

        public string? ResourceUri { get; private set; }

        /// <summary>The query parameters of the channel's notify URL, which Zoho echoes back.</summary>
        public IReadOnlyDictionary<string, object?> QueryParams { get; private set; } = new Dictionary<string, object?>();

        /// <summary>The channel's verification token as Zoho sent it (a shared secret).</summary>
        public string? Token { get; private set; }

        /// <summary>When the listener received it.</summary>
        public DateTimeOffset ReceivedAt { get; internal set; } = DateTimeOffset.Now;

        /// <summary>Maps Zoho's operation words onto the events' words.</summary>
        public static string NormalizeOperation(string? operation)
        {
            var value = (operation ?? string.Empty).Trim().ToLowerInvariant();
            switch (value)
            {
                case "insert":
                case "create":
                    return "create";
                case "update":
                case "edit":
                    return "edit";
                default:
                    return value;
            }
        }

        /// <summary>Reads a notification body; false with the reason when it is not one.</summary>
        public static bool TryParse(string body, out WatchNotification? notification, out string problem)
        {
            notification = null;
            JObject root;
            try
            {
                using var reader = new JsonTextReader(new StringReader(body)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double };
                var token = JToken.ReadFrom(reader);
                if (reader.Read()) throw new JsonReaderException("more than one JSON value");
                if (token is not JObject obj)
                {
                    problem = "the body is not a JSON object";
                    return false;
                }
                root = obj;
            }
            catch (JsonException ex)
            {
                problem = "the body is not JSON (" + ex.Message + ")";
                return false;
            }

            try
            {
                return TryRead(root, out notification, out problem);
            }
            catch (Exception ex) when (ex is OverflowException || ex is InvalidCastException || ex is ArgumentException || ex is FormatException)
            {
                // A number too large for a long, a value of an unexpected type deep inside: malformed all the same.
                problem = "a value has an unexpected type or size (" + ex.Message + ")";
                notification = null;
                return false;
            }
        }

        private static bool TryRead(JObject root, out WatchNotification? notification, out string problem)
        {
            notification = null;
            var channelId = WatchChannel.ParseChannelId(root["channel_id"]);
            var module = Text(root["module"]);
            var operation = Text(root["operation"]);
            if (channelId <= 0)
            {
                problem = "channel_id is missing or not a number";
                return false;
            }
            if (string.IsNullOrEmpty(module) || string.IsNullOrEmpty(operation))
            {
                problem = string.IsNullOrEmpty(module) ? "module is missing" : "operation is missing";
                return false;
            }
            if (root["ids"] is not JArray idArray)
            {
                problem = "ids is missing or not an array";
                return false;
            }

            var ids = idArray.Select(IdText).Where(id => id.Length > 0).ToArray();
            notification = new WatchNotification(channelId, module!, NormalizeOperation(operation), ids)
            {
                ZohoOperation = operation!,
                AffectedFields = ReadAffectedFields(root["affected_fields"], ids),
                AffectedValues = (root["affected_values"] as JArray)?.OfType<JObject>().Select(v => ZohoErrorBody.ToDictionary(v)).ToArray() ?? Array.Empty<IReadOnlyDictionary<string, object?>>(),
                ServerTime = ReadTime(root["server_time"]),
                ResourceUri = Text(root["resource_uri"]),
                QueryParams = ZohoErrorBody.ToDictionary(root["query_params"] as JObject),
                Token = root["token"]?.Type == JTokenType.String ? (string?)root["token"] : null,
            };
            problem = string.Empty;
            return true;
        }

        /// <summary>
        /// The documented shape is [{"&lt;id&gt;": ["Email", …]}, …]; a plain list of field names (some older material)
        /// is taken to apply to every id.
        /// </summary>
        private static IReadOnlyDictionary<string, IReadOnlyList<string>> ReadAffectedFields(JToken? token, IReadOnlyList<string> ids)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (token is not JArray items) return result;
            var plainNames = new List<string>();
            foreach (var item in items)
            {
                if (item is JObject perId)
                {
                    foreach (var property in perId.Properties())
                        result[property.Name] = (property.Value as JArray)?.Select(Text).Where(f => !string.IsNullOrEmpty(f)).Select(f => f!).ToArray() ?? Array.Empty<string>();
                }
                else if (item.Type == JTokenType.String)
                {
                    plainNames.Add((string)item!);
                }
            }
            if (plainNames.Count > 0)
                foreach (var id in ids) result[id] = plainNames;
            return result;
        }

        private static string IdText(JToken id) => (Text(id) ?? string.Empty).Trim();

        /// <summary>A string or number as text; null for anything else (a body from the network may hold any shape).</summary>
        private static string? Text(JToken? token)
        {
            switch (token?.Type)
            {
                case JTokenType.String:
                    return (string?)token;
                case JTokenType.Integer:
                    return ((long)token!).ToString(CultureInfo.InvariantCulture);
                default:
                    return null;
            }
        }

        /// <summary>server_time is milliseconds since 1970 (a number, or digits in a string).</summary>
        private static DateTimeOffset? ReadTime(JToken? token)
        {
            long millis;
            if (token?.Type == JTokenType.Integer) millis = (long)token;
            else if (token?.Type == JTokenType.Float) millis = (long)(double)token;
            else if (token?.Type != JTokenType.String) return null;
            else if (!long.TryParse((string?)token, NumberStyles.Integer, CultureInfo.InvariantCulture, out millis)) return WatchChannel.ParseTime(token);
            try { return DateTimeOffset.FromUnixTimeMilliseconds(millis); }
            catch (ArgumentOutOfRangeException) { return null; }
        }

        public override string ToString() => $"{Module} {Operation} {string.Join(", ", Ids)}";
    }
}
