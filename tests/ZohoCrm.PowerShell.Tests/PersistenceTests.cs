using System.Management.Automation;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

/// <summary>Profiles saved through the SecretManagement test double, as a new process (here: a second runspace) would load them.</summary>
public class PersistenceTests
{
    [Fact]
    public async Task A_saved_profile_is_one_secret_and_a_second_runspace_reuses_its_access_token_without_a_token_call()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var first = t.Run("Connect-Zcrm -Profile prod -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url");
        Assert.False(first.HadErrors, first.AllText());
        Assert.Equal("TestVault", Assert.Single(first.Output).Properties["Vault"].Value);
        Assert.Equal(1, t.Emulator.Requests.TokenCalls);

        var info = t.Run("Get-SecretInfo -Name 'ZohoCrm/*'");
        var secret = Assert.Single(info.Output);
        Assert.Equal("ZohoCrm/prod", secret.Properties["Name"].Value);
        Assert.Equal("SecureString", secret.Properties["Type"].Value);

        using var second = new PowerShellSession(vaultStore: t.Session.VaultStore);
        var reconnect = second.Run("Connect-Zcrm -Profile prod; Get-ZcrmRecord -Module Leads -First 3 | ForEach-Object { $_.id }");
        Assert.False(reconnect.HadErrors, reconnect.AllText());
        Assert.Equal(1, t.Emulator.Requests.TokenCalls); // still only the first mint
        Assert.Equal("TestVault", reconnect.Output[0].Properties["Vault"].Value);
        Assert.Equal(3, reconnect.Output.Count - 1);
    }

    [Fact]
    public async Task A_refreshed_token_is_written_back_so_the_next_runspace_uses_it()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        Assert.False(t.Run("Connect-Zcrm -Profile prod -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url").HadErrors);
        t.Emulator.ExpireAccessTokens();
        var refreshed = t.Run("Get-ZcrmRecord -Module Leads -First 1 | Out-Null");
        Assert.False(refreshed.HadErrors, refreshed.AllText());
        Assert.Equal(2, t.Emulator.Requests.TokenCalls);

        using var second = new PowerShellSession(vaultStore: t.Session.VaultStore);
        var reconnect = second.Run("Connect-Zcrm -Profile prod | Out-Null; Get-ZcrmRecord -Module Leads -First 1 | Out-Null");
        Assert.False(reconnect.HadErrors, reconnect.AllText());
        Assert.Equal(2, t.Emulator.Requests.TokenCalls);
    }

    [Fact]
    public async Task A_grant_code_is_exchanged_once_and_its_refresh_token_saved()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var code = t.Emulator.IssueGrantCode();
        var result = t.Run("Connect-Zcrm -Profile granted -ClientId $clientId -ClientSecret $clientSecret -GrantToken $code -AccountsUrl $url -ApiDomain $url -Vault OtherVault",
            ("code", PowerShellSession.Secure(code)));
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal("OtherVault", Assert.Single(result.Output).Properties["Vault"].Value);
        Assert.Equal(1, t.Emulator.Requests.TokenCalls);

        var saved = t.Run("Get-Secret -Name ZohoCrm/granted -Vault OtherVault -AsPlainText");
        var json = (string)Assert.Single(saved.Output).BaseObject;
        Assert.Contains("\"refreshToken\":\"", json);
        Assert.DoesNotContain(code, json); // the grant code is spent and never stored

        using var second = new PowerShellSession(vaultStore: t.Session.VaultStore);
        var reconnect = second.Run("Connect-Zcrm -Profile granted");
        Assert.False(reconnect.HadErrors, reconnect.AllText());
        Assert.Equal(1, t.Emulator.Requests.TokenCalls);
    }

    [Fact]
    public async Task Saved_profiles_are_listed_and_a_missing_one_is_a_clear_error()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        Assert.False(t.Run("Connect-Zcrm -Profile one -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url").HadErrors);
        var list = t.Run("Get-ZcrmConnection -ListAvailable");
        var saved = Assert.Single(list.Output);
        Assert.Equal("one", saved.Properties["Profile"].Value);
        Assert.Equal("TestVault", saved.Properties["Vault"].Value);
        Assert.True((bool)saved.Properties["Connected"].Value);

        var missing = t.Run("Connect-Zcrm -Profile nope");
        var error = Assert.IsType<ErrorRecord>(missing.Error);
        Assert.StartsWith("ZcrmSavedProfileNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public async Task Disconnect_revokes_at_Zoho_removes_the_secret_and_forgets_the_connection()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        Assert.False(t.Run("Connect-Zcrm -Profile gone -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url").HadErrors);

        var whatIf = t.Run("Disconnect-Zcrm -Profile gone -Revoke -RemoveSecret -WhatIf");
        Assert.False(whatIf.HadErrors, whatIf.AllText());
        Assert.Single(t.Run("Get-SecretInfo -Name ZohoCrm/gone").Output);
        Assert.Single(t.Run("Get-ZcrmConnection").Output);

        var result = t.Run("Disconnect-Zcrm -Profile gone -Revoke -RemoveSecret");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Contains(t.Emulator.Requests.Snapshot(), r => r.Path == "/oauth/v2/token/revoke");
        Assert.Empty(t.Run("Get-SecretInfo -Name ZohoCrm/gone").Output);
        Assert.Empty(t.Run("Get-ZcrmConnection").Output);

        // The revoked refresh token no longer mints access tokens.
        var again = t.Run(ZcrmTestContext.ConnectNoPersist);
        Assert.StartsWith("OAUTH_INVALID_CODE", Assert.IsType<ErrorRecord>(again.Error).FullyQualifiedErrorId);
    }
}
