using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Hosting;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Watch;

/// <summary>The JSON the emulator POSTs to a channel's notify_url (fact sheet §7.3).</summary>
internal static class NotificationPayload
{
    public static JsonObject Build(NotificationBatch batch, WatchChannelState channel, EmulatorState state)
    {
        var options = state.Options;
        var payload = new JsonObject
        {
            ["server_time"] = state.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ["query_params"] = QueryParams(channel.NotifyUrl),
            ["module"] = batch.Module,
            ["resource_uri"] = $"{state.BaseUrl.GetLeftPart(UriPartial.Authority)}/crm/{options.NotificationResourceUriVersion}/{batch.Module}",
            ["ids"] = new JsonArray(batch.Ids.Select(id => (JsonNode?)ZohoIds.Format(id)).ToArray()),
        };

        var reported = channel.ReportedFields(batch.Module);
        var changed = batch.ChangedFields
            .Select(pair => (Id: pair.Key, Fields: pair.Value.Where(f => reported is null || reported.Contains(f)).ToList()))
            .Where(pair => pair.Fields.Count > 0)
            .ToList();
        if (batch.Operation == "edit" && changed.Count > 0)
        {
            payload["affected_fields"] = new JsonArray(changed.Select(pair => (JsonNode?)new JsonObject
            {
                [ZohoIds.Format(pair.Id)] = new JsonArray(pair.Fields.Select(f => (JsonNode?)f).ToArray()),
            }).ToArray());
            if (channel.ReturnAffectedFieldValues)
            {
                payload["affected_values"] = AffectedValues(batch.Module, changed, state.Store);
            }
        }

        payload["operation"] = OperationName(batch.Operation, options.NotificationOperationNames);
        payload["channel_id"] = ZohoIds.Format(channel.Id);
        payload["token"] = channel.Token;
        return payload;
    }

    private static string OperationName(string operation, NotificationOperationNames names) => (operation, names) switch
    {
        ("create", NotificationOperationNames.InsertUpdateDelete) => "insert",
        ("edit", NotificationOperationNames.InsertUpdateDelete) => "update",
        _ => operation,
    };

    /// <summary>[{"id": …, "Field": value, …}] with each record's current values, as the records API writes them.</summary>
    private static JsonArray AffectedValues(string module, List<(long Id, List<string> Fields)> changed, CrmStore store)
    {
        var result = new JsonArray();
        var set = store.Records(module);
        if (set is null)
        {
            return result;
        }

        foreach (var (id, fields) in changed)
        {
            byte[] bytes;
            lock (set.Gate)
            {
                var record = set.Find(id);
                if (record is null)
                {
                    continue;
                }

                bytes = EmulatorJson.Write(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", ZohoIds.Format(id));
                    foreach (var name in fields)
                    {
                        if (name == "$converted")
                        {
                            writer.WriteBoolean(name, record.Converted);
                        }
                        else if (set.Module.Field(name) is { } field)
                        {
                            writer.WritePropertyName(name);
                            RecordJsonWriter.WriteValue(writer, field, set.GetValue(record, field));
                        }
                    }

                    writer.WriteEndObject();
                });
            }

            result.Add(JsonNode.Parse(bytes));
        }

        return result;
    }

    private static JsonObject QueryParams(string notifyUrl)
    {
        var result = new JsonObject();
        if (!Uri.TryCreate(notifyUrl, UriKind.Absolute, out var uri) || uri.Query.Length <= 1)
        {
            return result;
        }

        foreach (var part in uri.Query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            result[key] = eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
        }

        return result;
    }
}
