using System.Management.Automation;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

public class FindAndConvertTests
{
    [Fact]
    public async Task A_search_value_with_parentheses_and_commas_finds_its_record()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Accounts = 20);
        var result = t.RunConnected("New-ZcrmRecord -Module Accounts -InputObject @{ Account_Name = 'Zylker (Asia), Ltd\\East' } | Out-Null; Search-ZcrmRecord -Module Accounts -Filter @{ Account_Name = 'Zylker (Asia), Ltd\\East' } -Verbose");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal("Zylker (Asia), Ltd\\East", Assert.Single(result.Output).Properties["Account_Name"].Value);
        var search = t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Accounts/search");
        Assert.Equal("(Account_Name:equals:Zylker \\(Asia\\)\\, Ltd\\\\East)", search.Query["criteria"]);
    }

    [Fact]
    public async Task Filters_build_operators_and_lists_and_the_search_cap_warns()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 3000);
        var result = t.RunConnected("Search-ZcrmRecord -Module Leads -Filter @{ Lead_Status = 'Contacted', 'Not Contacted'; Annual_Revenue = @{ ge = 0 } } -First 5 -Verbose");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(5, result.Output.Count);
        var criteria = t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads/search").Query["criteria"];
        Assert.Contains("(Lead_Status:in:Contacted,Not Contacted)", criteria);
        Assert.Contains("(Annual_Revenue:greater_equal:0)", criteria);

        t.Emulator.Requests.Clear();
        var many = t.Session.Run("(Search-ZcrmRecord -Module Leads -Criteria '(Lead_Status:not_equal:No such status)' -All | ForEach-Object { 1 }).Count");
        Assert.False(many.HadErrors, many.AllText());
        Assert.Equal(2000, (int)Assert.Single(many.Output).BaseObject);
        Assert.Contains("Invoke-ZcrmQuery", Assert.Single(many.Warnings).Message);
        Assert.Equal(10, t.Emulator.Requests.Count(r => r.Path == "/crm/v8/Leads/search")); // no call past the cap
    }

    [Fact]
    public async Task A_lookup_in_a_filter_means_equals_that_record()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 50);
        var result = t.RunConnected("$owner = (Get-ZcrmRecord -Module Leads -First 1).Owner; Search-ZcrmRecord -Module Leads -Filter @{ Owner = $owner } -First 3 | ForEach-Object { $_.Owner.id -eq $owner.id }");
        Assert.False(result.HadErrors, result.AllText());
        Assert.NotEmpty(result.Output);
        Assert.All(result.Output, o => Assert.True((bool)o.BaseObject));
        Assert.Matches(@"^\(Owner:equals:\d+\)$", t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads/search").Query["criteria"]);
    }

    [Fact]
    public async Task More_than_ten_conditions_or_an_unknown_operator_are_refused_before_any_call()
    {
        await using var t = await ZcrmTestContext.StartAsync();
        var tooMany = t.RunConnected("$f = @{}; 'First_Name','Last_Name','Email','Company','Phone','Mobile','City','State','Country','Industry','Street' | ForEach-Object { $f[$_] = 'x' }; Search-ZcrmRecord -Module Leads -Filter $f");
        Assert.StartsWith("ZcrmTooManyConditions", Assert.IsType<ErrorRecord>(tooMany.Error).FullyQualifiedErrorId);
        var badOp = t.Session.Run("Search-ZcrmRecord -Module Leads -Filter @{ Email = @{ roughly = 'x' } }");
        Assert.StartsWith("ZcrmInvalidOperator", Assert.IsType<ErrorRecord>(badOp.Error).FullyQualifiedErrorId);
        Assert.DoesNotContain(t.Emulator.Requests.Snapshot(), r => r.Path.EndsWith("/search"));
    }

    [Fact]
    public async Task COQL_pages_with_limit_and_offset_and_returns_typed_records_of_the_module()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 4500);
        var result = t.RunConnected("Invoke-ZcrmQuery \"select Last_Name, Email, Created_Time from Leads where Last_Name is not null\" -All | ForEach-Object { $_.id }");
        Assert.False(result.HadErrors, result.AllText());
        Assert.True(result.Output.Count > 4000);
        Assert.Equal(result.Output.Count, result.Output.Select(o => o.BaseObject).Distinct().Count());
        var queries = t.Emulator.Requests.Snapshot().Where(r => r.Path == "/crm/v8/coql").ToList();
        Assert.True(queries.Count >= 3);
        Assert.Contains("offset 2000", queries[1].Body);

        var typed = t.Session.Run("Invoke-ZcrmQuery \"select Last_Name, Created_Time from Leads where Last_Name is not null limit 1\"");
        var lead = Assert.Single(typed.Output);
        Assert.Equal("ZohoCrm.QueryRecord#Leads", lead.TypeNames[0]);
        Assert.IsType<DateTimeOffset>(lead.Properties["Created_Time"].Value);
    }

    [Fact]
    public async Task A_piped_lead_converts_once_and_is_refused_the_second_time()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 20);
        var result = t.RunConnected("""
            $lead = New-ZcrmLead -LastName Convertible -Company 'Convert Co' -Email convert@example.test | ForEach-Object { Get-ZcrmRecord -Module Leads -Id $_.Id }
            $lead | Invoke-ZcrmLeadConversion -Deal @{ Deal_Name = 'Convert deal'; Closing_Date = [datetime]'2027-01-31'; Stage = 'Qualification'; Pipeline = 'Standard' } -Force
            """);
        Assert.False(result.HadErrors, result.AllText());
        var converted = Assert.Single(result.Output);
        Assert.False(string.IsNullOrEmpty(converted.Properties["ContactId"].Value as string));
        Assert.False(string.IsNullOrEmpty(converted.Properties["AccountId"].Value as string));
        Assert.False(string.IsNullOrEmpty(converted.Properties["DealId"].Value as string));
        var leadId = (string)converted.Properties["LeadId"].Value;
        Assert.Equal(true, t.Emulator.Records("Leads").Single(r => (string)r["id"]! == leadId)["$converted"]);
        Assert.Contains(t.Emulator.Records("Contacts"), c => (string)c["id"]! == (string)converted.Properties["ContactId"].Value);

        var again = t.Session.Run("Invoke-ZcrmLeadConversion -Id $id -Force", ("id", leadId));
        var error = Assert.Single(again.Errors);
        Assert.StartsWith("ID_ALREADY_CONVERTED", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
    }

    [Fact]
    public async Task Conversion_asks_for_confirmation_and_WhatIf_converts_nothing()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 5);
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -First 2 | Invoke-ZcrmLeadConversion -WhatIf");
        Assert.False(result.HadErrors, result.AllText());
        Assert.DoesNotContain(t.Emulator.Requests.Snapshot(), r => r.Path.EndsWith("/actions/convert"));
    }
}
