using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>Roles, profiles, layouts, related lists, custom views that filter, user deactivation and functions (§14, §15, §20).</summary>
public sealed class OrgSettingsTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { Leads = 200 };

    [Fact]
    public async Task Roles_form_a_hierarchy_and_one_role_is_read_by_id()
    {
        var roles = (await Client.GetAsync("/crm/v8/settings/roles")).Json["roles"]!.AsArray();
        Assert.Equal(["CEO", "Manager", "Sales Representative"], roles.Select(r => r!["name"]!.GetValue<string>()));
        Assert.Null(roles[0]!["reporting_to"]);
        Assert.Equal("CEO", roles[1]!["reporting_to"]!["name"]!.GetValue<string>());

        var managerId = roles[1]!["id"]!.GetValue<string>();
        var one = await Client.GetAsync("/crm/v8/settings/roles/" + managerId);
        Assert.Equal("Manager", one.Json["roles"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/settings/roles/5725767000000000001")).Status);
        var bad = await Client.GetAsync("/crm/v8/settings/roles/abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("INVALID_DATA", bad.Code);
        Assert.Equal(2, bad.Json["details"]!["resource_path_index"]!.GetValue<int>());
    }

    [Fact]
    public async Task Profiles_list_without_and_detail_with_permissions()
    {
        var list = (await Client.GetAsync("/crm/v8/settings/profiles")).Json;
        var profiles = list["profiles"]!.AsArray();
        Assert.Equal(["Administrator", "Standard", "Sales Lite"], profiles.Select(p => p!["name"]!.GetValue<string>()));
        Assert.All(profiles, p => Assert.Empty(p!["permissions_details"]!.AsArray()));

        var users = (await Client.GetAsync("/crm/v8/users")).Json["users"]!.AsArray();
        var standardId = profiles[1]!["id"]!.GetValue<string>();
        Assert.Contains(users, u => u!["profile"]!["id"]!.GetValue<string>() == standardId);

        var detail = (await Client.GetAsync("/crm/v8/settings/profiles/" + standardId)).Json["profiles"]![0]!;
        Assert.Contains(detail["permissions_details"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Deals_delete");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/settings/profiles/5725767000000000001")).Status);
    }

    [Fact]
    public async Task Layouts_need_a_module_and_list_the_fields_by_section()
    {
        var missing = await Client.GetAsync("/crm/v8/settings/layouts");
        Assert.Equal("REQUIRED_PARAM_MISSING", missing.Code);
        Assert.Equal("module", missing.Json["details"]!["param"]!.GetValue<string>());
        Assert.Equal("INVALID_MODULE", (await Client.GetAsync("/crm/v8/settings/layouts?module=Nope")).Code);

        var layout = (await Client.GetAsync("/crm/v8/settings/layouts?module=Deals")).Json["layouts"]!.AsArray().Single()!;
        var fields = layout["sections"]!.AsArray().SelectMany(s => s!["fields"]!.AsArray()).Select(f => f!["api_name"]!.GetValue<string>()).ToList();
        Assert.Contains("Stage", fields);
        Assert.Contains("Description", fields);

        var id = layout["id"]!.GetValue<string>();
        Assert.Equal(id, (await Client.GetAsync($"/crm/v8/settings/layouts/{id}?module=Deals")).Json["layouts"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync($"/crm/v8/settings/layouts/{id}?module=Leads")).Status);
    }

    [Fact]
    public async Task Related_lists_mark_the_many_to_many_lists()
    {
        var lists = (await Client.GetAsync("/crm/v8/settings/related_lists?module=Contacts")).Json["related_lists"]!.AsArray();
        var byName = lists.ToDictionary(l => l!["api_name"]!.GetValue<string>(), l => l!);
        Assert.Equal("Contacts/{ENTITYID}/Notes", byName["Notes"]["href"]!.GetValue<string>());
        Assert.Equal("Campaigns", byName["Campaigns"]["connectedmodule"]!.GetValue<string>());
        Assert.NotNull(byName["Products"]["linkingmodule"]);
        Assert.Null(byName["Cases"]["linkingmodule"]);
        Assert.Null(byName["Notes"]["connectedmodule"]);
        Assert.True(RelatedListCatalog.IsLinkable("Products", "Price_Books"));
        Assert.False(RelatedListCatalog.IsLinkable("Accounts", "Contacts"));

        var id = byName["Cases"]["id"]!.GetValue<string>();
        var one = await Client.GetAsync($"/crm/v8/settings/related_lists/{id}?module=Contacts");
        Assert.Equal("Cases", one.Json["related_lists"]![0]!["api_name"]!.GetValue<string>());
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/settings/related_lists?module=Contacts&layout_id=1")).Code);
    }

    [Fact]
    public async Task A_custom_view_filters_the_records_list()
    {
        var views = (await Client.GetAsync("/crm/v8/settings/custom_views?module=Leads")).Json["custom_views"]!.AsArray();
        var contacted = views.Single(v => v!["name"]!.GetValue<string>() == "Contacted Leads")!["id"]!.GetValue<string>();
        var page = await Client.GetAsync($"/crm/v8/Leads?fields=Lead_Status&cvid={contacted}&per_page=200");
        var statuses = page.Json["data"]!.AsArray().Select(r => r!["Lead_Status"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("Contacted", s));
        var expected = Emulator.Records("Leads").Count(r => !(bool)r["$converted"]! && (string?)r["Lead_Status"] == "Contacted");
        Assert.Equal(expected, statuses.Count);
    }

    [Fact]
    public async Task A_deactivated_user_is_listed_as_such_and_keeps_their_records()
    {
        var marcus = Emulator.Records("Deals").Select(r => (IReadOnlyDictionary<string, object?>)r["Owner"]!).First(o => (string)o["name"]! == "Marcus Chen");
        var id = (string)marcus["id"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/__emulator/users/" + id) { Content = new StringContent("{\"status\":\"disabled\"}", Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request)).Status);

        var deactivated = (await Client.GetAsync("/crm/v8/users?type=DeactiveUsers")).Json["users"]!.AsArray();
        Assert.Contains(deactivated, u => u!["id"]!.GetValue<string>() == id);
        Assert.Contains(Emulator.Records("Deals"), r => (string)((IReadOnlyDictionary<string, object?>)r["Owner"]!)["id"]! == id);
    }

    private Task<ApiResponse> ExecuteAsync(HttpMethod method, string query, string? json = null, bool oauth = true, string version = "v8")
    {
        var request = new HttpRequestMessage(method, $"/crm/{version}/functions/{query}");
        if (oauth)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken " + Client.AccessToken);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Client.SendAsync(request);
    }

    [Fact]
    public async Task Functions_run_with_oauth_or_their_api_key_and_wrap_the_output()
    {
        var greet = await ExecuteAsync(HttpMethod.Get, "greet/actions/execute?auth_type=oauth&name=Ann");
        Assert.Equal(HttpStatusCode.OK, greet.Status);
        Assert.Equal("success", greet.Json["code"]!.GetValue<string>());
        Assert.Equal("Hello, Ann!", greet.Json["details"]!["output"]!.GetValue<string>());

        var byKey = await ExecuteAsync(HttpMethod.Get, $"greet/actions/execute?auth_type=apikey&zapikey={FunctionCatalog.GreetApiKey}&name=Bo", oauth: false, version: "v2");
        Assert.Equal("Hello, Bo!", byKey.Json["details"]!["output"]!.GetValue<string>());

        var wrongKey = await ExecuteAsync(HttpMethod.Get, $"greet/actions/execute?auth_type=apikey&zapikey={FunctionCatalog.OpenDealsApiKey}", oauth: false);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.Status);
        var noKeyFunction = await ExecuteAsync(HttpMethod.Get, "echo_arguments/actions/execute?auth_type=apikey&zapikey=x", oauth: false);
        Assert.Equal(HttpStatusCode.Unauthorized, noKeyFunction.Status);
        Assert.Equal("INVALID_URL_PATTERN", (await ExecuteAsync(HttpMethod.Get, "nope/actions/execute?auth_type=oauth")).Code);
        Assert.Equal("REQUIRED_PARAM_MISSING", (await ExecuteAsync(HttpMethod.Get, "greet/actions/execute")).Code);
        Assert.Equal("AUTHENTICATION_FAILURE", (await ExecuteAsync(HttpMethod.Get, "greet/actions/execute?auth_type=oauth", oauth: false)).Code);
    }

    [Fact]
    public async Task Function_arguments_arrive_by_query_json_body_form_and_the_arguments_field()
    {
        var posted = await ExecuteAsync(HttpMethod.Post, "echo_arguments/actions/execute?auth_type=oauth&q=1", "{\"name\":\"Ann\",\"n\":2}");
        var received = JsonNode.Parse(posted.Json["details"]!["output"]!.GetValue<string>())!["received"]!;
        Assert.Equal("1", received["q"]!.GetValue<string>());
        Assert.Equal("Ann", received["name"]!.GetValue<string>());
        Assert.Equal("2", received["n"]!.GetValue<string>());

        var packed = await ExecuteAsync(HttpMethod.Get, "echo_arguments/actions/execute?auth_type=oauth&arguments=" + Uri.EscapeDataString("{\"module\":\"Leads\"}"));
        Assert.Equal("Leads", JsonNode.Parse(packed.Json["details"]!["output"]!.GetValue<string>())!["received"]!["module"]!.GetValue<string>());

        using var form = new HttpRequestMessage(HttpMethod.Post, "/crm/v8/functions/echo_arguments/actions/execute?auth_type=oauth")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["city"] = "Pune" }),
        };
        form.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken " + Client.AccessToken);
        var formAnswer = await Client.SendAsync(form);
        Assert.Equal("Pune", JsonNode.Parse(formAnswer.Json["details"]!["output"]!.GetValue<string>())!["received"]!["city"]!.GetValue<string>());

        var failed = await ExecuteAsync(HttpMethod.Get, "divide/actions/execute?auth_type=oauth&a=1&b=0");
        Assert.Equal(HttpStatusCode.BadRequest, failed.Status);
        Assert.Equal("INTERNAL_ERROR", failed.Code);
    }

    [Fact]
    public async Task The_open_deals_function_counts_the_real_deals()
    {
        var answer = await ExecuteAsync(HttpMethod.Get, "open_deals_by_owner/actions/execute?auth_type=oauth");
        var output = JsonNode.Parse(answer.Json["details"]!["output"]!.GetValue<string>())!;
        var expected = Emulator.Records("Deals").Count(r => !((string)r["Stage"]!).StartsWith("Closed", StringComparison.Ordinal));
        Assert.Equal(expected, output["open_deals"]!.GetValue<long>());
    }
}
