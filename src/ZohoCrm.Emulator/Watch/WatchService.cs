using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Watch;

/// <summary>
/// The watch feature of one emulator: the channels, what the endpoints do to them (fact sheet §7.2), and the
/// dispatcher that POSTs notifications. POST subscribes: a new channel, or the given events added to an existing one
/// whose other settings become those sent (defaults for what is left out); PUT replaces a channel wholly; PATCH
/// adds the events sent and changes only the keys sent, or with _delete_events removes events (a channel left with
/// none is deleted); DELETE removes channels.
/// </summary>
internal sealed class WatchService : IDisposable
{
    private readonly EmulatorState _state;

    public WatchService(EmulatorState state)
    {
        _state = state;
        Registry = new WatchRegistry(state.Clock);
        Log = new NotificationLog();
        Dispatcher = new NotificationDispatcher(state, Registry, Log);
        Monitor = new NotificationMonitor(this);
    }

    public WatchRegistry Registry { get; }

    public NotificationLog Log { get; }

    public NotificationDispatcher Dispatcher { get; }

    public NotificationMonitor Monitor { get; }

    /// <summary>Applies one checked entry; returns its success or error entry for the "watch" array.</summary>
    public JsonObject Apply(WatchMethod method, WatchEntry entry)
    {
        var options = _state.Options;
        var now = _state.Clock.GetUtcNow();
        return Registry.Update(entry.ChannelId, existing =>
        {
            if (existing is null && method != WatchMethod.Subscribe)
            {
                return WatchRequestReader.NotSubscribed(entry.ChannelId);
            }

            if (existing is null && options.WatchMaxChannels > 0 && Registry.Count >= options.WatchMaxChannels)
            {
                return WatchRequestReader.EntryError("LIMIT_EXCEEDED", "the limit exceeded", new JsonObject
                {
                    ["limit"] = options.WatchMaxChannels,
                    ["api_name"] = "channel_id",
                    ["json_path"] = "$.watch.channel_id",
                });
            }

            if (method == WatchMethod.Patch && entry.DeleteEvents)
            {
                existing!.Events.RemoveAll(e => entry.Events!.Contains(e, StringComparer.Ordinal));
                if (existing.Events.Count == 0)
                {
                    Registry.Remove(existing.Id);
                    return Success("Successfully removed the subscribe details", new JsonObject { ["channel_id"] = ZohoIds.Format(existing.Id) });
                }

                return Success("Successfully removed the subscribe details", EventDetails(existing));
            }

            var channel = method == WatchMethod.Patch ? existing! : new WatchChannelState(entry.ChannelId);
            if (method == WatchMethod.Patch)
            {
                Patch(channel, entry);
            }
            else
            {
                channel.Events = method == WatchMethod.Subscribe && existing is not null
                    ? existing.Events.Concat(entry.Events!).Distinct(StringComparer.Ordinal).ToList()
                    : [.. entry.Events!];
                channel.NotifyUrl = entry.NotifyUrl!;
                channel.Token = entry.Token;
                channel.Expiry = entry.Expiry ?? now + options.WatchDefaultExpiry;
                channel.ReturnAffectedFieldValues = entry.ReturnAffectedFieldValues ?? false;
                channel.NotifyOnRelatedAction = entry.NotifyOnRelatedAction ?? true;
                channel.Fields = entry.Fields;
                channel.NotificationCondition = entry.NotificationCondition;
            }

            Registry.Put(channel);
            return Success(
                method == WatchMethod.Subscribe ? "Successfully subscribed for actions-watch of the given module" : "Successfully updated the subscribe details",
                EventDetails(channel));
        });
    }

    public JsonObject Disable(long channelId) => Registry.Update(channelId, existing =>
    {
        if (existing is null)
        {
            return WatchRequestReader.NotSubscribed(channelId);
        }

        Registry.Remove(channelId);
        return Success("Successfully un-subscribed from actions-watch", new JsonObject { ["channel_id"] = ZohoIds.Format(channelId) });
    });

    /// <summary>GET entries: one per channel and module, channel id then module order.</summary>
    public List<JsonObject> List(long? channelId, string? module)
    {
        var result = new List<JsonObject>();
        foreach (var channel in Registry.Snapshot().Where(c => channelId is null || c.Id == channelId))
        {
            foreach (var name in channel.Modules.Where(m => module is null || m == module))
            {
                var entry = new JsonObject
                {
                    ["notify_on_related_action"] = channel.NotifyOnRelatedAction,
                    ["channel_expiry"] = ZohoTime.FormatDateTime(channel.Expiry),
                    ["return_affected_field_values"] = channel.ReturnAffectedFieldValues,
                };
                foreach (var (key, value) in Resource(name))
                {
                    entry[key] = value?.DeepClone();
                }

                entry["notify_url"] = channel.NotifyUrl;
                entry["fields"] = channel.Fields?.DeepClone();
                entry["notification_condition"] = channel.ConditionsFor(name);
                entry["channel_id"] = ZohoIds.Format(channel.Id);
                entry["events"] = new JsonArray(channel.Events.Where(e => e.StartsWith(name + ".", StringComparison.Ordinal)).Select(e => (JsonNode?)e).ToArray());
                entry["token"] = channel.Token;
                result.Add(entry);
            }
        }

        return result;
    }

    private static void Patch(WatchChannelState channel, WatchEntry entry)
    {
        if (entry.Events is not null)
        {
            channel.Events = channel.Events.Concat(entry.Events).Distinct(StringComparer.Ordinal).ToList();
        }

        channel.NotifyUrl = entry.NotifyUrl ?? channel.NotifyUrl;
        if (entry.TokenGiven)
        {
            channel.Token = entry.Token;
        }

        channel.Expiry = entry.Expiry ?? channel.Expiry;
        channel.ReturnAffectedFieldValues = entry.ReturnAffectedFieldValues ?? channel.ReturnAffectedFieldValues;
        channel.NotifyOnRelatedAction = entry.NotifyOnRelatedAction ?? channel.NotifyOnRelatedAction;
        if (entry.FieldsGiven)
        {
            channel.Fields = entry.Fields;
        }

        if (entry.ConditionsGiven)
        {
            channel.NotificationCondition = entry.NotificationCondition;
        }
    }

    /// <summary>details.events of a success entry: one per module of the channel (notifications.json's "event").</summary>
    private JsonObject EventDetails(WatchChannelState channel)
    {
        var events = new JsonArray();
        foreach (var module in channel.Modules)
        {
            var item = new JsonObject { ["channel_expiry"] = ZohoTime.FormatDateTime(channel.Expiry) };
            foreach (var (key, value) in Resource(module))
            {
                item[key] = value?.DeepClone();
            }

            item["channel_id"] = ZohoIds.Format(channel.Id);
            item["notification_condition"] = channel.ConditionsFor(module);
            events.Add(item);
        }

        return new JsonObject { ["events"] = events };
    }

    private JsonObject Resource(string module) => new()
    {
        ["resource_uri"] = $"{_state.BaseUrl.GetLeftPart(UriPartial.Authority)}/crm/v8/{module}",
        ["resource_id"] = ZohoIds.Format(_state.Catalog.Find(module)?.Id ?? 0),
        ["resource_name"] = module,
    };

    private static JsonObject Success(string message, JsonObject details) => new()
    {
        ["code"] = "SUCCESS",
        ["details"] = details,
        ["message"] = message,
        ["status"] = "success",
    };

    public void Dispose() => Dispatcher.Dispose();
}
