using System.Management.Automation;
using ZohoCrm.Emulator;
using ZohoCrm.Emulator.Faults;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

public class GetRecordTests
{
    private static List<string> ExpectedLeadIdsNewestFirst(ZcrmTestContext t)
        => t.Emulator.Records("Leads").Where(r => !IsConverted(r)).Select(r => (string)r["id"]!).OrderByDescending(id => long.Parse(id)).ToList();

    private static bool IsConverted(IReadOnlyDictionary<string, object?> record)
        => record.TryGetValue("$converted", out var converted) && converted is true;

    private static int ListCalls(ZcrmTestContext t, string module = "Leads")
        => t.Emulator.Requests.Count(r => r.Method == "GET" && r.Path == "/crm/v8/" + module);

    [Fact]
    public async Task All_streams_every_record_once_in_order_switching_to_page_tokens_past_2000()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 5000);
        var expected = ExpectedLeadIdsNewestFirst(t);
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -All | ForEach-Object { $_.id }");

        Assert.False(result.HadErrors, result.AllText());
        var ids = result.Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(expected.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(expected, ids);

        var lists = t.Emulator.Requests.Snapshot().Where(r => r.Path == "/crm/v8/Leads").ToList();
        Assert.Equal((expected.Count + 199) / 200, lists.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(p => p.ToString()), lists.Take(10).Select(r => r.Query["page"]));
        Assert.All(lists.Skip(10), r => { Assert.True(r.Query.ContainsKey("page_token")); Assert.False(r.Query.ContainsKey("page")); });
        Assert.All(lists, r => Assert.Equal("200", r.Query["per_page"]));
    }

    [Fact]
    public async Task First_fetches_no_page_it_does_not_need()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 1000);
        var ten = t.RunConnected("Get-ZcrmRecord -Module Leads -First 10");
        Assert.False(ten.HadErrors, ten.AllText());
        Assert.Equal(10, ten.Output.Count);
        Assert.Equal(1, ListCalls(t));
        Assert.Equal("10", t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads").Query["per_page"]);

        t.Emulator.Requests.Clear();
        var more = t.Session.Run("Get-ZcrmRecord -Module Leads -First 250");
        Assert.Equal(250, more.Output.Count);
        Assert.Equal(2, ListCalls(t));
    }

    [Fact]
    public async Task Without_All_one_page_comes_back_with_a_warning_that_more_exist()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 450);
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -PageSize 100 -Page 2");
        Assert.Equal(100, result.Output.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("-All", warning.Message);
        Assert.Equal("2", t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads").Query["page"]);
    }

    [Fact]
    public async Task Records_are_typed_objects_that_know_their_module()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 20);
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -First 1");
        Assert.False(result.HadErrors, result.AllText());
        var lead = Assert.Single(result.Output);
        Assert.Equal("ZohoCrm.Record#Leads", lead.TypeNames[0]);
        Assert.Contains("ZohoCrm.Record", lead.TypeNames);
        Assert.IsType<string>(lead.Properties["id"].Value);
        Assert.IsType<DateTimeOffset>(lead.Properties["Created_Time"].Value);
        Assert.IsType<DateTimeOffset>(lead.Properties["Modified_Time"].Value);
        var owner = Assert.IsAssignableFrom<PSObject>(lead.Properties["Owner"].Value);
        Assert.Equal("ZohoCrm.Lookup", owner.TypeNames[0]);
        Assert.False(string.IsNullOrEmpty(owner.Properties["name"].Value as string));
        var shown = t.Session.Run("$lead = Get-ZcrmRecord -Module Leads -First 1; \"$($lead.Owner)\"");
        Assert.Equal(owner.Properties["name"].Value, Assert.Single(shown.Output).BaseObject);
        if (lead.Properties["No_of_Employees"].Value != null) Assert.IsType<long>(lead.Properties["No_of_Employees"].Value);
        if (lead.Properties["Annual_Revenue"].Value != null) Assert.IsType<decimal>(lead.Properties["Annual_Revenue"].Value);
        Assert.IsType<bool>(lead.Properties["Email_Opt_Out"].Value);
    }

    /// <summary>
    /// Records stream as light objects whose fields become PowerShell values on first read, so check what a user relies
    /// on at the prompt: names in any case, one lookup object per field (an edit to it stays), assigning, adding a
    /// property, filtering, the text form and strict mode's error, a copy that changes apart from the record, and an
    /// edited record sending only its change.
    /// </summary>
    [Fact]
    public async Task Records_behave_like_objects_at_the_prompt()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 30);
        var result = t.RunConnected("""
            $records = @(Get-ZcrmRecord -Module Leads -All)
            $lead = $records[0]
            $lead.full_name -ceq $lead.Full_Name
            [object]::ReferenceEquals($lead.Owner, $lead.Owner)
            $lead.Owner.name = 'Renamed'
            $lead.Owner.name
            $lead.City = 'Pune'
            $lead.City
            $lead.PSObject.Properties.Add([psnoteproperty]::new('Note', 'kept'))
            $lead.Note
            "$lead".StartsWith('@{')
            $status = $records[1].Lead_Status
            @($records | Where-Object Lead_Status -eq $status).Count
            Set-StrictMode -Version Latest
            try { $lead.No_Such_Field; 'no error' } catch { $_.FullyQualifiedErrorId }
            Set-StrictMode -Off
            $copy = $lead.PSObject.Copy()
            $copy.City = 'Copied'
            $copy.Owner.name = 'Copied owner'
            $lead.City + '|' + $lead.Owner.name + '|' + $copy.City
            $lead | Set-ZcrmRecord | ForEach-Object Status
            $lead.GetType().FullName + '|' + ($lead -is [ZohoCrm.Record]) + '|' + ($lead.GetType() -eq (Get-ZcrmRecord -Module Leads -All)[5].GetType())
            """);
        Assert.False(result.HadErrors, result.AllText());
        var o = result.Output.Select(x => x.BaseObject).ToList();
        Assert.Equal(true, o[0]);
        Assert.Equal(true, o[1]);
        Assert.Equal("Renamed", o[2]);
        Assert.Equal("Pune", o[3]);
        Assert.Equal("kept", o[4]);
        Assert.Equal(true, o[5]);
        var open = t.Emulator.Records("Leads").Where(r => r["$converted"] is false).OrderByDescending(r => long.Parse((string)r["id"]!)).ToList();
        Assert.Equal(open.Count(r => Equals(r["Lead_Status"], open[1]["Lead_Status"])), o[6]);
        Assert.Equal("PropertyNotFoundStrict", o[7]);
        Assert.Equal("Pune|Renamed|Copied", o[8]);
        Assert.Equal("Success", o[9]);
        // One class per field set, made once: a second read of the same fields gets the same class.
        Assert.Equal("ZohoCrm.Record#Leads|True|True", o[10]);
        // The owner's name is not sent: a lookup compares by id, and the id did not change; the added note is not a field.
        var update = t.Emulator.Requests.Snapshot().Single(r => r.Method == "PUT");
        var sent = System.Text.Json.Nodes.JsonNode.Parse(update.Body!)!["data"]![0]!.AsObject();
        Assert.Equal(new[] { "City", "id" }, sent.Select(p => p.Key).Order());
    }

    /// <summary>
    /// ForEach-Object -Parallel runs its script in runspaces that have not imported the module (no type or format data
    /// of ours); fields must still read (and set) there, for records and for bulk read rows alike, also after this
    /// runspace has read them (PowerShell shares its member-access rules between runspaces).
    /// </summary>
    [Fact]
    public async Task Record_fields_read_in_runspaces_without_the_module()
    {
        await using var t = await ZcrmTestContext.StartWithQuickBulkJobsAsync(10);
        var result = t.RunConnected("""
            $records = @(Get-ZcrmRecord -Module Leads -First 3)
            $rows = @(Start-ZcrmBulkRead -Module Leads -Wait | Receive-ZcrmBulkRead)
            $expected = @($records | ForEach-Object { $_.Full_Name + '|' + $_.Owner.name }) + @($rows[0..2] | ForEach-Object { $_.Email + '|' + $_.Owner.id })
            $seen = @($records | ForEach-Object -Parallel { $_.Full_Name + '|' + $_.Owner.name } -ThrottleLimit 2) +
                @($rows[0..2] | ForEach-Object -Parallel { $_.City = 'Set there'; $_.Email + '|' + $_.Owner.id } -ThrottleLimit 2)
            $expected = [string[]]$expected; [Array]::Sort($expected, [StringComparer]::Ordinal)
            $seen = [string[]]$seen; [Array]::Sort($seen, [StringComparer]::Ordinal)
            [string]::Join(';', $expected)
            [string]::Join(';', $seen)
            $rows[0].City
            """);
        Assert.False(result.HadErrors, result.AllText());
        var expected = (string)result.Output[0].BaseObject;
        Assert.DoesNotContain("|;", expected + ";");
        Assert.Equal(expected, result.Output[1].BaseObject);
        Assert.Equal("Set there", result.Output[2].BaseObject);
    }

    [Fact]
    public async Task Field_sort_and_filter_parameters_reach_the_API()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 300);
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -Field last_name,Email -SortBy Created_Time -SortOrder asc -Converted both -PageSize 50");
        Assert.False(result.HadErrors, result.AllText());
        var request = t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads");
        Assert.Equal("Last_Name,Email", request.Query["fields"]);
        Assert.Equal("Created_Time", request.Query["sort_by"]);
        Assert.Equal("asc", request.Query["sort_order"]);
        Assert.Equal("both", request.Query["converted"]);
        Assert.Equal(new HashSet<string> { "id", "Last_Name", "Email" }, result.Output[0].Properties.Select(p => p.Name).ToHashSet());
        Assert.Equal(50, result.Output.Count);
    }

    [Fact]
    public async Task Ids_from_the_pipeline_are_fetched_100_per_call_in_input_order_and_unknown_ids_are_errors()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 300);
        var ids = t.Emulator.Records("Leads").Select(r => (string)r["id"]!).Take(150).Reverse().ToList();
        var result = t.RunConnected("$ids | Get-ZcrmRecord -Module Leads -Field Last_Name | ForEach-Object { $_.id }", ("ids", ids.Append("4150868999999999999").ToArray()));
        Assert.Equal(ids, result.Output.Select(o => (string)o.BaseObject));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ZcrmRecordNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(2, ListCalls(t));
    }

    [Fact]
    public async Task One_id_is_read_whole()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var id = (string)t.Emulator.Records("Leads")[3]["id"]!;
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -Id $id", ("id", id));
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(id, Assert.Single(result.Output).Properties["id"].Value);
        Assert.Contains(t.Emulator.Requests.Snapshot(), r => r.Path == "/crm/v8/Leads/" + id);
    }

    [Fact]
    public async Task Zoho_errors_become_error_records_with_Zoho_code_and_a_fitting_category()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var result = t.RunConnected("Get-ZcrmRecord -Module NoSuchModule");
        var error = Assert.IsType<ErrorRecord>(result.Error);
        Assert.StartsWith("INVALID_MODULE,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("module", error.ErrorDetails.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task A_module_named_in_another_case_is_corrected()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var result = t.RunConnected("Get-ZcrmRecord -Module leads -First 2");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(2, result.Output.Count);
        Assert.Equal("ZohoCrm.Record#Leads", result.Output[0].TypeNames[0]);
    }

    [Fact]
    public async Task An_access_token_that_expires_mid_paging_is_refreshed_with_no_gap_or_duplicate()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 3000);
        var expected = ExpectedLeadIdsNewestFirst(t);
        t.Session.Run(ZcrmTestContext.ConnectNoPersist + " | Out-Null", t.ConnectVariables);
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.ExpireAccessTokens, PathPrefix = "/crm/v8/Leads", Skip = 4, Count = 1 });
        var result = t.Session.Run("Get-ZcrmRecord -Module Leads -All | ForEach-Object { $_.id }");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(expected, result.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(2, t.Emulator.Requests.TokenCalls);
    }

    [Fact]
    public async Task A_429_burst_and_a_500_are_survived()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 1200);
        var expected = ExpectedLeadIdsNewestFirst(t);
        t.Session.Run(ZcrmTestContext.ConnectNoPersist + " | Out-Null", t.ConnectVariables);
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, PathPrefix = "/crm/v8/Leads", Skip = 2, Count = 2, RetryAfterSeconds = 1 });
        t.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.InternalError, PathPrefix = "/crm/v8/Leads", Skip = 5, Count = 1 });
        var result = t.Session.Run("Get-ZcrmRecord -Module Leads -All -Verbose | ForEach-Object { $_.id }");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(expected, result.Output.Select(o => (string)o.BaseObject));
        var retries = result.Verbose.Where(v => v.Message.StartsWith("Retrying GET /crm/v8/Leads")).ToList();
        Assert.Equal(3, retries.Count);
        Assert.Contains(retries, v => v.Message.Contains("in 1.1 s") && v.Message.Contains("429"));
    }

    [Fact]
    public async Task Stopping_mid_paging_ends_the_command_within_a_page()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => { o.Leads = 5000; o.LatencyMs = 150; });
        t.Session.Run(ZcrmTestContext.ConnectNoPersist + " | Out-Null", t.ConnectVariables);
        t.Emulator.Requests.Clear();
        var (result, _) = t.Session.RunAndStop("Get-ZcrmRecord -Module Leads -All", r => r.Output.Count >= 400, TimeSpan.FromSeconds(60));
        var callsAtStop = ListCalls(t);
        Thread.Sleep(600);
        Assert.Equal(callsAtStop, ListCalls(t)); // nothing is requested after the stop
        Assert.True(callsAtStop <= 5, $"{callsAtStop} pages were requested before the stop took effect");
        Assert.InRange(result.Output.Count, 400, 1000);
        Assert.IsType<PipelineStoppedException>(result.Terminating);
    }

    [Fact]
    public async Task A_pipeline_that_ends_early_stops_the_paging()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 3000);
        var result = t.RunConnected("$n = 0; foreach ($i in 1) { Get-ZcrmRecord -Module Leads -All | ForEach-Object { $n++; if ($n -ge 250) { break } } }; $n");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(250, Assert.Single(result.Output).BaseObject);
        Assert.True(ListCalls(t) <= 4, $"{ListCalls(t)} pages fetched");
    }

    [Fact]
    public async Task Modified_since_sends_If_Modified_Since_and_nothing_newer_is_simply_no_records()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 50);
        var result = t.RunConnected("Get-ZcrmRecord -Module Leads -ModifiedSince ([datetime]::Now.AddYears(5)) -All");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Empty(result.Output);
        var request = t.Emulator.Requests.Snapshot().Single(r => r.Path == "/crm/v8/Leads");
        Assert.Equal(304, request.StatusCode);
    }

    [Fact]
    public async Task What_Zoho_would_refuse_is_refused_before_any_call()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var page = t.RunConnected("Get-ZcrmRecord -Module Leads -Page 11");
        Assert.StartsWith("ZcrmPageOutOfReach", Assert.IsType<ErrorRecord>(page.Error).FullyQualifiedErrorId);
        var view = t.Session.Run("Get-ZcrmRecord -Module Leads -CustomViewId 1 -SortBy id");
        Assert.StartsWith("ZcrmConflictingParameters", Assert.IsType<ErrorRecord>(view.Error).FullyQualifiedErrorId);
        Assert.Equal(0, t.Emulator.Requests.ApiCalls);
    }
}
