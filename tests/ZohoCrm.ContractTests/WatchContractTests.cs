using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.ContractTests.Oas;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.ContractTests;

/// <summary>
/// actions/watch against notifications.json: the emulator's answers to every method (success, per-entry and top-level
/// errors), the request bodies, and the requests the watch cmdlets send.
/// </summary>
public sealed class WatchContractTests : IClassFixture<EmulatorContractFixture>
{
    private const string Path = "/crm/v8/actions/watch";
    private readonly EmulatorContractFixture _fixture;

    public WatchContractTests(EmulatorContractFixture fixture) => _fixture = fixture;

    private OasValidator Validator => _fixture.Validator;

    private static string Time(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

    private static string Watch(params JsonObject[] entries) => new JsonObject { ["watch"] = new JsonArray(entries.Select(e => (JsonNode?)e).ToArray()) }.ToJsonString();

    private static JsonObject Entry(string channelId, params string[] events) => new()
    {
        ["channel_id"] = channelId,
        ["events"] = new JsonArray(events.Select(e => (JsonNode?)e).ToArray()),
        ["notify_url"] = "http://127.0.0.1:9/zoho",
        ["token"] = "TOKEN_FOR_VERIFICATION_OF_" + channelId,
        ["channel_expiry"] = Time(DateTimeOffset.Now.AddDays(2)),
        ["return_affected_field_values"] = true,
        ["notify_on_related_action"] = false,
    };

    /// <summary>Sends the request, checks it and the answer against the OAS, returns the answer.</summary>
    private async Task<JsonNode?> CheckAsync(string method, string pathAndQuery, int expectedStatus, string? body = null, bool checkRequest = true)
    {
        if (checkRequest)
        {
            var query = pathAndQuery.Contains('?', StringComparison.Ordinal)
                ? pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]))
                : new Dictionary<string, string>();
            var requestResult = Validator.ValidateRequest(method, pathAndQuery, query, body);
            Assert.True(requestResult.IsValid, $"request {method} {pathAndQuery}: {requestResult}");
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _fixture.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {pathAndQuery}: expected {expectedStatus} but got {(int)response.StatusCode}: {text}");
        var result = Validator.ValidateResponse(method, pathAndQuery, (int)response.StatusCode, text);
        Assert.True(result.IsValid, $"{method} {pathAndQuery} -> {(int)response.StatusCode}: {result}\n{text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    [OasFact]
    public async Task Subscribe_list_update_remove_events_and_disable_match_notifications_json()
    {
        await CheckAsync("POST", Path, 201, Watch(Entry("7001", "Leads.create", "Leads.edit", "Deals.all"), Entry("7002", "Contacts.delete")));
        var listed = await CheckAsync("GET", Path + "?page=1&per_page=200", 200);
        Assert.Equal(3, listed!["watch"]!.AsArray().Count(e => e!["channel_id"]!.GetValue<string>().StartsWith("700", StringComparison.Ordinal)));
        await CheckAsync("GET", Path + "?channel_id=7001&module=Leads", 200);
        await CheckAsync("GET", Path + "?channel_id=7999", 204);

        var patch = new JsonObject { ["channel_id"] = "7001", ["events"] = new JsonArray("Accounts.create"), ["channel_expiry"] = Time(DateTimeOffset.Now.AddDays(6)) };
        await CheckAsync("PATCH", Path, 200, Watch(patch));
        await CheckAsync("PUT", Path, 200, Watch(Entry("7002", "Contacts.all")));
        var remove = new JsonObject { ["channel_id"] = "7001", ["events"] = new JsonArray("Leads.edit"), ["_delete_events"] = true };
        await CheckAsync("PATCH", Path, 200, Watch(remove));
        await CheckAsync("DELETE", Path + "?channel_ids=7001,7002", 200);
    }

    [OasFact]
    public async Task Entry_errors_answer_202_with_the_wrapped_error_shapes()
    {
        var missingUrl = new JsonObject { ["channel_id"] = "7101", ["events"] = new JsonArray("Leads.create") };
        var node = await CheckAsync("POST", Path, 202, Watch(missingUrl), checkRequest: false);
        Assert.Equal("MANDATORY_NOT_FOUND", node!["watch"]![0]!["code"]!.GetValue<string>());

        node = await CheckAsync("POST", Path, 202, Watch(Entry("7102", "Leads.update")));
        Assert.Equal("INVALID_DATA", node!["watch"]![0]!["code"]!.GetValue<string>());

        node = await CheckAsync("PATCH", Path, 202, Watch(new JsonObject { ["channel_id"] = "7199", ["events"] = new JsonArray("Leads.create") }));
        Assert.Equal("NOT_SUBSCRIBED", node!["watch"]![0]!["code"]!.GetValue<string>());
        await CheckAsync("DELETE", Path + "?channel_ids=7199", 202);
    }

    [OasFact]
    public async Task Top_level_errors_are_zoho_error_envelopes()
    {
        await CheckAsync("POST", Path, 400, "{\"data\":[]}", checkRequest: false);
        await CheckAsync("PUT", Path, 400, "{\"watch\":{}}", checkRequest: false);
        await CheckAsync("DELETE", Path, 400, checkRequest: false);
    }

    [OasFact]
    public async Task The_watch_cmdlets_send_only_requests_notifications_json_declares()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10, withVault: false);
        var result = t.RunConnected("""
            $c = Register-ZcrmWatch -Event Leads.create, Deals.all -NotifyUrl http://127.0.0.1:9/zoho -ReturnAffectedFieldValues
            Get-ZcrmWatch -All | Out-Null
            Get-ZcrmWatch -ChannelId $c.ChannelId -Module Deals | Out-Null
            Update-ZcrmWatch -ChannelId $c.ChannelId -Renew | Out-Null
            Update-ZcrmWatch -ChannelId $c.ChannelId -Event Contacts.edit -NotifyOnRelatedAction:$false | Out-Null
            Update-ZcrmWatch -ChannelId $c.ChannelId -Replace -Event Leads.all -NotifyUrl http://127.0.0.1:9/other | Out-Null
            Unregister-ZcrmWatch -ChannelId $c.ChannelId -Event Leads.all -Force
            $d = Register-ZcrmWatch -Event Leads.edit -NotifyUrl http://127.0.0.1:9/zoho
            Unregister-ZcrmWatch -ChannelId $d.ChannelId -Force
            """);
        Assert.False(result.HadErrors, result.AllText());

        var validator = new OasValidator(OasValidator.Load(OasFiles.Directory!));
        var requests = t.Emulator.Requests.Snapshot().Where(r => r.IsApiCall && r.Path.EndsWith("/actions/watch", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "POST", "GET", "GET", "GET", "PATCH", "GET", "PATCH", "PUT", "PATCH", "POST", "DELETE" }, requests.Select(r => r.Method));
        var failures = requests
            .Select(r => (Request: r, Result: validator.ValidateRequest(r.Method, r.Path, r.Query, r.Body)))
            .Where(x => !x.Result.IsValid)
            .Select(x => $"{x.Request.Method} {x.Request.Path}: {x.Result}\n{x.Request.Body}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
