using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class OAuthTests : EmulatorTestBase
{
    private readonly ManualClock _clock = new();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock, GrantCodesPerMinute = 0 };

    private Dictionary<string, string> CodeGrant(string code) => new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = Emulator.ClientId,
        ["client_secret"] = Emulator.ClientSecret,
        ["code"] = code,
    };

    private Dictionary<string, string> RefreshGrant(string? refreshToken = null) => new()
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = Emulator.ClientId,
        ["client_secret"] = Emulator.ClientSecret,
        ["refresh_token"] = refreshToken ?? Emulator.RefreshToken,
    };

    [Fact]
    public async Task Grant_code_exchange_returns_refresh_token_scope_and_api_domain()
    {
        var code = Emulator.IssueGrantCode("ZohoCRM.modules.ALL,ZohoCRM.users.READ");
        var response = await Client.TokenAsync(CodeGrant(code));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var json = response.Json;
        Assert.StartsWith("1000.", json["access_token"]!.GetValue<string>());
        Assert.StartsWith("1000.", json["refresh_token"]!.GetValue<string>());
        Assert.Equal("ZohoCRM.modules.ALL ZohoCRM.users.READ", json["scope"]!.GetValue<string>());
        Assert.Equal(Emulator.Url.GetLeftPart(UriPartial.Authority), json["api_domain"]!.GetValue<string>());
        Assert.Equal("Bearer", json["token_type"]!.GetValue<string>());
        Assert.Equal(3600, json["expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task Grant_code_is_single_use_and_expires()
    {
        var code = Emulator.IssueGrantCode(lifetime: TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await Client.TokenAsync(CodeGrant(code))).Status);
        var again = await Client.TokenAsync(CodeGrant(code));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("invalid_code", again.Json["error"]!.GetValue<string>());
        Assert.Null(again.Json["access_token"]);

        var late = Emulator.IssueGrantCode(lifetime: TimeSpan.FromMinutes(3));
        _clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        Assert.Equal("invalid_code", (await Client.TokenAsync(CodeGrant(late))).Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_grant_works_from_the_query_string_and_returns_no_refresh_token()
    {
        var query = string.Join('&', RefreshGrant().Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/v2/token?" + query));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotNull(response.Json["access_token"]);
        Assert.Null(response.Json["refresh_token"]);
        Assert.Equal(3600, response.Json["expires_in"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("client_id", "1000.NOPE", "invalid_client")]
    [InlineData("client_secret", "wrong", "invalid_client_secret")]
    [InlineData("refresh_token", "1000.unknown.token", "invalid_code")]
    [InlineData("grant_type", "password", "invalid_grant_type")]
    public async Task Token_errors_come_as_http_200_with_an_error_key(string key, string value, string error)
    {
        var form = RefreshGrant();
        form[key] = value;
        var response = await Client.TokenAsync(form);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(error, response.Json["error"]!.GetValue<string>());
        Assert.Null(response.Json["access_token"]);
    }

    [Fact]
    public async Task Eleventh_mint_in_ten_minutes_is_access_denied_until_the_window_passes()
    {
        for (var i = 0; i < 9; i++)
        {
            // The base class already minted one.
            Assert.NotNull((await Client.TokenAsync(RefreshGrant())).Json["access_token"]);
        }

        var denied = await Client.TokenAsync(RefreshGrant());
        Assert.Equal(HttpStatusCode.BadRequest, denied.Status);
        Assert.Equal("Access Denied", denied.Json["error"]!.GetValue<string>());
        Assert.Equal("failure", denied.Json["status"]!.GetValue<string>());
        Assert.Equal("You have made too many requests continuously. Please try again after some time.", denied.Json["error_description"]!.GetValue<string>());

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.NotNull((await Client.TokenAsync(RefreshGrant())).Json["access_token"]);
    }

    [Fact]
    public async Task Thirty_first_access_token_deletes_the_oldest()
    {
        var first = Client.AccessToken!;
        for (var i = 0; i < 30; i++)
        {
            if (i % 9 == 8)
            {
                _clock.Advance(TimeSpan.FromMinutes(10));
            }

            Assert.NotNull((await Client.TokenAsync(RefreshGrant())).Json["access_token"]);
        }

        Client.AccessToken = first;
        var response = await Client.GetAsync("/crm/v8/org");
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("INVALID_TOKEN", response.Code);
    }

    [Fact]
    public async Task Twenty_first_refresh_token_deletes_the_oldest_by_default()
    {
        for (var i = 0; i < 20; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(13));
            var response = await Client.TokenAsync(CodeGrant(Emulator.IssueGrantCode()));
            Assert.NotNull(response.Json["refresh_token"]);
        }

        // The default refresh token was the oldest of the 21.
        Assert.Equal("invalid_code", (await Client.TokenAsync(RefreshGrant())).Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoke_invalidates_the_refresh_token_and_its_access_tokens()
    {
        var revoke = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/v2/token/revoke")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = Emulator.RefreshToken }),
        });
        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Assert.Equal("success", revoke.Json["status"]!.GetValue<string>());

        Assert.Equal("invalid_code", (await Client.TokenAsync(RefreshGrant())).Json["error"]!.GetValue<string>());
        Assert.Equal("INVALID_TOKEN", (await Client.GetAsync("/crm/v8/org")).Code);
    }

    [Fact]
    public async Task A_token_lacking_the_scope_gets_OAUTH_SCOPE_MISMATCH()
    {
        var grant = await Client.TokenAsync(CodeGrant(Emulator.IssueGrantCode("ZohoCRM.users.READ,ZohoCRM.modules.leads.READ")));
        Client.AccessToken = grant.Json["access_token"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/users?type=CurrentUser")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/Leads?fields=Last_Name")).Status);
        var contacts = await Client.GetAsync("/crm/v8/Contacts?fields=Last_Name");
        Assert.Equal(HttpStatusCode.Unauthorized, contacts.Status);
        Assert.Equal("OAUTH_SCOPE_MISMATCH", contacts.Code);
        Assert.Equal("invalid oauth scope to access this URL", contacts.Json["message"]!.GetValue<string>());
        Assert.Equal("OAUTH_SCOPE_MISMATCH", (await Client.GetAsync("/crm/v8/org")).Code);
        Assert.Equal("OAUTH_SCOPE_MISMATCH", (await Client.GetAsync("/crm/v8/settings/modules")).Code);
    }

    [Fact]
    public async Task Access_token_expires_after_its_lifetime()
    {
        _clock.Advance(TimeSpan.FromSeconds(3599));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("INVALID_TOKEN", (await Client.GetAsync("/crm/v8/org")).Code);
    }

    [Fact]
    public async Task Token_calls_are_counted()
    {
        Assert.Equal(1, Emulator.Requests.TokenCalls);
        await Client.TokenAsync(RefreshGrant());
        Assert.Equal(2, Emulator.Requests.TokenCalls);
        Assert.Equal(0, Emulator.Requests.ApiCalls);
    }
}

public sealed class OAuthLimitSwitchTests
{
    [Fact]
    public async Task Refresh_token_cap_can_fail_instead_of_deleting_the_oldest()
    {
        var clock = new ManualClock();
        var (emulator, client) = await TestClient.StartAsync(new EmulatorOptions
        {
            TimeProvider = clock,
            RefreshTokenLimit = 2,
            RefreshTokenLimitBehavior = RefreshTokenLimitBehavior.Error,
            AccessDeniedStatusCode = 200,
        });
        await using (emulator)
        using (client)
        {
            Dictionary<string, string> Grant() => new()
            {
                ["grant_type"] = "authorization_code",
                ["client_id"] = emulator.ClientId,
                ["client_secret"] = emulator.ClientSecret,
                ["code"] = emulator.IssueGrantCode(),
            };

            Assert.NotNull((await client.TokenAsync(Grant())).Json["refresh_token"]);
            var denied = await client.TokenAsync(Grant());
            Assert.Equal(HttpStatusCode.OK, denied.Status);
            Assert.Equal("Access Denied", denied.Json["error"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Grant_codes_are_limited_per_minute()
    {
        var (emulator, client) = await TestClient.StartAsync(new EmulatorOptions { GrantCodesPerMinute = 2 });
        await using (emulator)
        using (client)
        {
            emulator.IssueGrantCode();
            emulator.IssueGrantCode();
            Assert.Throws<InvalidOperationException>(() => emulator.IssueGrantCode());
        }
    }
}
