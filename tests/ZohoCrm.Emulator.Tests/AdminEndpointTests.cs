using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class AdminEndpointTests : EmulatorTestBase
{
    [Fact]
    public async Task Stats_count_api_and_token_calls_and_credits()
    {
        await Client.GetAsync("/crm/v8/org");
        await Client.GetAsync("/crm/v8/Leads?fields=Last_Name");
        var stats = JsonNode.Parse(await Client.Http.GetStringAsync("/__emulator/stats"))!;

        Assert.Equal(2, stats["apiCalls"]!.GetValue<int>());
        Assert.Equal(1, stats["tokenCalls"]!.GetValue<int>());
        Assert.Equal(2, stats["creditsUsed"]!.GetValue<int>());
        Assert.Equal(1, stats["paths"]!["GET /crm/v8/org"]!.GetValue<int>());
        Assert.Equal(2, Emulator.Requests.ApiCalls);
    }

    [Fact]
    public async Task Requests_are_listed_and_cleared()
    {
        await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=3");
        var list = JsonNode.Parse(await Client.Http.GetStringAsync("/__emulator/requests"))!.AsArray();
        var call = list.Single(r => r!["path"]!.GetValue<string>() == "/crm/v8/Leads")!;
        Assert.Equal("Last_Name", call["query"]!["fields"]!.GetValue<string>());
        Assert.Equal(200, call["statusCode"]!.GetValue<int>());
        Assert.Contains("client_secret=", list.Single(r => r!["path"]!.GetValue<string>() == "/oauth/v2/token")!["body"]!.GetValue<string>());

        var logged = Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads");
        Assert.Equal("3", logged.Query["per_page"]);
        Assert.StartsWith("Zoho-oauthtoken ", logged.Headers["Authorization"]);

        Assert.Equal(HttpStatusCode.OK, (await Client.Http.DeleteAsync("/__emulator/requests")).StatusCode);
        Assert.Equal(0, Emulator.Requests.Count(_ => true));
    }

    [Fact]
    public async Task Faults_can_be_added_as_json_or_spec_and_cleared()
    {
        var added = await Client.Http.PostAsJsonAsync("/__emulator/faults", new { kind = "TooManyRequests", pathPrefix = "/crm/v8/org", count = 1, retryAfterSeconds = 2 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(429, (await Client.GetAsync("/crm/v8/org")).StatusCode);

        await Client.Http.PostAsJsonAsync("/__emulator/faults", new { spec = "500:count=5" });
        Assert.Single(Emulator.Faults.Rules);
        Assert.Equal(HttpStatusCode.OK, (await Client.Http.DeleteAsync("/__emulator/faults")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);

        var bad = await Client.Http.PostAsJsonAsync("/__emulator/faults", new { spec = "teapot" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Expire_tokens_and_grant_codes()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.Http.PostAsync("/__emulator/expire-tokens", null)).StatusCode);
        Assert.Equal("INVALID_TOKEN", (await Client.GetAsync("/crm/v8/org")).Code);

        var grant = await Client.Http.PostAsJsonAsync("/__emulator/grant-codes", new { scope = "ZohoCRM.org.READ", lifetimeSeconds = 180 });
        var code = JsonNode.Parse(await grant.Content.ReadAsStringAsync())!["code"]!.GetValue<string>();
        var token = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = Emulator.ClientId,
            ["client_secret"] = Emulator.ClientSecret,
            ["code"] = code,
        });
        Assert.Equal("ZohoCRM.org.READ", token.Json["scope"]!.GetValue<string>());
    }
}
