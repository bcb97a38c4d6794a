using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class CoqlTests : EmulatorTestBase
{
    private Task<ApiResponse> QueryAsync(string query) => Client.PostJsonAsync("/crm/v8/coql", new JsonObject { ["select_query"] = query });

    private static string[] Ids(ApiResponse response) => TestClient.Data(response).Select(r => r!["id"]!.GetValue<string>()).ToArray();

    private async Task<string> InsertAsync(string module, JsonObject record) =>
        TestClient.Data(await Client.PostJsonAsync("/crm/v8/" + module, JsonRequests.Data(record))).Single().Id();

    [Fact]
    public async Task Select_returns_the_fields_asked_for_lookups_as_ids_and_the_id_last()
    {
        var contact = Emulator.Records("Contacts").First(c => c["Account_Name"] is not null);
        var account = (IReadOnlyDictionary<string, object?>)contact["Account_Name"]!;
        var response = await QueryAsync($"select Last_Name, Email, Account_Name, Account_Name.Account_Name, Owner.email from Contacts where id = '{contact["id"]}'");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var row = TestClient.Data(response).Single()!.AsObject();
        Assert.Equal(["Last_Name", "Email", "Account_Name", "Account_Name.Account_Name", "Owner.email", "id"], row.Select(p => p.Key).ToArray());
        Assert.Equal(JsonNode.Parse($"{{\"id\":\"{account["id"]}\"}}")!.ToJsonString(), row["Account_Name"]!.ToJsonString());
        Assert.Equal((string)account["name"]!, row["Account_Name.Account_Name"]!.GetValue<string>());
        Assert.EndsWith("@zylker.example", row["Owner.email"]!.GetValue<string>());
        Assert.Equal(1, response.Json["info"]!["count"]!.GetValue<int>());
        Assert.False(response.Json["info"]!["more_records"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Limit_and_offset_page_through_the_rows()
    {
        var all = Ids(await QueryAsync("select Last_Name from Contacts where id is not null order by id asc limit 30"));
        Assert.Equal(30, all.Length);

        var first = await QueryAsync("select Last_Name from Contacts where id is not null order by id asc limit 10 offset 0");
        var second = await QueryAsync("SELECT Last_Name FROM Contacts WHERE id IS NOT NULL ORDER BY id ASC LIMIT 10 OFFSET 10");
        var third = await QueryAsync("select Last_Name from Contacts where id is not null order by id limit 20, 10");
        Assert.Equal(all[..10], Ids(first));
        Assert.Equal(all[10..20], Ids(second));
        Assert.Equal(all[20..30], Ids(third));
        Assert.True(first.Json["info"]!["more_records"]!.GetValue<bool>());

        var last = await QueryAsync("select Last_Name from Contacts where id is not null limit 10 offset 95");
        Assert.Equal(5, TestClient.Data(last).Count);
        Assert.False(last.Json["info"]!["more_records"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NoContent, (await QueryAsync("select Last_Name from Contacts where id is not null limit 10 offset 100")).Status);

        var defaultLimit = await QueryAsync("select Last_Name from Leads where id is not null");
        Assert.Equal(Emulator.OpenLeads().Count, TestClient.Data(defaultLimit).Count);
    }

    [Fact]
    public async Task Credits_follow_the_limit_and_limits_are_enforced()
    {
        foreach (var (limit, credits) in new[] { (200, 1), (201, 2), (1000, 2), (1001, 3), (2000, 3) })
        {
            var before = Emulator.Credits.TotalCharged;
            await QueryAsync($"select Last_Name from Leads where id is not null limit {limit}");
            Assert.Equal(credits, Emulator.Credits.TotalCharged - before);
        }

        var over = await QueryAsync("select Last_Name from Leads where id is not null limit 2001");
        Assert.Equal("LIMIT_EXCEEDED", over.Code);
        Assert.Equal("LIMIT_EXCEEDED", (await QueryAsync("select Last_Name from Leads where id is not null limit 2000 offset 98001")).Code);
        Assert.Equal("LIMIT_EXCEEDED", (await QueryAsync("select Last_Name from Leads where Last_Name in (" + string.Join(',', Enumerable.Range(0, 51).Select(i => $"'n{i}'")) + ")")).Code);
        var fields = string.Join(", ", Enumerable.Repeat("Last_Name", 51));
        Assert.Equal("LIMIT_EXCEEDED", (await QueryAsync($"select {fields} from Leads where id is not null")).Code);
    }

    [Fact]
    public async Task Comparators_cover_text_numbers_dates_nulls_and_lists()
    {
        var a = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "O'Brien", ["Company"] = "Cq Alpha Works", ["No_of_Employees"] = 7001, ["Follow_Up_Date"] = "2031-01-15" });
        var b = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "Cqbeta", ["Company"] = "Cq Beta", ["No_of_Employees"] = 7002 });

        Assert.Equal([a], Ids(await QueryAsync("select Last_Name from Leads where Last_Name = 'O''Brien'")));
        Assert.Equal([a], Ids(await QueryAsync(@"select Last_Name from Leads where Last_Name = 'o\'brien'")));
        Assert.Equal([a, b], Ids(await QueryAsync("select Last_Name from Leads where Company like 'Cq %'")));
        Assert.Equal([a], Ids(await QueryAsync("select Last_Name from Leads where (Company like '%works' and Company not like '%Beta%')")));
        Assert.Equal([b], Ids(await QueryAsync("select Last_Name from Leads where (No_of_Employees between 7002 and 7002 and Last_Name != 'x')".Replace(" and Last_Name != 'x'", string.Empty))));
        Assert.Equal([a, b], Ids(await QueryAsync("select Last_Name from Leads where No_of_Employees in (7001, 7002)")));
        Assert.Equal([a], Ids(await QueryAsync("select Last_Name from Leads where (Follow_Up_Date >= '2031-01-01' and Follow_Up_Date < '2031-02-01')")));
        Assert.Equal([b], Ids(await QueryAsync("select Last_Name from Leads where (Company like 'Cq%' and Follow_Up_Date is null)")));
        Assert.Equal([b, a], Ids(await QueryAsync("select Last_Name from Leads where Company like 'Cq%' order by No_of_Employees desc")));
        Assert.Equal([a, b], Ids(await QueryAsync("select Last_Name from Leads where ((Company like 'Cq%' and No_of_Employees > 7000) and Last_Name not in ('x', 'y'))")));
        Assert.Equal([b], Ids(await QueryAsync("select Last_Name, Company as company from Leads where (Company = 'cq beta' or Company = 'none')")));
    }

    [Fact]
    public async Task Three_conditions_need_brackets_and_syntax_errors_say_where()
    {
        var unbracketed = await QueryAsync("select Last_Name from Leads where Last_Name = 'a' and Company = 'b' and City = 'c'");
        Assert.Equal("SYNTAX_ERROR", unbracketed.Code);
        Assert.Equal(1, unbracketed.Json["details"]!["line"]!.GetValue<int>());
        Assert.Equal("and", unbracketed.Json["details"]!["near"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await QueryAsync("select Last_Name from Leads where ((Last_Name = 'a' and Company = 'b') and City = 'c')")).Status);

        var multiline = await QueryAsync("select Last_Name\nfrom Leads\nwhere Last_Name == 'a'");
        Assert.Equal("SYNTAX_ERROR", multiline.Code);
        Assert.Equal(3, multiline.Json["details"]!["line"]!.GetValue<int>());
        Assert.Equal(18, multiline.Json["details"]!["column"]!.GetValue<int>());

        var noWhere = await QueryAsync("select Last_Name from Leads");
        Assert.Equal("SYNTAX_ERROR", noWhere.Code);
        Assert.Equal("where", noWhere.Json["details"]!["clause"]!.GetValue<string>());

        foreach (var bad in new[] { "", "select from Leads where id is not null", "select * from Leads where id is not null", "select Last_Name from Leads where Last_Name = null", "select Last_Name from Leads where Last_Name = 'open", "select Last_Name from Leads where id is not null limit ten", "select Last_Name Leads where id is not null" })
        {
            Assert.Equal("SYNTAX_ERROR", (await QueryAsync(bad)).Code);
        }
    }

    [Fact]
    public async Task Invalid_columns_values_and_types_are_INVALID_QUERY()
    {
        var column = await QueryAsync("select Nope from Leads where id is not null");
        Assert.Equal("INVALID_QUERY", column.Code);
        Assert.Equal("column given seems to be invalid", column.Json["message"]!.GetValue<string>());
        Assert.Equal("Nope", column.Json["details"]!["column_name"]!.GetValue<string>());

        var value = await QueryAsync("select Last_Name from Leads where No_of_Employees = 'many'");
        Assert.Equal("value given seems to be invalid for the column", value.Json["message"]!.GetValue<string>());
        Assert.Equal("No_of_Employees", value.Json["details"]!["column_name"]!.GetValue<string>());

        var textarea = await QueryAsync("select Last_Name from Leads where Description = 'x'");
        Assert.Equal("data type not supported", textarea.Json["message"]!.GetValue<string>());

        Assert.Equal("INVALID_QUERY", (await QueryAsync("select Last_Name from Leads where Last_Name > 'x'")).Code);
        Assert.Equal("INVALID_QUERY", (await QueryAsync("select Last_Name from leads where id is not null")).Code);
        Assert.Equal("INVALID_QUERY", (await QueryAsync("select Last_Name.Name from Leads where id is not null")).Code);
        Assert.Equal("INVALID_QUERY", (await QueryAsync("select Last_Name from Leads where Follow_Up_Date = '2024-13-01'")).Code);
        Assert.Equal("DUPLICATE_DATA", (await QueryAsync("select Last_Name, Last_Name from Leads where id is not null")).Code);
        Assert.Equal("DUPLICATE_ALIAS", (await QueryAsync("select Last_Name as n, Email as n from Leads where id is not null")).Code);
    }

    [Fact]
    public async Task Body_errors_and_scopes()
    {
        Assert.Equal("MANDATORY_NOT_FOUND", (await Client.PostJsonAsync("/crm/v8/coql", new JsonObject())).Code);
        Assert.Equal("INVALID_DATA", (await Client.PostJsonAsync("/crm/v8/coql", new JsonObject { ["select_query"] = 5 })).Code);
        Assert.Equal("INVALID_REQUEST_METHOD", (await Client.GetAsync("/crm/v8/coql")).Code);

        var code = Emulator.IssueGrantCode("ZohoCRM.modules.ALL");
        var token = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = Emulator.ClientId,
            ["client_secret"] = Emulator.ClientSecret,
            ["code"] = code,
        });
        Client.AccessToken = token.Json["access_token"]!.GetValue<string>();
        Assert.Equal("OAUTH_SCOPE_MISMATCH", (await QueryAsync("select Last_Name from Leads where id is not null")).Code);
    }
}

public sealed class CoqlOptionTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { CoqlRequiresWhere = false, CoqlEmptyIsNoContent = false, CoqlMaxLimit = 200, CoqlIncludesConvertedLeads = true };

    [Fact]
    public async Task Options_relax_where_answer_empty_200_and_cap_the_limit()
    {
        var all = await Client.PostJsonAsync("/crm/v8/coql", new JsonObject { ["select_query"] = "select Last_Name from Leads limit 200" });
        Assert.Equal(200, TestClient.Data(all).Count);

        var empty = await Client.PostJsonAsync("/crm/v8/coql", new JsonObject { ["select_query"] = "select Last_Name from Leads where Last_Name = 'nobody'" });
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Equal(0, empty.Json["info"]!["count"]!.GetValue<int>());
        Assert.Empty(TestClient.Data(empty));

        Assert.Equal("LIMIT_EXCEEDED", (await Client.PostJsonAsync("/crm/v8/coql", new JsonObject { ["select_query"] = "select Last_Name from Leads limit 201" })).Code);
    }
}
