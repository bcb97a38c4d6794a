using System.Net;
using System.Text.RegularExpressions;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed partial class RecordListTests : EmulatorTestBase
{
    private readonly ManualClock _clock = new();

    protected override EmulatorOptions CreateOptions() => new() { Leads = 5000, TimeProvider = _clock, DailyCredits = 0 };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$")]
    private static partial Regex ZohoDateTime();

    [Fact]
    public async Task Pages_1_to_10_then_page_token_reach_every_lead_once_in_order()
    {
        var ids = new List<string>();
        string? token = null;
        for (var page = 1; page <= 10; page++)
        {
            var response = await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&converted=both&per_page=200&page={page}");
            Assert.Equal(HttpStatusCode.OK, response.Status);
            var info = response.Json["info"]!;
            Assert.Equal(page, info["page"]!.GetValue<int>());
            Assert.Equal(200, info["count"]!.GetValue<int>());
            Assert.True(info["more_records"]!.GetValue<bool>());
            Assert.Equal("id", info["sort_by"]!.GetValue<string>());
            Assert.Equal("desc", info["sort_order"]!.GetValue<string>());
            Assert.Matches(ZohoDateTime(), info["page_token_expiry"]!.GetValue<string>());
            ids.AddRange(TestClient.Data(response).Select(r => r!["id"]!.GetValue<string>()));
            token = info["next_page_token"]!.GetValue<string>();
        }

        var previous = (string?)null;
        while (token is not null)
        {
            var response = await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&converted=both&page_token={token}");
            Assert.Equal(HttpStatusCode.OK, response.Status);
            var info = response.Json["info"]!;
            if (previous is not null)
            {
                Assert.Equal(previous, info["previous_page_token"]!.GetValue<string>());
            }

            ids.AddRange(TestClient.Data(response).Select(r => r!["id"]!.GetValue<string>()));
            previous = token;
            token = info["more_records"]!.GetValue<bool>() ? info["next_page_token"]!.GetValue<string>() : null;
            Assert.Equal(token is not null, info["next_page_token"] is not null);
        }

        var expected = Emulator.Records("Leads").Select(r => (string)r["id"]!).Reverse().ToList();
        Assert.Equal(5000, expected.Count);
        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task Page_beyond_2000_rows_without_token_is_DISCRETE_PAGINATION_LIMIT_EXCEEDED()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/Leads?fields=Email&page=20&per_page=100")).Status);
        var response = await Client.GetAsync("/crm/v8/Leads?fields=Email&page=11&per_page=200");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("DISCRETE_PAGINATION_LIMIT_EXCEEDED", response.Code);
        Assert.Equal("You can only get the first 2000 records without using page_token param.", response.Json["message"]!.GetValue<string>());
        Assert.Equal(2000, response.Json["details"]!["limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fields_is_mandatory()
    {
        foreach (var path in new[] { "/crm/v8/Leads", "/crm/v8/Leads?fields=", "/crm/v8/Leads?fields=,," })
        {
            var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("REQUIRED_PARAM_MISSING", response.Code);
            Assert.Equal("fields", response.Json["details"]!["param"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Fields_rules()
    {
        var tooMany = string.Join(',', Enumerable.Range(0, 51).Select(i => "F" + i));
        var limit = await Client.GetAsync("/crm/v8/Leads?fields=" + tooMany);
        Assert.Equal("LIMIT_EXCEEDED", limit.Code);
        Assert.Equal(50, limit.Json["details"]!["limit"]!.GetValue<int>());

        var unknown = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name,Nope");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("INVALID_DATA", unknown.Code);
        Assert.Equal("Nope", unknown.Json["details"]!["api_name"]!.GetValue<string>());

        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/Leads?fields=last_name")).Code);

        var only = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name,Email&per_page=5");
        foreach (var record in TestClient.Data(only))
        {
            Assert.Equal(["Last_Name", "Email", "id"], record!.AsObject().Select(p => p.Key).ToArray());
        }
    }

    [Theory]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=201", "per_page")]
    [InlineData("per_page=abc", "per_page")]
    [InlineData("page=0", "page")]
    [InlineData("sort_by=Last_Name", "sort_by")]
    [InlineData("sort_order=up", "sort_order")]
    [InlineData("converted=yes", "converted")]
    [InlineData("approved=maybe", "approved")]
    [InlineData("cvid=123", "cvid")]
    [InlineData("ids=12,abc", "ids")]
    public async Task Invalid_parameters_are_INVALID_DATA(string query, string param)
    {
        var response = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_DATA", response.Code);
        Assert.Equal(param, response.Json["details"]!["param_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conflicting_parameters_are_AMBIGUITY_DURING_PROCESSING()
    {
        var first = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=2");
        var token = first.Json["info"]!["next_page_token"]!.GetValue<string>();
        Assert.Equal("AMBIGUITY_DURING_PROCESSING", (await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&page=2&page_token={token}")).Code);

        var cvid = Emulator.Modules.Find("Leads")!.CustomViews[1].Id;
        var ambiguous = await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&cvid={cvid}&sort_by=id");
        Assert.Equal(HttpStatusCode.BadRequest, ambiguous.Status);
        Assert.Equal("AMBIGUITY_DURING_PROCESSING", ambiguous.Code);
    }

    [Fact]
    public async Task Sorting_by_modified_time_ascending()
    {
        var response = await Client.GetAsync("/crm/v8/Leads?fields=Modified_Time&sort_by=Modified_Time&sort_order=asc&per_page=200");
        var times = TestClient.Data(response).Select(r => DateTimeOffset.Parse(r!["Modified_Time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order().ToList(), times);
        Assert.Equal("Modified_Time", response.Json["info"]!["sort_by"]!.GetValue<string>());
        Assert.Equal("asc", response.Json["info"]!["sort_order"]!.GetValue<string>());
    }

    [Fact]
    public async Task Converted_filter_defaults_to_false()
    {
        var all = Emulator.Records("Leads");
        var convertedCount = CountAll(await PagesAsync("converted=true"));
        var plain = CountAll(await PagesAsync(string.Empty));
        var both = CountAll(await PagesAsync("converted=both"));

        Assert.True(convertedCount > 0);
        Assert.Equal(all.Count, both);
        Assert.Equal(both, convertedCount + plain);
    }

    [Fact]
    public async Task Approved_false_finds_nothing_and_answers_204_with_no_body()
    {
        var response = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&approved=false");
        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal(string.Empty, response.Body);
    }

    [Fact]
    public async Task Module_without_records_answers_204()
    {
        var response = await Client.GetAsync("/crm/v8/Tasks?fields=Subject");
        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal(string.Empty, response.Body);
    }

    [Fact]
    public async Task Ids_selects_records_and_is_limited_to_100()
    {
        var records = Emulator.Records("Leads");
        var wanted = new[] { (string)records[10]["id"]!, (string)records[20]["id"]!, "5725767000000000001" };
        var response = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&converted=both&ids=" + string.Join(',', wanted));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(wanted.Take(2).Order(), TestClient.Data(response).Select(r => r!["id"]!.GetValue<string>()).Order());

        var many = string.Join(',', records.Take(101).Select(r => (string)r["id"]!));
        var tooMany = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&ids=" + many);
        Assert.Equal("LIMIT_EXCEEDED", tooMany.Code);
        Assert.Equal(100, tooMany.Json["details"]!["limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cvid_filters_by_the_view_criteria_and_costs_three_credits()
    {
        var view = Emulator.Modules.Find("Leads")!.CustomViews.Single(v => v.Name == "Contacted Leads");
        var before = Emulator.Credits.Used;
        var response = await Client.GetAsync($"/crm/v8/Leads?fields=Lead_Status&cvid={view.Id}&converted=both");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.All(TestClient.Data(response), r => Assert.Equal("Contacted", r!["Lead_Status"]!.GetValue<string>()));
        Assert.Equal(3, Emulator.Credits.Used - before);
        Assert.Equal("Created_Time", response.Json["info"]!["sort_by"]!.GetValue<string>());

        var expected = Emulator.Records("Leads").Count(r => (string?)r["Lead_Status"] == "Contacted");
        Assert.Equal(expected, CountAll(await PagesAsync($"cvid={view.Id}&converted=both")));
    }

    [Fact]
    public async Task My_leads_view_resolves_the_current_user()
    {
        var view = Emulator.Modules.Find("Leads")!.CustomViews.Single(v => v.Name == "My Leads");
        var response = await Client.GetAsync($"/crm/v8/Leads?fields=Owner&cvid={view.Id}");
        Assert.All(TestClient.Data(response), r => Assert.Equal("Patricia Boyle", r!["Owner"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task If_modified_since_returns_only_newer_records_or_304()
    {
        var since = "2024-12-01T00:00:00+05:30";
        var response = await Client.GetAsync("/crm/v8/Leads?fields=Modified_Time&converted=both", r => TestClient.IfModifiedSince(r, since));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.All(TestClient.Data(response), r =>
            Assert.True(DateTimeOffset.Parse(r!["Modified_Time"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(since, System.Globalization.CultureInfo.InvariantCulture)));

        var none = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name", r => TestClient.IfModifiedSince(r, "Wed, 01 Jan 2025 00:00:00 GMT"));
        Assert.Equal(HttpStatusCode.NotModified, none.Status);
        Assert.Equal(string.Empty, none.Body);
    }

    [Fact]
    public async Task Page_token_is_bound_to_its_query_and_expires()
    {
        var first = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=10");
        var token = first.Json["info"]!["next_page_token"]!.GetValue<string>();

        var otherFields = await Client.GetAsync($"/crm/v8/Leads?fields=Email&page_token={token}");
        Assert.Equal("INVALID_DATA", otherFields.Code);
        Assert.Equal("page_token", otherFields.Json["details"]!["param_name"]!.GetValue<string>());
        Assert.Equal("INVALID_DATA", (await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=20&page_token={token}")).Code);
        Assert.Equal("INVALID_DATA", (await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&sort_order=asc&page_token={token}")).Code);
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&page_token=deadbeef")).Code);

        var ok = await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=10&page_token={token}");
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Equal(2, ok.Json["info"]!["page"]!.GetValue<int>());

        _clock.Advance(TimeSpan.FromHours(24));
        await Client.AuthenticateAsync();
        var expired = await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&page_token={token}");
        Assert.Equal("INVALID_DATA", expired.Code);
        Assert.Contains("expired", expired.Json["details"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_list_call_costs_one_credit()
    {
        var before = Emulator.Credits.Used;
        await Client.GetAsync("/crm/v8/Leads?fields=Last_Name");
        await Client.GetAsync("/crm/v8/Leads?fields=Nope");
        Assert.Equal(1, Emulator.Credits.Used - before);
        Assert.Equal(1, Emulator.Requests.Snapshot()[^2].Credits);
    }

    private async Task<List<ApiResponse>> PagesAsync(string query)
    {
        var pages = new List<ApiResponse>();
        var url = "/crm/v8/Leads?fields=Last_Name" + (query.Length > 0 ? "&" + query : string.Empty);
        var response = await Client.GetAsync(url);
        while (response.Status == HttpStatusCode.OK)
        {
            pages.Add(response);
            var info = response.Json["info"]!;
            if (!info["more_records"]!.GetValue<bool>())
            {
                break;
            }

            response = await Client.GetAsync(url + "&page_token=" + info["next_page_token"]!.GetValue<string>());
        }

        return pages;
    }

    private static int CountAll(List<ApiResponse> pages) => pages.Sum(p => TestClient.Data(p).Count);
}

public sealed class PageTokenLimitTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { Leads = 500, PageTokenLimit = 450 };

    [Fact]
    public async Task Page_token_reaches_at_most_the_limit()
    {
        var seen = 0;
        var response = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&converted=both&per_page=200");
        string? token;
        while (true)
        {
            seen += TestClient.Data(response).Count;
            token = response.Json["info"]!["next_page_token"]?.GetValue<string>();
            if (token is null)
            {
                break;
            }

            response = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&converted=both&page_token=" + token);
            if (response.Status != HttpStatusCode.OK)
            {
                break;
            }
        }

        Assert.Equal(450, seen);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("LIMIT_EXCEEDED", response.Code);
        Assert.Equal(450, response.Json["details"]!["limit"]!.GetValue<int>());
    }
}
