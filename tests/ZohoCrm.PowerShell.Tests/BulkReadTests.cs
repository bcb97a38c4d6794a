using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

/// <summary>Bulk export through the hosted engine: Start-, Get-, Wait- and Receive-ZcrmBulkRead against the emulator.</summary>
public class BulkReadTests
{
    private const string ReadPath = "/crm/bulk/v8/read";

    /// <summary>Jobs that finish in a few tens of milliseconds, so the tests take seconds.</summary>
    private static Task<ZcrmTestContext> StartAsync(int leads, Action<EmulatorOptions>? configure = null) => ZcrmTestContext.StartWithQuickBulkJobsAsync(leads, configure);

    private static List<IReadOnlyDictionary<string, object?>> OpenLeads(ZcrmTestContext t)
        => t.Emulator.Records("Leads").Where(r => r["$converted"] is false).ToList();

    private static int Creates(ZcrmTestContext t) => t.Emulator.Requests.Count(r => r.Method == "POST" && r.Path == ReadPath);

    private static ErrorRecord SingleError(ScriptResult result) => Assert.Single(result.AllErrors);

    [Fact]
    public async Task A_5000_lead_export_yields_exactly_the_emulators_records_with_the_values_Get_ZcrmRecord_gives()
    {
        await using var t = await StartAsync(5000);
        var bulk = t.RunConnected("Start-ZcrmBulkRead -Module Leads -Wait | Receive-ZcrmBulkRead");
        Assert.False(bulk.HadErrors, bulk.AllText());
        var requests = t.Emulator.Requests.Snapshot().Where(r => r.Path.StartsWith(ReadPath, StringComparison.Ordinal)).ToList();
        Assert.Equal(1, requests.Count(r => r.Method == "POST"));
        Assert.Equal(1, requests.Count(r => r.Path.EndsWith("/result", StringComparison.Ordinal)));
        Assert.Equal(0, t.Emulator.Requests.Count(r => r.Path == "/crm/v8/Leads"));

        var expected = OpenLeads(t).Select(r => (string)r["id"]!).ToHashSet();
        var rows = bulk.Output.ToDictionary(o => (string)o.Properties["id"].Value);
        Assert.Equal(5000 - (5000 - expected.Count), rows.Count);
        Assert.Equal(bulk.Output.Count, rows.Count);
        Assert.True(expected.SetEquals(rows.Keys));
        Assert.All(bulk.Output.Take(5), o => Assert.Equal("ZohoCrm.Record#Leads", o.TypeNames[0]));
        Assert.Contains(bulk.Progress, p => p.Activity.StartsWith("Receiving bulk read job", StringComparison.Ordinal) && p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(bulk.Progress, p => p.Activity.StartsWith("Waiting for bulk read job", StringComparison.Ordinal) && p.RecordType == ProgressRecordType.Completed);

        var paged = t.Session.Run("Get-ZcrmRecord -Module Leads -All");
        Assert.False(paged.HadErrors, paged.AllText());
        var compared = 0;
        foreach (var record in paged.Output)
        {
            var row = rows[(string)record.Properties["id"].Value];
            foreach (var property in record.Properties.Where(p => p.Name != "Tag"))
            {
                var cell = row.Properties[property.Name];
                Assert.True(cell != null, $"the export lacks {property.Name}");
                AssertSameValue(property.Name, property.Value, cell!.Value);
                compared++;
            }
        }
        Assert.True(compared > 5000 * 20, $"{compared} values compared");
    }

    /// <summary>Same value and type; a lookup (which a bulk file carries only as an id) by its id.</summary>
    private static void AssertSameValue(string name, object? paged, object? exported)
    {
        if (paged is PSObject lookup && lookup.Properties["id"] != null)
        {
            var row = Assert.IsAssignableFrom<PSObject>(exported);
            Assert.Equal("ZohoCrm.Lookup", row.TypeNames[0]);
            Assert.Equal(lookup.Properties["id"].Value, row.Properties["id"].Value);
            return;
        }
        if (paged is object?[] many)
        {
            Assert.Equal(many, Assert.IsType<object?[]>(exported));
            return;
        }
        Assert.True(Equals(paged, exported) && paged?.GetType() == exported?.GetType(),
            $"{name}: Get-ZcrmRecord gave {paged} ({paged?.GetType().Name}), the export {exported} ({exported?.GetType().Name})");
    }

    [Fact]
    public async Task A_filtered_export_yields_exactly_the_matching_records()
    {
        await using var t = await StartAsync(3000);
        var result = t.RunConnected("""
            $job = Start-ZcrmBulkRead -Module Leads -Field Last_Name, Lead_Source, No_of_Employees -Filter @{ Lead_Source = 'Web Download', 'Partner'; No_of_Employees = @{ gt = 50 } }
            $job | Wait-ZcrmBulkRead | Receive-ZcrmBulkRead
            """);
        Assert.False(result.HadErrors, result.AllText());
        var expected = OpenLeads(t)
            .Where(r => (r["Lead_Source"] as string) is "Web Download" or "Partner" && r["No_of_Employees"] is long n && n > 50)
            .Select(r => (string)r["id"]!).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Output.Select(o => (string)o.Properties["id"].Value));
        Assert.All(result.Output, o => Assert.Equal(new[] { "id", "Last_Name", "Lead_Source", "No_of_Employees" }, o.Properties.Select(p => p.Name)));

        var body = JsonNode.Parse(t.Emulator.Requests.Snapshot().Single(r => r.Method == "POST" && r.Path == ReadPath).Body!)!;
        var criteria = body["query"]!["criteria"]!;
        Assert.Equal("and", criteria["group_operator"]!.GetValue<string>());
        var conditions = criteria["group"]!.AsArray().ToDictionary(c => c!["field"]!["api_name"]!.GetValue<string>());
        Assert.Equal("in", conditions["Lead_Source"]!["comparator"]!.GetValue<string>());
        Assert.Equal(new[] { "Web Download", "Partner" }, conditions["Lead_Source"]!["value"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("greater_than", conditions["No_of_Employees"]!["comparator"]!.GetValue<string>());
        Assert.Equal(50, conditions["No_of_Employees"]!["value"]!.GetValue<long>());
        Assert.Equal("csv", body["file_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task All_follows_more_records_over_several_pages_and_yields_every_record_once()
    {
        await using var t = await StartAsync(1000, o => o.BulkReadPageSize = 400);
        var expected = OpenLeads(t).Select(r => (string)r["id"]!).ToList();
        Assert.InRange(expected.Count, 801, 1000);
        var result = t.RunConnected("Start-ZcrmBulkRead -Module Leads -Field Last_Name -Wait | Receive-ZcrmBulkRead -All | ForEach-Object { $_.id }");
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(expected, result.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(3, Creates(t));
        var bodies = t.Emulator.Requests.Snapshot().Where(r => r.Method == "POST" && r.Path == ReadPath).Select(r => JsonNode.Parse(r.Body!)!["query"]!).ToList();
        Assert.Equal(1, bodies[0]["page"]!.GetValue<int>());
        Assert.All(bodies.Skip(1), q => Assert.False(string.IsNullOrEmpty(q["page_token"]?.GetValue<string>())));
        Assert.Equal(new[] { 400, 400, expected.Count - 800 }, t.Emulator.BulkReads.Jobs.Select(j => j.Count));

        var file = Path.Combine(Directory.CreateTempSubdirectory("zcrm-bulk-").FullName, "leads.csv");
        var written = t.Session.Run("Start-ZcrmBulkRead -Module Leads -Field Last_Name, Email -OutFile $file -All", ("file", file));
        Assert.False(written.HadErrors, written.AllText());
        Assert.Equal(file, Assert.IsType<FileInfo>(Assert.Single(written.Output).BaseObject).FullName);
        var lines = File.ReadAllLines(file);
        Assert.Equal("\"id\",\"Last_Name\",\"Email\"", lines[0]);
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Split(',')[0].Trim('"')));
    }

    [Fact]
    public async Task A_FAILURE_job_becomes_an_error_with_Zohos_reason()
    {
        await using var t = await StartAsync(100);
        t.RunConnected("$null");
        t.Emulator.BulkReads.FailNextJob("Export could not be prepared for this module.");
        var waited = t.Session.Run("Start-ZcrmBulkRead -Module Leads -Wait");
        var error = SingleError(waited);
        Assert.StartsWith("ZcrmBulkReadFailed", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Contains("Export could not be prepared for this module.", error.ErrorDetails.Message);
        Assert.NotNull(error.ErrorDetails.RecommendedAction);

        t.Emulator.BulkReads.FailNextJob("Second failure.");
        var piped = t.Session.Run("Start-ZcrmBulkRead -Module Leads | Wait-ZcrmBulkRead -ErrorVariable failed; $failed.Count");
        Assert.Equal(1, Assert.Single(piped.Output).BaseObject);
        Assert.Contains("Second failure.", SingleError(piped).ErrorDetails.Message);
    }

    [Fact]
    public async Task An_expired_download_says_to_start_a_new_job()
    {
        await using var t = await StartAsync(100);
        var result = t.RunConnected("""
            $job = Start-ZcrmBulkRead -Module Leads -Wait
            $null = $expire.Invoke()
            $job | Receive-ZcrmBulkRead
            """, ("expire", new Func<int>(() => t.Emulator.BulkReads.ExpireDownloads())));
        var error = SingleError(result);
        Assert.StartsWith("ZcrmBulkDownloadExpired", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Contains("start a new job", error.ErrorDetails.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Start-ZcrmBulkRead", error.ErrorDetails.RecommendedAction);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Stopping_during_a_download_ends_the_command_promptly()
    {
        await using var t = await StartAsync(20000);
        var job = t.RunConnected("Start-ZcrmBulkRead -Module Leads -Wait");
        Assert.False(job.HadErrors, job.AllText());
        var (result, stopTook) = t.Session.RunAndStop("$job | Receive-ZcrmBulkRead", r => r.Output.Count >= 500, TimeSpan.FromSeconds(60), ("job", Assert.Single(job.Output)));
        Assert.IsType<PipelineStoppedException>(result.Terminating);
        Assert.True(stopTook < TimeSpan.FromSeconds(2), $"the stop took {stopTook}");
        Assert.InRange(result.Output.Count, 500, 19000);
        Assert.Equal(1, Creates(t));
    }

    [Theory]
    [InlineData("-Filter @{ City = @{ in = 1..21 } }", "ZcrmTooManyValues")]
    [InlineData("-Filter $many", "ZcrmTooManyConditions")]
    [InlineData("-Criteria ('{\"group_operator\":\"or\",\"group\":[' + (@(1..26 | ForEach-Object { '{\"api_name\":\"City\",\"comparator\":\"equal\",\"value\":\"x\"}' }) -join ',') + ']}')", "ZcrmTooManyConditions")]
    [InlineData("-Filter @{ City = @{ around = 'Pune' } }", "ZcrmInvalidOperator")]
    [InlineData("-Field Email -All", "ZcrmConflictingParameters")]
    [InlineData("-CallbackUrl 'http://hooks.example.com/zoho'", "ZcrmInvalidCallbackUrl")]
    public async Task What_Zoho_refuses_is_refused_before_any_call(string parameters, string errorId)
    {
        await using var t = await StartAsync(10);
        var many = new Hashtable();
        for (var i = 0; i < 26; i++) many["Field" + i] = "x";
        var result = t.RunConnected("Start-ZcrmBulkRead -Module Leads " + parameters, ("many", many));
        Assert.StartsWith(errorId, SingleError(result).FullyQualifiedErrorId);
        Assert.Empty(t.Emulator.Requests.Snapshot());
    }

    [Theory]
    [InlineData("-Filter @{ Description = 'x' }", "ZcrmFieldNotFilterable")]
    [InlineData("-Filter @{ Lead_Status = @{ contains = 'Cold' } }", "ZcrmInvalidOperator")]
    [InlineData("-Filter @{ No_Such_Field = 'x' }", "ZcrmUnknownField")]
    [InlineData("-Field Last_Name, Nope", "ZcrmUnknownField")]
    public async Task Filters_the_field_types_refuse_are_refused_before_a_job_is_started(string parameters, string errorId)
    {
        await using var t = await StartAsync(10);
        var result = t.RunConnected("Start-ZcrmBulkRead -Module Leads " + parameters);
        Assert.StartsWith(errorId, SingleError(result).FullyQualifiedErrorId);
        Assert.Equal(0, Creates(t));
    }

    [Fact]
    public async Task WhatIf_starts_no_job_and_a_module_in_another_case_is_corrected()
    {
        await using var t = await StartAsync(10);
        var whatIf = t.RunConnected("Start-ZcrmBulkRead -Module Leads -WhatIf");
        Assert.False(whatIf.HadErrors, whatIf.AllText());
        Assert.Empty(t.Emulator.Requests.Snapshot());

        var job = t.Session.Run("Start-ZcrmBulkRead -Module leads -Field last_name");
        Assert.False(job.HadErrors, job.AllText());
        var started = Assert.Single(job.Output);
        Assert.Equal("ZohoCrm.BulkReadJob", started.TypeNames[0]);
        Assert.Equal("Leads", started.Properties["Module"].Value);
        Assert.Equal("ADDED", started.Properties["State"].Value);
        var body = JsonNode.Parse(t.Emulator.Requests.Snapshot().Single(r => r.Method == "POST" && r.Path == ReadPath).Body!)!;
        Assert.Equal("Leads", body["query"]!["module"]!["api_name"]!.GetValue<string>());
        Assert.Equal(new[] { "Last_Name" }, body["query"]!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Get_reads_state_by_id_and_Receive_refuses_an_unfinished_job()
    {
        await using var t = await StartAsync(10, o => o.BulkReadInProgressDuration = TimeSpan.FromMinutes(5));
        var result = t.RunConnected("""
            $job = Start-ZcrmBulkRead -Module Leads
            $job.Id | Get-ZcrmBulkRead
            Get-ZcrmBulkRead -Id 5725767000000999001, $job.Id
            $job | Receive-ZcrmBulkRead
            """);
        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal("ZohoCrm.BulkReadJob", o.TypeNames[0]));
        Assert.Equal("Leads", result.Output[0].Properties["Module"].Value);
        var errors = result.AllErrors.ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("RESOURCE_NOT_FOUND", errors[0].FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, errors[0].CategoryInfo.Category);
        Assert.StartsWith("ZcrmBulkReadNotCompleted", errors[1].FullyQualifiedErrorId);
        Assert.Contains("Wait-ZcrmBulkRead", errors[1].ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task The_download_limit_429_is_waited_out()
    {
        // The window is long enough that the second download always lands in it, even on a loaded machine.
        await using var t = await StartAsync(50, o => { o.BulkDownloadsPerWindow = 1; o.BulkDownloadWindow = TimeSpan.FromSeconds(3); });
        var result = t.RunConnected("$job = Start-ZcrmBulkRead -Module Leads -Field Last_Name -Wait; ($job | Receive-ZcrmBulkRead).Count; ($job | Receive-ZcrmBulkRead -Verbose).Count");
        Assert.False(result.HadErrors, result.AllText());
        var open = OpenLeads(t).Count;
        Assert.Equal(new object[] { open, open }, result.Output.Select(o => o.BaseObject));
        var downloads = t.Emulator.Requests.Snapshot().Where(r => r.Path.EndsWith("/result", StringComparison.Ordinal)).Select(r => r.StatusCode).ToList();
        Assert.Equal(new[] { 200, 429, 200 }, downloads);
        Assert.Contains(result.Verbose, v => v.Message.StartsWith("Retrying GET /crm/bulk/v8/read/", StringComparison.Ordinal) && v.Message.Contains("429"));
    }

    [Fact]
    public async Task Exported_rows_pipe_into_Set_ZcrmRecord_which_sends_only_what_changed()
    {
        await using var t = await StartAsync(20);
        var id = (string)OpenLeads(t)[3]["id"]!;
        var result = t.RunConnected("Start-ZcrmBulkRead -Module Leads -Filter @{ id = $id } -Wait | Receive-ZcrmBulkRead | ForEach-Object { $_.City = 'Pune'; $_ } | Set-ZcrmRecord", ("id", id));
        Assert.False(result.HadErrors, result.AllText());
        var update = t.Emulator.Requests.Snapshot().Single(r => r.Method == "PUT");
        var sent = JsonNode.Parse(update.Body!)!["data"]![0]!.AsObject();
        Assert.Equal(new[] { "City", "id" }, sent.Select(p => p.Key).Order());
        Assert.Equal("Pune", t.Emulator.Records("Leads").Single(r => (string)r["id"]! == id)["City"]);
    }

    /// <summary>
    /// Rows stream as light objects whose fields are typed on first read, so check what a user relies on at the
    /// prompt: columns in the file's order, names in any case, types like Get-ZcrmRecord's, setting a field, adding a
    /// property, filtering, the text form, and strict mode's error for a field the export lacks.
    /// </summary>
    [Fact]
    public async Task Exported_rows_behave_like_records_at_the_prompt()
    {
        await using var t = await StartAsync(30);
        var result = t.RunConnected("""
            $rows = @(Start-ZcrmBulkRead -Module Leads -Field Last_Name, Email, Lead_Status, Created_Time, No_of_Employees, Owner, Product_Interest -Wait | Receive-ZcrmBulkRead)
            $row = $rows[0]
            [string]::Join(',', @($row.PSObject.Properties | ForEach-Object Name))
            $row.PSObject.TypeNames[0]
            $row.last_name -ceq $row.Last_Name
            $row.Created_Time.GetType().FullName
            $row.No_of_Employees.GetType().FullName
            $row.Owner.id
            $row.Owner.PSObject.TypeNames[0]
            ,$row.Product_Interest
            $row.Last_Name = 'Changed'
            $row.Last_Name
            $row.PSObject.Properties.Add([psnoteproperty]::new('Note', 'kept'))
            $row.Note
            "$row".StartsWith('@{id=' + $row.id + '; Last_Name=Changed;')
            $status = $rows[1].Lead_Status
            @($rows | Where-Object Lead_Status -eq $status).Count
            $null -eq $row.No_Such_Field
            Set-StrictMode -Version Latest
            try { $row.No_Such_Field; 'no error' } catch { $_.FullyQualifiedErrorId }
            """);
        Assert.False(result.HadErrors, result.AllText());
        var o = result.Output.Select(x => x.BaseObject).ToList();
        Assert.Equal("id,Last_Name,Email,Lead_Status,Created_Time,No_of_Employees,Owner,Product_Interest", o[0]);
        Assert.Equal("ZohoCrm.Record#Leads", o[1]);
        Assert.Equal(true, o[2]);
        Assert.Equal("System.DateTimeOffset", o[3]);
        Assert.Equal("System.Int64", o[4]);
        var leads = OpenLeads(t);
        var first = leads.OrderBy(r => long.Parse((string)r["id"]!)).First();
        Assert.Equal(((IReadOnlyDictionary<string, object?>)first["Owner"]!)["id"], o[5]);
        Assert.Equal("ZohoCrm.Lookup", o[6]);
        Assert.Equal(((IEnumerable)first["Product_Interest"]!).Cast<object>().Select(v => v.ToString()), ((IEnumerable)o[7]).Cast<object>().Select(v => v.ToString()));
        Assert.Equal("Changed", o[8]);
        Assert.Equal("kept", o[9]);
        Assert.Equal(true, o[10]);
        var status = leads.OrderBy(r => long.Parse((string)r["id"]!)).ElementAt(1)["Lead_Status"];
        Assert.Equal(leads.Count(r => Equals(r["Lead_Status"], status)), o[11]);
        Assert.Equal(true, o[12]);
        Assert.Equal("PropertyNotFoundStrict", o[13]);
    }

    [Fact]
    public async Task Exported_rows_pipe_into_New_ZcrmRecord_to_copy_records_with_their_fields_and_lookups()
    {
        await using var t = await StartAsync(10);
        var lead = OpenLeads(t)[2];
        var id = (string)lead["id"]!;
        var result = t.RunConnected("""
            Start-ZcrmBulkRead -Module Leads -Field Last_Name, Email, Owner, Product_Interest -Filter @{ id = $id } -Wait |
                Receive-ZcrmBulkRead | ForEach-Object { $_.Email = 'copy.' + $_.Email; $_ } | New-ZcrmRecord -Module Leads
            """, ("id", id));
        Assert.False(result.HadErrors, result.AllText());
        var created = Assert.Single(result.Output);
        Assert.Equal("Success", created.Properties["Status"].Value);
        var insert = t.Emulator.Requests.Snapshot().Single(r => r.Method == "POST" && r.Path == "/crm/v8/Leads");
        var sent = JsonNode.Parse(insert.Body!)!["data"]![0]!.AsObject();
        Assert.False(sent.ContainsKey("id"));
        Assert.Equal((string)lead["Last_Name"]!, (string)sent["Last_Name"]!);
        Assert.Equal("copy." + (string)lead["Email"]!, (string)sent["Email"]!);
        Assert.Equal((string)((IReadOnlyDictionary<string, object?>)lead["Owner"]!)["id"]!, (string)sent["Owner"]!["id"]!);
        var copy = t.Emulator.Records("Leads").Single(r => (string)r["id"]! == (string)created.Properties["Id"].Value);
        Assert.Equal("copy." + (string)lead["Email"]!, copy["Email"]);
    }
}
