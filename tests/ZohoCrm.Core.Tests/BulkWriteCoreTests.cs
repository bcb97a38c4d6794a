using System.IO.Compression;
using System.Text;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>The bulk write workflow: field maps, files within Zoho's limits, the result join, and the whole round trip against the emulator.</summary>
public class BulkWriteCoreTests
{
    private static readonly ZohoField[] LeadFields =
    {
        new ZohoField("Last_Name", "Last Name", "text") { SystemMandatory = true },
        new ZohoField("Email", "Email", "email"),
        new ZohoField("Mobile", "Mobile", "phone"),
        new ZohoField("No_of_Employees", "No. of Employees", "integer"),
        new ZohoField("Owner", "Lead Owner", "ownerlookup"),
        new ZohoField("Product_Interest", "Product Interest", "multiselectpicklist"),
        new ZohoField("Follow_Up", "Follow Up", "date"),
        new ZohoField("Created_Time", "Created Time", "datetime") { ReadOnly = true },
    };

    private static List<KeyValuePair<string, object?>> Row(params (string Key, object? Value)[] values) => values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)).ToList();

    private static BulkWriteImport NewImport(string operation = "insert", string? findBy = null) => new(operation, new RecordPayloadBuilder("Leads", LeadFields), LeadFields, findBy);

    private static List<string[]> CsvOf(BulkWriteFile file)
    {
        using var stream = file.OpenRead();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        Assert.Single(zip.Entries);
        using var csv = new CsvReader(new StreamReader(zip.Entries[0].Open(), Encoding.UTF8));
        var rows = new List<string[]>();
        var cells = new List<string>();
        while (csv.ReadRow(cells)) rows.Add(cells.ToArray());
        return rows;
    }

    [Fact]
    public void A_field_map_renames_transforms_leaves_out_empty_values_and_reports_unmapped_columns_once()
    {
        var map = new FieldMap(new[]
        {
            new FieldMapEntry("E-mail", "Email"),
            new FieldMapEntry("Surname", "Last Name"),
            new FieldMapEntry("Phone (mobile)", "Mobile", (value, row) => (value as string)?.Replace(" ", ""), omitWhenEmpty: true),
        });
        var first = map.Apply(Row(("e-mail", "a@x.example"), ("Surname", "Ng"), ("Phone (mobile)", "555 01"), ("Newsletter", "yes"), ("id", "42")));
        Assert.Null(first.Problem);
        Assert.Equal(new[] { "Email=a@x.example", "Last Name=Ng", "Mobile=55501", "id=42" }, first.Values.Select(kv => kv.Key + "=" + kv.Value));
        Assert.Equal(new[] { "Newsletter" }, map.TakeNewlyUnmapped());

        var second = map.Apply(Row(("E-mail", "b@x.example"), ("Surname", "Ho"), ("Phone (mobile)", "  "), ("Newsletter", "no")));
        Assert.DoesNotContain(second.Values, kv => kv.Key == "Mobile");
        Assert.Empty(map.TakeNewlyUnmapped());
        Assert.Contains("Newsletter", map.UnmappedColumns);
    }

    [Fact]
    public void Required_columns_and_failing_transforms_refuse_the_row()
    {
        var map = new FieldMap(new[] { new FieldMapEntry("E-mail", "Email"), new FieldMapEntry("Size", "No_of_Employees", (v, _) => throw new FormatException("not a size")) }, new[] { "E-mail" });
        var missing = map.Apply(Row(("E-mail", " "), ("Size", "3")));
        Assert.Equal(FieldMap.RequiredMissingCode, missing.Problem!.Code);
        Assert.Equal("E-mail", missing.Problem.Field);

        var failing = map.Apply(Row(("E-mail", "a@x.example"), ("Size", "3")));
        Assert.Equal(FieldMap.TransformFailedCode, failing.Problem!.Code);
        Assert.Contains("not a size", failing.Problem.Message);
    }

    [Fact]
    public void Rows_are_converted_like_record_writes_and_refused_when_Zoho_would_refuse_them()
    {
        using var import = NewImport();
        Assert.Null(import.Add(0, null, Row(), Row(("Last Name", "Ng"), ("no. of employees", "12"), ("Owner", "4150868000000225013"), ("Product_Interest", "A; B"), ("Follow_Up", new DateTime(2024, 5, 1)), ("Created_Time", "x"))));
        var noName = import.Add(1, null, Row(), Row(("Email", "a@x.example")));
        Assert.Equal("MANDATORY_NOT_FOUND", noName!.Code);
        Assert.Equal("Last_Name", noName.Field);
        var badNumber = import.Add(2, null, Row(), Row(("Last_Name", "Ho"), ("No_of_Employees", "many")));
        Assert.Equal("ZcrmInvalidValue", badNumber!.Code);

        var file = Assert.Single(import.Complete());
        var rows = CsvOf(file);
        Assert.Equal(new[] { "Last_Name", "No_of_Employees", "Owner", "Product_Interest", "Follow_Up" }, rows[0]);
        Assert.Equal(new[] { "Ng", "12", "4150868000000225013", "A;B", "2024-05-01" }, rows[1]);
        Assert.Equal(2, rows.Count);
        var mappings = file.Columns.Select((c, i) => c.Mapping(i)).ToList();
        Assert.Equal("id", (string?)mappings[2]["find_by"]);
        Assert.Equal("yyyy-MM-dd", (string?)mappings[4]["format"]);
        file.Input.Dispose();
        file.Dispose();
    }

    [Fact]
    public void An_update_needs_its_find_by_value_and_keeps_the_id_column()
    {
        using var import = NewImport("update");
        Assert.Equal("MANDATORY_NOT_FOUND", import.Add(0, null, Row(), Row(("Email", "a@x.example")))!.Code);
        Assert.Null(import.Add(1, null, Row(), Row(("id", "4150868000000624001"), ("Email", "b@x.example"))));
        var file = Assert.Single(import.Complete());
        Assert.Equal(new[] { "id", "Email" }, CsvOf(file)[0]);
        file.Input.Dispose();
        file.Dispose();
    }

    [Fact]
    public void Files_are_cut_at_the_row_limit_and_the_byte_limit_and_quote_what_needs_it()
    {
        using var import = NewImport();
        import.MaxRowsPerFile = 3;
        for (var i = 0; i < 7; i++) Assert.Null(import.Add(i, null, Row(("n", i)), Row(("Last_Name", i == 0 ? "Comma, \"Quoted\"" : "Row" + i))));
        var files = new List<BulkWriteFile>();
        while (import.TakeReady() is { } ready) files.Add(ready);
        files.AddRange(import.Complete());
        Assert.Equal(new long[] { 3, 3, 1 }, files.Select(f => f.RowCount));
        Assert.Equal("Comma, \"Quoted\"", CsvOf(files[0])[1][0]);
        Assert.Equal(new long[] { 3, 4, 5 }, files[1].Input.Read().Select(r => r.Index));
        foreach (var f in files) { f.Input.Dispose(); f.Dispose(); }

        using var bytes = NewImport();
        bytes.MaxCsvBytes = 64;
        for (var i = 0; i < 5; i++) Assert.Null(bytes.Add(i, null, Row(), Row(("Last_Name", new string('x', 20)))));
        var byBytes = new List<BulkWriteFile>();
        while (bytes.TakeReady() is { } ready) byBytes.Add(ready);
        byBytes.AddRange(bytes.Complete());
        Assert.All(byBytes, f => Assert.True(f.CsvBytes <= 64));
        Assert.Equal(5, byBytes.Sum(f => f.RowCount));
        foreach (var f in byBytes) { f.Input.Dispose(); f.Dispose(); }
    }

    [Fact]
    public void A_row_with_a_new_column_starts_a_file_with_every_column_but_empty_cells_do_not()
    {
        using var import = NewImport();
        Assert.Null(import.Add(0, null, Row(), Row(("Last_Name", "A"), ("Mobile", ""))));
        Assert.Null(import.Add(1, null, Row(), Row(("Last_Name", "B"), ("Mobile", "1"))));
        Assert.Null(import.Add(2, null, Row(), Row(("Last_Name", "C"), ("Email", "c@x.example"))));
        var files = new List<BulkWriteFile>();
        while (import.TakeReady() is { } ready) files.Add(ready);
        files.AddRange(import.Complete());
        Assert.Equal(2, files.Count);
        Assert.Equal(new[] { "Last_Name", "Mobile" }, CsvOf(files[0])[0]);
        Assert.Equal(new[] { "Last_Name", "Mobile", "Email" }, CsvOf(files[1])[0]);
        foreach (var f in files) { f.Input.Dispose(); f.Dispose(); }
    }

    [Theory]
    [InlineData("MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email", "MANDATORY_NOT_FOUND-Company|MANDATORY_NOT_FOUND-Last_Name|DUPLICATE_DATA-Email")]
    [InlineData("INVALID_DATA-Phone", "INVALID_DATA-Phone")]
    [InlineData("LIMIT_EXCEEDED", "LIMIT_EXCEEDED")]
    [InlineData("", "")]
    public void Errors_are_split_per_column(string text, string expected)
        => Assert.Equal(expected, string.Join("|", BulkWriteResultReader.ParseErrors(text)));

    [Fact]
    public void Results_join_back_to_the_input_rows_in_order_and_nothing_unconfirmed_counts_as_written()
    {
        var log = new BulkWriteInputLog();
        log.Add(0, 2, Row(("Surname", "A")));
        log.Add(2, 4, Row(("Surname", "B")));
        log.Add(3, 5, Row(("Surname", "C")));
        log.Add(4, 6, Row(("Surname", "D")));
        var job = new BulkWriteJob("9", BulkWriteJob.Completed) { Input = log };
        var csv = "Last_Name,STATUS,RECORD_ID,ERRORS\r\nA,added,101,\r\nB,skipped,,MANDATORY_NOT_FOUND-Company\r\nC,added,,\r\n";
        var results = BulkWriteResultReader.Join(job, new StringReader(csv)).ToList();
        Assert.Equal(new long[] { 0, 2, 3, 4 }, results.Select(r => r.Index));
        Assert.Equal(new long?[] { 2, 4, 5, 6 }, results.Select(r => r.RowNumber));
        Assert.Equal(BulkWriteRowStatus.Added, results[0].Status);
        Assert.Equal("101", results[0].Id);
        Assert.Equal("A", results[0].Echo["Last_Name"]);
        Assert.Equal("B", (string?)results[1].Input!["Surname"]);
        Assert.Equal(BulkWriteRowStatus.Failed, results[1].Status);
        Assert.Equal("MANDATORY_NOT_FOUND", results[1].Code);
        // Added without an id, and no line at all: neither is claimed as written.
        Assert.Equal(BulkWriteRowStatus.Failed, results[2].Status);
        Assert.Equal(BulkWriteRowStatus.Failed, results[3].Status);
        Assert.Equal(BulkWriteRowResult.MissingResultCode, results[3].Code);
        log.Dispose();
    }

    [Fact]
    public void Status_is_read_bare_or_wrapped_in_data()
    {
        var bare = JObject.Parse("{\"id\":\"7\",\"operation\":\"upsert\",\"status\":\"IN PROGRESS\",\"resource\":[{\"status\":\"IN PROGRESS\",\"module\":{\"api_name\":\"Contacts\"},\"file\":{\"added_count\":3,\"updated_count\":2,\"skipped_count\":1,\"total_count\":10}}]}");
        foreach (var body in new JToken[] { bare, new JObject { ["data"] = new JArray(bare) } })
        {
            var job = BulkWriteJob.FromStatus(body);
            Assert.Equal("7", job.Id);
            Assert.Equal("Contacts", job.Module);
            Assert.Equal(6, job.ProcessedCount);
            Assert.Equal(10, job.TotalCount);
            Assert.False(job.IsFinished);
        }
    }

    [Theory]
    [InlineData("https://www.zohoapis.com", null, "https://upload.zoho.com/")]
    [InlineData("https://www.zohoapis.eu", null, "https://upload-accl.zoho.eu/")]
    [InlineData("https://www.zohoapis.in", null, "https://upload-accl.zoho.in/")]
    [InlineData("https://www.zohoapis.com.au", null, "https://upload.zoho.com/")]
    [InlineData("http://127.0.0.1:5123", null, "http://127.0.0.1:5123/")]
    [InlineData("https://crm.example.org", DataCenter.EU, "https://upload-accl.zoho.eu/")]
    public void The_upload_host_follows_the_data_centre_and_the_emulator_takes_its_own(string apiDomain, DataCenter? dc, string expected)
        => Assert.Equal(expected, BulkWriteClient.UploadUriFor(new Uri(apiDomain), dc).ToString());

    [Fact]
    public async Task The_whole_round_trip_writes_the_rows_and_returns_one_result_per_row()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 0, BulkWriteAddedDuration = TimeSpan.FromMilliseconds(20), BulkWriteInProgressDuration = TimeSpan.FromMilliseconds(50) });
        using var connection = await ConnectionFactory.ConnectAsync(new ConnectRequest
        {
            ClientId = emulator.ClientId, ClientSecret = emulator.ClientSecret, RefreshToken = emulator.RefreshToken, AccountsUrl = emulator.Url, ApiDomain = emulator.Url,
        }, NullLog.Instance, CancellationToken.None);
        var (module, fields) = await connection.Metadata.GetFieldsOfAsync("Leads", NullLog.Instance, CancellationToken.None);
        var client = new BulkWriteClient(connection.Api) { PollInitialDelay = TimeSpan.FromMilliseconds(20) };
        Assert.Equal(emulator.Url.GetLeftPart(UriPartial.Authority), client.UploadUri.GetLeftPart(UriPartial.Authority));
        using var import = new BulkWriteImport("insert", new RecordPayloadBuilder(module, fields), fields, null) { MaxRowsPerFile = 4 };
        for (var i = 0; i < 6; i++) Assert.Null(import.Add(i, null, Row(("n", i)), Row(("Last_Name", "Round" + i), ("Email", $"round{i}@x.example"))));
        var jobs = new List<BulkWriteJob>();
        while (import.TakeReady() is { } ready) jobs.Add(await import.SubmitAsync(client, ready, null, null, NullLog.Instance, CancellationToken.None));
        foreach (var last in import.Complete()) jobs.Add(await import.SubmitAsync(client, last, null, null, NullLog.Instance, CancellationToken.None));
        Assert.Equal(2, jobs.Count);

        var all = new List<BulkWriteRowResult>();
        foreach (var started in jobs)
        {
            var job = await client.WaitAsync(started, TimeSpan.FromSeconds(30), null, NullLog.Instance, CancellationToken.None);
            Assert.True(job.IsCompleted);
            using var file = await client.DownloadResultAsync(job, NullLog.Instance, CancellationToken.None);
            using var text = file.OpenText();
            all.AddRange(BulkWriteResultReader.Join(job, text).ToList());
        }
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, all.Select(r => r.Index));
        Assert.All(all, r => Assert.Equal(BulkWriteRowStatus.Added, r.Status));
        Assert.Equal(6, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(2, emulator.BulkWrites.Jobs.Count);
        Assert.True(connection.Api.CreditsUsed >= 2 * BulkWriteClient.CreateCredits);
    }

    [Fact]
    public void The_token_only_goes_to_Zoho_hosts()
    {
        var client = new BulkWriteClient(new ZohoApiClient(new HttpClient(), new Uri("https://www.zohoapis.com"), "v8", null!, new ResilienceOptions()));
        Assert.True(client.IsTrustedHost(new Uri("https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip")));
        Assert.True(client.IsTrustedHost(new Uri("https://www.zohoapis.com/x")));
        Assert.True(client.IsTrustedHost(new Uri("https://download.zoho.com.au/x")));
        Assert.False(client.IsTrustedHost(new Uri("https://zoho.com.evil.example/x")));
        Assert.False(client.IsTrustedHost(new Uri("https://evilzoho.com/x")));
        Assert.False(client.IsTrustedHost(new Uri("http://download.zoho.com/x")));
    }
}
