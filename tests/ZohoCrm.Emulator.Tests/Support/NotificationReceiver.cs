using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Tests.Support;

/// <summary>A notify URL on a free loopback port: records every POST body and answers with the status the test picks.</summary>
public sealed class NotificationReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonObject> _bodies = new();
    private readonly Task _loop;
    private int _attempts;

    public NotificationReceiver()
    {
        Url = $"http://127.0.0.1:{FreePort()}/zoho/notify";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Answers the first N requests with 500 (to exercise retries).</summary>
    public int FailFirst { get; set; }

    public int Attempts => _attempts;

    public IReadOnlyList<JsonObject> Bodies => _bodies.ToArray();

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Waits until at least <paramref name="count"/> bodies arrived (or 10 s).</summary>
    public async Task<IReadOnlyList<JsonObject>> WaitForAsync(int count, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (_bodies.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Bodies;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var text = await reader.ReadToEndAsync();
            if (Interlocked.Increment(ref _attempts) <= FailFirst)
            {
                context.Response.StatusCode = 500;
            }
            else
            {
                _bodies.Enqueue(JsonNode.Parse(text)!.AsObject());
                context.Response.StatusCode = 200;
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener
        }
    }
}
