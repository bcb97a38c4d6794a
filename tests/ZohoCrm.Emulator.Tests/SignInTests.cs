using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>The consent page (fact sheet §1.2), device authorization (§1.2a) and the second data centre's accounts server.</summary>
public sealed class SignInTests : EmulatorTestBase, IDisposable
{
    private const string Redirect = "http://127.0.0.1:49152/callback";
    private readonly ManualClock _clock = new();
    private readonly HttpClient _browser = new(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock, GrantCodesPerMinute = 0, RefreshTokenCreationsPerMinute = 0 };

    private string AuthorizeUrl(string? clientId = null, string redirect = Redirect, string state = "s-123") =>
        Emulator.Url.GetLeftPart(UriPartial.Authority) + "/oauth/v2/auth?scope=" + Uri.EscapeDataString("ZohoCRM.modules.ALL,ZohoCRM.users.READ") +
        "&client_id=" + Uri.EscapeDataString(clientId ?? Emulator.ClientId) + "&response_type=code&access_type=offline&redirect_uri=" +
        Uri.EscapeDataString(redirect) + "&prompt=consent&state=" + state;

    private static Dictionary<string, string> QueryOf(Uri location) =>
        QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    private async Task<ApiResponse> PostAsync(Uri accounts, string path, Dictionary<string, string> form)
    {
        using var http = new HttpClient { BaseAddress = accounts };
        var response = await http.PostAsync(path, new FormUrlEncodedContent(form));
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private Dictionary<string, string> Grant(string code) => new()
    {
        ["grant_type"] = "authorization_code", ["client_id"] = Emulator.ClientId, ["client_secret"] = Emulator.ClientSecret, ["code"] = code, ["redirect_uri"] = Redirect,
    };

    private Dictionary<string, string> Poll(string deviceCode, string? secret = null) => new()
    {
        ["grant_type"] = "device_token", ["client_id"] = Emulator.ClientId, ["client_secret"] = secret ?? Emulator.ClientSecret, ["code"] = deviceCode,
    };

    private async Task<JsonNode> StartDeviceAsync()
    {
        var response = await PostAsync(Emulator.Url, "/oauth/v3/device/code", new()
        {
            ["client_id"] = Emulator.ClientId, ["grant_type"] = "device_request", ["scope"] = "ZohoCRM.modules.ALL,ZohoCRM.org.READ", ["access_type"] = "offline",
        });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json;
    }

    [Fact]
    public async Task Serverinfo_lists_both_data_centres_on_their_own_ports()
    {
        var json = (await Client.GetAsync("/oauth/serverinfo")).Json;
        Assert.Equal("success", json["result"]!.GetValue<string>());
        Assert.Equal(Emulator.Url.GetLeftPart(UriPartial.Authority), json["locations"]!["us"]!.GetValue<string>());
        Assert.Equal(Emulator.OtherAccountsUrl.GetLeftPart(UriPartial.Authority), json["locations"]!["eu"]!.GetValue<string>());
        Assert.NotEqual(Emulator.Url.Port, Emulator.OtherAccountsUrl.Port);
    }

    [Fact]
    public async Task Approved_consent_redirects_with_code_state_location_and_accounts_server_of_the_users_data_centre()
    {
        Emulator.SetConsent(ConsentDecision.Approve, "eu");
        var response = await _browser.GetAsync(AuthorizeUrl());
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Redirect + "?", location.ToString());
        var query = QueryOf(location);
        Assert.Equal("s-123", query["state"]);
        Assert.Equal("eu", query["location"]);
        Assert.Equal(Emulator.OtherAccountsUrl.GetLeftPart(UriPartial.Authority), query["accounts-server"]);

        // The code belongs to the user's data centre: unknown at the emulator's own accounts server.
        Assert.Equal("invalid_code", (await PostAsync(Emulator.Url, "/oauth/v2/token", Grant(query["code"]))).Json["error"]!.GetValue<string>());
        var tokens = (await PostAsync(Emulator.OtherAccountsUrl, "/oauth/v2/token", Grant(query["code"]))).Json;
        Assert.Equal("ZohoCRM.modules.ALL ZohoCRM.users.READ", tokens["scope"]!.GetValue<string>());
        var refresh = tokens["refresh_token"]!.GetValue<string>();

        var refreshForm = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = Emulator.ClientId, ["client_secret"] = Emulator.ClientSecret, ["refresh_token"] = refresh,
        };
        Assert.NotNull((await PostAsync(Emulator.OtherAccountsUrl, "/oauth/v2/token", refreshForm)).Json["access_token"]);
        Assert.Equal("invalid_code", (await PostAsync(Emulator.Url, "/oauth/v2/token", refreshForm)).Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Consent_page_asks_and_a_denial_redirects_with_access_denied_and_the_state()
    {
        var page = await _browser.GetAsync(AuthorizeUrl());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("ZohoCRM.users.READ", html);
        var id = System.Text.RegularExpressions.Regex.Match(html, "name=\"request\" value=\"([0-9a-f]+)\"").Groups[1].Value;

        var denied = await _browser.PostAsync(Emulator.Url + "oauth/v2/auth/consent", new FormUrlEncodedContent(new Dictionary<string, string> { ["request"] = id, ["decision"] = "deny" }));
        Assert.Equal(HttpStatusCode.Found, denied.StatusCode);
        var query = QueryOf(denied.Headers.Location!);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("s-123", query["state"]);
        Assert.False(query.ContainsKey("code"));

        // The request was answered: a second answer is refused.
        var again = await _browser.PostAsync(Emulator.Url + "oauth/v2/auth/consent", new FormUrlEncodedContent(new Dictionary<string, string> { ["request"] = id, ["decision"] = "approve" }));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Consent_page_refuses_an_unknown_client_without_redirecting()
    {
        Emulator.SetConsent(ConsentDecision.Approve);
        var response = await _browser.GetAsync(AuthorizeUrl(clientId: "1000.UNKNOWN"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Device_flow_answers_pending_slow_down_other_dc_and_tokens_at_the_users_data_centre()
    {
        var device = await StartDeviceAsync();
        Assert.Equal(30, device["interval"]!.GetValue<int>());
        Assert.Equal(300, device["expires_in"]!.GetValue<int>());
        Assert.Equal(Emulator.Url + "oauth/v3/device", device["verification_url"]!.GetValue<string>());
        var userCode = device["user_code"]!.GetValue<string>();
        var deviceCode = device["device_code"]!.GetValue<string>();

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("authorization_pending", (await PostAsync(Emulator.Url, "/oauth/v3/device/token", Poll(deviceCode))).Json["error"]!.GetValue<string>());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("slow_down", (await PostAsync(Emulator.Url, "/oauth/v3/device/token", Poll(deviceCode))).Json["error"]!.GetValue<string>());

        Assert.True(Emulator.DecideDeviceCode(userCode, approve: true, userLocation: "eu"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var moved = (await PostAsync(Emulator.Url, "/oauth/v3/device/token", Poll(deviceCode))).Json;
        Assert.Equal("other_dc", moved["error"]!.GetValue<string>());
        Assert.Equal("eu", moved["user_location"]!.GetValue<string>());
        Assert.Null(moved["access_token"]);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var tokens = (await PostAsync(Emulator.OtherAccountsUrl, "/oauth/v3/device/token", Poll(deviceCode))).Json;
        Assert.StartsWith("1000.", tokens["refresh_token"]!.GetValue<string>());
        Assert.Equal("ZohoCRM.modules.ALL ZohoCRM.org.READ", tokens["scope"]!.GetValue<string>());
        Assert.Equal(4, Emulator.DevicePolls[userCode]);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("invalid_code", (await PostAsync(Emulator.OtherAccountsUrl, "/oauth/v3/device/token", Poll(deviceCode))).Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Device_flow_answers_access_denied_expired_and_client_errors()
    {
        var denied = await StartDeviceAsync();
        Assert.True(Emulator.DecideDeviceCode(denied["user_code"]!.GetValue<string>(), approve: false));
        Assert.Equal("access_denied", (await PostAsync(Emulator.Url, "/oauth/v3/device/token", Poll(denied["device_code"]!.GetValue<string>()))).Json["error"]!.GetValue<string>());

        var late = await StartDeviceAsync();
        Assert.Equal("invalid_client_secret", (await PostAsync(Emulator.Url, "/oauth/v3/device/token", Poll(late["device_code"]!.GetValue<string>(), secret: "wrong"))).Json["error"]!.GetValue<string>());
        _clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal("expired", (await PostAsync(Emulator.Url, "/oauth/v3/device/token", Poll(late["device_code"]!.GetValue<string>()))).Json["error"]!.GetValue<string>());
        Assert.False(Emulator.DecideDeviceCode(late["user_code"]!.GetValue<string>(), approve: true));

        var badClient = await PostAsync(Emulator.Url, "/oauth/v3/device/code", new() { ["client_id"] = "1000.UNKNOWN", ["grant_type"] = "device_request", ["scope"] = "ZohoCRM.modules.ALL" });
        Assert.Equal("invalid_client", badClient.Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Second_data_centre_port_serves_only_the_accounts_server()
    {
        using var http = new HttpClient { BaseAddress = Emulator.OtherAccountsUrl };
        var api = await http.GetAsync("/crm/v8/Leads");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }

    public void Dispose() => _browser.Dispose();
}
