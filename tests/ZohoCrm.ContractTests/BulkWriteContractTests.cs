using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZohoCrm.ContractTests.Oas;
using ZohoCrm.Emulator;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.ContractTests;

/// <summary>
/// Bulk write against bulk_write.json: the emulator's answers (upload, create, status in every state, errors) and the
/// create-job bodies the cmdlets send. Two reports are left out, each where the fact sheet overrules the file
/// (§21.1): the upload answer's details carry file_id and created_time (Success_Response requires the job's id and
/// created_by, which an upload has not), and file_id is a string (typed int64 in the file, "treat as string"); and a
/// request names its module by api_name alone, as §21.2 shows (Minified_Module requires the id too).
/// </summary>
public sealed partial class BulkWriteContractTests
{
    private const string Write = "/crm/bulk/v8/write";

    [GeneratedRegex(@"^\$\.details: required property '(id|created_by)' is missing")]
    private static partial Regex UploadDetails();

    [GeneratedRegex(@"^\$(\.resource\[\d+\])?(\.details)?\.file_id: ")]
    private static partial Regex FileIdAsString();

    /// <summary>Minified_Module requires the module's id; §21.2's body names the module by api_name only.</summary>
    [GeneratedRegex(@"^\$\.resource\[\d+\]\.module: required property 'id' is missing")]
    private static partial Regex ModuleByName();

    private static IReadOnlyList<string> Tolerated(OasValidationResult result) =>
        result.Errors.Where(e => !UploadDetails().IsMatch(e) && !FileIdAsString().IsMatch(e) && !ModuleByName().IsMatch(e)).ToList();

    private static async Task<(ZohoCrmEmulator, HttpClient, OasValidator)> StartAsync()
    {
        var validator = new OasValidator(OasValidator.Load(OasFiles.Directory!));
        var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions
        {
            Leads = 5, DailyCredits = 0, MaxConcurrency = 0,
            BulkWriteAddedDuration = TimeSpan.FromMilliseconds(300), BulkWriteInProgressDuration = TimeSpan.FromMilliseconds(300),
        });
        var http = await EmulatorHttp.SignedInAsync(emulator);
        return (emulator, http, validator);
    }

    private static void AssertValid(OasValidator validator, string method, string path, int status, string text)
    {
        if (method == "POST" && status < 300)
        {
            // Success_Response has code, message and status, so the validator takes it for an error body; check it by name.
            var schema = validator.ValidateSchema("bulk_write.json#/components/schemas/Success_Response", JsonNode.Parse(text));
            Assert.True(Tolerated(schema).Count == 0, $"{method} {path}: {schema}");
            return;
        }

        var result = validator.ValidateResponse(method, path, status, text);
        Assert.True(result.Operation?.EndsWith("(bulk_write.json)", StringComparison.Ordinal) == true, result.ToString());
        Assert.True(Tolerated(result).Count == 0, $"{method} {path}: {result}");
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
        AssertValid(validator, method, path, (int)response.StatusCode, text);
        return JsonNode.Parse(text);
    }

    private static async Task<string> UploadAsync(HttpClient http, OasValidator validator, string csv)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("Leads.csv").Open(), new UTF8Encoding(false)))
        {
            writer.Write(csv);
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, "/crm/v8/upload");
        message.Headers.TryAddWithoutValidation("feature", "bulk-write");
        message.Headers.TryAddWithoutValidation("X-CRM-ORG", "60012344000");
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        content.Add(file, "file", "leads.zip");
        message.Content = content;
        using var response = await http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, text);
        // The file's 200 is a multipart operation whose answer the validator does not pick up by path; check the schema.
        var schema = validator.ValidateSchema("bulk_write.json#/components/schemas/Success_Response", JsonNode.Parse(text));
        Assert.True(Tolerated(schema).Count == 0, schema.ToString());
        return JsonNode.Parse(text)!["details"]!["file_id"]!.GetValue<string>();
    }

    [OasFact]
    public async Task Upload_create_status_in_every_state_and_errors_match_bulk_write_json()
    {
        var (emulator, http, validator) = await StartAsync();
        await using var _ = emulator;
        using var __ = http;

        var fileId = await UploadAsync(http, validator, "Last_Name,Email\nOas,oas@bw.example\n");
        var body = new JsonObject
        {
            ["operation"] = "upsert",
            ["character_encoding"] = "UTF-8",
            ["ignore_empty"] = true,
            ["callback"] = new JsonObject { ["url"] = "https://example.test/bw", ["method"] = "post" },
            ["resource"] = new JsonArray(new JsonObject
            {
                ["type"] = "data",
                ["module"] = new JsonObject { ["api_name"] = "Leads" },
                ["file_id"] = fileId,
                ["ignore_empty"] = true,
                ["find_by"] = "Email",
                ["field_mappings"] = new JsonArray(new JsonObject { ["api_name"] = "Last_Name", ["index"] = 0 }, new JsonObject { ["api_name"] = "Email", ["index"] = 1 }),
            }),
        };
        var created = await CheckAsync(http, validator, "POST", Write, 201, body.ToJsonString());
        var id = created!["details"]!["id"]!.GetValue<string>();

        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var status = await CheckAsync(http, validator, "GET", $"{Write}/{id}", 200);
            var state = status!["status"]!.GetValue<string>();
            seen.Add(state);
            if (state == "COMPLETED") break;
            await Task.Delay(50);
        }
        Assert.Contains("ADDED", seen);
        Assert.Contains("COMPLETED", seen);

        await CheckAsync(http, validator, "GET", $"{Write}/4150868000009999001", 400);
        var noOperation = (JsonObject)body.DeepClone();
        noOperation.Remove("operation");
        await CheckAsync(http, validator, "POST", Write, 400, noOperation.ToJsonString());
        var badCallback = (JsonObject)body.DeepClone();
        badCallback["callback"]!["method"] = "post";
        badCallback["resource"]![0]!["file_id"] = "123";
        await CheckAsync(http, validator, "POST", Write, 400, badCallback.ToJsonString());
    }

    [OasFact]
    public async Task Every_create_job_body_the_cmdlets_send_is_declared_by_bulk_write_json()
    {
        var validator = new OasValidator(OasValidator.Load(OasFiles.Directory!));
        await using var t = await ZcrmTestContext.StartAsync(o =>
        {
            o.Leads = 5;
            o.BulkWriteAddedDuration = TimeSpan.FromMilliseconds(20);
            o.BulkWriteInProgressDuration = TimeSpan.FromMilliseconds(20);
        });
        var result = t.RunConnected("""
            @{ Last_Name = 'Contract'; Email = 'contract@bw.example'; Owner = '5725767000000235013'; Annual_Revenue = '12.5' } | Start-ZcrmBulkWrite -Module Leads -Wait | Receive-ZcrmBulkWrite | Out-Null
            @{ Last_Name = 'Contract2'; Email = 'contract@bw.example' } | Start-ZcrmBulkWrite -Module Leads -Operation Upsert -FindBy Email -CallbackUrl 'https://example.test/bw' -Wait | Receive-ZcrmBulkWrite | Out-Null
            """);
        Assert.False(result.HadErrors, result.AllText());

        var requests = t.Emulator.Requests.Snapshot().Where(r => r.Method == "POST" && r.Path == Write).ToList();
        Assert.Equal(2, requests.Count);
        var failures = requests
            .Select(r => (Request: r, Errors: Tolerated(validator.ValidateRequest(r.Method, r.Path, r.Query, r.Body))))
            .Where(x => x.Errors.Count > 0)
            .Select(x => $"{x.Request.Method} {x.Request.Path}: {string.Join("; ", x.Errors)}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(2, t.Emulator.BulkWrites.Jobs.Count);
    }
}
