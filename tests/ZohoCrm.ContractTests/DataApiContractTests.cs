using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.ContractTests.Oas;

namespace ZohoCrm.ContractTests;

/// <summary>
/// The writing endpoints, deleted records, search, COQL and lead conversion against Zoho's OpenAPI files:
/// request bodies and parameters, success bodies, and error bodies (top-level and per record).
/// </summary>
public sealed class DataApiContractTests : IClassFixture<EmulatorContractFixture>
{
    private readonly EmulatorContractFixture _fixture;

    public DataApiContractTests(EmulatorContractFixture fixture) => _fixture = fixture;

    private OasValidator Validator => _fixture.Validator;

    private async Task<(int Status, string Body)> SendAsync(string method, string pathAndQuery, string? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _fixture.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends the request, checks the request and the answer against the OAS, returns the answer.</summary>
    private async Task<JsonNode?> CheckAsync(string method, string pathAndQuery, int expectedStatus, string? body = null, bool checkRequest = true)
    {
        if (checkRequest)
        {
            var query = QueryOf(pathAndQuery);
            var requestResult = Validator.ValidateRequest(method, pathAndQuery, query, body);
            Assert.True(requestResult.IsValid, $"request {method} {pathAndQuery}: {requestResult}");
        }

        var (status, text) = await SendAsync(method, pathAndQuery, body);
        Assert.True(status == expectedStatus, $"{method} {pathAndQuery}: expected {expectedStatus} but got {status}: {text}");
        var result = Validator.ValidateResponse(method, pathAndQuery, status, text);
        Assert.True(result.IsValid, $"{method} {pathAndQuery}: {result}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>A write answer whose records all failed (400 with "data"): the OAS documents that shape only under 200.</summary>
    private async Task<JsonNode> CheckAllFailedAsync(string method, string path, string body)
    {
        var (status, text) = await SendAsync(method, path, body);
        Assert.True(status == 400, $"{method} {path}: expected 400 but got {status}: {text}");
        var result = Validator.ValidateResponse(method, path, 200, text);
        Assert.True(result.IsValid, result.ToString());
        var node = JsonNode.Parse(text)!;
        foreach (var entry in node["data"]!.AsArray())
        {
            var entryResult = Validator.ValidateSchema("record.json#/components/schemas/API_Exception", entry);
            Assert.True(entryResult.IsValid, entryResult.ToString());
        }

        return node;
    }

    private static Dictionary<string, string> QueryOf(string pathAndQuery)
    {
        var at = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return at < 0
            ? new Dictionary<string, string>()
            : pathAndQuery[(at + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty));
    }

    private static string Body(params JsonObject[] records) => new JsonObject { ["data"] = new JsonArray(records.Select(r => (JsonNode?)r).ToArray()) }.ToJsonString();

    private static JsonObject NewLead(string name) => new()
    {
        ["Last_Name"] = name,
        ["Company"] = name + " Contract Co",
        ["Email"] = $"{name.ToLowerInvariant()}.{Guid.NewGuid():N}@zylker.example",
    };

    private string OpenLeadId(int skip) =>
        (string)_fixture.Emulator.Records("Leads").Where(r => !(bool)r["$converted"]!).Skip(skip).First()["id"]!;

    [OasFact]
    public async Task Insert_update_upsert_and_delete_match_record_json()
    {
        var inserted = await CheckAsync("POST", "/crm/v8/Leads", 201, Body(NewLead("Alpha"), NewLead("Beta")));
        var ids = inserted!["data"]!.AsArray().Select(e => e!["details"]!["id"]!.GetValue<string>()).ToArray();

        var bad = NewLead("Gamma");
        bad["No_of_Employees"] = "many";
        await CheckAsync("POST", "/crm/v8/Leads", 207, Body(NewLead("Delta"), bad, new JsonObject { ["First_Name"] = "NoLast" }));

        var update = Body(new JsonObject { ["id"] = ids[0], ["City"] = "Pune" }, new JsonObject { ["id"] = "5725767000000000001", ["City"] = "Pune" });
        await CheckAsync("PUT", "/crm/v8/Leads", 207, update);
        await CheckAsync("PUT", "/crm/v8/Leads/" + ids[1], 200, Body(new JsonObject { ["Lead_Status"] = "Contacted" }));

        var existing = _fixture.Emulator.Records("Leads").First(r => r["id"]!.Equals(ids[0]));
        var upsert = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject { ["Last_Name"] = "Alpha2", ["Email"] = (string)existing["Email"]! }, NewLead("Epsilon")),
            ["duplicate_check_fields"] = new JsonArray("Email"),
            ["trigger"] = new JsonArray("workflow"),
        }.ToJsonString();
        var upserted = await CheckAsync("POST", "/crm/v8/Leads/upsert", 200, upsert);
        Assert.Equal("update", upserted!["data"]![0]!["action"]!.GetValue<string>());

        await CheckAsync("DELETE", $"/crm/v8/Leads?ids={ids[0]},5725767000000000001&wf_trigger=true", 207);
        await CheckAsync("DELETE", "/crm/v8/Leads/" + ids[1], 200);
    }

    [OasFact]
    public async Task Per_record_errors_match_the_api_exception_schema()
    {
        var taken = (string)_fixture.Emulator.Records("Leads")[1]["Email"]!;
        var tooLong = NewLead(new string('x', 81));
        var duplicate = NewLead("Dup");
        duplicate["Email"] = taken;
        var lookup = new JsonObject { ["Last_Name"] = "L", ["Account_Name"] = new JsonObject { ["id"] = "5725767000000000001" } };
        var node = await CheckAllFailedAsync("POST", "/crm/v8/Leads", Body(tooLong, duplicate, new JsonObject { ["Email"] = "x@y.example" }));
        Assert.Equal(["INVALID_DATA", "DUPLICATE_DATA", "MANDATORY_NOT_FOUND"], node["data"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()).ToArray());
        await CheckAllFailedAsync("POST", "/crm/v8/Contacts", Body(lookup));

        var converted = (string)_fixture.Emulator.Records("Leads").First(r => (bool)r["$converted"]!)["id"]!;
        await CheckAllFailedAsync("PUT", "/crm/v8/Leads/" + converted, Body(new JsonObject { ["City"] = "Pune" }));
        await CheckAllFailedAsync("DELETE", "/crm/v8/Leads?ids=5725767000000000001", string.Empty);
    }

    [OasFact]
    public async Task Top_level_write_errors_are_zoho_error_envelopes()
    {
        foreach (var body in new[] { "{", "{}", "{\"data\":{}}", "{\"data\":[]}", Body(Enumerable.Range(0, 101).Select(i => NewLead("L" + i)).ToArray()), "{\"data\":[{\"Last_Name\":\"x\"}],\"trigger\":[\"nope\"]}" })
        {
            await CheckAsync("POST", "/crm/v8/Leads", 400, body, checkRequest: false);
        }

        await CheckAsync("POST", "/crm/v8/Nope", 400, Body(NewLead("X")));
        await CheckAsync("DELETE", "/crm/v8/Leads", 400);
        await CheckAsync("PUT", "/crm/v8/Leads/abc", 400, Body(new JsonObject { ["City"] = "x" }));
    }

    [OasFact]
    public async Task Deleted_records_match_record_json()
    {
        await CheckAsync("GET", "/crm/v8/Deals/deleted?type=all", 204);
        var deals = _fixture.Emulator.Records("Deals").Take(3).Select(d => (string)d["id"]!).ToArray();
        await CheckAsync("DELETE", "/crm/v8/Deals?ids=" + string.Join(',', deals), 200);
        await CheckAsync("GET", "/crm/v8/Deals/deleted?type=all&page=1&per_page=2", 200);
        await CheckAsync("GET", "/crm/v8/Deals/deleted?type=recycle", 200);
        await CheckAsync("GET", "/crm/v8/Deals/deleted?type=permanent", 204);
        await CheckAsync("GET", "/crm/v8/Deals/deleted?type=everything", 400);
    }

    [OasFact]
    public async Task Search_answers_match_record_json_and_module_search_json()
    {
        await CheckAsync("GET", "/crm/v8/Leads/search?criteria=" + Uri.EscapeDataString("((Last_Name:starts_with:A)or(Lead_Status:in:Contacted,Not Qualified))") + "&fields=Last_Name,Email&page=1&per_page=20&converted=both&approved=true", 200);
        await CheckAsync("GET", "/crm/v8/Leads/search?word=a&per_page=5", 200);
        await CheckAsync("GET", "/crm/v8/Leads/search?email=nobody%40nowhere.example", 204);

        var errors = new (string Query, string Schema)[]
        {
            ("criteria=" + Uri.EscapeDataString("(Last_Name:equals:a(b)"), "InvalidQuery"),
            ("criteria=" + Uri.EscapeDataString("(Nope:equals:x)"), "InvalidQuery"),
            ("criteria=" + Uri.EscapeDataString("(Lead_Status:starts_with:x)"), "InvalidQuery"),
            ("criteria=" + Uri.EscapeDataString("(No_of_Employees:equals:x)"), "InvalidQuery"),
            ("criteria=" + Uri.EscapeDataString("(No_of_Employees:between:1)"), "InvalidQuery"),
            ("criteria=" + Uri.EscapeDataString("(Last_Name:in:" + string.Join(',', Enumerable.Range(0, 101)) + ")"), "InvalidQuery_NoReason"),
            ("criteria=" + Uri.EscapeDataString("(Last_Name:equals:x)") + "&page=11&per_page=200", "Max_records"),
            ("fields=Last_Name", "Mandatory_Param_Missing"),
        };
        foreach (var (query, schema) in errors)
        {
            var node = await CheckAsync("GET", "/crm/v8/Leads/search?" + query, 400);
            var specific = Validator.ValidateSchema("module_search.json#/components/schemas/" + schema, node);
            Assert.True(specific.IsValid, $"{query}: {specific}");
        }

        await CheckAsync("GET", "/crm/v8/Leads/search?criteria=" + Uri.EscapeDataString("(" + string.Join("or", Enumerable.Range(0, 11).Select(i => $"(Last_Name:equals:n{i})")) + ")"), 400);
    }

    [OasFact]
    public async Task Coql_answers_match_coql_json()
    {
        string Query(string q) => new JsonObject { ["select_query"] = q }.ToJsonString();
        await CheckAsync("POST", "/crm/v8/coql", 200, Query("select Last_Name, Account_Name, Account_Name.Account_Name, Owner from Contacts where Last_Name is not null order by Last_Name desc limit 5 offset 2"));
        await CheckAsync("POST", "/crm/v8/coql", 200, Query("select Deal_Name, Amount, Closing_Date, Stage from Deals where (Amount > 0 and Stage != 'x') limit 3"));
        await CheckAsync("POST", "/crm/v8/coql", 204, Query("select Last_Name from Leads where Last_Name = 'Nobody At All'"));

        foreach (var bad in new[]
        {
            "select Last_Name from Leads where Last_Name = 'a' and Email = 'b' and City = 'c'",
            "select Last_Name from Leads",
            "select Nope from Leads where id is not null",
            "select Last_Name from Leads where No_of_Employees = 'x'",
            "select Last_Name from Leads where Description = 'x'",
            "select Last_Name from Leads where id is not null limit 2001",
            "select Last_Name, Last_Name from Leads where id is not null",
            "select Last_Name as a, Email as a from Leads where id is not null",
        })
        {
            await CheckAsync("POST", "/crm/v8/coql", 400, Query(bad));
        }

        await CheckAsync("POST", "/crm/v8/coql", 400, "{}", checkRequest: false);
    }

    [OasFact]
    public async Task Lead_conversion_matches_convert_lead_json()
    {
        var account = _fixture.Emulator.Records("Accounts")[0];
        var contact = _fixture.Emulator.Records("Contacts")[0];
        var element = new JsonObject
        {
            ["overwrite"] = false,
            ["notify_lead_owner"] = true,
            ["notify_new_entity_owner"] = true,
            ["add_to_existing_record"] = true,
            ["Accounts"] = new JsonObject { ["id"] = (string)account["id"]! },
            ["Contacts"] = new JsonObject { ["id"] = (string)contact["id"]! },
            ["assign_to"] = new JsonObject { ["name"] = "Patricia Boyle", ["id"] = "5725767000000235013" },
            ["Deals"] = new JsonObject { ["Deal_Name"] = "Contract deal", ["Closing_Date"] = "2031-06-30", ["Stage"] = "Qualification", ["Pipeline"] = "Standard", ["Amount"] = 5000 },
            ["carry_over_tags"] = new JsonObject { ["Contacts"] = new JsonArray("VIP"), ["Accounts"] = new JsonArray(), ["Deals"] = new JsonArray() },
            ["move_attachments_to"] = new JsonObject { ["api_name"] = "Contacts", ["id"] = (string)contact["id"]! },
        };
        var requestCheck = Validator.ValidateSchema("convert_lead.json#/components/schemas/Lead_Converter", element);
        Assert.True(requestCheck.IsValid, requestCheck.ToString());

        var leadId = OpenLeadId(0);
        var path = $"/crm/v8/Leads/{leadId}/actions/convert";
        await CheckAsync("POST", path, 200, Body(element), checkRequest: false);
        await CheckAsync("POST", path, 400, Body(new JsonObject()), checkRequest: false);
        await CheckAsync("POST", "/crm/v8/Leads/5725767000000000001/actions/convert", 400, Body(new JsonObject()), checkRequest: false);

        var operation = Validator.Documents.FindOperation("POST", path)!;
        var other = $"/crm/v8/Leads/{OpenLeadId(1)}/actions/convert";
        foreach (var bad in new[]
        {
            new JsonObject { ["Deals"] = new JsonObject { ["Deal_Name"] = "x", ["Stage"] = "Qualification", ["Pipeline"] = "Standard" } },
            new JsonObject { ["Deals"] = new JsonObject { ["Deal_Name"] = "x", ["Closing_Date"] = "soon", ["Stage"] = "Qualification", ["Pipeline"] = "Standard" } },
            new JsonObject { ["Accounts"] = new JsonObject { ["id"] = "5725767000000000001" } },
        })
        {
            var (status, text) = await SendAsync("POST", other, Body(bad));
            Assert.Equal(400, status);
            var result = Validator.ValidateSchema(operation.ResponseSchema("400")!, JsonNode.Parse(text));
            Assert.True(result.IsValid, $"{text}: {result}");
        }
    }

    /// <summary>The query (and header) parameters the new endpoints read, as declared in the emulator's code.</summary>
    public static TheoryData<string, string, string, string> Parameters => new()
    {
        { "DELETE", "/crm/v8/{module_api_name}", "ids,wf_trigger", string.Empty },
        { "DELETE", "/crm/v8/{module_api_name}/{id}", "wf_trigger", string.Empty },
        { "GET", "/crm/v8/{module_api_name}/deleted", "type,page,per_page", "If-Modified-Since" },
        { "GET", "/crm/v8/{module_api_name}/search", "criteria,email,phone,word,converted,approved,page,per_page,fields", string.Empty },
    };

    [OasTheory]
    [MemberData(nameof(Parameters))]
    public void Parameter_names_exist_in_the_operation(string method, string template, string query, string headers)
    {
        var result = Validator.ValidateRequest(method, template, query.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(result.IsValid, result.ToString());
        var operation = Validator.Documents.FindOperation(method, template)!;
        foreach (var header in headers.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(operation.Parameters, p => p.In == "header" && p.Name == header);
        }
    }
}
