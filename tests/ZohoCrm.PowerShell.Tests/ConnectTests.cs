using System.Management.Automation;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

public class ConnectTests
{
    [Fact]
    public async Task Refresh_token_connect_mints_one_token_validates_with_one_call_and_describes_the_connection()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run(ZcrmTestContext.ConnectNoPersist);

        Assert.False(result.HadErrors, result.AllText());
        var connection = Assert.Single(result.Output);
        Assert.Equal("default", connection.Properties["Profile"].Value);
        Assert.False(string.IsNullOrEmpty(connection.Properties["User"].Value as string));
        Assert.Contains("@", (string)connection.Properties["UserEmail"].Value);
        Assert.Equal(t.Emulator.Url.ToString(), connection.Properties["ApiDomain"].Value);
        Assert.Equal("v8", connection.Properties["ApiVersion"].Value);
        Assert.NotNull(connection.Properties["TokenExpiresAt"].Value);
        Assert.NotEmpty((string[])connection.Properties["Scopes"].Value);
        Assert.False((bool)connection.Properties["Persisted"].Value);

        Assert.Equal(1, t.Emulator.Requests.TokenCalls);
        var api = t.Emulator.Requests.Snapshot().Where(r => r.Path.StartsWith("/crm/")).ToList();
        var validation = Assert.Single(api);
        Assert.Equal("/crm/v8/users", validation.Path);
        Assert.Equal("CurrentUser", validation.Query["type"]);
    }

    [Fact]
    public async Task A_credential_asset_stands_in_for_client_id_and_secret()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run("$cred = [pscredential]::new($clientId, $clientSecret); Connect-Zcrm -Credential $cred -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url -NoPersist -Profile automation");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal("automation", Assert.Single(result.Output).Properties["Profile"].Value);
    }

    [Fact]
    public async Task Plain_http_is_refused_unless_loopback_and_nothing_is_sent()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run("Connect-Zcrm -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl 'http://accounts.example.test' -NoPersist");
        var error = Assert.IsType<ErrorRecord>(result.Error);
        Assert.Equal("ZcrmInsecureUrl,ZohoCrm.PowerShell.Commands.Connection.ConnectZcrmCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Contains("https", error.ToString());
        Assert.Empty(t.Emulator.Requests.Snapshot());
    }

    [Fact]
    public async Task Wrong_client_secret_is_a_clear_authentication_error()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run("Connect-Zcrm -ClientId $clientId -ClientSecret $wrong -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url -NoPersist",
            ("wrong", PowerShellSession.Secure("definitely-not-the-secret")));
        var error = Assert.IsType<ErrorRecord>(result.Error);
        Assert.StartsWith("OAUTH_INVALID_CLIENT_SECRET", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.DoesNotContain("definitely-not-the-secret", result.AllText());
    }

    [Fact]
    public async Task Without_SecretManagement_persisting_fails_before_any_call_and_says_how_to_fix_it()
    {
        await using var t = await ZcrmTestContext.StartAsync(withVault: false);
        var result = t.Run("Connect-Zcrm -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url");
        var error = Assert.IsType<ErrorRecord>(result.Error);
        Assert.StartsWith("ZcrmSecretManagementMissing", error.FullyQualifiedErrorId);
        var text = error.ErrorDetails.Message + " " + error.ErrorDetails.RecommendedAction;
        Assert.Contains("Install-Module Microsoft.PowerShell.SecretManagement", text);
        Assert.Contains("-NoPersist", text);
        Assert.Empty(t.Emulator.Requests.Snapshot());
    }

    [Fact]
    public async Task Without_a_default_vault_persisting_fails_before_any_call()
    {
        await using var t = await ZcrmTestContext.StartAsync(defaultVault: "");
        var result = t.Run("Connect-Zcrm -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url");
        Assert.StartsWith("ZcrmVaultNotFound", Assert.IsType<ErrorRecord>(result.Error).FullyQualifiedErrorId);
        Assert.Empty(t.Emulator.Requests.Snapshot());
    }

    [Fact]
    public async Task Several_profiles_connect_side_by_side_and_the_last_is_current()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run(ZcrmTestContext.ConnectNoPersist + " -Profile first | Out-Null; " + ZcrmTestContext.ConnectNoPersist + " -Profile second | Out-Null; Get-ZcrmConnection");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(new[] { "first", "second" }, result.Output.Select(o => (string)o.Properties["Profile"].Value));
        Assert.Equal(new[] { false, true }, result.Output.Select(o => (bool)o.Properties["IsCurrent"].Value));

        var current = t.Run("(Get-ZcrmConnection -Current).Profile; Get-ZcrmRecord -Module Leads -First 1 -Profile first | ForEach-Object { $_.id }");
        Assert.False(current.HadErrors, current.AllText());
        Assert.Equal("second", current.Output[0].BaseObject);
        Assert.Equal(2, current.Output.Count);
    }

    [Fact]
    public async Task Not_connected_is_a_clear_error_naming_Connect_Zcrm()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run("Get-ZcrmRecord -Module Leads");
        var error = Assert.IsType<ErrorRecord>(result.Error);
        Assert.StartsWith("ZcrmNotConnected", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains("Connect-Zcrm", error.ErrorDetails.RecommendedAction);

        var unknown = t.Run("Get-ZcrmRecord -Module Leads -Profile nosuch");
        Assert.Contains("Connect-Zcrm -Profile nosuch", Assert.IsType<ErrorRecord>(unknown.Error).ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task Disconnecting_the_current_profile_makes_the_most_recently_connected_one_current()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run(ZcrmTestContext.ConnectNoPersist + " -Profile a | Out-Null; " + ZcrmTestContext.ConnectNoPersist + " -Profile c | Out-Null; "
            + ZcrmTestContext.ConnectNoPersist + " -Profile b | Out-Null; " + ZcrmTestContext.ConnectNoPersist + " -Profile c | Out-Null; Disconnect-Zcrm; (Get-ZcrmConnection -Current).Profile");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal("b", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public async Task Disconnecting_a_profile_that_is_not_connected_is_an_error()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run("Disconnect-Zcrm -Profile typo");
        Assert.StartsWith("ZcrmProfileNotConnected", Assert.IsType<ErrorRecord>(result.Error).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Vault_and_NoPersist_together_are_refused()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.Run(ZcrmTestContext.ConnectNoPersist + " -Vault TestVault");
        Assert.StartsWith("ZcrmConflictingParameters", Assert.IsType<ErrorRecord>(result.Error).FullyQualifiedErrorId);
        Assert.Empty(t.Emulator.Requests.Snapshot());
    }
}
