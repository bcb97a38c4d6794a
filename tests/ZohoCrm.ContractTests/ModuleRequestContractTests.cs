using ZohoCrm.ContractTests.Oas;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.ContractTests;

/// <summary>
/// The module's own requests, captured by the emulator while the real cmdlets run in a hosted engine, checked against
/// Zoho's OpenAPI files: every path and method exists, every query parameter is declared and valid, every body fits.
/// </summary>
public class ModuleRequestContractTests
{
    [OasFact]
    public async Task Every_request_the_cmdlets_send_is_declared_by_Zoho_OpenAPI()
    {
        var validator = new OasValidator(OasValidator.Load(OasFiles.Directory!));
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 2300);
        var firstIds = t.Emulator.Records("Leads").Take(3).Select(r => (string)r["id"]!).ToArray();
        var result = t.RunConnected("""
            Get-ZcrmRecord -Module Leads -All | Out-Null
            Get-ZcrmRecord -Module Leads -First 5 -SortBy Modified_Time -SortOrder asc -Converted both -Approved both | Out-Null
            Get-ZcrmRecord -Module Leads -ModifiedSince ([datetime]'2020-01-01') -PageSize 10 | Out-Null
            $ids | Get-ZcrmRecord -Module Leads | Out-Null
            Get-ZcrmRecord -Module Leads -Id $ids[0] | Out-Null
            Get-ZcrmRecord -Module Contacts -Field Last_Name, Email, Account_Name -First 3 | Out-Null
            $view = (Invoke-ZcrmRestMethod -Path settings/custom_views -Query @{ module = 'Leads' }).custom_views[0].id
            Get-ZcrmRecord -Module Leads -CustomViewId $view -First 3 | Out-Null
            Get-ZcrmModule | Out-Null
            Get-ZcrmField -Module Deals | Out-Null
            Get-ZcrmOrganization | Out-Null
            Invoke-ZcrmRestMethod -Path users -Query @{ type = 'ActiveUsers'; per_page = 2 } -All | Out-Null
            """, ("ids", firstIds));
        Assert.False(result.HadErrors, result.AllText());

        var requests = t.Emulator.Requests.Snapshot().Where(r => r.IsApiCall).ToList();
        Assert.True(requests.Count > 20);
        var failures = requests
            .Select(r => (Request: r, Result: validator.ValidateRequest(r.Method, r.Path, r.Query, r.Body)))
            .Where(x => !x.Result.IsValid)
            .Select(x => $"{x.Request.Method} {x.Request.Path}?{string.Join("&", x.Request.Query.Select(q => q.Key + "=" + q.Value))}: {x.Result}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.All(requests, r => Assert.True(r.Headers.TryGetValue("Authorization", out var h) && h.StartsWith("Zoho-oauthtoken ", StringComparison.Ordinal)));
    }
}
