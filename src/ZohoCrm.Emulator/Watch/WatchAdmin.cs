using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Watch;

/// <summary>
/// /__emulator/notifications: GET the channels and deliveries, DELETE forgets the deliveries,
/// POST …/flush sends open batches and waits for them, POST …/expire ends every channel now.
/// </summary>
internal static class WatchAdmin
{
    public const string Name = "notifications";

    public static async Task HandleAsync(HttpContext http, EmulatorState state, string name, string method)
    {
        var monitor = state.Watch.Monitor;
        switch (name, method)
        {
            case (Name, "GET"):
                await ResponseWriter.WriteJsonAsync(http, 200, Describe(monitor)).ConfigureAwait(false);
                return;
            case (Name, "DELETE"):
                monitor.ClearDeliveries();
                break;
            case (Name + "/flush", "POST"):
                await monitor.FlushAsync().ConfigureAwait(false);
                break;
            case (Name + "/expire", "POST"):
                monitor.ExpireAllChannels();
                break;
            default:
                await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "unknown admin endpoint " + method + " /__emulator/" + name }).ConfigureAwait(false);
                return;
        }

        await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
    }

    private static JsonObject Describe(NotificationMonitor monitor)
    {
        var channels = new JsonArray();
        foreach (var c in monitor.Channels)
        {
            channels.Add(new JsonObject
            {
                ["channelId"] = ZohoIds.Format(c.ChannelId),
                ["events"] = new JsonArray(c.Events.Select(e => (JsonNode?)e).ToArray()),
                ["notifyUrl"] = c.NotifyUrl,
                ["token"] = c.Token,
                ["expiry"] = ZohoTime.FormatDateTime(c.Expiry),
                ["returnAffectedFieldValues"] = c.ReturnAffectedFieldValues,
                ["notifyOnRelatedAction"] = c.NotifyOnRelatedAction,
            });
        }

        var deliveries = new JsonArray();
        foreach (var d in monitor.Deliveries)
        {
            deliveries.Add(new JsonObject
            {
                ["channelId"] = ZohoIds.Format(d.ChannelId),
                ["notifyUrl"] = d.NotifyUrl,
                ["module"] = d.Module,
                ["operation"] = d.Operation,
                ["ids"] = new JsonArray(d.Ids.Select(i => (JsonNode?)i).ToArray()),
                ["body"] = d.Body.Length > 0 ? JsonNode.Parse(d.Body) : null,
                ["attempts"] = d.Attempts,
                ["statusCode"] = d.StatusCode,
                ["succeeded"] = d.Succeeded,
                ["error"] = d.Error,
                ["time"] = ZohoTime.FormatDateTime(d.Time),
            });
        }

        return new JsonObject
        {
            ["channels"] = channels,
            ["deliveries"] = deliveries,
            ["delivered"] = monitor.Delivered,
            ["failed"] = monitor.Failed,
        };
    }
}
