using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class LimitTests
{
    [Fact]
    public async Task Calls_past_max_concurrency_get_TOO_MANY_REQUESTS()
    {
        var (emulator, client) = await TestClient.StartAsync(new EmulatorOptions { MaxConcurrency = 2, LatencyMs = 1000 });
        await using (emulator)
        using (client)
        {
            var calls = Enumerable.Range(0, 5).Select(_ => client.GetAsync("/crm/v8/org")).ToArray();
            var responses = await Task.WhenAll(calls);

            Assert.Equal(2, responses.Count(r => r.Status == HttpStatusCode.OK));
            var limited = responses.Where(r => (int)r.Status == 429).ToList();
            Assert.Equal(3, limited.Count);
            Assert.All(limited, r => Assert.Equal("TOO_MANY_REQUESTS", r.Code));
        }
    }

    [Fact]
    public async Task Calls_past_the_daily_credits_get_TOO_MANY_REQUESTS()
    {
        var (emulator, client) = await TestClient.StartAsync(new EmulatorOptions { DailyCredits = 5 });
        await using (emulator)
        using (client)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/crm/v8/org")).Status);
            }

            var response = await client.GetAsync("/crm/v8/org");
            Assert.Equal(429, response.StatusCode);
            Assert.Equal("TOO_MANY_REQUESTS", response.Code);
            Assert.Equal(5, emulator.Credits.Used);
        }
    }

    [Fact]
    public async Task Credits_roll_off_after_24_hours()
    {
        var clock = new ManualClock();
        var (emulator, client) = await TestClient.StartAsync(new EmulatorOptions { DailyCredits = 2, TimeProvider = clock, TokenLifetimeSeconds = 100_000 });
        await using (emulator)
        using (client)
        {
            await client.GetAsync("/crm/v8/org");
            await client.GetAsync("/crm/v8/org");
            Assert.Equal(429, (await client.GetAsync("/crm/v8/org")).StatusCode);
            clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/crm/v8/org")).Status);
        }
    }
}
