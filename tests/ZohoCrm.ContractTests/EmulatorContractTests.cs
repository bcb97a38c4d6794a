using ZohoCrm.ContractTests.Oas;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.ContractTests;

/// <summary>
/// Real requests to the emulator, each response checked against the operation's response schema in Zoho's
/// OpenAPI files, and the emulator's own parameter names checked against the operations' parameters.
/// </summary>
public sealed class EmulatorContractTests : IClassFixture<EmulatorContractFixture>
{
    private static readonly string[] DataModules = ["Leads", "Contacts", "Accounts", "Deals"];
    private readonly EmulatorContractFixture _fixture;

    public EmulatorContractTests(EmulatorContractFixture fixture) => _fixture = fixture;

    private ModuleCatalog Modules => _fixture.Emulator.Modules;

    private async Task<(int Status, string Body)> GetAsync(string pathAndQuery, bool authenticated = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (!authenticated)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken 1000.not.valid");
        }

        using var response = await _fixture.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Requests each path, expects the status, validates the body; reports every failure at once.</summary>
    private Task CheckAsync(int expectedStatus, params string[] paths) => CheckFileAsync(expectedStatus, null, paths);

    private async Task CheckFileAsync(int expectedStatus, string? expectedFile, params string[] paths)
    {
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var (status, body) = await GetAsync(path);
            if (status != expectedStatus)
            {
                failures.Add($"GET {path}: expected {expectedStatus} but got {status}: {body}");
                continue;
            }

            var result = _fixture.Validator.ValidateResponse("GET", path, status, body);
            if (!result.IsValid)
            {
                failures.Add($"GET {path}: {result}");
            }
            else if (expectedFile is not null && !(result.Operation ?? string.Empty).EndsWith($"({expectedFile})", StringComparison.Ordinal))
            {
                failures.Add($"GET {path}: validated by {result.Operation}, expected an operation of {expectedFile}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
    }

    private string AllFields(string module) =>
        string.Join(',', Modules.Find(module)!.Fields.Take(50).Select(f => f.ApiName));

    private string FirstId(string module) => (string)_fixture.Emulator.Records(module)[0]["id"]!;

    [OasFact]
    public Task Record_lists_match_record_json() => CheckFileAsync(
        200,
        "record.json",
        DataModules.Select(m => $"/crm/v8/{m}?fields={AllFields(m)}&converted=both&per_page=200")
            .Append("/crm/v8/Leads?fields=Last_Name,Email&sort_by=Modified_Time&sort_order=asc&page=2&per_page=50")
            .Append($"/crm/v8/Leads?fields=Full_Name,Lead_Status&cvid={Modules.Find("Leads")!.CustomViews.Single(v => v.Name == "Contacted Leads").Id}")
            .Append($"/crm/v8/Leads?fields=Last_Name&ids={FirstId("Leads")}&converted=both")
            .ToArray());

    [OasFact]
    public async Task Record_list_pages_reached_by_page_token_match_record_json()
    {
        var (_, first) = await GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=10");
        var token = System.Text.Json.Nodes.JsonNode.Parse(first)!["info"]!["next_page_token"]!.GetValue<string>();
        var (_, second) = await GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=10&page_token={token}");
        var next = System.Text.Json.Nodes.JsonNode.Parse(second)!["info"]!["next_page_token"]!.GetValue<string>();
        await CheckFileAsync(200, "record.json", $"/crm/v8/Leads?fields=Last_Name&page_token={next}");
    }

    [OasFact]
    public Task Single_records_match_record_json() =>
        CheckFileAsync(200, "record.json", DataModules.Select(m => $"/crm/v8/{m}/{FirstId(m)}").ToArray());

    [OasFact]
    public Task Users_match_users_json() => CheckFileAsync(
        200,
        "users.json",
        "/crm/v8/users",
        "/crm/v8/users?type=CurrentUser",
        "/crm/v8/users?type=ActiveUsers&page=1&per_page=2",
        "/crm/v8/users/5725767000000235013",
        "/crm/v8/users/5725767000000235027");

    [OasFact]
    public Task Org_matches_org_json() => CheckFileAsync(200, "org.json", "/crm/v8/org");

    [OasFact]
    public Task Modules_match_modules_json() => CheckFileAsync(
        200,
        "modules.json",
        Modules.Modules.Select(m => "/crm/v8/settings/modules/" + m.ApiName).Prepend("/crm/v8/settings/modules").ToArray());

    [OasFact]
    public Task Fields_match_fields_json() => CheckFileAsync(
        200,
        "fields.json",
        Modules.Modules.Select(m => "/crm/v8/settings/fields?module=" + m.ApiName)
            .Append($"/crm/v8/settings/fields/{Modules.Find("Leads")!.Field("Lead_Status")!.Id}?module=Leads")
            .ToArray());

    [OasFact]
    public Task Custom_views_match_custom_views_json() => CheckFileAsync(
        200,
        "custom_views.json",
        Modules.Modules.Select(m => "/crm/v8/settings/custom_views?module=" + m.ApiName)
            .Concat(Modules.Find("Leads")!.CustomViews.Select(v => $"/crm/v8/settings/custom_views/{v.Id}?module=Leads"))
            .ToArray());

    [OasFact]
    public Task Empty_results_are_204() => CheckAsync(204, "/crm/v8/Tasks?fields=Subject", "/crm/v8/Leads/5725767000000000001");

    [OasFact]
    public Task Error_bodies_are_zoho_error_envelopes() => CheckAsync(
        400,
        "/crm/v8/Leads",
        "/crm/v8/Nope?fields=Last_Name",
        "/crm/v8/Leads?fields=Last_Name&page=11",
        "/crm/v8/Leads?fields=Last_Name&per_page=500",
        "/crm/v8/settings/fields",
        "/crm/v8/settings/custom_views?module=Nope");

    [OasFact]
    public async Task Authentication_errors_are_zoho_error_envelopes()
    {
        var (status, body) = await GetAsync("/crm/v8/org", authenticated: false);
        Assert.Equal(401, status);
        var result = _fixture.Validator.ValidateResponse("GET", "/crm/v8/org", status, body);
        Assert.True(result.IsValid, result.ToString());
    }

    /// <summary>The query (and header) parameters each emulator endpoint reads, as declared in the emulator's code.</summary>
    public static TheoryData<string, string, string> EmulatorParameters => new()
    {
        { "/crm/v8/{module_api_name}", "fields,ids,page,per_page,page_token,sort_by,sort_order,cvid,converted,approved", "If-Modified-Since" },
        { "/crm/v8/{module_api_name}/{id}", "fields", "If-Modified-Since" },
        { "/crm/v8/users", "type,page,per_page,ids", "If-Modified-Since" },
        { "/crm/v8/users/{user}", string.Empty, "If-Modified-Since" },
        { "/crm/v8/org", string.Empty, string.Empty },
        { "/crm/v8/settings/modules", "status", string.Empty },
        { "/crm/v8/settings/modules/{api_name}", string.Empty, string.Empty },
        { "/crm/v8/settings/fields", "module,type", string.Empty },
        { "/crm/v8/settings/fields/{field}", "module", string.Empty },
        { "/crm/v8/settings/custom_views", "module,page,per_page", string.Empty },
        { "/crm/v8/settings/custom_views/{id}", "module", string.Empty },
    };

    [OasTheory]
    [MemberData(nameof(EmulatorParameters))]
    public void Emulator_parameter_names_exist_in_the_operation(string template, string query, string headers)
    {
        var names = query.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var result = _fixture.Validator.ValidateRequest("GET", template, names);
        Assert.True(result.IsValid, result.ToString());

        var operation = _fixture.Validator.Documents.FindOperation("GET", template)!;
        foreach (var header in headers.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(operation.Parameters, p => p.In == "header" && p.Name == header);
        }
    }

    [OasFact]
    public async Task Logged_requests_can_be_checked_against_the_oas()
    {
        _fixture.Emulator.Requests.Clear();
        await GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=5&sort_order=asc&converted=both");
        await GetAsync("/crm/v8/users?type=CurrentUser");
        await GetAsync("/crm/v8/settings/fields?module=Deals&type=all");

        var logged = _fixture.Emulator.Requests.Snapshot().Where(r => r.IsApiCall).ToList();
        Assert.Equal(3, logged.Count);
        foreach (var request in logged)
        {
            var result = _fixture.Validator.ValidateRequest(request.Method, request.Path, request.Query, request.Body);
            Assert.True(result.IsValid, result.ToString());
        }

        var bad = _fixture.Validator.ValidateRequest("GET", "/crm/v8/Leads", new Dictionary<string, string> { ["pageToken"] = "x" });
        Assert.False(bad.IsValid);
    }
}
