using ZohoCrm.Emulator.Data;

namespace ZohoCrm.ContractTests;

/// <summary>
/// Users, roles, profiles, layouts, custom views and related lists (fact sheet §14, §15) against users.json,
/// roles.json, profiles.json, layouts.json, custom_views.json and related_lists.json: every answer, empty answers and
/// errors, and the parameters each request uses.
/// </summary>
public sealed class OrgContractTests : IClassFixture<EmulatorContractFixture>
{
    private readonly EmulatorContractFixture _fixture;

    public OrgContractTests(EmulatorContractFixture fixture) => _fixture = fixture;

    private ModuleCatalog Modules => _fixture.Emulator.Modules;

    private Task CheckFileAsync(int expectedStatus, string expectedFile, params string[] paths) => CheckFileAsync(expectedStatus, expectedFile, true, paths);

    private async Task CheckFileAsync(int expectedStatus, string expectedFile, bool checkRequest, params string[] paths)
    {
        var failures = new List<string>();
        foreach (var path in paths)
        {
            var query = path.Contains('?', StringComparison.Ordinal)
                ? path[(path.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]))
                : new Dictionary<string, string>();
            var request = _fixture.Validator.ValidateRequest("GET", path, query, null);
            if (checkRequest && !request.IsValid)
            {
                failures.Add($"request GET {path}: {request}");
            }

            using var response = await _fixture.Http.GetAsync(path);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
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
            else if (!(result.Operation ?? string.Empty).EndsWith($"({expectedFile})", StringComparison.Ordinal))
            {
                failures.Add($"GET {path}: validated by {result.Operation}, expected an operation of {expectedFile}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
    }

    public static TheoryData<string> UserTypes => new()
    {
        "AllUsers", "ActiveUsers", "DeactiveUsers", "ConfirmedUsers", "NotConfirmedUsers", "ActiveConfirmedUsers", "AdminUsers", "ActiveConfirmedAdmins", "CurrentUser",
    };

    /// <summary>AllUsers, AdminUsers and ActiveConfirmedAdmins are documented types missing from the OAS enum (§14.2): only their answers are checked.</summary>
    private static readonly string[] DocsOnlyTypes = ["AllUsers", "AdminUsers", "ActiveConfirmedAdmins", "DeletedUsers"];

    [OasTheory]
    [MemberData(nameof(UserTypes))]
    public Task Users_of_every_type_match_users_json(string type) =>
        CheckFileAsync(200, "users.json", !DocsOnlyTypes.Contains(type), $"/crm/v8/users?type={type}&page=1&per_page=200");

    /// <summary>The query parameters each new emulator endpoint reads, as declared in SettingsEndpoints.</summary>
    public static TheoryData<string, string> SettingsParameters => new()
    {
        { "/crm/v8/settings/roles", string.Empty },
        { "/crm/v8/settings/roles/{role_id}", string.Empty },
        { "/crm/v8/settings/profiles", string.Empty },
        { "/crm/v8/settings/profiles/{id}", string.Empty },
        { "/crm/v8/settings/layouts", "module" },
        { "/crm/v8/settings/layouts/{id}", "module" },
        { "/crm/v8/settings/related_lists", "module,layout_id" },
        { "/crm/v8/settings/related_lists/{id}", "module,layout_id" },
    };

    [OasTheory]
    [MemberData(nameof(SettingsParameters))]
    public void Settings_parameter_names_exist_in_the_operation(string template, string query)
    {
        var result = _fixture.Validator.ValidateRequest("GET", template, query.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(result.IsValid, result.ToString());
    }

    [OasFact]
    public Task Roles_match_roles_json() => CheckFileAsync(
        200,
        "roles.json",
        OrgSecurity.Roles.Select(r => "/crm/v8/settings/roles/" + r.Id).Prepend("/crm/v8/settings/roles").ToArray());

    [OasFact]
    public Task Profiles_match_profiles_json() => CheckFileAsync(
        200,
        "profiles.json",
        OrgSecurity.Profiles.Select(p => "/crm/v8/settings/profiles/" + p.Id).Prepend("/crm/v8/settings/profiles").ToArray());

    [OasFact]
    public Task Layouts_match_layouts_json() => CheckFileAsync(
        200,
        "layouts.json",
        Modules.Modules.Select(m => "/crm/v8/settings/layouts?module=" + m.ApiName)
            .Concat(Modules.Modules.Select(m => $"/crm/v8/settings/layouts/{m.Id + 100_000}?module={m.ApiName}"))
            .ToArray());

    [OasFact]
    public Task Related_lists_match_related_lists_json() => CheckFileAsync(
        200,
        "related_lists.json",
        Modules.Modules.Select(m => "/crm/v8/settings/related_lists?module=" + m.ApiName)
            .Concat(Modules.Modules.Select(m => $"/crm/v8/settings/related_lists/{RelatedListCatalog.For(m)[0].Id}?module={m.ApiName}&layout_id={m.Id + 100_000}"))
            .ToArray());

    [OasFact]
    public Task Custom_views_by_page_match_custom_views_json() => CheckFileAsync(
        200,
        "custom_views.json",
        "/crm/v8/settings/custom_views?module=Leads&page=1&per_page=2",
        "/crm/v8/settings/custom_views?module=Leads&page=2&per_page=2");

    [OasFact]
    public Task Unknown_ids_are_204() => Task.WhenAll(
        CheckFileAsync(204, "roles.json", "/crm/v8/settings/roles/5725767000000000001"),
        CheckFileAsync(204, "profiles.json", "/crm/v8/settings/profiles/5725767000000000001"),
        CheckFileAsync(204, "layouts.json", "/crm/v8/settings/layouts/5725767000000000001?module=Leads"),
        CheckFileAsync(204, "related_lists.json", "/crm/v8/settings/related_lists/5725767000000000001?module=Leads"),
        CheckFileAsync(204, "users.json", false, "/crm/v8/users?type=DeletedUsers"));

    [OasFact]
    public Task Errors_match_the_error_schemas() => Task.WhenAll(
        CheckFileAsync(400, "roles.json", "/crm/v8/settings/roles/abc"),
        CheckFileAsync(400, "layouts.json", "/crm/v8/settings/layouts?module=Nope"),
        CheckFileAsync(400, "related_lists.json", "/crm/v8/settings/related_lists?module=Nope"));
}
