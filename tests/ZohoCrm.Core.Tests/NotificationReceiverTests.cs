using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Watch;

namespace ZohoCrm.Core.Tests;

/// <summary>
/// The notification listener's own HTTP/1.1 receiver, driven over real loopback sockets with hand-written requests:
/// what a broken, oversized, slow or racing client gets, and that none of it stops the listener or the process.
/// </summary>
public sealed class NotificationReceiverTests(ITestOutputHelper output)
{
    /// <summary>Bounds a wait so a defect fails the test instead of hanging it; never a timing assertion.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private sealed class ListLog : IZcrmLog
    {
        public ConcurrentQueue<string> Warnings { get; } = new();
        public ConcurrentQueue<string> Verbose_ { get; } = new();
        public void Verbose(string message) => Verbose_.Enqueue(message);
        public void Debug(string message) { }
        public void Warning(string message) => Warnings.Enqueue(message);
    }

    private sealed record Answer(int Status, string Head, string Body);

    private static string Notification(string id, string token = "tok-1") =>
        "{\"server_time\":1714539030000,\"query_params\":{},\"module\":\"Leads\",\"resource_uri\":\"https://www.zohoapis.com/crm/v2/Leads\"," +
        $"\"ids\":[\"{id}\"],\"operation\":\"insert\",\"channel_id\":\"4242\",\"token\":\"{token}\"}}";

    private static string Post(string body, string path = "/zoho/") =>
        $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private static NotificationListener StartListener(ListLog log, Action<HttpReceiverLimits>? limits = null, string prefix = "http://127.0.0.1:0/zoho/")
    {
        var listener = new NotificationListener(prefix, new[] { "tok-1" }, log);
        limits?.Invoke(listener.Limits);
        listener.Start();
        return listener;
    }

    private static int PortOf(NotificationListener listener) => listener.EndPoints[0].Port;

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var client = new TcpClient { ReceiveTimeout = (int)HangGuard.TotalMilliseconds, SendTimeout = (int)HangGuard.TotalMilliseconds };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return client;
    }

    /// <summary>Reads until the server closes the connection and splits off the status line.</summary>
    private static async Task<Answer> ReadAnswerAsync(TcpClient client)
    {
        using var cancel = new CancellationTokenSource(HangGuard);
        var stream = client.GetStream();
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0) received.Write(buffer, 0, read);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"Not an HTTP answer: '{text}'");
        var head = text[..split];
        return new Answer(int.Parse(head.Split(' ')[1]), head, text[(split + 4)..]);
    }

    private static async Task<Answer> SendAsync(int port, string request)
    {
        using var client = await ConnectAsync(port);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(request));
        return await ReadAnswerAsync(client);
    }

    private static async Task<WatchNotification> NextAsync(NotificationListener listener)
    {
        using var cancel = new CancellationTokenSource(HangGuard);
        return await listener.ReceiveAsync(cancel.Token);
    }

    [Fact]
    public async Task A_well_formed_notification_is_answered_200_with_connection_close_and_queued()
    {
        var log = new ListLog();
        using var listener = StartListener(log);
        var answer = await SendAsync(PortOf(listener), Post(Notification("111")));

        Assert.Equal(200, answer.Status);
        Assert.Contains("Connection: close", answer.Head);
        Assert.Contains("Content-Length: 0", answer.Head);
        Assert.Equal(new[] { "111" }, (await NextAsync(listener)).Ids);
        Assert.Equal(1, listener.Accepted);
    }

    [Fact]
    public async Task Chunked_bodies_100_continue_absolute_targets_and_other_methods_are_served()
    {
        var log = new ListLog();
        using var listener = StartListener(log);
        var port = PortOf(listener);
        var body = Notification("222");
        var chunked = $"POST /zoho/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{10:x}\r\n{body[..10]}\r\n{body.Length - 10:x};ext=1\r\n{body[10..]}\r\n0\r\nTrailer: y\r\n\r\n";
        Assert.Equal(200, (await SendAsync(port, chunked)).Status);
        Assert.Equal(new[] { "222" }, (await NextAsync(listener)).Ids);

        // 100-continue: the interim answer comes before the body is sent.
        using (var client = await ConnectAsync(port))
        {
            var stream = client.GetStream();
            var next = Notification("333");
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /zoho/hook HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: {next.Length}\r\n\r\n"));
            var interim = new byte[25];
            var got = 0;
            while (got < interim.Length) got += await stream.ReadAsync(interim.AsMemory(got));
            Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.ASCII.GetString(interim));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(next));
            Assert.Equal(200, (await ReadAnswerAsync(client)).Status);
        }
        Assert.Equal(new[] { "333" }, (await NextAsync(listener)).Ids);

        Assert.Equal(200, (await SendAsync(port, Post(Notification("444"), $"http://127.0.0.1:{port}/ZOHO/"))).Status);
        Assert.Equal(new[] { "444" }, (await NextAsync(listener)).Ids);

        var get = await SendAsync(port, "GET /zoho/ HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(405, get.Status);
        Assert.Contains("Allow: POST", get.Head);
        var elsewhere = await SendAsync(port, Post(Notification("555"), "/other/"));
        Assert.Equal(404, elsewhere.Status);
        Assert.Equal(3, listener.Accepted);
    }

    public static TheoryData<string, int> MalformedRequests => new()
    {
        { "GARBAGE\r\n\r\n", 400 },
        { "POST /zoho/\r\nHost: x\r\n\r\n", 400 },
        { "POST  /zoho/ HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400 },
        { "POST /zoho/ HTTX/1.1\r\nHost: x\r\n\r\n", 400 },
        { "POST zoho HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "P(ST /zoho/ HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "POST /zo\u0001ho/ HTTP/1.1\r\nHost: x\r\n\r\n", 400 },
        { "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n", 400 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501 },
        { "POST /zoho/ HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\nContent-Length: 0\r\n\r\n", 417 },
        { "POST /zoho/ HTTP/2.0\r\nHost: x\r\n\r\n", 505 },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task A_malformed_request_is_refused_and_the_listener_goes_on(string request, int status)
    {
        var log = new ListLog();
        using var listener = StartListener(log);
        var port = PortOf(listener);

        var answer = await SendAsync(port, request);

        Assert.Equal(status, answer.Status);
        Assert.Contains("Connection: close", answer.Head);
        Assert.Equal(1, listener.Rejected);
        Assert.Contains(log.Warnings, w => w.Contains($"(answered {status})"));
        Assert.Equal(200, (await SendAsync(port, Post(Notification("777")))).Status);
        Assert.Equal(new[] { "777" }, (await NextAsync(listener)).Ids);
    }

    [Fact]
    public async Task An_oversize_head_is_refused_with_431()
    {
        var log = new ListLog();
        using var listener = StartListener(log);
        var answer = await SendAsync(PortOf(listener), "POST /zoho/ HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 20_000) + "\r\n\r\n");
        Assert.Equal(431, answer.Status);
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_413_before_it_is_sent_or_while_it_is_chunked()
    {
        var log = new ListLog();
        using var listener = StartListener(log);
        var port = PortOf(listener);

        // Only the head: the 413 comes without the receiver waiting for 2 MiB that never arrive.
        var declared = await SendAsync(port, $"POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: {2 << 20}\r\n\r\n");
        Assert.Equal(413, declared.Status);
        Assert.Contains("Connection: close", declared.Head);
        Assert.Equal(413, (await SendAsync(port, "POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")).Status);

        // A client that sends the whole oversize body anyway still reads its 413 (the rest is drained, not reset).
        using (var client = await ConnectAsync(port))
        {
            var stream = client.GetStream();
            var size = NotificationListener.MaxBodyBytes + 1;
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: {size}\r\n\r\n"));
            var sending = stream.WriteAsync(new byte[size]).AsTask();
            Assert.Equal(413, (await ReadAnswerAsync(client)).Status);
            try { await sending; } catch (IOException) { /* the server may close before the last bytes */ }
        }

        var chunk = NotificationListener.MaxBodyBytes / 2 + 1;
        var chunked = await SendAsync(port, $"POST /zoho/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{chunk:x}\r\n{new string('a', chunk)}\r\n{chunk:x}\r\n");
        Assert.Equal(413, chunked.Status);

        Assert.Equal(4, listener.Rejected);
        Assert.Equal(0, listener.Accepted);
        Assert.Equal(4, log.Warnings.Count(w => w.Contains("(answered 413)")));
        Assert.Equal(200, (await SendAsync(port, Post(Notification("888")))).Status);
    }

    [Theory]
    [InlineData("POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-")]
    [InlineData("POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"ids\":")]
    [InlineData("POST /zoho/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc")]
    public async Task A_client_that_stalls_is_answered_408_and_disconnected(string partial)
    {
        var log = new ListLog();
        using var listener = StartListener(log, limits => limits.RequestTimeout = TimeSpan.FromMilliseconds(300));
        using var client = await ConnectAsync(PortOf(listener));
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(partial));

        var answer = await ReadAnswerAsync(client); // returns only once the server has closed the connection

        Assert.Equal(408, answer.Status);
        Assert.Equal(1, listener.Rejected);
        Assert.Contains(log.Warnings, w => w.Contains("(answered 408)"));
    }

    [Fact]
    public async Task Many_concurrent_connections_are_all_served_and_idle_ones_do_not_starve_them()
    {
        var log = new ListLog();
        using var listener = StartListener(log, limits =>
        {
            limits.MaxConnections = 8;
            limits.RequestTimeout = TimeSpan.FromSeconds(2);
        });
        var port = PortOf(listener);

        // Idle connections hold slots until their timeout; the rest wait in the backlog and are served after.
        var idle = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => ConnectAsync(port)));
        const int count = 100;
        var posts = Enumerable.Range(0, count).Select(i => Task.Run(() => SendAsync(port, Post(Notification("9" + i))))).ToArray();
        var answers = await Task.WhenAll(posts);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        var ids = new HashSet<string>();
        for (var i = 0; i < count; i++) ids.UnionWith((await NextAsync(listener)).Ids);
        Assert.Equal(Enumerable.Range(0, count).Select(i => "9" + i).ToHashSet(), ids);
        foreach (var client in idle)
        {
            Assert.Equal(408, (await ReadAnswerAsync(client)).Status);
            client.Dispose();
        }
    }

    [Fact]
    public async Task Stopping_while_a_request_is_half_read_closes_it_without_throwing()
    {
        var log = new ListLog();
        var listener = StartListener(log);
        using var client = await ConnectAsync(PortOf(listener));
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /zoho/ HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"channel_id\":"));
        // The receiver must have taken the connection before the stop; a request over the network gives it time to.
        var probe = await SendAsync(PortOf(listener), "GET /zoho/ HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.Equal(405, probe.Status);

        listener.Dispose();
        listener.Dispose(); // twice is harmless

        using var cancel = new CancellationTokenSource(HangGuard);
        var buffer = new byte[1024];
        var ended = false;
        try
        {
            ended = await stream.ReadAsync(buffer, cancel.Token) == 0;
        }
        catch (IOException)
        {
            ended = true; // reset by the closing server
        }
        Assert.True(ended);
        await listener.Stopped.WaitAsync(HangGuard);
        Assert.Equal(0, listener.Accepted);
        Assert.Equal(0, listener.Rejected);
    }

    [Fact]
    public async Task Connections_arriving_while_listeners_start_and_stop_never_crash_the_process()
    {
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) =>
        {
            if (e.Exception.ToString().Contains(nameof(HttpReceiver))) unobserved.Enqueue(e.Exception);
        };
        TaskScheduler.UnobservedTaskException += onUnobserved;
        try
        {
            var log = new ListLog();
            int port;
            using (var probe = StartListener(log)) port = PortOf(probe);
            var prefix = $"http://127.0.0.1:{port}/zoho/";

            using var hammering = new CancellationTokenSource();
            var answered = 0;
            var clients = Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
            {
                var request = Encoding.ASCII.GetBytes(n % 2 == 0 ? Post(Notification("1")) : "GET /zoho/ HTTP/1.1\r\nHost: x\r\n\r\n");
                while (!hammering.IsCancellationRequested)
                {
                    try
                    {
                        using var client = new TcpClient();
                        await client.ConnectAsync(IPAddress.Loopback, port);
                        var stream = client.GetStream();
                        // Half of them stop halfway through the request.
                        await stream.WriteAsync(request.AsMemory(0, n < 2 ? request.Length : request.Length / 2));
                        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        if (await stream.ReadAsync(new byte[256], cancel.Token) > 0) Interlocked.Increment(ref answered);
                    }
                    catch (Exception)
                    {
                        // refused, reset or cut off by a stopping listener: expected here
                    }
                }
            })).ToArray();

            var stopped = new List<Task>();
            var bindFailures = 0;
            for (var i = 0; i < 150; i++)
            {
                var listener = new NotificationListener(prefix, null, log);
                listener.Limits.RequestTimeout = TimeSpan.FromMilliseconds(500);
                try
                {
                    if (i % 3 == 2)
                    {
                        // Stop from another thread while starting.
                        var stopping = Task.Run(listener.Dispose);
                        listener.Start();
                        await stopping;
                    }
                    else
                    {
                        listener.Start();
                        if (i % 3 == 1) await Task.Yield();
                    }
                }
                catch (ZcrmUsageException)
                {
                    bindFailures++; // the port still held by a socket the previous iteration is closing
                }
                listener.Dispose();
                stopped.Add(listener.Stopped);
            }
            await Task.WhenAll(stopped).WaitAsync(HangGuard);

            // The port still works after all of that.
            using (var last = new NotificationListener(prefix, null, log))
            {
                last.Start();
                Assert.Equal(405, (await SendAsync(port, "GET /zoho/ HTTP/1.1\r\nHost: x\r\n\r\n")).Status);
            }
            hammering.Cancel();
            await Task.WhenAll(clients).WaitAsync(HangGuard);

            output.WriteLine($"{answered} requests answered across 150 starts and stops; {bindFailures} starts found the port busy.");
            Assert.True(bindFailures < 150, "No iteration could bind the port.");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.Empty(unobserved);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }
    }

    [Theory]
    [InlineData("http://+:{0}/zoho/")]
    [InlineData("http://*:{0}/zoho/")]
    [InlineData("http://localhost:{0}/zoho/")]
    public async Task Wildcard_and_localhost_prefixes_are_reachable_on_loopback(string template)
    {
        int port;
        var log = new ListLog();
        using (var probe = StartListener(log)) port = PortOf(probe);
        using var listener = new NotificationListener(string.Format(template, port), null, log);
        listener.Start();
        Assert.Equal(405, (await SendAsync(port, "GET /zoho/ HTTP/1.1\r\nHost: x\r\n\r\n")).Status);
    }

    [Fact]
    public void A_port_in_use_and_an_https_prefix_are_refused_at_start()
    {
        var log = new ListLog();
        using var first = StartListener(log);
        using var second = new NotificationListener($"http://127.0.0.1:{PortOf(first)}/other/", null, log);
        Assert.Equal("ZcrmListenerFailed", Assert.Throws<ZcrmUsageException>(second.Start).ErrorId);

        using var secure = new NotificationListener("https://127.0.0.1:0/zoho/", null, log);
        var refused = Assert.Throws<ZcrmUsageException>(secure.Start);
        Assert.Equal("ZcrmListenerFailed", refused.ErrorId);
        Assert.Contains("TLS", refused.Message);
    }
}
