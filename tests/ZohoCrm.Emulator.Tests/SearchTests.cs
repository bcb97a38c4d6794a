using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class SearchTests : EmulatorTestBase
{
    private Task<ApiResponse> SearchAsync(string module, string criteria, string extra = "") =>
        Client.GetAsync($"/crm/v8/{module}/search?criteria={Uri.EscapeDataString(criteria)}{extra}");

    private async Task<string> InsertAsync(string module, JsonObject record) =>
        TestClient.Data(await Client.PostJsonAsync("/crm/v8/" + module, JsonRequests.Data(record))).Single().Id();

    private static string[] Ids(ApiResponse response) => TestClient.Data(response).Select(r => r!["id"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task Escaped_parentheses_commas_and_backslashes_find_the_record_and_unescaped_ones_fail()
    {
        var id = await InsertAsync("Accounts", new JsonObject { ["Account_Name"] = @"Zylker (Asia), Ltd\Co" });

        var found = await SearchAsync("Accounts", @"(Account_Name:equals:Zylker \(Asia\)\, Ltd\\Co)");
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal([id], Ids(found));

        foreach (var bad in new[] { "(Account_Name:equals:Zylker (Asia), Ltd)", @"(Account_Name:equals:Zylker \(Asia\), Ltd)", @"(Account_Name:equals:Zylker \Asia)" })
        {
            var response = await SearchAsync("Accounts", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("INVALID_QUERY", response.Code);
            Assert.Equal("Invalid query formed", response.Json["message"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(response.Json["details"]!["reason"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task And_or_and_nested_parentheses_combine_conditions()
    {
        var a = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "Quill", ["Company"] = "Alpha", ["Lead_Status"] = "Contacted" });
        var b = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "Quill", ["Company"] = "Beta", ["Lead_Status"] = "Junk Lead" });
        var c = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "Quorn", ["Company"] = "Gamma", ["Lead_Status"] = "Contacted" });

        Assert.Equal([a], Ids(await SearchAsync("Leads", "((Last_Name:equals:Quill)and(Lead_Status:equals:Contacted))")));
        Assert.Equal([a, b, c], Ids(await SearchAsync("Leads", "((Last_Name:equals:Quill) or (Last_Name:starts_with:Quo))")));
        Assert.Equal([a, c], Ids(await SearchAsync("Leads", "(((Last_Name:equals:Quill)and(Company:equals:Alpha))OR(Company:equals:Gamma))")));
        Assert.Equal([b], Ids(await SearchAsync("Leads", "(Last_Name:starts_with:Qu)and(Lead_Status:not_equal:Contacted)")));
        Assert.Equal([a, c], Ids(await SearchAsync("Leads", "(Lead_Status:in:Contacted,Not Qualified)and(Last_Name:starts_with:Qu)")));

        var mixed = await SearchAsync("Leads", "(Last_Name:equals:Quill)and(Company:equals:Alpha)or(Company:equals:Gamma)");
        Assert.Equal("INVALID_QUERY", mixed.Code);
    }

    [Fact]
    public async Task Operators_depend_on_the_field_type()
    {
        var id = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "Typed", ["No_of_Employees"] = 4242, ["Follow_Up_Date"] = "2031-02-03", ["Annual_Revenue"] = 12.5 });

        Assert.Equal([id], Ids(await SearchAsync("Leads", "((No_of_Employees:greater_than:4241)and(No_of_Employees:less_equal:4242))")));
        Assert.Equal([id], Ids(await SearchAsync("Leads", "(Follow_Up_Date:between:2031-02-01,2031-02-28)")));
        Assert.Equal([id], Ids(await SearchAsync("Leads", "((Annual_Revenue:equals:12.5)and(Last_Name:ends_with:yped))")));

        var wrongOperator = await SearchAsync("Leads", "(Lead_Status:starts_with:Con)");
        Assert.Equal("INVALID_QUERY", wrongOperator.Code);
        Assert.Equal("starts_with", wrongOperator.Json["details"]!["operator"]!.GetValue<string>());
        Assert.Equal("Lead_Status", wrongOperator.Json["details"]!["api_name"]!.GetValue<string>());

        var badNumber = await SearchAsync("Leads", "(No_of_Employees:equals:many)");
        Assert.Equal("integer", badNumber.Json["details"]!["expected_data_type"]!.GetValue<string>());

        Assert.Equal("INVALID_QUERY", (await SearchAsync("Leads", "(Nope:equals:x)")).Code);
        Assert.Equal("INVALID_QUERY", (await SearchAsync("Leads", "(Last_Name:like:x)")).Code);
        Assert.Equal("INVALID_QUERY", (await SearchAsync("Leads", "(Follow_Up_Date:between:2031-02-01)")).Code);
    }

    [Theory]
    [InlineData("Last_Name:equals:x")]
    [InlineData("(Last_Name:equals:x")]
    [InlineData("(Last_Name:equals)")]
    [InlineData("(Last_Name:equals:)")]
    [InlineData("(Last_Name:equals:x)(Last_Name:equals:y)")]
    [InlineData("(Last_Name:equals:x)xor(Last_Name:equals:y)")]
    [InlineData("((Last_Name:equals:x)")]
    [InlineData("(Last_Name:equals:x))")]
    [InlineData("()")]
    public async Task Malformed_criteria_are_INVALID_QUERY(string criteria)
    {
        var response = await SearchAsync("Leads", criteria);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_QUERY", response.Code);
    }

    [Fact]
    public async Task An_unencoded_plus_in_a_date_time_becomes_a_space_and_fails()
    {
        var id = await InsertAsync("Events", new JsonObject { ["Event_Title"] = "Plus", ["Start_DateTime"] = "2031-04-19T05:58:06+05:30", ["End_DateTime"] = "2031-04-19T06:58:06+05:30" });

        var raw = await Client.GetAsync("/crm/v8/Events/search?criteria=(Start_DateTime:greater_equal:2031-04-19T05:58:06+05:30)");
        Assert.Equal("INVALID_QUERY", raw.Code);
        Assert.Equal("datetime", raw.Json["details"]!["expected_data_type"]!.GetValue<string>());

        var encoded = await Client.GetAsync("/crm/v8/Events/search?criteria=(Start_DateTime:greater_equal:2031-04-19T05:58:06%2B05:30)");
        Assert.Equal([id], Ids(encoded));
    }

    [Fact]
    public async Task Equals_on_text_also_matches_whole_words()
    {
        var abc = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "W1", ["Company"] = "ABC Inc" });
        await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "W2", ["Company"] = "ABCD Corp" });
        var exact = await InsertAsync("Leads", new JsonObject { ["Last_Name"] = "W3", ["Company"] = "abc" });

        Assert.Equal([abc, exact], Ids(await SearchAsync("Leads", "(Company:equals:ABC)")));
    }

    [Fact]
    public async Task More_than_ten_conditions_are_CRITERIA_LIMIT_EXCEEDED()
    {
        var criteria = "(" + string.Join("or", Enumerable.Range(0, 11).Select(i => $"(Last_Name:equals:N{i})")) + ")";
        var response = await SearchAsync("Leads", criteria);
        Assert.Equal("CRITERIA_LIMIT_EXCEEDED", response.Code);

        var ten = "(" + string.Join("or", Enumerable.Range(0, 10).Select(i => $"(Last_Name:equals:N{i})")) + ")";
        Assert.Equal(HttpStatusCode.NoContent, (await SearchAsync("Leads", ten)).Status);

        var hundredOne = "(Last_Name:in:" + string.Join(',', Enumerable.Range(0, 101)) + ")";
        Assert.Equal("INVALID_QUERY", (await SearchAsync("Leads", hundredOne)).Code);
    }

    [Fact]
    public async Task Paging_stops_at_2000_records_and_no_match_is_204()
    {
        var page = await SearchAsync("Leads", "(Last_Name:not_equal:zzz)", "&per_page=50&page=2&converted=both");
        Assert.Equal(50, TestClient.Data(page).Count);
        Assert.Equal(2, page.Json["info"]!["page"]!.GetValue<int>());
        Assert.True(page.Json["info"]!["more_records"]!.GetValue<bool>());

        var past = await SearchAsync("Leads", "(Last_Name:not_equal:zzz)", "&per_page=200&page=11");
        Assert.Equal(HttpStatusCode.BadRequest, past.Status);
        Assert.Equal("LIMIT_REACHED", past.Code);
        Assert.Equal("2000", past.Json["details"]!["limit"]!.GetValue<string>());

        var none = await SearchAsync("Leads", "(Last_Name:equals:Nobody Like This)");
        Assert.Equal(HttpStatusCode.NoContent, none.Status);
        Assert.Equal(string.Empty, none.Body);
        Assert.Equal("INVALID_DATA", (await SearchAsync("Leads", "(Last_Name:equals:x)", "&per_page=201")).Code);
    }

    [Fact]
    public async Task Email_phone_and_word_search_and_criteria_wins()
    {
        var id = await InsertAsync("Contacts", new JsonObject
        {
            ["Last_Name"] = "Searchable",
            ["Email"] = "find.me@zylker.example",
            ["Secondary_Email"] = "other@zylker.example",
            ["Mobile"] = "+91 98765 43210",
            ["Department"] = "Quantum Widgets",
        });

        Assert.Equal([id], Ids(await Client.GetAsync("/crm/v8/Contacts/search?email=OTHER@zylker.example")));
        Assert.Equal([id], Ids(await Client.GetAsync("/crm/v8/Contacts/search?phone=9876543210")));
        Assert.Equal([id], Ids(await Client.GetAsync("/crm/v8/Contacts/search?word=quant")));
        Assert.Equal([id], Ids(await Client.GetAsync("/crm/v8/Contacts/search?email=find.me@zylker.example&word=nothing-matches")));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync($"/crm/v8/Contacts/search?criteria={Uri.EscapeDataString("(Last_Name:equals:Nobody)")}&email=find.me@zylker.example")).Status);

        var missing = await Client.GetAsync("/crm/v8/Contacts/search?fields=Last_Name");
        Assert.Equal("EXPECTED_PARAM_MISSING", missing.Code);
        Assert.Equal(4, missing.Json["details"]!["param_names"]!.AsArray().Count);
    }

    [Fact]
    public async Task Fields_converted_and_credits_apply()
    {
        var converted = Emulator.Records("Leads").First(r => (bool)r["$converted"]!);
        var criteria = $"(Email:equals:{converted["Email"]})";
        Assert.Equal(HttpStatusCode.NoContent, (await SearchAsync("Leads", criteria)).Status);

        var before = Emulator.Credits.TotalCharged;
        var found = await SearchAsync("Leads", criteria, "&converted=true&fields=Last_Name,Email");
        Assert.Equal(["Last_Name", "Email", "id"], TestClient.Data(found).Single()!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal(1, Emulator.Credits.TotalCharged - before);

        Assert.Equal("INVALID_DATA", (await SearchAsync("Leads", criteria, "&fields=Nope")).Code);
        Assert.Equal("INVALID_DATA", (await SearchAsync("Leads", criteria, "&converted=maybe")).Code);
    }
}

public sealed class SearchOptionTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { SearchAllowsMixedAndOr = true, SearchTextEqualsMatchesWords = false, SearchRecordCap = 100, SearchMaxCriteria = 15 };

    [Fact]
    public async Task Options_allow_mixing_exact_equals_and_other_limits()
    {
        await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["Last_Name"] = "Opt", ["Company"] = "ABC Inc" }));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/Leads/search?criteria=" + Uri.EscapeDataString("(Company:equals:ABC)") + "&per_page=100")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/Leads/search?criteria=" + Uri.EscapeDataString("(Company:equals:ABC)or(Last_Name:equals:Opt)and(Company:starts_with:ABC)") + "&per_page=100")).Status);
        Assert.Equal("LIMIT_REACHED", (await Client.GetAsync("/crm/v8/Leads/search?word=a&page=2&per_page=51")).Code);
    }
}
