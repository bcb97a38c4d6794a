using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>Bulk read (fact sheet §6): jobs and their states, the zip and its CSV, criteria, pages, limits, expiry, callbacks.</summary>
public sealed class BulkReadTests
{
    private const string Read = "/crm/bulk/v8/read";

    private static async Task<(ZohoCrmEmulator, TestClient, ManualClock)> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var clock = new ManualClock();
        var options = new EmulatorOptions { Leads = 250, TimeProvider = clock, BulkReadAddedDuration = TimeSpan.FromSeconds(10), BulkReadInProgressDuration = TimeSpan.FromSeconds(20) };
        configure?.Invoke(options);
        var (emulator, client) = await TestClient.StartAsync(options);
        return (emulator, client, clock);
    }

    private static JsonObject Job(string module, JsonNode? criteria = null, JsonArray? fields = null, int? page = null)
    {
        var query = new JsonObject { ["module"] = new JsonObject { ["api_name"] = module } };
        if (fields is not null) query["fields"] = fields;
        if (criteria is not null) query["criteria"] = criteria;
        if (page is not null) query["page"] = page;
        return new JsonObject { ["query"] = query, ["file_type"] = "csv" };
    }

    private static JsonObject Condition(string field, string comparator, JsonNode? value) =>
        new() { ["field"] = new JsonObject { ["api_name"] = field }, ["comparator"] = comparator, ["value"] = value };

    private static async Task<string> CreateAsync(TestClient client, JsonObject body)
    {
        var created = await client.PostJsonAsync(Read, body);
        Assert.True(created.StatusCode == 201, created.ToString());
        return created.Json["data"]![0]!["details"]!["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> StatusAsync(TestClient client, string id)
    {
        var status = await client.GetAsync($"{Read}/{id}");
        Assert.True(status.StatusCode == 200, status.ToString());
        return status.Json["data"]![0]!;
    }

    private static async Task<List<string[]>> DownloadCsvAsync(TestClient client, string id)
    {
        var response = await client.GetAsync($"{Read}/{id}/result");
        Assert.True(response.StatusCode == 200, response.ToString());
        Assert.Equal("application/zip", response.Message.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Message.Content.ReadAsByteArrayAsync()));
        var entry = Assert.Single(zip.Entries);
        Assert.Equal(id + ".csv", entry.Name);
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        var rows = new List<string[]>();
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(reader) { Delimiters = [","], HasFieldsEnclosedInQuotes = true };
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
        return rows;
    }

    private static IEnumerable<IReadOnlyDictionary<string, object?>> OpenLeads(ZohoCrmEmulator emulator) =>
        emulator.Records("Leads").Where(r => r["$converted"] is false);

    [Fact]
    public async Task A_job_goes_from_ADDED_through_IN_PROGRESS_to_COMPLETED_and_its_zip_holds_every_open_lead()
    {
        var (emulator, client, clock) = await StartAsync();
        await using (emulator)
        using (client)
        {
            var created = await client.PostJsonAsync(Read, Job("Leads"));
            Assert.Equal(201, created.StatusCode);
            var entry = created.Json["data"]![0]!;
            Assert.Equal("ADDED_SUCCESSFULLY", entry["code"]!.GetValue<string>());
            Assert.Equal("ADDED", entry["details"]!["state"]!.GetValue<string>());
            var id = entry["details"]!["id"]!.GetValue<string>();

            Assert.Equal("ADDED", (await StatusAsync(client, id))["state"]!.GetValue<string>());
            Assert.Equal(400, (await client.GetAsync($"{Read}/{id}/result")).StatusCode);
            clock.Advance(TimeSpan.FromSeconds(11));
            Assert.Equal("IN PROGRESS", (await StatusAsync(client, id))["state"]!.GetValue<string>());
            clock.Advance(TimeSpan.FromSeconds(20));
            var done = await StatusAsync(client, id);
            Assert.Equal("COMPLETED", done["state"]!.GetValue<string>());
            var expected = OpenLeads(emulator).ToList();
            Assert.Equal(expected.Count, done["result"]!["count"]!.GetValue<int>());
            Assert.False(done["result"]!["more_records"]!.GetValue<bool>());
            Assert.Equal($"{Read}/{id}/result", done["result"]!["download_url"]!.GetValue<string>());
            Assert.Equal("Leads", done["query"]!["module"]!["api_name"]!.GetValue<string>());

            var rows = await DownloadCsvAsync(client, id);
            var header = rows[0];
            Assert.Equal("id", header[0]);
            Assert.Contains("Owner", header);
            Assert.Equal(expected.Count, rows.Count - 1);
            var first = expected[0];
            var row = rows[1];
            string Cell(string name) => row[Array.IndexOf(header, name)];
            Assert.Equal(first["id"], row[0]);
            Assert.Equal(((IDictionary<string, object?>)first["Owner"]!)["id"], Cell("Owner"));
            Assert.Equal(first["Created_Time"], Cell("Created_Time"));
            Assert.Equal(first["Last_Name"], Cell("Last_Name"));
            Assert.Equal(expected.Select(r => (string)r["id"]!), rows.Skip(1).Select(r => r[0]));
            Assert.Equal(50 + 1 + 1 + 1 + 1, emulator.Credits.Used);
        }
    }

    [Fact]
    public async Task Criteria_select_exactly_the_matching_records_in_v8_and_v2_forms()
    {
        var (emulator, client, clock) = await StartAsync();
        await using (emulator)
        using (client)
        {
            var criteria = new JsonObject
            {
                ["group_operator"] = "and",
                ["group"] = new JsonArray(
                    Condition("Lead_Source", "in", new JsonArray("Web Download", "Partner")),
                    new JsonObject { ["api_name"] = "No_of_Employees", ["comparator"] = "greater_than", ["value"] = 50 }),
            };
            var id = await CreateAsync(client, Job("Leads", criteria, new JsonArray("Last_Name", "Lead_Source", "No_of_Employees")));
            clock.Advance(TimeSpan.FromMinutes(1));
            var status = await StatusAsync(client, id);
            Assert.Equal("value", status["query"]!["criteria"]!["group"]![0]!["type"]!.GetValue<string>());
            var rows = await DownloadCsvAsync(client, id);
            Assert.Equal(["id", "Last_Name", "Lead_Source", "No_of_Employees"], rows[0]);
            var expected = OpenLeads(emulator)
                .Where(r => (r["Lead_Source"] as string) is "Web Download" or "Partner" && r["No_of_Employees"] is long n && n > 50)
                .Select(r => (string)r["id"]!).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, rows.Skip(1).Select(r => r[0]));
        }
    }

    [Theory]
    [InlineData("too many conditions", "CRITERIA_LIMIT_EXCEEDED")]
    [InlineData("too many values", "VALUE_LIMIT_EXCEEDED_IN_CRITERIA")]
    [InlineData("multi-line text", "FIELD_IN_CRITERIA_NOT_SUPPORTED")]
    [InlineData("comparator for the type", "FIELD_COMPARATOR_IN_CRITERIA_NOT_SUPPORTED")]
    [InlineData("unknown field", "FIELD_IN_CRITERIA_NOT_AVAILABLE")]
    [InlineData("bad value", "FIELD_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE")]
    [InlineData("bad group operator", "GROUP_OPERATOR_NOT_SUPPORTED")]
    public async Task Criteria_Zoho_refuses_are_refused_without_a_job(string what, string code)
    {
        var (emulator, client, _) = await StartAsync();
        await using (emulator)
        using (client)
        {
            JsonNode criteria = what switch
            {
                "too many conditions" => new JsonObject { ["group_operator"] = "or", ["group"] = new JsonArray(Enumerable.Range(0, 26).Select(i => (JsonNode?)Condition("City", "equal", "C" + i)).ToArray()) },
                "too many values" => Condition("City", "in", new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode?)JsonValue.Create("C" + i)).ToArray())),
                "multi-line text" => Condition("Description", "equal", "x"),
                "comparator for the type" => Condition("Lead_Status", "contains", "Cold"),
                "unknown field" => Condition("No_Such_Field", "equal", "x"),
                "bad value" => Condition("Created_Time", "greater_than", "yesterday"),
                _ => new JsonObject { ["group_operator"] = "xor", ["group"] = new JsonArray(Condition("City", "equal", "Pune")) },
            };
            var response = await client.PostJsonAsync(Read, Job("Leads", criteria));
            Assert.Equal(400, response.StatusCode);
            Assert.Equal(code, response.Code);
            if (code == "FIELD_COMPARATOR_IN_CRITERIA_NOT_SUPPORTED")
            {
                Assert.Contains("equal", response.Json["details"]!["supported"]!.AsArray().Select(v => v!.GetValue<string>()));
            }

            Assert.Empty(emulator.BulkReads.Jobs);
            Assert.Equal(0, emulator.Credits.Used);
        }
    }

    [Fact]
    public async Task Pages_follow_more_records_by_page_number_or_next_page_token()
    {
        var (emulator, client, clock) = await StartAsync(o => o.BulkReadPageSize = 100);
        await using (emulator)
        using (client)
        {
            var all = OpenLeads(emulator).Select(r => (string)r["id"]!).ToList();
            Assert.InRange(all.Count, 201, 250);
            var ids = new List<string>();
            var first = await CreateAsync(client, Job("Leads", fields: new JsonArray("Last_Name")));
            clock.Advance(TimeSpan.FromMinutes(1));
            var status = await StatusAsync(client, first);
            Assert.True(status["result"]!["more_records"]!.GetValue<bool>());
            Assert.Equal(100, status["result"]!["count"]!.GetValue<int>());
            ids.AddRange((await DownloadCsvAsync(client, first)).Skip(1).Select(r => r[0]));

            var byToken = Job("Leads", fields: new JsonArray("Last_Name"));
            byToken["query"]!["page_token"] = status["result"]!["next_page_token"]!.GetValue<string>();
            var second = await CreateAsync(client, byToken);
            var third = await CreateAsync(client, Job("Leads", fields: new JsonArray("Last_Name"), page: 3));
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(2, (await StatusAsync(client, second))["result"]!["page"]!.GetValue<int>());
            ids.AddRange((await DownloadCsvAsync(client, second)).Skip(1).Select(r => r[0]));
            var last = await StatusAsync(client, third);
            Assert.False(last["result"]!["more_records"]!.GetValue<bool>());
            Assert.Null(last["result"]!["next_page_token"]);
            ids.AddRange((await DownloadCsvAsync(client, third)).Skip(1).Select(r => r[0]));
            Assert.Equal(all, ids);

            var both = Job("Leads", page: 2);
            both["query"]!["page_token"] = "abc";
            Assert.Equal("INVALID_REQUEST", (await client.PostJsonAsync(Read, both)).Code);
            Assert.Equal("PAGE_RANGE_EXCEEDED", (await client.PostJsonAsync(Read, Job("Leads", page: 501))).Code);
        }
    }

    [Fact]
    public async Task Downloads_past_the_limit_get_429_with_Retry_After()
    {
        var (emulator, client, clock) = await StartAsync(o => o.BulkDownloadsPerWindow = 2);
        await using (emulator)
        using (client)
        {
            var id = await CreateAsync(client, Job("Leads", fields: new JsonArray("Last_Name")));
            clock.Advance(TimeSpan.FromMinutes(1));
            await StatusAsync(client, id);
            Assert.Equal(200, (await client.GetAsync($"{Read}/{id}/result")).StatusCode);
            clock.Advance(TimeSpan.FromSeconds(15));
            Assert.Equal(200, (await client.GetAsync($"{Read}/{id}/result")).StatusCode);
            var limited = await client.GetAsync($"{Read}/{id}/result");
            Assert.Equal(429, limited.StatusCode);
            Assert.Equal("TOO_MANY_REQUESTS", limited.Code);
            Assert.Equal("45", limited.Message.Headers.GetValues("Retry-After").Single());
            clock.Advance(TimeSpan.FromSeconds(45));
            Assert.Equal(200, (await client.GetAsync($"{Read}/{id}/result")).StatusCode);
        }
    }

    [Fact]
    public async Task A_file_expires_after_a_day_or_when_told_and_unknown_jobs_are_not_found()
    {
        var (emulator, client, clock) = await StartAsync();
        await using (emulator)
        using (client)
        {
            var id = await CreateAsync(client, Job("Leads", fields: new JsonArray("Last_Name")));
            var other = await CreateAsync(client, Job("Leads", fields: new JsonArray("Email")));
            clock.Advance(TimeSpan.FromMinutes(1));
            await StatusAsync(client, id);
            await StatusAsync(client, other);
            Assert.Equal(1, emulator.BulkReads.ExpireDownloads(id));
            var expired = await client.GetAsync($"{Read}/{id}/result");
            Assert.Equal(400, expired.StatusCode);
            Assert.Equal("RESOURCE_NOT_FOUND", expired.Code);
            Assert.Contains("expired", expired.Json["message"]!.GetValue<string>());
            Assert.Equal(200, (await client.GetAsync($"{Read}/{other}/result")).StatusCode);
            clock.Advance(TimeSpan.FromDays(1));
            await client.AuthenticateAsync();
            Assert.Equal(400, (await client.GetAsync($"{Read}/{other}/result")).StatusCode);

            var unknown = await client.GetAsync($"{Read}/5725767000000999001");
            Assert.Equal(404, unknown.StatusCode);
            Assert.Equal("RESOURCE_NOT_FOUND", unknown.Code);
            Assert.Equal("job_id", unknown.Json["details"]!["resource"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_failed_job_says_why_and_the_callback_URL_gets_the_final_state()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        var received = new List<string>();
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var ctx = await listener.GetContextAsync();
                using (var reader = new StreamReader(ctx.Request.InputStream)) received.Add(await reader.ReadToEndAsync());
                ctx.Response.StatusCode = 200;
                ctx.Response.Close();
            }
        });

        var (emulator, client, _) = await StartAsync(o => { o.TimeProvider = null; o.BulkReadAddedDuration = TimeSpan.FromMilliseconds(20); o.BulkReadInProgressDuration = TimeSpan.FromMilliseconds(20); });
        await using (emulator)
        using (client)
        {
            var body = Job("Leads", fields: new JsonArray("Last_Name"));
            body["callback"] = new JsonObject { ["url"] = $"http://127.0.0.1:{port}/hook/", ["method"] = "post" };
            emulator.BulkReads.FailNextJob("The export could not be prepared.");
            var failed = await CreateAsync(client, body);
            var completed = await CreateAsync(client, body);
            await serve.WaitAsync(TimeSpan.FromSeconds(10));

            var status = await StatusAsync(client, failed);
            Assert.Equal("FAILURE", status["state"]!.GetValue<string>());
            Assert.Equal("The export could not be prepared.", status["message"]!.GetValue<string>());
            var callbacks = received.Select(r => JsonNode.Parse(r)!).OrderBy(c => c["job_id"]!.GetValue<string>()).ToList();
            Assert.Equal([failed, completed], callbacks.Select(c => c["job_id"]!.GetValue<string>()));
            Assert.Equal(["FAILURE", "COMPLETED"], callbacks.Select(c => c["state"]!.GetValue<string>()));
            Assert.Equal("read", callbacks[1]["operation"]!.GetValue<string>());
            Assert.True(callbacks[1]["result"]!["count"]!.GetValue<int>() > 0);
            // The emulator records a delivery once it has the listener's answer, which may be just after the listener closed it.
            var recorded = DateTime.UtcNow.AddSeconds(10);
            while (emulator.BulkReads.Callbacks.Count < 2 && DateTime.UtcNow < recorded) await Task.Delay(10);
            Assert.Equal(2, emulator.BulkReads.Callbacks.Count);

            var badUrl = Job("Leads");
            badUrl["callback"] = new JsonObject { ["url"] = "http://example.test/hook", ["method"] = "post" };
            Assert.Equal("INVALID_CALLBACK_URL", (await client.PostJsonAsync(Read, badUrl)).Code);
            var badMethod = Job("Leads");
            badMethod["callback"] = new JsonObject { ["url"] = "https://example.test/hook", ["method"] = "get" };
            Assert.Equal("INVALID_CALLBACK_METHOD", (await client.PostJsonAsync(Read, badMethod)).Code);
        }
    }

    [Fact]
    public async Task Bulk_read_and_bulk_write_need_the_bulk_scope()
    {
        var (emulator, client, _) = await StartAsync();
        await using (emulator)
        using (client)
        {
            var code = emulator.IssueGrantCode("ZohoCRM.modules.ALL");
            var token = await client.TokenAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["client_id"] = emulator.ClientId, ["client_secret"] = emulator.ClientSecret, ["code"] = code,
            });
            var scoped = new TestClient(emulator) { AccessToken = token.Json["access_token"]!.GetValue<string>() };
            Assert.Equal("OAUTH_SCOPE_MISMATCH", (await scoped.PostJsonAsync(Read, Job("Leads"))).Code);
            // Bulk write is served too (BulkWriteTests), and needs the bulk scope as well.
            Assert.Equal("OAUTH_SCOPE_MISMATCH", (await scoped.PostJsonAsync("/crm/bulk/v8/write", new JsonObject { ["operation"] = "insert" })).Code);
            Assert.Equal("INVALID_URL_PATTERN", (await client.GetAsync("/crm/bulk/v2/read/1")).Code);
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
