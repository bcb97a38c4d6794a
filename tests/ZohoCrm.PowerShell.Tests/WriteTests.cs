using System.Management.Automation;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Faults;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

/// <summary>New-/Set-/Remove-ZcrmRecord and New-ZcrmLead: batching, per-row results, nothing lost, no duplicates.</summary>
public class WriteTests
{
    private const string MakeRows = """
        function New-Rows([int] $Count, [string] $Tag) {
            for ($i = 0; $i -lt $Count; $i++) {
                [pscustomobject]@{ Last_Name = "Row$i"; First_Name = 'Test'; Company = "$Tag Co $i"; Email = "$Tag.row$i@example.test" }
            }
        }
        """;

    private static int InsertCalls(ZcrmTestContext t) => t.Emulator.Requests.Count(r => r.Method == "POST" && r.Path == "/crm/v8/Leads");

    [Fact]
    public async Task Piped_rows_are_sent_100_per_call_and_each_gets_one_result_in_order()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var result = t.RunConnected(MakeRows + "; New-Rows 1050 bulk | New-ZcrmRecord -Module Leads");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(11, InsertCalls(t));
        Assert.Equal(1050, result.Output.Count);
        Assert.Equal(Enumerable.Range(0, 1050).Select(i => (long)i), result.Output.Select(o => (long)o.Properties["Index"].Value));
        Assert.All(result.Output, o => Assert.Equal("Success", o.Properties["Status"].Value));
        Assert.All(result.Output, o => Assert.Equal("created", o.Properties["Action"].Value));
        Assert.Equal(1050, result.Output.Select(o => (string)o.Properties["Id"].Value).Distinct().Count());
        Assert.Equal(1060, t.Emulator.Records("Leads").Count);
    }

    [Fact]
    public async Task Rejected_rows_become_errors_carrying_the_original_row_and_fixed_ones_go_back_in_without_duplicates()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var script = MakeRows + """
            ; $rows = @(New-Rows 100 mixed)
            $rows[10].Last_Name = ''                 # mandatory field missing
            $rows[40].Email = 'not-an-email'         # invalid email
            $rows[70].Email = 'existing@example.test' # already taken by another lead
            $results = $rows | New-ZcrmRecord -Module Leads -ErrorVariable failed -ErrorAction SilentlyContinue
            $results
            $failed
            """;
        var seedEmail = "existing@example.test";
        // Row 70's email collides with an existing record, so Zoho answers DUPLICATE_DATA.
        var create = t.RunConnected("New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = 'Existing'; Email = $e } | Out-Null", ("e", seedEmail));
        Assert.False(create.HadErrors, create.AllText());
        t.Emulator.Requests.Clear();

        var result = t.Session.Run(script);
        var results = result.Output.Where(o => o.BaseObject.GetType().Name == "ZcrmWriteResult").ToList();
        var errors = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().ToList();
        Assert.Equal(100, results.Count);
        Assert.Equal(97, results.Count(r => (string)r.Properties["Status"].Value == "Success"));
        Assert.Equal(3, errors.Count);
        Assert.Equal(new[] { 10L, 40L, 70L }, results.Where(r => (string)r.Properties["Status"].Value == "Failed").Select(r => (long)r.Properties["Index"].Value));
        Assert.Equal(new[] { "mixed Co 10", "mixed Co 40", "mixed Co 70" }, errors.Select(e => (string)((PSObject)e.TargetObject).Properties["Company"].Value));
        Assert.Contains(errors, e => e.FullyQualifiedErrorId.StartsWith("MANDATORY_NOT_FOUND") && e.CategoryInfo.Category == ErrorCategory.InvalidData);
        Assert.Contains(errors, e => e.FullyQualifiedErrorId.StartsWith("INVALID_DATA"));
        Assert.Contains(errors, e => e.FullyQualifiedErrorId.StartsWith("DUPLICATE_DATA") && e.CategoryInfo.Category == ErrorCategory.ResourceExists);
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.ErrorDetails.RecommendedAction)));
        Assert.Equal(1, InsertCalls(t));

        // Fix exactly the failed rows and pipe them back in.
        var retry = t.Session.Run("""
            $fixed = $failed | ForEach-Object { $row = $_.TargetObject; if (-not $row.Last_Name) { $row.Last_Name = 'Fixed' }; $row.Email = 'fixed.' + $row.Company.Replace(' ', '') + '@example.test'; $row }
            $fixed | New-ZcrmRecord -Module Leads
            """);
        Assert.False(retry.HadErrors, retry.AllText());
        Assert.Equal(3, retry.Output.Count(o => (string)o.Properties["Status"].Value == "Success"));
        var emails = t.Emulator.Records("Leads").Select(r => r["Email"] as string).Where(e => e != null && (e.StartsWith("mixed.") || e.StartsWith("fixed."))).ToList();
        Assert.Equal(100, emails.Count); // 97 + 3 fixed; nothing created twice
        Assert.Equal(emails.Count, emails.Distinct().Count());
    }

    [Fact]
    public async Task An_upsert_on_Email_updates_instead_of_duplicating_and_can_be_repeated()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var first = t.RunConnected("New-ZcrmLead -LastName Nakamura -Company Zylker -Email kn@zylker.example");
        Assert.False(first.HadErrors, first.AllText());
        var id = (string)Assert.Single(first.Output).Properties["Id"].Value;

        var again = t.Session.Run("1..2 | ForEach-Object { [pscustomobject]@{ 'Last Name' = 'Nakamura'; 'E-mail' = 'kn@zylker.example'; 'Lead Status' = 'Contacted' } } | New-ZcrmLead -DuplicateCheckField email");
        Assert.False(again.HadErrors, again.AllText());
        Assert.All(again.Output, o =>
        {
            Assert.Equal("updated", o.Properties["Action"].Value);
            Assert.Equal(id, o.Properties["Id"].Value);
        });
        var matches = t.Emulator.Records("Leads").Where(r => (r["Email"] as string) == "kn@zylker.example").ToList();
        Assert.Equal("Contacted", Assert.Single(matches)["Lead_Status"]);
        var upserts = t.Emulator.Requests.Snapshot().Where(r => r.Path == "/crm/v8/Leads/upsert").ToList();
        Assert.All(upserts, r => Assert.Equal(new[] { "Email" }, JsonNode.Parse(r.Body!)!["duplicate_check_fields"]!.AsArray().Select(n => (string)n!)));
    }

    [Fact]
    public async Task WhatIf_sends_nothing()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var create = t.RunConnected(MakeRows + "; New-Rows 5 whatif | New-ZcrmRecord -Module Leads -WhatIf; New-ZcrmLead -LastName X -WhatIf");
        Assert.False(create.HadErrors, create.AllText());
        Assert.Equal(0, t.Emulator.Requests.ApiCalls); // not even the field list is read

        var result = t.Session.Run("Get-ZcrmRecord -Module Leads -First 3 | Remove-ZcrmRecord -WhatIf; Get-ZcrmRecord -Module Leads -First 1 | Set-ZcrmRecord -Property @{ Lead_Status = 'Junk Lead' } -WhatIf");
        Assert.False(result.HadErrors, result.AllText());
        Assert.DoesNotContain(t.Emulator.Requests.Snapshot(), r => r.Method is "POST" or "PUT" or "DELETE");
        Assert.Equal(10, t.Emulator.Records("Leads").Count);
    }

    [Fact]
    public async Task A_429_in_the_middle_of_a_10_batch_run_loses_no_row()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        t.Session.Run(ZcrmTestContext.ConnectNoPersist + " | Out-Null", t.ConnectVariables);
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/v8/Leads", Method = "POST", Skip = 4, Count = 2, RetryAfterSeconds = 1 });
        var result = t.Session.Run(MakeRows + "; New-Rows 1000 burst | New-ZcrmRecord -Module Leads");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(1000, result.Output.Count(o => (string)o.Properties["Status"].Value == "Success"));
        Assert.Equal(12, InsertCalls(t)); // 10 batches, the fifth answered 429 twice before it went through
        Assert.Equal(1010, t.Emulator.Records("Leads").Count);
    }

    [Fact]
    public async Task A_batch_that_fails_as_a_whole_reports_every_row_of_it_and_the_rest_still_succeed()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        t.Session.Run(ZcrmTestContext.ConnectNoPersist + " -MaxRetryCount 0 | Out-Null", t.ConnectVariables);
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/v8/Leads", Method = "POST", Skip = 2, Count = 1 });
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, PathPrefix = "/crm/v8/Leads", Method = "POST", Skip = 3, Count = 1 });
        var result = t.Session.Run(MakeRows + "; New-Rows 500 whole | New-ZcrmRecord -Module Leads -ErrorVariable failed -ErrorAction SilentlyContinue; $failed");
        var results = result.Output.Where(o => o.BaseObject.GetType().Name == "ZcrmWriteResult").ToList();
        var errors = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().ToList();
        Assert.Equal(500, results.Count);
        Assert.Equal(300, results.Count(r => (string)r.Properties["Status"].Value == "Success"));
        Assert.Equal(200, errors.Count);
        Assert.Equal(100, errors.Count(e => e.FullyQualifiedErrorId.StartsWith("TOO_MANY_REQUESTS")));
        var unknown = errors.Where(e => e.FullyQualifiedErrorId.StartsWith("ZcrmOutcomeUnknown")).ToList();
        Assert.Equal(100, unknown.Count);
        Assert.Contains("-DuplicateCheckField", unknown[0].ErrorDetails.RecommendedAction);
        Assert.Equal(5, InsertCalls(t)); // the dropped insert was not repeated
    }

    [Fact]
    public async Task Set_sends_only_the_fields_that_changed_and_updates_100_per_call()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 300);
        var result = t.RunConnected("$leads = Get-ZcrmRecord -Module Leads -First 150; $leads | ForEach-Object { $_.Description = 'Reviewed in the 2026 audit'; $_ } | Set-ZcrmRecord");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(150, result.Output.Count(o => (string)o.Properties["Action"].Value == "updated"));
        var updates = t.Emulator.Requests.Snapshot().Where(r => r.Method == "PUT" && r.Path == "/crm/v8/Leads").ToList();
        Assert.Equal(2, updates.Count);
        var sent = JsonNode.Parse(updates[0].Body!)!["data"]!.AsArray();
        Assert.Equal(100, sent.Count);
        Assert.All(sent, record => Assert.Equal(new[] { "Description", "id" }, record!.AsObject().Select(p => p.Key).OrderBy(k => k)));

        var unchanged = t.Session.Run("Get-ZcrmRecord -Module Leads -First 1 | Set-ZcrmRecord");
        Assert.Equal("Skipped", Assert.Single(unchanged.Output).Properties["Status"].Value);
    }

    [Fact]
    public async Task Remove_deletes_100_ids_per_call_and_the_records_show_as_deleted()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 300);
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -First 150 | Remove-ZcrmRecord -Force");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(150, result.Output.Count(o => (string)o.Properties["Action"].Value == "deleted"));
        Assert.Equal(2, t.Emulator.Requests.Count(r => r.Method == "DELETE"));
        var deleted = t.Session.Run("Get-ZcrmDeletedRecord -Module Leads -Type Recycle -All | ForEach-Object { $_.id }");
        Assert.False(deleted.HadErrors, deleted.AllText());
        Assert.Equal(150, deleted.Output.Count);
    }

    [Fact]
    public async Task New_ZcrmLead_binds_the_usual_CSV_header_spellings_and_shows_credits_in_Verbose()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var result = t.RunConnected("""
            @(
                [pscustomobject]@{ 'Last Name' = 'Okafor'; 'First Name' = 'Ada'; 'Company' = 'Northwind'; 'E-mail' = 'ada@northwind.example'; 'Annual Revenue' = '250000'; 'No. of Employees' = '42' }
                [pscustomobject]@{ LastName = 'Smith'; Email = 'smith@northwind.example'; 'Email Opt Out' = 'yes' }
                [pscustomobject]@{ Last_Name = 'Jones'; Email = 'jones@northwind.example' }
            ) | New-ZcrmLead -Verbose
            """);
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(3, result.Output.Count(o => (string)o.Properties["Status"].Value == "Success"));
        var ada = t.Emulator.Records("Leads").Single(r => (r["Email"] as string) == "ada@northwind.example");
        Assert.Equal("Okafor", ada["Last_Name"]);
        Assert.Equal("Ada", ada["First_Name"]);
        Assert.Equal(42L, Convert.ToInt64(ada["No_of_Employees"]));
        Assert.Equal(true, t.Emulator.Records("Leads").Single(r => (r["Email"] as string) == "smith@northwind.example")["Email_Opt_Out"]);
        Assert.Contains(result.Verbose, v => v.Message.StartsWith("POST /crm/v8/Leads -> 201") && v.Message.Contains("(1 credit)"));
    }

    [Fact]
    public async Task A_value_that_cannot_be_converted_is_reported_without_being_sent()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var result = t.RunConnected("@{ Last_Name = 'X'; No_of_Employees = 'lots' }, @{ Last_Name = 'Y'; Nonsense_Field = 1 } | New-ZcrmRecord -Module Leads -ErrorAction SilentlyContinue -ErrorVariable failed; $failed.Count");
        Assert.Equal(1, (int)result.Output.Last().BaseObject);
        Assert.Single(result.Warnings, w => w.Message.Contains("Nonsense_Field"));
        var sent = JsonNode.Parse(t.Emulator.Requests.Snapshot().Single(r => r.Method == "POST").Body!)!["data"]!.AsArray();
        Assert.Equal("Y", (string)Assert.Single(sent)!["Last_Name"]!);
    }

    [Fact]
    public async Task A_lead_given_by_parameters_that_fails_can_be_piped_back_in_once_fixed()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var result = t.RunConnected("""
            New-ZcrmLead -LastName Parker -Company Daily -Email 'peter at example' -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
            $row = $failed[0].TargetObject
            $row.Email = 'peter@example.test'
            $row | New-ZcrmLead
            """);
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal("created", Assert.Single(result.Output).Properties["Action"].Value);
        Assert.Contains(t.Emulator.Records("Leads"), r => (r["Email"] as string) == "peter@example.test" && (r["Company"] as string) == "Daily");
    }

    [Fact]
    public async Task Columns_that_bind_to_nothing_are_named_in_a_warning()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var result = t.RunConnected("[pscustomobject]@{ 'Last Name' = 'Wu'; Hobby = 'chess' }, [pscustomobject]@{ 'Last Name' = 'Li'; Hobby = 'go' } | New-ZcrmLead");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Single(result.Warnings, w => w.Message.Contains("'Hobby'") && w.Message.Contains("-Property"));
    }

    [Fact]
    public async Task An_upsert_of_a_read_record_sends_the_whole_record()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 20);
        var result = t.RunConnected("$lead = Get-ZcrmRecord -Module Leads -First 1 -Field Last_Name, Email, Lead_Status; $lead.Lead_Status = 'Contacted'; $lead | Set-ZcrmRecord -Upsert -DuplicateCheckField Email");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal("updated", Assert.Single(result.Output).Properties["Action"].Value);
        var sent = JsonNode.Parse(t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads/upsert").Body!)!["data"]![0]!.AsObject();
        Assert.Equal(new[] { "Email", "Last_Name", "Lead_Status" }, sent.Select(p => p.Key).OrderBy(k => k));
    }
}
