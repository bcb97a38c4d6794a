using System.Management.Automation;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

public class MetadataAndRestTests
{
    [Fact]
    public async Task Modules_and_fields_are_listed_and_cached_for_the_session()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.RunConnected("Get-ZcrmModule -Name Lead*, Deals | ForEach-Object { $_.ApiName }; Get-ZcrmModule | Out-Null; Get-ZcrmField -Module Leads -Name Last_Name | ForEach-Object { $_.DataType; $_.SystemMandatory }");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(new object[] { "Leads", "Deals", "text", true }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(1, t.Emulator.Requests.Count(r => r.Path == "/crm/v8/settings/modules"));
    }

    [Fact]
    public async Task Field_lists_correct_the_module_name_carry_it_and_can_be_refreshed()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.RunConnected("Get-ZcrmField -Module leads -Name Email | ForEach-Object { $_.Module }; Get-ZcrmField Leads -Force | Out-Null; Get-ZcrmModule -Name 'Lead*' -Force | ForEach-Object { $_.ApiName }");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(new object[] { "Leads", "Leads" }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(2, t.Emulator.Requests.Count(r => r.Path == "/crm/v8/settings/fields" && r.StatusCode == 200));
        Assert.Equal(2, t.Emulator.Requests.Count(r => r.Path == "/crm/v8/settings/modules"));
    }

    [Fact]
    public async Task The_organization_is_read()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var result = t.RunConnected("Get-ZcrmOrganization");
        Assert.False(result.HadErrors, result.AllText());
        Assert.False(string.IsNullOrEmpty(Assert.Single(result.Output).Properties["CompanyName"].Value as string));
    }

    [Fact]
    public async Task Invoke_ZcrmRestMethod_reaches_any_endpoint_and_pages_with_All()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 2500);
        var one = t.RunConnected("Invoke-ZcrmRestMethod -Path 'settings/modules' | ForEach-Object { $_.modules.Count }");
        Assert.False(one.HadErrors, one.AllText());
        Assert.True((int)one.Output[0].BaseObject > 4);

        var all = t.Session.Run("(Invoke-ZcrmRestMethod GET 'Leads?fields=Last_Name,Email' -Query @{ per_page = 200 } -All | ForEach-Object { $_.id } | Where-Object { $_ }).Count");
        Assert.False(all.HadErrors, all.AllText());
        Assert.Equal(t.Emulator.Records("Leads").Count(r => !(r.TryGetValue("$converted", out var c) && c is true)), (int)all.Output[0].BaseObject);
        Assert.Contains(t.Emulator.Requests.Snapshot(), r => r.Path == "/crm/v8/Leads" && r.Query.ContainsKey("page_token"));
    }

    [Fact]
    public async Task Invoke_ZcrmRestMethod_writes_honour_WhatIf_and_errors_carry_Zoho_codes()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var whatIf = t.RunConnected("Invoke-ZcrmRestMethod POST Leads -Body @{ data = @(@{ Last_Name = 'X' }) } -WhatIf");
        Assert.False(whatIf.HadErrors, whatIf.AllText());
        Assert.Equal(0, t.Emulator.Requests.ApiCalls);

        var error = t.Session.Run("Invoke-ZcrmRestMethod -Path 'NoSuchModule?fields=a'");
        Assert.StartsWith("INVALID_MODULE", Assert.IsType<ErrorRecord>(error.Error).FullyQualifiedErrorId);
    }
}
