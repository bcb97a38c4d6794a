using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class RecordWriteTests : EmulatorTestBase
{
    private readonly ManualClock _clock = new();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock, TokenLifetimeSeconds = 100_000 };

    [Fact]
    public async Task Insert_answers_201_with_zohos_success_entry_and_stores_the_record()
    {
        var response = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject
        {
            ["First_Name"] = "Kenji",
            ["Last_Name"] = "Nakamura",
            ["Company"] = "Zylker",
            ["Email"] = "kn@zylker.example",
            ["No_of_Employees"] = 120,
            ["Follow_Up_Date"] = "2024-06-30",
            ["Product_Interest"] = new JsonArray("CRM", "Desk"),
        }));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal("SUCCESS", entry.Code());
        Assert.Equal("record added", entry["message"]!.GetValue<string>());
        Assert.Equal("success", entry["status"]!.GetValue<string>());
        var details = entry["details"]!.AsObject();
        Assert.Equal(["Modified_Time", "Modified_By", "Created_Time", "id", "Created_By", "$approval_state"], details.Select(p => p.Key).ToArray());
        Assert.Equal("2026-03-01T14:30:00+05:30", details["Created_Time"]!.GetValue<string>());
        Assert.Equal("Patricia Boyle", details["Created_By"]!["name"]!.GetValue<string>());
        Assert.Equal("approved", details["$approval_state"]!.GetValue<string>());

        var stored = TestClient.Data(await Client.GetAsync("/crm/v8/Leads/" + entry.Id())).Single()!;
        Assert.Equal("Kenji Nakamura", stored["Full_Name"]!.GetValue<string>());
        Assert.Equal("LD-00201", stored["Lead_Number"]!.GetValue<string>());
        Assert.Equal(120, stored["No_of_Employees"]!.GetValue<int>());
        Assert.Equal("2024-06-30", stored["Follow_Up_Date"]!.GetValue<string>());
        Assert.Equal("Patricia Boyle", stored["Owner"]!["name"]!.GetValue<string>());
        Assert.Equal(["CRM", "Desk"], stored["Product_Interest"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task A_hundred_records_go_in_one_call_and_a_hundred_and_one_are_LIMIT_EXCEEDED()
    {
        var hundred = JsonRequests.Data(Enumerable.Range(0, 100).Select(i => JsonRequests.Lead("Bulk" + i)).ToArray());
        var ok = await Client.PostJsonAsync("/crm/v8/Leads", hundred);
        Assert.Equal(HttpStatusCode.Created, ok.Status);
        Assert.Equal(100, TestClient.Data(ok).Count);
        Assert.Equal(300, Emulator.Records("Leads").Count);

        var tooMany = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(Enumerable.Range(0, 101).Select(i => JsonRequests.Lead("Over" + i)).ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("LIMIT_EXCEEDED", tooMany.Code);
        Assert.Equal(100, tooMany.Json["details"]!["limit"]!.GetValue<int>());
        Assert.Null(tooMany.Json["data"]);
        Assert.Equal(300, Emulator.Records("Leads").Count);
    }

    [Fact]
    public async Task Three_bad_rows_among_a_hundred_leave_97_created_and_three_errors_in_order()
    {
        var takenEmail = (string)Emulator.Records("Leads")[5]["Email"]!;
        var records = Enumerable.Range(0, 100).Select(i => JsonRequests.Lead("Row" + i)).ToArray();
        records[10].Remove("Last_Name");
        records[50]["Email"] = "not-an-email";
        records[99]["Email"] = takenEmail;

        var response = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(records));

        Assert.Equal(207, response.StatusCode);
        var data = TestClient.Data(response);
        Assert.Equal(100, data.Count);
        Assert.Equal(97, data.Count(e => e.Code() == "SUCCESS"));
        Assert.Equal("MANDATORY_NOT_FOUND", data[10].Code());
        Assert.Equal("Last_Name", data[10]!["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal("$.data[10].Last_Name", data[10]!["details"]!["json_path"]!.GetValue<string>());
        Assert.Equal("INVALID_DATA", data[50].Code());
        Assert.Equal("email", data[50]!["details"]!["expected_data_type"]!.GetValue<string>());
        Assert.Equal("$.data[50].Email", data[50]!["details"]!["json_path"]!.GetValue<string>());
        Assert.Equal("DUPLICATE_DATA", data[99].Code());
        var duplicate = data[99]!["details"]!["duplicate_record"]!;
        Assert.Equal((string)Emulator.Records("Leads")[5]["id"]!, duplicate["id"]!.GetValue<string>());
        Assert.NotNull(duplicate["Owner"]!["name"]);
        Assert.Equal("Leads", duplicate["module"]!["api_name"]!.GetValue<string>());
        Assert.Equal(Emulator.Modules.Find("Leads")!.Id.ToString(), duplicate["module"]!["id"]!.GetValue<string>());
        Assert.Equal("error", data[99]!["status"]!.GetValue<string>());
        Assert.Equal(297, Emulator.Records("Leads").Count);
    }

    [Fact]
    public async Task All_records_failing_answers_400_with_the_data_array()
    {
        var response = await Client.PostJsonAsync("/crm/v8/Contacts", JsonRequests.Data(new JsonObject { ["First_Name"] = "No" }, new JsonObject { ["First_Name"] = "Last" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.All(TestClient.Data(response), e => Assert.Equal("MANDATORY_NOT_FOUND", e.Code()));
    }

    [Theory]
    [InlineData("{not json", "INVALID_DATA")]
    [InlineData("[]", "INVALID_DATA")]
    [InlineData("{}", "MANDATORY_NOT_FOUND")]
    [InlineData("", "MANDATORY_NOT_FOUND")]
    [InlineData("{\"data\":{\"Last_Name\":\"x\"}}", "INVALID_DATA")]
    [InlineData("{\"data\":[]}", "INVALID_DATA")]
    [InlineData("{\"data\":[{\"Last_Name\":\"x\"}],\"trigger\":[\"workflow\",\"nope\"]}", "INVALID_DATA")]
    [InlineData("{\"data\":[{\"Last_Name\":\"x\"}],\"trigger\":\"workflow\"}", "INVALID_DATA")]
    [InlineData("{\"data\":[{\"Last_Name\":\"x\"}],\"lar_id\":\"abc\"}", "INVALID_DATA")]
    [InlineData("{\"data\":[{\"Last_Name\":\"x\"}],\"wf_trigger\":\"maybe\"}", "INVALID_DATA")]
    [InlineData("{\"data\":[{\"Last_Name\":\"x\",\"Last_Name\":\"y\"}]}", "INVALID_DATA")]
    public async Task Bad_bodies_are_top_level_errors(string body, string code)
    {
        var response = await Client.SendJsonAsync(HttpMethod.Post, "/crm/v8/Leads", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.Code);
        Assert.Equal("error", response.Json["status"]!.GetValue<string>());
        Assert.Null(response.Json["data"]);
    }

    [Fact]
    public async Task Triggers_lar_id_and_wf_trigger_are_accepted()
    {
        var body = JsonRequests.Data(JsonRequests.Lead("Triggered"));
        body["trigger"] = new JsonArray("workflow", "approval", "blueprint", "pathfinder", "orchestration");
        body["lar_id"] = "5725767000000231001";
        body["wf_trigger"] = "true";
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/crm/v8/Leads", body)).Status);

        var none = JsonRequests.Data(JsonRequests.Lead("NoTriggers"));
        none["trigger"] = new JsonArray();
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/crm/v8/Leads", none)).Status);
    }

    [Fact]
    public async Task Unknown_module_is_INVALID_MODULE_and_writes_need_write_scopes()
    {
        var unknown = await Client.PostJsonAsync("/crm/v8/Nope", JsonRequests.Data(JsonRequests.Lead("X")));
        Assert.Equal("INVALID_MODULE", unknown.Code);

        var code = Emulator.IssueGrantCode("ZohoCRM.modules.leads.READ");
        var token = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = Emulator.ClientId,
            ["client_secret"] = Emulator.ClientSecret,
            ["code"] = code,
        });
        Client.AccessToken = token.Json["access_token"]!.GetValue<string>();
        var denied = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("X")));
        Assert.Equal(401, denied.StatusCode);
        Assert.Equal("OAUTH_SCOPE_MISMATCH", denied.Code);
    }

    [Fact]
    public async Task Update_many_answers_per_record_in_order()
    {
        var leads = Emulator.OpenLeads();
        var first = (string)leads[0]["id"]!;
        var second = (string)leads[1]["id"]!;
        var response = await Client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(
            new JsonObject { ["id"] = first, ["Lead_Status"] = "Contacted" },
            new JsonObject { ["Lead_Status"] = "Contacted" },
            new JsonObject { ["id"] = "5725767000000000001", ["Lead_Status"] = "Contacted" },
            new JsonObject { ["id"] = second, ["Last_Name"] = null }));

        Assert.Equal(207, response.StatusCode);
        var data = TestClient.Data(response);
        Assert.Equal("SUCCESS", data[0].Code());
        Assert.Equal("record updated", data[0]!["message"]!.GetValue<string>());
        Assert.Equal(first, data[0].Id());
        Assert.Equal("MANDATORY_NOT_FOUND", data[1].Code());
        Assert.Equal("id", data[1]!["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal("INVALID_DATA", data[2].Code());
        Assert.Equal("5725767000000000001", data[2]!["details"]!["id"]!.GetValue<string>());
        Assert.Equal("the id given seems to be invalid", data[2]!["message"]!.GetValue<string>());
        Assert.Equal("MANDATORY_NOT_FOUND", data[3].Code());
        Assert.Equal("Last_Name", data[3]!["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal("Contacted", Emulator.Records("Leads").Single(r => (string)r["id"]! == first)["Lead_Status"]);
    }

    [Fact]
    public async Task Update_one_changes_the_record_and_its_modified_time()
    {
        var id = (string)Emulator.Records("Contacts")[0]["id"]!;
        _clock.Advance(TimeSpan.FromMinutes(5));
        var response = await Client.PutJsonAsync("/crm/v8/Contacts/" + id, JsonRequests.Data(new JsonObject { ["Title"] = "CTO", ["First_Name"] = "Ada" }));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal("2026-03-01T14:35:00+05:30", entry["details"]!["Modified_Time"]!.GetValue<string>());
        var stored = TestClient.Data(await Client.GetAsync("/crm/v8/Contacts/" + id)).Single()!;
        Assert.Equal("CTO", stored["Title"]!.GetValue<string>());
        Assert.StartsWith("Ada ", stored["Full_Name"]!.GetValue<string>());

        var missing = await Client.PutJsonAsync("/crm/v8/Contacts/5725767000000000001", JsonRequests.Data(new JsonObject { ["Title"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("INVALID_DATA", TestClient.Data(missing).Single().Code());

        var badPath = await Client.PutJsonAsync("/crm/v8/Contacts/abc", JsonRequests.Data(new JsonObject { ["Title"] = "x" }));
        Assert.Equal(1, badPath.Json["details"]!["resource_path_index"]!.GetValue<int>());

        var two = await Client.PutJsonAsync("/crm/v8/Contacts/" + id, JsonRequests.Data(new JsonObject { ["Title"] = "x" }, new JsonObject { ["Title"] = "y" }));
        Assert.Equal("LIMIT_EXCEEDED", two.Code);
    }

    [Fact]
    public async Task A_converted_lead_cannot_be_updated()
    {
        var converted = Emulator.Records("Leads").First(r => (bool)r["$converted"]!);
        var response = await Client.PutJsonAsync("/crm/v8/Leads/" + converted["id"], JsonRequests.Data(new JsonObject { ["Lead_Status"] = "Contacted" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var entry = TestClient.Data(response).Single();
        Assert.Equal("ID_ALREADY_CONVERTED", entry.Code());
        Assert.Equal(converted["id"], entry!["details"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Updating_a_unique_field_to_a_taken_value_is_DUPLICATE_DATA()
    {
        var accounts = Emulator.Records("Accounts");
        var response = await Client.PutJsonAsync("/crm/v8/Accounts", JsonRequests.Data(new JsonObject { ["id"] = accounts[0]["id"]!.ToString(), ["Account_Name"] = ((string)accounts[1]["Account_Name"]!).ToUpperInvariant() }));
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal("DUPLICATE_DATA", entry.Code());
        Assert.Equal("Account_Name", entry["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal((string)accounts[1]["id"]!, entry["details"]!["duplicate_record"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_many_moves_records_to_the_recycle_bin()
    {
        var ids = Emulator.Records("Deals").Take(2).Select(r => (string)r["id"]!).ToArray();
        var response = await Client.DeleteAsync($"/crm/v8/Deals?ids={ids[0]},5725767000000000001,{ids[1]}&wf_trigger=false");

        Assert.Equal(207, response.StatusCode);
        var data = TestClient.Data(response);
        Assert.Equal(JsonNode.Parse($"{{\"code\":\"SUCCESS\",\"details\":{{\"id\":\"{ids[0]}\"}},\"message\":\"record deleted\",\"status\":\"success\"}}")!.ToJsonString(), data[0]!.ToJsonString());
        Assert.Equal("INVALID_DATA", data[1].Code());
        Assert.Equal("SUCCESS", data[2].Code());
        Assert.Equal(48, Emulator.Records("Deals").Count);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/Deals/" + ids[0])).Status);
        Assert.Equal(2, Emulator.Store.DeletedRecords("Deals").Count);

        var one = await Client.DeleteAsync("/crm/v8/Deals/" + (string)Emulator.Records("Deals")[0]["id"]!);
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal("record deleted", TestClient.Data(one).Single()!["message"]!.GetValue<string>());

        var again = await Client.DeleteAsync("/crm/v8/Deals/" + ids[0]);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("INVALID_DATA", TestClient.Data(again).Single().Code());
    }

    [Fact]
    public async Task Delete_checks_its_ids_parameter()
    {
        Assert.Equal("REQUIRED_PARAM_MISSING", (await Client.DeleteAsync("/crm/v8/Deals")).Code);
        var tooMany = await Client.DeleteAsync("/crm/v8/Deals?ids=" + string.Join(',', Enumerable.Range(1, 101).Select(i => 5725767000000000000L + i)));
        Assert.Equal("LIMIT_EXCEEDED", tooMany.Code);
        Assert.Equal(100, tooMany.Json["details"]!["limit"]!.GetValue<int>());
        Assert.Equal("INVALID_DATA", (await Client.DeleteAsync("/crm/v8/Deals?ids=1&wf_trigger=yes")).Code);
        Assert.Equal("INVALID_DATA", (await Client.DeleteAsync("/crm/v8/Deals/abc")).Code);
    }

    [Fact]
    public async Task Writes_cost_one_credit_per_ten_records_and_deletes_one()
    {
        var before = Emulator.Credits.TotalCharged;
        await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(Enumerable.Range(0, 25).Select(i => JsonRequests.Lead("Credit" + i)).ToArray()));
        Assert.Equal(3, Emulator.Credits.TotalCharged - before);

        await Client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["id"] = Emulator.OpenLeads()[0]["id"]!.ToString(), ["City"] = "Pune" }));
        Assert.Equal(4, Emulator.Credits.TotalCharged - before);

        await Client.DeleteAsync("/crm/v8/Leads?ids=" + Emulator.Records("Leads")[0]["id"]);
        Assert.Equal(5, Emulator.Credits.TotalCharged - before);
        Assert.Equal(3, Emulator.Requests.Snapshot().First(r => r.Method == "POST" && r.Path == "/crm/v8/Leads").Credits);
    }

    [Fact]
    public async Task Every_written_record_raises_RecordChanged_once()
    {
        var changes = new List<RecordChange>();
        Emulator.Store.RecordChanged += c => { lock (changes) changes.Add(c); };

        var inserted = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("One"), JsonRequests.Lead("Two")));
        var ids = TestClient.Data(inserted).Select(e => long.Parse(e.Id())).ToArray();
        await Client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["id"] = ids[0].ToString(), ["Company"] = "Zylker", ["City"] = "Pune" }));
        await Client.DeleteAsync("/crm/v8/Leads/" + ids[1]);

        Assert.Equal(4, changes.Count);
        Assert.Equal([RecordOperation.Insert, RecordOperation.Insert, RecordOperation.Update, RecordOperation.Delete], changes.Select(c => c.Operation).ToArray());
        Assert.All(changes, c => Assert.Equal("Leads", c.Module));
        Assert.Equal([ids[0], ids[1], ids[0], ids[1]], changes.Select(c => c.Id).ToArray());
        Assert.Contains("Last_Name", changes[0].ChangedFields);
        Assert.Contains("Full_Name", changes[0].ChangedFields);
        Assert.Equal(["City"], changes[2].ChangedFields);
        Assert.Empty(changes[3].ChangedFields);
    }
}

public sealed class WriteLatencyTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { LatencyMs = 150 };

    [Fact]
    public async Task Latency_applies_to_writes()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Slow")));
        Assert.Equal(HttpStatusCode.Created, response.Status);
        // Task.Delay's timer may fire a few milliseconds before the stopwatch says 150 (CI measured 146).
        Assert.True(watch.ElapsedMilliseconds >= 130, $"took {watch.ElapsedMilliseconds} ms");
    }
}
