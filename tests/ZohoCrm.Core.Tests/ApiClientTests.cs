using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Emulator;
using ZohoCrm.Emulator.Faults;

namespace ZohoCrm.Core.Tests;

/// <summary>The HTTP pipeline against the emulator over real loopback HTTP.</summary>
public class ApiClientTests
{
    private sealed class ListLog : IZcrmLog
    {
        public List<string> Lines { get; } = new();
        public void Verbose(string message) { lock (Lines) Lines.Add(message); }
        public void Debug(string message) { }
        public void Warning(string message) { lock (Lines) Lines.Add("WARNING " + message); }
    }

    private static async Task<(ZohoCrmEmulator Emulator, ZohoConnection Connection)> ConnectAsync(Action<EmulatorOptions>? configure = null, ResilienceOptions? resilience = null)
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        var emulator = await ZohoCrmEmulator.StartAsync(options);
        var connection = await EmulatorConnections.ConnectAsync(emulator, resilience: resilience);
        emulator.Requests.Clear();
        return (emulator, connection);
    }

    private static ApiRequest CurrentUser() => new ApiRequest(HttpMethod.Get, "users").AddQuery("type", "CurrentUser");

    [Fact]
    public async Task Concurrent_callers_share_one_token_refresh()
    {
        var (emulator, connection) = await ConnectAsync(resilience: new ResilienceOptions { MaxConcurrency = 10 });
        await using var _ = emulator;
        using var __ = connection;
        emulator.ExpireAccessTokens();

        var calls = Enumerable.Range(0, 20).Select(_ => connection.Api.SendForJsonAsync(CurrentUser(), NullLog.Instance, CancellationToken.None));
        var bodies = await Task.WhenAll(calls);

        Assert.All(bodies, b => Assert.NotNull(b?["users"]));
        Assert.Equal(1, emulator.Requests.TokenCalls);
    }

    [Fact]
    public async Task A_token_near_expiry_is_refreshed_before_use_not_after_a_rejection()
    {
        var (emulator, connection) = await ConnectAsync(o => o.TokenLifetimeSeconds = 1);
        await using var _ = emulator;
        using var __ = connection;
        await Task.Delay(1100);
        await connection.Api.SendForJsonAsync(CurrentUser(), NullLog.Instance, CancellationToken.None);
        Assert.Equal(1, emulator.Requests.TokenCalls);
        Assert.DoesNotContain(emulator.Requests.Snapshot(), r => r.StatusCode == 401);
    }

    [Fact]
    public async Task Retry_after_is_honoured_and_reported()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/", Count = 1, RetryAfterSeconds = 2 });
        var log = new ListLog();
        await connection.Api.SendForJsonAsync(CurrentUser(), log, CancellationToken.None);
        Assert.Contains(log.Lines, l => l.StartsWith("Retrying GET /crm/v8/users") && l.Contains("in 2.1 s") && l.Contains("429 TOO_MANY_REQUESTS"));
        var attempts = emulator.Requests.Snapshot().Where(r => r.Path == "/crm/v8/users").ToList();
        Assert.Equal(new[] { 429, 200 }, attempts.Select(a => a.StatusCode));
        Assert.True(attempts[1].Time - attempts[0].Time >= TimeSpan.FromSeconds(1.9), "the retry came before Retry-After elapsed");
    }

    [Fact]
    public async Task A_bulk_download_refused_without_Retry_After_waits_out_the_limits_window()
    {
        var (emulator, connection) = await ConnectAsync(o =>
        {
            o.Leads = 20;
            o.BulkReadAddedDuration = TimeSpan.FromMilliseconds(20);
            o.BulkReadInProgressDuration = TimeSpan.FromMilliseconds(20);
            o.BulkDownloadsPerWindow = 1;
            o.BulkDownloadWindow = TimeSpan.FromSeconds(3);
            o.BulkDownloadSendsRetryAfter = false;
        });
        await using var _ = emulator;
        using var __ = connection;
        var log = new ListLog();
        // This connection's pacer allows ten downloads a window, so only Zoho's limit of one stops the second.
        var bulk = new BulkReadClient(connection.Api, new DownloadPacer(10, TimeSpan.FromSeconds(3))) { PollInitialDelay = TimeSpan.FromMilliseconds(20) };
        var job = await bulk.WaitAsync(await bulk.CreateAsync(new BulkReadSpec("Leads"), log, CancellationToken.None), TimeSpan.FromSeconds(30), null, log, CancellationToken.None);

        using (await bulk.DownloadAsync(job, log, CancellationToken.None)) { }
        using (await bulk.DownloadAsync(job, log, CancellationToken.None)) { }

        var downloads = emulator.Requests.Snapshot().Where(r => r.Path.EndsWith("/result", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { 200, 429, 200 }, downloads.Select(d => d.StatusCode));
        Assert.Contains(log.Lines, l => l.StartsWith("Retrying GET /crm/bulk/v8/read/", StringComparison.Ordinal) && l.Contains("in 3.1 s") && l.Contains("429"));
        Assert.True(downloads[2].Time - downloads[1].Time >= TimeSpan.FromSeconds(2.9), "the retry came inside the limit's window");
    }

    [Fact]
    public async Task A_non_idempotent_call_is_not_repeated_after_a_5xx_or_a_dropped_connection()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;

        emulator.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, PathPrefix = "/crm/v8/Leads", Method = "POST", Count = 1 });
        var post = new ApiRequest(HttpMethod.Post, "Leads") { JsonBody = JObject.Parse("{\"data\":[{\"Last_Name\":\"X\"}]}") };
        var error = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Api.SendForJsonAsync(post, NullLog.Instance, CancellationToken.None));
        Assert.Equal(500, error.HttpStatus);
        Assert.Equal(RemedyKind.CheckBeforeRepeating, error.Remedy?.Kind);

        emulator.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, PathPrefix = "/crm/v8/Leads", Method = "POST", Count = 1 });
        var dropped = await Assert.ThrowsAsync<ZohoTransportException>(() => connection.Api.SendForJsonAsync(post, NullLog.Instance, CancellationToken.None));
        Assert.True(dropped.OutcomeUnknown);
        // The emulator logs a dropped request once its handler ends, which can be just after the client saw the drop;
        // wait (boundedly) for that entry, then check that no third POST came.
        for (var waited = 0; waited < 5000 && emulator.Requests.Count(r => r.Method == "POST") < 2; waited += 20) await Task.Delay(20);
        await Task.Delay(200);
        Assert.Equal(2, emulator.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task An_idempotent_call_is_repeated_after_a_dropped_connection_and_a_503()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, PathPrefix = "/crm/v8/users", Count = 1 });
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, PathPrefix = "/crm/v8/users", Count = 1 });
        var body = await connection.Api.SendForJsonAsync(CurrentUser(), NullLog.Instance, CancellationToken.None);
        Assert.NotNull(body?["users"]);
        Assert.Equal(new[] { 0, 503, 200 }, emulator.Requests.Snapshot().Where(r => r.Path == "/crm/v8/users").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Attempts_are_bounded()
    {
        var (emulator, connection) = await ConnectAsync(resilience: new ResilienceOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(20) });
        await using var _ = emulator;
        using var __ = connection;
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, PathPrefix = "/crm/v8/users", Count = 0 });
        var error = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Api.SendForJsonAsync(CurrentUser(), NullLog.Instance, CancellationToken.None));
        Assert.Equal("INTERNAL_ERROR", error.Code);
        Assert.Equal(3, emulator.Requests.Count(r => r.Path == "/crm/v8/users"));
    }

    [Fact]
    public async Task The_connection_never_has_more_calls_in_flight_than_its_limit()
    {
        var (emulator, connection) = await ConnectAsync(o => o.LatencyMs = 60, new ResilienceOptions { MaxConcurrency = 3 });
        await using var _ = emulator;
        using var __ = connection;
        await Task.WhenAll(Enumerable.Range(0, 15).Select(_ => connection.Api.SendForJsonAsync(CurrentUser(), NullLog.Instance, CancellationToken.None)));

        var spans = emulator.Requests.Snapshot().Where(r => r.IsApiCall).Select(r => (Start: r.Time, End: r.Time + TimeSpan.FromMilliseconds(r.DurationMs))).ToList();
        var maxOverlap = spans.Max(s => spans.Count(o => o.Start <= s.Start && o.End > s.Start));
        Assert.InRange(maxOverlap, 2, 3);
    }

    [Fact]
    public async Task Throttled_token_minting_is_reported_and_not_hammered()
    {
        var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { TokenMintsPerWindow = 1 });
        await using var _ = emulator;
        var request = new ConnectRequest { ClientId = emulator.ClientId, ClientSecret = emulator.ClientSecret, RefreshToken = emulator.RefreshToken, AccountsUrl = emulator.Url, ApiDomain = emulator.Url };
        using var first = await ConnectionFactory.ConnectAsync(request, NullLog.Instance, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ZohoAuthException>(() => ConnectionFactory.ConnectAsync(request, NullLog.Instance, CancellationToken.None));
        Assert.True(error.IsThrottled);
        Assert.Contains("10 access tokens per refresh token every 10 minutes", error.Message);
        Assert.Equal(2, emulator.Requests.TokenCalls);
    }
}
