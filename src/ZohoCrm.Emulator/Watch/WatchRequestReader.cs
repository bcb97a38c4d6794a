using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Watch;

/// <summary>
/// Reads and checks the "watch" array of a POST, PUT or PATCH (fact sheet §7.1, notifications.json). Problems of the
/// body as a whole are top-level errors; problems of one entry are that entry's error, in common.json's shapes
/// (details api_name and json_path).
/// </summary>
internal static partial class WatchRequestReader
{
    public const string RequiredMessage = "required field not found";

    [GeneratedRegex(@"^(?<module>[A-Za-z][A-Za-z0-9_]*)\.(?<op>create|edit|delete|all)$", RegexOptions.CultureInvariant)]
    private static partial Regex EventShape();

    public static (IReadOnlyList<JsonElement>? Entries, ZohoError? Error) ReadBody(JsonElement root, EmulatorOptions options)
    {
        if (!root.TryGetProperty("watch", out var watch) || watch.ValueKind == JsonValueKind.Null)
        {
            return (null, new ZohoError(400, "MANDATORY_NOT_FOUND", RequiredMessage, new JsonObject { ["api_name"] = "watch", ["json_path"] = "$.watch" }));
        }

        if (watch.ValueKind != JsonValueKind.Array || watch.GetArrayLength() == 0)
        {
            return (null, new ZohoError(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = "watch", ["json_path"] = "$.watch", ["expected_data_type"] = "jsonarray" }));
        }

        if (options.WatchMaxEntriesPerRequest > 0 && watch.GetArrayLength() > options.WatchMaxEntriesPerRequest)
        {
            return (null, new ZohoError(400, "LIMIT_EXCEEDED", "the limit exceeded", new JsonObject { ["limit"] = options.WatchMaxEntriesPerRequest, ["api_name"] = "watch", ["json_path"] = "$.watch" }));
        }

        return (watch.EnumerateArray().ToList(), null);
    }

    public static WatchEntry? ReadEntry(JsonElement element, int index, WatchMethod method, EmulatorOptions options, ModuleCatalog catalog, DateTimeOffset now, out JsonObject? error)
    {
        var at = $"$.watch[{index}]";
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = Invalid("watch", at, "jsonobject");
            return null;
        }

        if (!element.TryGetProperty("channel_id", out var idElement) || idElement.ValueKind == JsonValueKind.Null)
        {
            error = Mandatory("channel_id", at);
            return null;
        }

        if (!TryReadLong(idElement, out var channelId) || channelId <= 0)
        {
            error = Invalid("channel_id", at + ".channel_id", "long");
            return null;
        }

        var entry = new WatchEntry(channelId);
        var needsEvents = method != WatchMethod.Patch || options.WatchPatchRequiresEvents;
        if (element.TryGetProperty("events", out var events) && events.ValueKind != JsonValueKind.Null)
        {
            entry.Events = ReadEvents(events, at + ".events", catalog, out error);
            if (error is not null)
            {
                return null;
            }
        }
        else if (needsEvents)
        {
            error = Mandatory("events", at);
            return null;
        }

        if (element.TryGetProperty("_delete_events", out var delete) && delete.ValueKind != JsonValueKind.Null)
        {
            if (method != WatchMethod.Patch || delete.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                error = Invalid("_delete_events", at + "._delete_events", "boolean");
                return null;
            }

            entry.DeleteEvents = delete.ValueKind == JsonValueKind.True;
            if (entry.DeleteEvents && entry.Events is null)
            {
                error = Mandatory("events", at);
                return null;
            }
        }

        if (element.TryGetProperty("notify_url", out var url) && url.ValueKind != JsonValueKind.Null)
        {
            if (url.ValueKind != JsonValueKind.String || !IsAcceptableUrl(url.GetString()!, options))
            {
                error = Invalid("notify_url", at + ".notify_url");
                return null;
            }

            entry.NotifyUrl = url.GetString();
        }
        else if (method != WatchMethod.Patch)
        {
            error = Mandatory("notify_url", at);
            return null;
        }

        if (element.TryGetProperty("token", out var token))
        {
            if (token.ValueKind is not (JsonValueKind.String or JsonValueKind.Null) || (token.ValueKind == JsonValueKind.String && token.GetString()!.Length > options.WatchMaxTokenLength))
            {
                error = Invalid("token", at + ".token");
                error["details"]!["maximum_length"] = options.WatchMaxTokenLength;
                return null;
            }

            entry.TokenGiven = true;
            entry.Token = token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        }

        if (element.TryGetProperty("channel_expiry", out var expiry) && expiry.ValueKind != JsonValueKind.Null)
        {
            if (expiry.ValueKind != JsonValueKind.String || !ZohoTime.TryParseHeaderTime(expiry.GetString(), out var value) || value <= now)
            {
                error = Invalid("channel_expiry", at + ".channel_expiry", "datetime");
                return null;
            }

            if (value > now + options.WatchMaxExpiry)
            {
                if (options.WatchExpiryBeyondMaximum == WatchExpiryBeyondMaximum.Reject)
                {
                    error = Invalid("channel_expiry", at + ".channel_expiry", "datetime");
                    return null;
                }

                value = now + options.WatchDefaultExpiry;
            }

            entry.Expiry = value;
        }

        entry.ReturnAffectedFieldValues = ReadBool(element, "return_affected_field_values", at, ref error);
        entry.NotifyOnRelatedAction = ReadBool(element, "notify_on_related_action", at, ref error);
        if (error is not null)
        {
            return null;
        }

        if (element.TryGetProperty("fields", out var fields))
        {
            entry.FieldsGiven = true;
            if (fields.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                error = Invalid("fields", at + ".fields", "jsonobject");
                return null;
            }

            entry.Fields = fields.ValueKind == JsonValueKind.Object ? JsonNode.Parse(fields.GetRawText())!.AsObject() : null;
        }

        if (element.TryGetProperty("notification_condition", out var conditions))
        {
            entry.ConditionsGiven = true;
            if (conditions.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                error = Invalid("notification_condition", at + ".notification_condition", "jsonarray");
                return null;
            }

            entry.NotificationCondition = conditions.ValueKind == JsonValueKind.Array ? JsonNode.Parse(conditions.GetRawText())!.AsArray() : null;
        }

        return entry;
    }

    public static JsonObject EntryError(string code, string message, JsonObject details) => new()
    {
        ["code"] = code,
        ["details"] = details,
        ["message"] = message,
        ["status"] = "error",
    };

    public static JsonObject NotSubscribed(long channelId) =>
        EntryError("NOT_SUBSCRIBED", "the given channel is not subscribed", new JsonObject { ["channel_id"] = ZohoIds.Format(channelId) });

    private static List<string>? ReadEvents(JsonElement events, string at, ModuleCatalog catalog, out JsonObject? error)
    {
        error = null;
        if (events.ValueKind != JsonValueKind.Array || events.GetArrayLength() == 0)
        {
            error = Invalid("events", at, "jsonarray");
            return null;
        }

        var result = new List<string>();
        var i = 0;
        foreach (var item in events.EnumerateArray())
        {
            var match = item.ValueKind == JsonValueKind.String ? EventShape().Match(item.GetString()!) : Match.Empty;
            if (!match.Success || catalog.Find(match.Groups["module"].Value) is null)
            {
                error = Invalid("events", $"{at}[{i}]");
                return null;
            }

            if (!result.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                result.Add(item.GetString()!);
            }

            i++;
        }

        return result;
    }

    private static bool IsAcceptableUrl(string text, EmulatorOptions options)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || !options.WatchRequireHttpsNotifyUrl || uri.IsLoopback;
    }

    private static bool? ReadBool(JsonElement element, string name, string at, ref JsonObject? error)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.ValueKind == JsonValueKind.True;
        }

        error ??= Invalid(name, at + "." + name, "boolean");
        return null;
    }

    private static bool TryReadLong(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static JsonObject Mandatory(string field, string at) =>
        EntryError("MANDATORY_NOT_FOUND", RequiredMessage, new JsonObject { ["api_name"] = field, ["json_path"] = at + "." + field });

    private static JsonObject Invalid(string field, string jsonPath, string? expectedType = null)
    {
        var details = new JsonObject { ["api_name"] = field, ["json_path"] = jsonPath };
        if (expectedType is not null)
        {
            details["expected_data_type"] = expectedType;
        }

        return EntryError("INVALID_DATA", ZohoError.InvalidDataMessage, details);
    }
}
