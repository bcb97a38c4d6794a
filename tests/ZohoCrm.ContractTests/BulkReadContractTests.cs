using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZohoCrm.ContractTests.Oas;
using ZohoCrm.Emulator;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.ContractTests;

/// <summary>
/// Bulk read against bulk_read.json: the emulator's answers (create, status in every state, errors) and the requests
/// the cmdlets send. bulk_read.json uses one Query schema for the request and for the job's echo of it, and marks
/// every key required there (module.id, cvid, page, criteria.type, query.file_type with only "ics" allowed …), which
/// no request and no CSV job's echo can satisfy; those "required property is missing" reports, listed in
/// <see cref="Tolerated"/>, are the only ones left out.
/// </summary>
public sealed partial class BulkReadContractTests
{
    private const string Read = "/crm/bulk/v8/read";

    /// <summary>Keys the shared Query schema requires that a request, or a job without them, cannot carry.</summary>
    [GeneratedRegex(@"^\$(\.data\[0\])?\.query(\.module|\.criteria(\.group\[\d+\])*(\.field)?)?: required property '(id|cvid|page|fields|criteria|file_type|type)' is missing")]
    private static partial Regex QueryKeys();

    /// <summary>next_page_token is typed as a non-null string: an answer leaves it out when there is no next page.</summary>
    [GeneratedRegex(@"^\$\.data\[0\]\.result: required property 'next_page_token' is missing")]
    private static partial Regex NoNextPage();

    private static IReadOnlyList<string> Tolerated(OasValidationResult result) =>
        result.Errors.Where(e => !QueryKeys().IsMatch(e) && !NoNextPage().IsMatch(e)).ToList();

    private static async Task<(ZohoCrmEmulator, HttpClient, OasValidator)> StartAsync()
    {
        var validator = new OasValidator(OasValidator.Load(OasFiles.Directory!));
        var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions
        {
            Leads = 300, DailyCredits = 0, MaxConcurrency = 0, BulkReadPageSize = 100,
            // IN PROGRESS lasts long enough that a poll lands in it even when validating each answer is slow on a loaded machine.
            BulkReadAddedDuration = TimeSpan.FromMilliseconds(300), BulkReadInProgressDuration = TimeSpan.FromMilliseconds(1500),
        });
        var http = await EmulatorHttp.SignedInAsync(emulator);
        return (emulator, http, validator);
    }

    private static async Task<JsonNode?> CheckAsync(HttpClient http, OasValidator validator, string method, string path, int expectedStatus, string? body = null)
    {
        if (body is not null)
        {
            var request = validator.ValidateRequest(method, path, new Dictionary<string, string>(), body);
            Assert.True(Tolerated(request).Count == 0, $"request {method} {path}: {string.Join(Environment.NewLine, Tolerated(request))}");
        }

        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) message.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {path}: expected {expectedStatus} but got {(int)response.StatusCode}: {text}");
        var result = validator.ValidateResponse(method, path, (int)response.StatusCode, text);
        Assert.True(result.Operation?.EndsWith("(bulk_read.json)", StringComparison.Ordinal) == true, result.ToString());
        Assert.True(Tolerated(result).Count == 0, $"{method} {path}: {result}");
        return JsonNode.Parse(text);
    }

    [OasFact]
    public async Task Create_status_in_every_state_and_errors_match_bulk_read_json()
    {
        var (emulator, http, validator) = await StartAsync();
        await using var _ = emulator;
        using var __ = http;

        var body = new JsonObject
        {
            ["callback"] = new JsonObject { ["url"] = "https://example.test/bulk", ["method"] = "post" },
            ["query"] = new JsonObject
            {
                ["module"] = new JsonObject { ["api_name"] = "Leads" },
                ["fields"] = new JsonArray("Last_Name", "Owner", "Created_Time"),
                ["criteria"] = new JsonObject
                {
                    ["group_operator"] = "or",
                    ["group"] = new JsonArray(
                        new JsonObject { ["field"] = new JsonObject { ["api_name"] = "Lead_Source" }, ["comparator"] = "in", ["value"] = new JsonArray("Web Download", "Partner") },
                        new JsonObject { ["field"] = new JsonObject { ["api_name"] = "Created_Time" }, ["comparator"] = "between", ["value"] = new JsonArray("2020-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00") }),
                },
                ["page"] = 1,
            },
            ["file_type"] = "csv",
        }.ToJsonString();
        var created = await CheckAsync(http, validator, "POST", Read, 201, body);
        var id = created!["data"]![0]!["details"]!["id"]!.GetValue<string>();

        var seen = new HashSet<string>();
        for (var i = 0; i < 100 && !seen.Contains("COMPLETED"); i++)
        {
            var status = await CheckAsync(http, validator, "GET", $"{Read}/{id}", 200);
            seen.Add(status!["data"]![0]!["state"]!.GetValue<string>());
            await Task.Delay(25);
        }

        Assert.Superset(new HashSet<string> { "ADDED", "IN PROGRESS", "COMPLETED" }, seen);
        using (var download = await http.GetAsync($"{Read}/{id}/result"))
        {
            Assert.Equal(200, (int)download.StatusCode);
            Assert.NotEmpty(validator.Documents.FindOperations("GET", $"{Read}/{id}/result"));
        }

        var plain = new JsonObject { ["query"] = new JsonObject { ["module"] = new JsonObject { ["api_name"] = "Leads" } } }.ToJsonString();
        var second = (await CheckAsync(http, validator, "POST", Read, 201, plain))!["data"]![0]!["details"]!["id"]!.GetValue<string>();
        emulator.BulkReads.FailJob(second, "The export could not be prepared.");
        var failedState = "";
        for (var i = 0; i < 100 && failedState != "FAILURE"; i++)
        {
            await Task.Delay(100);
            var failed = await CheckAsync(http, validator, "GET", $"{Read}/{second}", 200);
            failedState = failed!["data"]![0]!["state"]!.GetValue<string>();
        }
        Assert.Equal("FAILURE", failedState);

        await CheckAsync(http, validator, "GET", $"{Read}/5725767000000999001", 404);
        emulator.BulkReads.ExpireDownloads(id);
        await CheckAsync(http, validator, "GET", $"{Read}/{id}/result", 400);
        var tooMany = new JsonObject { ["query"] = new JsonObject { ["module"] = new JsonObject { ["api_name"] = "Leads" }, ["criteria"] = new JsonObject { ["field"] = new JsonObject { ["api_name"] = "Lead_Status" }, ["comparator"] = "contains", ["value"] = "Cold" } } };
        await CheckAsync(http, validator, "POST", Read, 400, tooMany.ToJsonString());
        var page = new JsonObject { ["query"] = new JsonObject { ["module"] = new JsonObject { ["api_name"] = "Leads" }, ["page"] = 501 } };
        await CheckAsync(http, validator, "POST", Read, 400, page.ToJsonString());
        var callback = new JsonObject { ["callback"] = new JsonObject { ["url"] = "ftp://example.test", ["method"] = "post" }, ["query"] = new JsonObject { ["module"] = new JsonObject { ["api_name"] = "Leads" } } };
        await CheckAsync(http, validator, "POST", Read, 400, callback.ToJsonString());
    }

    [OasFact]
    public async Task Every_bulk_request_the_cmdlets_send_is_declared_by_bulk_read_json()
    {
        var validator = new OasValidator(OasValidator.Load(OasFiles.Directory!));
        await using var t = await ZcrmTestContext.StartAsync(o =>
        {
            o.Leads = 250;
            o.BulkReadPageSize = 100;
            o.BulkReadAddedDuration = TimeSpan.FromMilliseconds(20);
            o.BulkReadInProgressDuration = TimeSpan.FromMilliseconds(20);
        });
        var result = t.RunConnected("""
            Start-ZcrmBulkRead -Module Leads -Field Last_Name, Owner -Filter @{ Lead_Source = 'Web Download', 'Partner'; Created_Time = @{ ge = [datetime]'2020-01-01' } } -Any -Wait | Receive-ZcrmBulkRead -All | Out-Null
            $job = Start-ZcrmBulkRead -Module Leads -CallbackUrl 'https://example.test/bulk'
            $job | Get-ZcrmBulkRead | Wait-ZcrmBulkRead | Receive-ZcrmBulkRead | Out-Null
            """);
        Assert.False(result.HadErrors, result.AllText());

        var requests = t.Emulator.Requests.Snapshot().Where(r => r.Path.StartsWith("/crm/bulk/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, requests.Count(r => r.Method == "POST"));
        var failures = requests
            .Select(r => (Request: r, Errors: Tolerated(validator.ValidateRequest(r.Method, r.Path, r.Query, r.Body))))
            .Where(x => x.Errors.Count > 0)
            .Select(x => $"{x.Request.Method} {x.Request.Path}: {string.Join("; ", x.Errors)}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
