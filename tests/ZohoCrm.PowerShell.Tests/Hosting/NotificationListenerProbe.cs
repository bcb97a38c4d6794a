using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZohoCrm.PowerShell.Tests.Hosting;

/// <summary>Prefixes on free loopback ports for Receive-ZcrmNotification, and raw POSTs to them (as Zoho, or as anyone else).</summary>
public static class NotificationListenerProbe
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public static string NewPrefix()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/zcrm-watch/";
    }

    /// <summary>Waits until a listener answers on the prefix (a GET gets 405 from Receive-ZcrmNotification).</summary>
    public static async Task WaitUntilListeningAsync(string prefix, int timeoutMs = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync(prefix);
                if (response.StatusCode == HttpStatusCode.MethodNotAllowed) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Nothing listens on {prefix}.");
    }

    public static async Task<HttpStatusCode> PostAsync(string prefix, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(prefix, content);
        return response.StatusCode;
    }

    /// <summary>A POST's status and whether the answer closed the connection (Connection: close).</summary>
    public static async Task<(HttpStatusCode Status, bool ConnectionClosed)> PostForConnectionAsync(string prefix, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(prefix, content);
        return (response.StatusCode, response.Headers.ConnectionClose == true);
    }

    public static string Notification(long channelId, string? token, string operation = "insert", params string[] ids) =>
        $$"""{"server_time":1714539030000,"query_params":{},"module":"Leads","resource_uri":"https://www.zohoapis.com/crm/v2/Leads","ids":[{{string.Join(",", ids.Select(i => "\"" + i + "\""))}}],"operation":"{{operation}}","channel_id":"{{channelId}}","token":{{(token == null ? "null" : "\"" + token + "\"")}}}""";
}

/// <summary>The system clock moved by hand, so a test can pass a channel's expiry without waiting.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
