using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>Bulk write (fact sheet §21): the upload and its headers and limits, jobs and their states and counts, per-row validation, the result zip, callbacks.</summary>
public sealed class BulkWriteTests
{
    private const string Upload = "/crm/v8/upload";
    private const string Write = "/crm/bulk/v8/write";
    private const string Zgid = "60012344000";

    private static async Task<(ZohoCrmEmulator, TestClient, ManualClock)> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var clock = new ManualClock();
        var options = new EmulatorOptions { Leads = 3, TimeProvider = clock, BulkWriteAddedDuration = TimeSpan.FromSeconds(10), BulkWriteInProgressDuration = TimeSpan.FromSeconds(20) };
        configure?.Invoke(options);
        var (emulator, client) = await TestClient.StartAsync(options);
        return (emulator, client, clock);
    }

    private static byte[] Zip(string csv, string name = "Leads.csv", int entries = 1)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries; i++)
            {
                using var writer = new StreamWriter(zip.CreateEntry(i == 0 ? name : $"extra{i}.csv").Open(), new UTF8Encoding(false));
                writer.Write(csv);
            }
        }

        return buffer.ToArray();
    }

    private static Task<ApiResponse> UploadAsync(TestClient client, byte[] zip, string? feature = "bulk-write", string? org = Zgid) =>
        client.SendApiAsync(HttpMethod.Post, Upload, request =>
        {
            if (feature is not null) request.Headers.TryAddWithoutValidation("feature", feature);
            if (org is not null) request.Headers.TryAddWithoutValidation("X-CRM-ORG", org);
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(zip);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            content.Add(file, "file", "leads.zip");
            request.Content = content;
        });

    private static async Task<string> UploadCsvAsync(TestClient client, string csv)
    {
        var uploaded = await UploadAsync(client, Zip(csv));
        Assert.True(uploaded.StatusCode == 200, uploaded.ToString());
        Assert.Equal("FILE_UPLOAD_SUCCESS", uploaded.Code);
        return uploaded.Json["details"]!["file_id"]!.GetValue<string>();
    }

    private static JsonObject Job(string operation, string fileId, string[] columns, string? findBy = null, string module = "Leads")
    {
        var resource = new JsonObject
        {
            ["type"] = "data",
            ["module"] = new JsonObject { ["api_name"] = module },
            ["file_id"] = fileId,
            ["ignore_empty"] = true,
            ["field_mappings"] = new JsonArray(columns.Select((c, i) => (JsonNode?)new JsonObject { ["api_name"] = c, ["index"] = i }).ToArray()),
        };
        if (findBy is not null) resource["find_by"] = findBy;
        return new JsonObject { ["operation"] = operation, ["character_encoding"] = "UTF-8", ["resource"] = new JsonArray(resource) };
    }

    private static async Task<string> CreateAsync(TestClient client, JsonObject body)
    {
        var created = await client.PostJsonAsync(Write, body);
        Assert.True(created.StatusCode == 201, created.ToString());
        Assert.Equal("SUCCESS", created.Code);
        return created.Json["details"]!["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> StatusAsync(TestClient client, string id)
    {
        var status = await client.GetAsync($"{Write}/{id}");
        Assert.True(status.StatusCode == 200, status.ToString());
        return status.Json;
    }

    private static async Task<List<string[]>> ResultAsync(TestClient client, JsonNode status)
    {
        var url = new Uri(status["result"]!["download_url"]!.GetValue<string>());
        var response = await client.GetAsync(url.PathAndQuery);
        Assert.True(response.StatusCode == 200, response.ToString());
        using var zip = new ZipArchive(new MemoryStream(await response.Message.Content.ReadAsByteArrayAsync()));
        var entry = Assert.Single(zip.Entries);
        Assert.StartsWith("Leads-", entry.Name);
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StreamReader(entry.Open(), Encoding.UTF8)) { Delimiters = [","], HasFieldsEnclosedInQuotes = true };
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
        return rows;
    }

    [Theory]
    [InlineData(null, Zgid)]
    [InlineData("bulk-write", null)]
    [InlineData("bulk-write", "123")]
    public async Task The_upload_needs_the_feature_and_org_headers(string? feature, string? org)
    {
        var (emulator, client, _) = await StartAsync();
        await using var _e = emulator;
        await client.AuthenticateAsync();
        var refused = await UploadAsync(client, Zip("Last_Name\nA\n"), feature, org);
        Assert.Equal(400, refused.StatusCode);
        Assert.Equal("check if headers [feature, X-CRM-ORG] are present and valid", refused.Json["x-error"]!.GetValue<string>());
        Assert.Equal(0, emulator.BulkWrites.UploadCount);
    }

    [Fact]
    public async Task The_upload_refuses_what_is_not_one_zipped_csv_within_the_limits()
    {
        var (emulator, client, _) = await StartAsync(o => { o.BulkWriteMaxRows = 2; o.BulkWriteMaxCsvBytes = 100; });
        await using var _e = emulator;
        await client.AuthenticateAsync();
        Assert.Equal("INVALID_FILE_FORMAT", (await UploadAsync(client, Encoding.UTF8.GetBytes("Last_Name\nA\n"))).Code);
        Assert.Equal("FILE_NOT_SUPPORTED", (await UploadAsync(client, Zip("Last_Name\nA\n", entries: 2))).Code);
        Assert.Equal("LIMIT_EXCEEDED", (await UploadAsync(client, Zip("Last_Name\nA\nB\nC\n"))).Code);
        Assert.Equal("FILE_TOO_LARGE", (await UploadAsync(client, Zip("Last_Name\n" + new string('x', 200) + "\n"))).Code);
        Assert.Equal(0, emulator.BulkWrites.UploadCount);
    }

    [Fact]
    public async Task A_job_moves_through_its_states_writing_rows_with_counts_and_a_result_per_row()
    {
        var (emulator, client, clock) = await StartAsync();
        await using var _e = emulator;
        await client.AuthenticateAsync();
        var fileId = await UploadCsvAsync(client, "Last_Name,Email,No_of_Employees\nAlpha,alpha@bw.example,5\n,nolast@bw.example,1\nGamma,gamma@bw.example,many\nDelta,delta@bw.example,7\n");
        var id = await CreateAsync(client, Job("insert", fileId, ["Last_Name", "Email", "No_of_Employees"]));

        var added = await StatusAsync(client, id);
        Assert.Equal("ADDED", added["status"]!.GetValue<string>());
        Assert.Null(added["result"]);

        clock.Advance(TimeSpan.FromSeconds(20));
        var running = await StatusAsync(client, id);
        Assert.Equal("IN PROGRESS", running["status"]!.GetValue<string>());
        var file = running["resource"]![0]!["file"]!;
        Assert.Equal(4, file["total_count"]!.GetValue<int>());
        Assert.Equal(2, file["added_count"]!.GetValue<int>() + file["skipped_count"]!.GetValue<int>());

        clock.Advance(TimeSpan.FromSeconds(20));
        var done = await StatusAsync(client, id);
        Assert.Equal("COMPLETED", done["status"]!.GetValue<string>());
        file = done["resource"]![0]!["file"]!;
        Assert.Equal(2, file["added_count"]!.GetValue<int>());
        Assert.Equal(2, file["skipped_count"]!.GetValue<int>());

        var rows = await ResultAsync(client, done);
        Assert.Equal(["Last_Name", "Email", "No_of_Employees", "STATUS", "RECORD_ID", "ERRORS"], rows[0]);
        Assert.Equal("added", rows[1][3]);
        Assert.Matches("^[0-9]+$", rows[1][4]);
        Assert.Equal(["skipped", "", "MANDATORY_NOT_FOUND-Last_Name"], rows[2][3..]);
        Assert.Equal(["skipped", "", "INVALID_DATA-No_of_Employees"], rows[3][3..]);
        Assert.Equal("added", rows[4][3]);

        var stored = emulator.Store.Records("Leads")!;
        lock (stored.Gate)
        {
            Assert.NotNull(stored.Find(long.Parse(rows[1][4], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Upsert_by_email_updates_and_update_skips_rows_it_cannot_find()
    {
        var (emulator, client, clock) = await StartAsync();
        await using var _e = emulator;
        await client.AuthenticateAsync();
        var first = await CreateAsync(client, Job("insert", await UploadCsvAsync(client, "Last_Name,Email\nOne,one@bw.example\n"), ["Last_Name", "Email"]));
        clock.Advance(TimeSpan.FromSeconds(40));
        var firstId = (await ResultAsync(client, await StatusAsync(client, first)))[1][3];

        var upsert = await CreateAsync(client, Job("upsert", await UploadCsvAsync(client, "Last_Name,Email\nRenamed,one@bw.example\nTwo,two@bw.example\n"), ["Last_Name", "Email"], findBy: "Email"));
        var update = await CreateAsync(client, Job("update", await UploadCsvAsync(client, "Last_Name,Email\nGhost,ghost@bw.example\n"), ["Last_Name", "Email"], findBy: "Email"));
        clock.Advance(TimeSpan.FromSeconds(40));
        var upserted = await ResultAsync(client, await StatusAsync(client, upsert));
        Assert.Equal(["updated", firstId, ""], upserted[1][2..]);
        Assert.Equal("added", upserted[2][2]);
        var updated = await ResultAsync(client, await StatusAsync(client, update));
        Assert.Equal(["skipped", "", "RESOURCE_NOT_FOUND-Email"], updated[1][2..]);
        Assert.Equal(["upsert", "update"], emulator.BulkWrites.Jobs.Skip(1).Select(j => j.Operation));
    }

    [Fact]
    public async Task Creating_a_job_checks_operation_callback_module_file_and_mappings()
    {
        var (emulator, client, _) = await StartAsync();
        await using var _e = emulator;
        await client.AuthenticateAsync();
        var fileId = await UploadCsvAsync(client, "Last_Name,Email\nA,a@bw.example\n");

        var noOperation = Job("insert", fileId, ["Last_Name"]);
        noOperation.Remove("operation");
        Assert.Equal("MISSING_REQUIRED_KEY", (await client.PostJsonAsync(Write, noOperation)).Code);

        var badCallback = Job("insert", fileId, ["Last_Name"]);
        badCallback["callback"] = new JsonObject { ["url"] = "https://example.test/cb", ["method"] = "get" };
        var refused = await client.PostJsonAsync(Write, badCallback);
        Assert.Equal("INVALID_CALLBACK_METHOD", refused.Code);
        Assert.Equal("post", refused.Json["details"]!["supported_callback_methods"]![0]!.GetValue<string>());

        Assert.Equal("MODULE_NOT_AVAILABLE", (await client.PostJsonAsync(Write, Job("insert", fileId, ["Last_Name"], module: "Nope"))).Code);
        Assert.Equal("INVALID_FILE_ID", (await client.PostJsonAsync(Write, Job("insert", "123", ["Last_Name"]))).Code);
        Assert.Equal("INVALID_FIELD_NAME", (await client.PostJsonAsync(Write, Job("insert", fileId, ["Last_Nam"]))).Code);
        Assert.Equal("MANDATORY_FIELDS_NOT_MAPPED", (await client.PostJsonAsync(Write, Job("insert", fileId, ["Email"]))).Code);
        Assert.Equal("MISSING_REQUIRED_KEY", (await client.PostJsonAsync(Write, Job("update", fileId, ["Last_Name", "Email"]))).Code);
        var outOfRange = Job("insert", fileId, ["Last_Name"]);
        outOfRange["resource"]![0]!["field_mappings"]![0]!["index"] = 5;
        Assert.Equal("COLUMN_INDEX_NOT_FOUND", (await client.PostJsonAsync(Write, outOfRange)).Code);
        Assert.Empty(emulator.BulkWrites.Jobs);
        Assert.Equal("RESOURCE_NOT_FOUND", (await client.GetAsync(Write + "/123")).Code);
    }

    [Fact]
    public async Task A_job_costs_500_credits_and_a_failed_job_writes_nothing()
    {
        var (emulator, client, clock) = await StartAsync();
        await using var _e = emulator;
        await client.AuthenticateAsync();
        var before = emulator.Credits.Used;
        emulator.BulkWrites.FailNextJob("disk full");
        var id = await CreateAsync(client, Job("insert", await UploadCsvAsync(client, "Last_Name\nNever\n"), ["Last_Name"]));
        Assert.Equal(500, emulator.Credits.Used - before);
        clock.Advance(TimeSpan.FromSeconds(40));
        var status = await StatusAsync(client, id);
        Assert.Equal("FAILED", status["status"]!.GetValue<string>());
        Assert.Equal("disk full", status["message"]!.GetValue<string>());
        Assert.Equal(0, status["resource"]![0]!["file"]!["added_count"]!.GetValue<int>());
        Assert.Equal("RESOURCE_NOT_FOUND", (await client.GetAsync($"{Write}/{id}/result")).Code);
    }

    [Fact]
    public async Task An_expired_result_can_no_longer_be_downloaded()
    {
        var (emulator, client, clock) = await StartAsync();
        await using var _e = emulator;
        await client.AuthenticateAsync();
        var id = await CreateAsync(client, Job("insert", await UploadCsvAsync(client, "Last_Name\nA\n"), ["Last_Name"]));
        clock.Advance(TimeSpan.FromSeconds(40));
        var status = await StatusAsync(client, id);
        Assert.Equal(1, emulator.BulkWrites.ExpireResults(id));
        var url = new Uri(status["result"]!["download_url"]!.GetValue<string>());
        var gone = await client.GetAsync(url.PathAndQuery);
        Assert.Equal(400, gone.StatusCode);
        Assert.Equal("RESOURCE_NOT_FOUND", gone.Code);
    }

    [Fact]
    public async Task The_callback_gets_the_job_details_when_the_job_finishes()
    {
        using var receiver = new NotificationReceiver();
        var (emulator, client, _) = await StartAsync(o => { o.TimeProvider = null; o.BulkWriteAddedDuration = TimeSpan.FromMilliseconds(10); o.BulkWriteInProgressDuration = TimeSpan.FromMilliseconds(20); });
        await using var _e = emulator;
        await client.AuthenticateAsync();
        var body = Job("insert", await UploadCsvAsync(client, "Last_Name\nCalled\n"), ["Last_Name"]);
        body["callback"] = new JsonObject { ["url"] = receiver.Url, ["method"] = "post" };
        var id = await CreateAsync(client, body);
        var posted = (await receiver.WaitForAsync(1, 20_000))[0];
        Assert.Equal(id, posted["id"]!.GetValue<string>());
        Assert.Equal("COMPLETED", posted["status"]!.GetValue<string>());
        Assert.Equal(1, posted["resource"]![0]!["file"]!["added_count"]!.GetValue<int>());
    }
}
