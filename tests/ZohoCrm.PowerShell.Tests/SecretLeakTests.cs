using ZohoCrm.Emulator.Faults;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

/// <summary>No secret or token may appear in any stream: Output, Error (with exception chains), Warning, Verbose, Debug, Information, Progress.</summary>
public class SecretLeakTests
{
    [Fact]
    public async Task No_secret_or_token_appears_in_any_stream_through_connect_paging_retries_refreshes_errors_and_disconnect()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 900);
        var grant = t.Emulator.IssueGrantCode();
        var results = new List<ScriptResult>();
        const string Preferences = "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; ";

        results.Add(t.Run(Preferences + "Connect-Zcrm -Profile leak -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url"));
        results.Add(t.Run(Preferences + "Connect-Zcrm -Profile granted -ClientId $clientId -ClientSecret $clientSecret -GrantToken $grant -AccountsUrl $url -ApiDomain $url -NoPersist", ("grant", PowerShellSession.Secure(grant))));
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/v8/Leads", Skip = 1, Count = 1, RetryAfterSeconds = 1 });
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.ExpireAccessTokens, PathPrefix = "/crm/v8/Leads", Skip = 3, Count = 1 });
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, PathPrefix = "/crm/v8/Leads", Skip = 4, Count = 1 });
        results.Add(t.Run(Preferences + "Get-ZcrmRecord -Module Leads -All -Profile leak"));
        results.Add(t.Run(Preferences + "Get-ZcrmConnection; Get-ZcrmConnection -ListAvailable; Invoke-ZcrmRestMethod -Path users -Query @{ type = 'CurrentUser' }"));
        results.Add(t.Run(Preferences + "Get-ZcrmRecord -Module NoSuchModule; Invoke-ZcrmRestMethod POST 'Leads' -Body '{\"data\":[]}'"));
        results.Add(t.Run(Preferences + "Connect-Zcrm -Profile bad -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $badRefresh -AccountsUrl $url -ApiDomain $url -NoPersist",
            ("badRefresh", PowerShellSession.Secure("1000.0000000000000000000000badbad.0000000000000000000000badbad"))));
        results.Add(t.Run(Preferences + "$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString(); $_.ScriptStackTrace }"));
        results.Add(t.Run(Preferences + "Disconnect-Zcrm -Profile leak -Revoke -RemoveSecret -Confirm:$false"));

        var secrets = new List<string> { t.Emulator.ClientSecret, t.Emulator.RefreshToken, grant, "1000.0000000000000000000000badbad.0000000000000000000000badbad" };
        var accessTokens = t.Emulator.Requests.Snapshot()
            .Select(r => r.Headers.TryGetValue("Authorization", out var h) ? h : null)
            .Where(h => h != null && h.StartsWith("Zoho-oauthtoken ")).Select(h => h!.Substring("Zoho-oauthtoken ".Length)).Distinct().ToList();
        Assert.True(accessTokens.Count >= 3, "expected several access tokens to have been used, saw " + accessTokens.Count);
        secrets.AddRange(accessTokens);

        Assert.Contains(results, r => r.Verbose.Count > 0);
        Assert.Contains(results, r => r.Debug.Count > 0);
        Assert.Contains(results, r => r.Errors.Count > 0);
        Assert.Contains(results[2].Verbose, v => v.Message.Contains("Retrying"));
        Assert.Contains(results[2].Verbose, v => v.Message.Contains("Refreshing the access token"));
        foreach (var (result, index) in results.Select((r, i) => (r, i)))
        {
            var text = result.AllText();
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"script {index} leaked a secret ({secret.Length} chars) in:\n{text}");
        }
    }

    [Fact]
    public async Task The_saved_profile_is_only_ever_a_SecureString_secret_in_the_vault()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        Assert.False(t.Run("Connect-Zcrm -Profile vaulted -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url").HadErrors);
        var types = t.Run("Get-SecretInfo -Name ZohoCrm/vaulted | ForEach-Object { $_.Type }");
        Assert.Equal("SecureString", Assert.Single(types.Output).BaseObject);
        var asDefault = t.Run("Get-Secret -Name ZohoCrm/vaulted");
        Assert.IsType<System.Security.SecureString>(Assert.Single(asDefault.Output).BaseObject);
    }
}
