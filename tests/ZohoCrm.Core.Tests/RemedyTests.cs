using System.Net.Http;
using System.Text.RegularExpressions;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;
using ZohoCrm.Emulator;
using ZohoCrm.Emulator.Faults;

namespace ZohoCrm.Core.Tests;

/// <summary>Core says what went wrong in API terms and what the user can do as data (a Remedy), never in cmdlet words.</summary>
public class RemedyTests
{
    /// <summary>A cmdlet name (Verb-Zcrm...) or a PowerShell parameter (-Name) in a text.</summary>
    private static readonly Regex PowerShellWords = new(@"\b[A-Z][a-z]+-Zcrm[A-Za-z]*|(^|\s|\()-[A-Z][A-Za-z]+\b");

    private static async Task<(ZohoCrmEmulator Emulator, ZohoConnection Connection)> ConnectAsync(
        Action<EmulatorOptions>? configure = null, ResilienceOptions? resilience = null, string? grantScopes = null)
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        var emulator = await ZohoCrmEmulator.StartAsync(options);
        var connection = await EmulatorConnections.ConnectAsync(emulator, grantScopes, resilience ?? new ResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(20) });
        return (emulator, connection);
    }

    private static ApiRequest Leads() => new ApiRequest(HttpMethod.Get, "Leads").AddQuery("fields", "Last_Name");

    private static void AssertNoPowerShellWords(Exception error)
        => Assert.False(PowerShellWords.IsMatch(error.Message), "Core's message names a cmdlet or parameter: " + error.Message);

    [Fact]
    public async Task An_access_token_refused_after_its_refresh_carries_the_sign_in_again_remedy()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        // The call and its one retry after the refresh both meet an expired token.
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.ExpireAccessTokens, PathPrefix = "/crm/v8/Leads", Count = 2 });

        var error = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Api.SendForJsonAsync(Leads(), NullLog.Instance, CancellationToken.None));

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal("INVALID_TOKEN", error.Code);
        Assert.Same(Remedy.SignInAgain, error.Remedy);
        AssertNoPowerShellWords(error);
    }

    [Fact]
    public async Task A_scope_mismatch_carries_the_scope_the_call_needs()
    {
        var (emulator, connection) = await ConnectAsync(grantScopes: "ZohoCRM.modules.ALL");
        await using var _ = emulator;
        using var __ = connection;

        var users = new ApiRequest(HttpMethod.Get, "users").AddQuery("type", "AllUsers");
        var error = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Api.SendForJsonAsync(users, NullLog.Instance, CancellationToken.None));

        Assert.Equal("OAUTH_SCOPE_MISMATCH", error.Code);
        Assert.Equal(RemedyKind.GrantScope, error.Remedy?.Kind);
        Assert.Equal(new[] { "ZohoCRM.users.READ" }, error.Remedy!.Scopes);
        AssertNoPowerShellWords(error);
    }

    [Fact]
    public async Task Zohos_limit_after_the_last_retry_carries_the_lower_concurrency_remedy()
    {
        var (emulator, connection) = await ConnectAsync(resilience: new ResilienceOptions { MaxRetries = 0 });
        await using var _ = emulator;
        using var __ = connection;
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/v8/Leads", Count = 1 });

        var error = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Api.SendForJsonAsync(Leads(), NullLog.Instance, CancellationToken.None));

        Assert.Equal(429, error.HttpStatus);
        Assert.Same(Remedy.LowerConcurrency, error.Remedy);
        Assert.Equal(1, emulator.Requests.Count(r => r.Path == "/crm/v8/Leads"));
    }

    [Fact]
    public async Task A_wait_longer_than_the_client_waits_is_carried_as_the_wait()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/v8/Leads", Count = 1, RetryAfterSeconds = 900 });

        var error = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Api.SendForJsonAsync(Leads(), NullLog.Instance, CancellationToken.None));

        Assert.Equal(RemedyKind.RetryAfter, error.Remedy?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(900), error.Remedy!.Wait);
        Assert.Equal(1, emulator.Requests.Count(r => r.Path == "/crm/v8/Leads"));
    }

    [Fact]
    public async Task Throttled_token_minting_carries_the_time_when_a_new_token_can_be_had()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { TokenMintsPerWindow = 1 });
        var now = new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        using var http = new HttpClient();
        var oauth = new OAuthClient(http, emulator.Url, () => now);
        await oauth.RefreshAsync(emulator.ClientId, emulator.ClientSecret, emulator.RefreshToken, NullLog.Instance, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ZohoAuthException>(() => oauth.RefreshAsync(emulator.ClientId, emulator.ClientSecret, emulator.RefreshToken, NullLog.Instance, CancellationToken.None));

        Assert.True(error.IsThrottled);
        Assert.Equal(RemedyKind.WaitForTokenLimit, error.Remedy?.Kind);
        Assert.Equal(now + OAuthClient.MintWindow, error.Remedy!.RetryAt);
        AssertNoPowerShellWords(error);
    }

    [Fact]
    public void Usage_errors_carry_their_remedy_and_describe_the_problem_in_API_terms()
    {
        var query = Assert.Throws<ZcrmUsageException>(() => new CoqlQuery(null!, "select id from Leads where id is not null limit 10", page: true, FieldTypeMap.Empty));
        var profile = Assert.Throws<ZcrmUsageException>(() => SavedProfile.Parse("not json", out _, out _));
        var insecure = Assert.Throws<ZcrmUsageException>(() => UrlPolicy.RequireSecure(new Uri("http://www.zohoapis.eu"), "API domain"));

        Assert.Same(Remedy.RemoveQueryLimit, query.Remedy);
        Assert.Same(Remedy.ReplaceSavedProfile, profile.Remedy);
        Assert.Same(Remedy.UseHttpsOrDataCenter, insecure.Remedy);
        Assert.All(new[] { query, profile, insecure }, e =>
        {
            AssertNoPowerShellWords(e);
            Assert.Null(e.RecommendedAction);
        });
    }
}
