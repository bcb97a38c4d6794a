using System.Net;
using ZohoCrm.Emulator.Faults;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class FaultTests : EmulatorTestBase
{
    [Fact]
    public async Task Too_many_requests_after_skip_for_count_with_retry_after()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/v8/org", Skip = 1, Count = 2, RetryAfterSeconds = 7 });

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/users")).Status);
        for (var i = 0; i < 2; i++)
        {
            var limited = await Client.GetAsync("/crm/v8/org");
            Assert.Equal(429, limited.StatusCode);
            Assert.Equal("TOO_MANY_REQUESTS", limited.Code);
            Assert.Equal(TimeSpan.FromSeconds(7), limited.Message.Headers.RetryAfter!.Delta);
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);
        Assert.Empty(Emulator.Faults.Rules);
    }

    [Fact]
    public async Task Internal_error_and_service_unavailable()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.InternalError });
        var error = await Client.GetAsync("/crm/v8/org");
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal("INTERNAL_ERROR", error.Code);

        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.ServiceUnavailable, Method = "GET" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Client.GetAsync("/crm/v8/org")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);
    }

    [Fact]
    public async Task Drop_connection_gives_no_response()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Client.GetAsync("/crm/v8/org"));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);
        Assert.Equal(0, Emulator.Requests.Snapshot().First(r => r.Path == "/crm/v8/org").StatusCode);
    }

    [Fact]
    public async Task Delay_slows_the_request_down()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Delay, DelayMs = 300 });
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);
        Assert.True(started.ElapsedMilliseconds >= 280, started.ElapsedMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Faults_apply_to_the_token_endpoint_too()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, PathPrefix = "/oauth/" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.AuthenticateAsync());
        await Client.AuthenticateAsync();
    }

    [Fact]
    public async Task Expire_access_tokens_mid_paging()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.ExpireAccessTokens, PathPrefix = "/crm/v8/Leads", Skip = 1 });
        var first = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=50");
        var token = first.Json["info"]!["next_page_token"]!.GetValue<string>();

        var expired = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=50&page_token=" + token);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("INVALID_TOKEN", expired.Code);

        await Client.AuthenticateAsync();
        var resumed = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=50&page_token=" + token);
        Assert.Equal(HttpStatusCode.OK, resumed.Status);
        Assert.Equal(2, resumed.Json["info"]!["page"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("429:count=3,retry-after=1,skip=2,path=/crm/v8/Leads", FaultKind.TooManyRequests, 3, 2, 1, 0)]
    [InlineData("500:count=1", FaultKind.InternalError, 1, 0, null, 0)]
    [InlineData("drop:count=1", FaultKind.DropConnection, 1, 0, null, 0)]
    [InlineData("slow:delay-ms=2000,count=1", FaultKind.Delay, 1, 0, null, 2000)]
    [InlineData("expire:skip=4", FaultKind.ExpireAccessTokens, 1, 4, null, 0)]
    public void Fault_specs_parse(string spec, FaultKind kind, int count, int skip, int? retryAfter, int delay)
    {
        var rule = FaultSpecParser.Parse(spec);
        Assert.Equal(kind, rule.Kind);
        Assert.Equal(count, rule.Count);
        Assert.Equal(skip, rule.Skip);
        Assert.Equal(retryAfter, rule.RetryAfterSeconds);
        Assert.Equal(delay, rule.DelayMs);
    }

    [Fact]
    public void Bad_fault_specs_are_rejected()
    {
        Assert.Throws<FormatException>(() => FaultSpecParser.Parse("418"));
        Assert.Throws<FormatException>(() => FaultSpecParser.Parse("429:count=x"));
        Assert.Throws<FormatException>(() => FaultSpecParser.Parse("429:colour=red"));
    }
}
