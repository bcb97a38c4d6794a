using System.Text.Json.Nodes;
using ZohoCrm.ContractTests.Oas;

namespace ZohoCrm.ContractTests;

/// <summary>
/// What the privacy cmdlets use beyond the records API (fact sheet §22): the recycle bin list and permanent delete
/// against recycle_bin.json, and a delete refused for a locked record against the records API's delete answer.
/// </summary>
public sealed class PrivacyContractTests : IClassFixture<EmulatorContractFixture>
{
    private readonly EmulatorContractFixture _fixture;

    public PrivacyContractTests(EmulatorContractFixture fixture) => _fixture = fixture;

    private OasValidator Validator => _fixture.Validator;

    /// <summary>
    /// recycle_bin.json marks ids and filters required on GET and DELETE; the docs (and the sheet) make them optional on
    /// GET, so that one complaint is set aside for the list.
    /// </summary>
    private async Task<JsonNode?> CheckAsync(string method, string pathAndQuery, int expectedStatus)
    {
        var at = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = at < 0 ? pathAndQuery : pathAndQuery[..at];
        var query = at < 0 ? new Dictionary<string, string>() : pathAndQuery[(at + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var problems = Validator.ValidateRequest(method, path, query, null).Errors
            .Where(e => !(method == "GET" && (e.Contains("'ids' is missing", StringComparison.Ordinal) || e.Contains("'filters' is missing", StringComparison.Ordinal))))
            .Where(e => !(method == "DELETE" && e.Contains("'filters' is missing", StringComparison.Ordinal)))
            .ToList();
        Assert.True(problems.Count == 0, $"request {method} {pathAndQuery}: {string.Join("; ", problems)}");

        using var message = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        using var response = await _fixture.Http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {pathAndQuery}: expected {expectedStatus} but got {(int)response.StatusCode}: {text}");
        var result = Validator.ValidateResponse(method, path, (int)response.StatusCode, text);
        Assert.True(result.IsValid, $"{method} {pathAndQuery}: {result}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    [OasFact]
    public async Task The_recycle_bin_list_and_permanent_delete_match_recycle_bin_json()
    {
        var id = CreateVendor();
        await CheckAsync("DELETE", "/crm/v8/Vendors?ids=" + id, 200);

        var bin = await CheckAsync("GET", "/crm/v8/settings/recycle_bin?per_page=200", 200);
        Assert.Contains(bin!["recycle_bin"]!.AsArray(), i => (string)i!["id"]! == id);

        var purged = await CheckAsync("DELETE", "/crm/v8/settings/recycle_bin?ids=" + id, 200);
        Assert.Equal("SUCCESS", (string)purged!["recycle_bin"]![0]!["code"]!);
    }

    [OasFact]
    public async Task A_locked_records_delete_answer_matches_the_records_api()
    {
        // Mixed with a record that is deleted, as the eraser's batches are: 207 with one entry per id.
        var id = (string)_fixture.Emulator.Records("Contacts")[3]["id"]!;
        var other = (string)_fixture.Emulator.Records("Contacts")[4]["id"]!;
        _fixture.Emulator.Store.Lock("Contacts", long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
        var answer = await CheckAsync("DELETE", "/crm/v8/Contacts?ids=" + id + "," + other, 207);
        Assert.Equal("RECORD_LOCKED", (string)answer!["data"]![0]!["code"]!);
        Assert.Equal("success", (string)answer["data"]![1]!["status"]!);
    }

    private string CreateVendor()
    {
        var id = _fixture.Emulator.Store.Insert("Vendors", new Dictionary<string, object?> { ["Vendor_Name"] = "Contract vendor" });
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
