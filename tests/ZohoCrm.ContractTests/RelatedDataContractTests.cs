using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZohoCrm.ContractTests.Oas;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.ContractTests;

/// <summary>
/// Related records, notes and tags (fact sheet §16–§18) against related_records.json, notes.json and tags.json: the
/// emulator's answers and errors, and the requests the cmdlets send.
/// </summary>
public sealed partial class RelatedDataContractTests : IClassFixture<EmulatorContractFixture>
{
    /// <summary>
    /// Zoho's files reuse the response schemas of Note and Tag for request bodies, so they list read-only keys
    /// (times, creators, the id of a new note) as required in requests too. Only those are forgiven in a request body.
    /// </summary>
    private static readonly HashSet<string> ResponseOnlyKeys =
    [
        "id", "created_time", "modified_time", "created_by", "modified_by", "color_code",
        "Created_Time", "Modified_Time", "Created_By", "Modified_By", "Owner", "Note_Title", "$attachments", "$editable",
        "$is_shared_to_client", "$size", "$state", "$voice_note",
    ];

    private readonly EmulatorContractFixture _fixture;

    public RelatedDataContractTests(EmulatorContractFixture fixture) => _fixture = fixture;

    private OasValidator Validator => _fixture.Validator;

    [GeneratedRegex("required property '([^']+)' is missing")]
    private static partial Regex MissingProperty();

    private string FeaturedContact => (string)_fixture.Emulator.Records("Contacts")[0]["id"]!;

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

    /// <summary>Sends, checks the status, and validates the answer under <paramref name="documentedStatus"/> (the OAS often files errors and 201s under 200).</summary>
    private async Task<JsonNode?> CheckAsync(string method, string pathAndQuery, int expectedStatus, string? body = null, int? documentedStatus = null)
    {
        var (status, text) = await SendAsync(method, pathAndQuery, body);
        Assert.True(status == expectedStatus, $"{method} {pathAndQuery}: expected {expectedStatus} but got {status}: {text}");
        var result = Validator.ValidateResponse(method, pathAndQuery, documentedStatus ?? status, text);
        Assert.True(result.IsValid, $"{method} {pathAndQuery}: {result}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static void AssertValidRequest(OasValidationResult result, string what, string? alsoForgiven = null)
    {
        // notes.json shares one "ids" parameter, marked required, between GET and DELETE /Notes; the list does not need it (§17.1).
        var errors = result.Errors
            .Where(e => MissingProperty().Match(e) is not { Success: true } m || !(ResponseOnlyKeys.Contains(m.Groups[1].Value) || m.Groups[1].Value == alsoForgiven))
            .Where(e => !(what.StartsWith("GET /crm/v8/Notes?", StringComparison.Ordinal) && e.Contains("required query parameter 'ids' is missing", StringComparison.Ordinal)))
            .ToList();
        Assert.True(errors.Count == 0, $"{what}: {string.Join(Environment.NewLine, errors)}");
    }

    [OasFact]
    public async Task Related_lists_answer_in_the_related_records_shape()
    {
        var cases = await CheckAsync("GET", $"/crm/v8/Contacts/{FeaturedContact}/Cases?fields=Subject,Status,Related_To&page=2&per_page=5", 200);
        Assert.Equal(5, cases!["data"]!.AsArray().Count);
        var notes = await CheckAsync("GET", $"/crm/v8/Contacts/{FeaturedContact}/Notes?fields=Note_Title,Note_Content,Parent_Id,Owner,Created_Time,Modified_Time,Created_By,Modified_By&per_page=10", 200);
        foreach (var note in notes!["data"]!.AsArray())
        {
            var result = Validator.ValidateSchema("notes.json#/components/schemas/Note", note);
            Assert.True(result.IsValid, result.ToString());
        }

        await CheckAsync("GET", $"/crm/v8/Contacts/{FeaturedContact}/Campaigns?fields=Campaign_Name", 204);
        await CheckAsync("GET", $"/crm/v8/Contacts/{FeaturedContact}/Nope?fields=id", 400, documentedStatus: 200);
        await CheckAsync("GET", "/crm/v8/Contacts/5725767000000000001/Cases?fields=Subject", 400, documentedStatus: 200);
    }

    [OasFact]
    public async Task Link_and_delink_answers_match_related_records_json()
    {
        var campaign = (await SendAsync("POST", "/crm/v8/Campaigns", """{"data":[{"Campaign_Name":"Contract"}]}""")).Body;
        var campaignId = JsonNode.Parse(campaign)!["data"]![0]!["details"]!["id"]!.GetValue<string>();
        var contacts = _fixture.Emulator.Records("Contacts").Skip(2).Take(2).Select(r => (string)r["id"]!).ToArray();
        var body = $$"""{"data":[{"id":"{{contacts[0]}}","Member_Status":"Sent"},{"id":"{{contacts[1]}}"}]}""";
        Assert.True(Validator.ValidateRequest("PUT", $"/crm/v8/Campaigns/{campaignId}/Contacts", new Dictionary<string, string>(), body).IsValid);

        await CheckAsync("PUT", $"/crm/v8/Campaigns/{campaignId}/Contacts", 200, body);
        await CheckAsync("PUT", $"/crm/v8/Campaigns/{campaignId}/Contacts", 400, """{"data":[{"id":"5725767000000000001"}]}""", documentedStatus: 200);
        await CheckAsync("GET", $"/crm/v8/Campaigns/{campaignId}/Contacts?fields=Last_Name", 200);
        await CheckAsync("DELETE", $"/crm/v8/Campaigns/{campaignId}/Contacts?ids={contacts[0]},{contacts[1]}", 200);
        await CheckAsync("PUT", $"/crm/v8/Contacts/{FeaturedContact}/Cases", 400, body, documentedStatus: 200);
    }

    [OasFact]
    public async Task Notes_answers_match_notes_json_in_both_parent_forms()
    {
        var lead = (string)_fixture.Emulator.Records("Leads").First(r => !(bool)r["$converted"]!)["id"]!;
        var nested = $$$"""{"data":[{"Note_Title":"A","Note_Content":"nested","Parent_Id":{"module":{"api_name":"Leads"},"id":"{{{lead}}}"}}]}""";
        var flat = $$"""{"data":[{"Note_Content":"flat","Parent_Id":"{{lead}}","se_module":"Leads"}]}""";
        var created = await CheckAsync("POST", "/crm/v8/Notes", 201, nested, documentedStatus: 200);
        await CheckAsync("POST", "/crm/v8/Notes", 201, flat, documentedStatus: 200);
        var mixed = $$$"""{"data":[{"Note_Content":"ok","Parent_Id":{"module":{"api_name":"Leads"},"id":"{{{lead}}}"}},{"Note_Title":"no content","Parent_Id":{"module":{"api_name":"Leads"},"id":"{{{lead}}}"}}]}""";
        // A mixed answer fits neither 200 (successes only) nor 202 (errors only) of notes.json: each entry is checked.
        var (mixedStatus, mixedText) = await SendAsync("POST", "/crm/v8/Notes", mixed);
        Assert.Equal(207, mixedStatus);
        var entries = JsonNode.Parse(mixedText)!["data"]!.AsArray();
        var success = Validator.ValidateSchema("notes.json#/components/schemas/Success_Response", entries[0]);
        Assert.True(success.IsValid, success.ToString());
        var failure = Validator.ValidateSchema("notes.json#/components/schemas/Mandatory_API_Exception", entries[1]);
        Assert.True(failure.IsValid, failure.ToString());

        var noteId = created!["data"]![0]!["details"]!["id"]!.GetValue<string>();
        await CheckAsync("GET", "/crm/v8/Notes?fields=Note_Title,Note_Content,Parent_Id,Owner,Created_Time,Modified_Time,Created_By,Modified_By&per_page=5", 200);
        await CheckAsync("GET", $"/crm/v8/Notes/{noteId}", 200);
        await CheckAsync("PUT", "/crm/v8/Notes", 200, $$"""{"data":[{"id":"{{noteId}}","Note_Content":"changed"}]}""");
        await CheckAsync("DELETE", $"/crm/v8/Notes?ids={noteId}", 200);
    }

    [OasFact]
    public async Task Tag_answers_match_tags_json()
    {
        await CheckAsync("GET", "/crm/v8/settings/tags?module=Deals", 200);
        await CheckAsync("GET", "/crm/v8/settings/tags", 400);
        await CheckAsync("GET", "/crm/v8/settings/tags?module=Nope", 400);

        var ids = _fixture.Emulator.Records("Deals").Take(3).Select(r => $"\"{r["id"]}\"");
        var add = $$"""{"tags":[{"name":"Contract"}],"ids":[{{string.Join(",", ids)}}],"over_write":false}""";
        await CheckAsync("POST", "/crm/v8/Deals/actions/add_tags", 200, add);
        var tagId = (await CheckAsync("GET", "/crm/v8/settings/tags?module=Deals", 200))!["tags"]!.AsArray().First(t => t!["name"]!.GetValue<string>() == "Contract")!["id"]!.GetValue<string>();
        var remove = $$"""{"tags":[{"id":"{{tagId}}","name":"Contract"}],"ids":[{{string.Join(",", ids)}}]}""";
        AssertValidRequest(Validator.ValidateRequest("POST", "/crm/v8/Deals/actions/remove_tags", new Dictionary<string, string>(), remove), "remove_tags body");
        await CheckAsync("POST", "/crm/v8/Deals/actions/remove_tags", 200, remove);

        var tooLong = $$"""{"tags":[{"name":"{{new string('x', 26)}}"}],"ids":[{{string.Join(",", ids)}}]}""";
        await CheckAsync("POST", "/crm/v8/Deals/actions/add_tags", 400, tooLong);
        await CheckAsync("POST", "/crm/v8/Deals/actions/add_tags", 400, """{"ids":["1"]}""");
    }

    [OasFact]
    public async Task Every_request_the_related_data_cmdlets_send_is_declared_by_Zoho_OpenAPI()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 30);
        var result = t.RunConnected("""
            $contact = Get-ZcrmRecord -Module Contacts -First 1 -SortBy id -SortOrder asc
            $contact | Get-ZcrmRelatedRecord -RelatedList Cases -All -PageSize 5 | Out-Null
            Get-ZcrmRelatedRecord -Module Contacts -Id $contact.id -RelatedList Quotes -Field Subject, Grand_Total -First 3 | Out-Null
            $contact | Get-ZcrmNote -All | Out-Null
            Get-ZcrmNote -First 5 | Out-Null
            $note = ($contact | Add-ZcrmNote -Title 'Contract' -Content 'Checked').Id
            Set-ZcrmNote -Id $note -Content 'Changed' | Out-Null
            Remove-ZcrmNote -Id $note -Force | Out-Null
            $campaign = New-ZcrmRecord -Module Campaigns -InputObject @{ Campaign_Name = 'Requests' }
            Get-ZcrmRecord -Module Contacts -First 3 | Add-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts -RelationField @{ Member_Status = 'Sent' } | Out-Null
            Get-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts | Remove-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts | Out-Null
            Get-ZcrmTag -Module Leads | Out-Null
            Get-ZcrmRecord -Module Leads -First 5 | Add-ZcrmTag -Tag 'Contract' | Out-Null
            Get-ZcrmRecord -Module Leads -First 5 | Remove-ZcrmTag -Tag 'Contract' | Out-Null
            """);
        Assert.False(result.HadErrors, result.AllText());

        var requests = t.Emulator.Requests.Snapshot()
            .Where(r => r.IsApiCall && (r.Path.Contains("/Notes", StringComparison.Ordinal) || r.Path.Contains("/actions/", StringComparison.Ordinal) ||
                                        r.Path.Contains("settings/tags", StringComparison.Ordinal) || r.Path.Split('/').Length == 6))
            .ToList();
        Assert.Contains(requests, r => r.Path.EndsWith("/actions/add_tags", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Method == "PUT" && r.Path.EndsWith("/Contacts", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Method == "POST" && r.Path == "/crm/v8/Notes");
        foreach (var request in requests)
        {
            // An update leaves the note's parent as it is, so PUT sends no Parent_Id.
            AssertValidRequest(Validator.ValidateRequest(request.Method, request.Path, request.Query, request.Body), $"{request.Method} {request.Path}?{string.Join("&", request.Query.Select(q => q.Key + "=" + q.Value))}",
                request.Method == "PUT" ? "Parent_Id" : null);
        }
    }
}
