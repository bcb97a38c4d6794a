using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.ContractTests.Oas;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.ContractTests;

/// <summary>
/// Attachments and record photos against attachments.json and record_photo.json: the emulator's answers (lists, 204s,
/// upload, link, delete, photo, errors) and the requests the cmdlets send.
/// </summary>
public sealed class AttachmentContractTests : IClassFixture<EmulatorContractFixture>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7, 7];
    private readonly EmulatorContractFixture _fixture;

    public AttachmentContractTests(EmulatorContractFixture fixture) => _fixture = fixture;

    private OasValidator Validator => _fixture.Validator;

    private string Id(string module, int index) => (string)_fixture.Emulator.Records(module)[index]["id"]!;

    private static ByteArrayContent Multipart(byte[] bytes, string fileName)
    {
        const string boundary = "contract-boundary";
        var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent([.. head, .. bytes, .. tail]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=" + boundary);
        return content;
    }

    /// <summary>
    /// attachments.json declares one shared "ids" parameter, required, for both GET and DELETE of the list; a list
    /// needs no ids (the sheet and the docs list it as optional), so that one complaint is set aside for GET.
    /// </summary>
    private static IReadOnlyList<string> RequestProblems(OasValidator validator, string method, string path, IReadOnlyDictionary<string, string> query, string? body)
    {
        var errors = validator.ValidateRequest(method, path, query, body).Errors;
        return method == "GET" && path.EndsWith("/Attachments", StringComparison.Ordinal)
            ? errors.Where(e => !e.Contains("'ids' is missing", StringComparison.Ordinal)).ToList()
            : errors;
    }

    /// <summary>Sends, checks the answer (and, for requests without a file body, the request) against the OAS.</summary>
    private async Task<JsonNode?> CheckAsync(string method, string pathAndQuery, int expectedStatus, HttpContent? content = null)
    {
        var at = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = at < 0 ? pathAndQuery : pathAndQuery[..at];
        if (content is null)
        {
            var query = at < 0 ? new Dictionary<string, string>() : pathAndQuery[(at + 1)..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
            var problems = RequestProblems(Validator, method, path, query, null);
            Assert.True(problems.Count == 0, $"request {method} {pathAndQuery}: {string.Join("; ", problems)}");
        }

        using var message = new HttpRequestMessage(new HttpMethod(method), pathAndQuery) { Content = content };
        using var response = await _fixture.Http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{method} {pathAndQuery}: expected {expectedStatus} but got {(int)response.StatusCode}: {text}");
        // A photo's success is a bare {code,details,message,status}, which the validator takes for an error shape, so it
        // is checked against record_photo.json's own success schema.
        var result = path.EndsWith("/photo", StringComparison.Ordinal) && expectedStatus == 200
            ? Validator.ValidateSchema("record_photo.json#/components/schemas/success", JsonNode.Parse(text))
            : Validator.ValidateResponse(method, path, (int)response.StatusCode, text);
        Assert.True(result.IsValid, $"{method} {pathAndQuery}: {result}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    [OasFact]
    public async Task Attachment_lists_uploads_links_and_deletes_match_attachments_json()
    {
        var deal = Id("Deals", 5);
        var basePath = $"/crm/v8/Deals/{deal}/Attachments";
        const string fields = "id,File_Name,Size,Owner,Created_Time,Parent_Id,$type,$link_url";
        Assert.Null(await CheckAsync("GET", $"{basePath}?fields={fields}", 204));

        var uploaded = await CheckAsync("POST", basePath, 200, Multipart([1, 2, 3], "a.pdf"));
        var fileId = (string)uploaded!["data"]![0]!["details"]!["id"]!;
        var link = await CheckAsync("POST", $"{basePath}?attachmentUrl={Uri.EscapeDataString("https://contoso.example/x")}&title=X", 200);
        var linkId = (string)link!["data"]![0]!["details"]!["id"]!;

        var list = await CheckAsync("GET", $"{basePath}?fields={fields}&page=1&per_page=1", 200);
        Assert.True((bool)list!["info"]!["more_records"]!);
        await CheckAsync("GET", $"{basePath}?fields={fields}&page=2&per_page=1", 200);

        await CheckAsync("DELETE", $"{basePath}/{fileId}", 200);
        await CheckAsync("DELETE", $"{basePath}?ids={linkId}", 200);
    }

    [OasFact]
    public async Task Attachment_errors_match_attachments_json()
    {
        var deal = Id("Deals", 6);
        await CheckAsync("GET", $"/crm/v8/Deals/123/Attachments?fields=id", 400);
        await CheckAsync("GET", $"/crm/v8/Nope/{deal}/Attachments?fields=id", 400);
        await CheckAsync("GET", $"/crm/v8/Deals/{deal}/Attachments/123", 400);
        await CheckAsync("DELETE", $"/crm/v8/Deals/{deal}/Attachments/123", 400);
        await CheckAsync("POST", $"/crm/v8/Deals/{deal}/Attachments", 400, new StringContent("{}", Encoding.UTF8, "application/json"));
    }

    [OasFact]
    public async Task Photo_answers_match_record_photo_json()
    {
        var contact = Id("Contacts", 3);
        var path = $"/crm/v8/Contacts/{contact}/photo";
        Assert.Null(await CheckAsync("GET", path, 204));
        await CheckAsync("POST", path, 200, Multipart(Png, "face.png"));
        await CheckAsync("POST", path, 400, Multipart([1, 2, 3], "not.png"));
        await CheckAsync("POST", $"/crm/v8/Deals/{Id("Deals", 1)}/photo", 400, Multipart(Png, "face.png"));
        await CheckAsync("GET", "/crm/v8/Contacts/123/photo", 400);
        await CheckAsync("DELETE", path, 200);
    }

    [OasFact]
    public async Task Every_request_the_file_cmdlets_send_is_declared_by_Zoho_OpenAPI()
    {
        var validator = new OasValidator(OasValidator.Load(OasFiles.Directory!));
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        var folder = Directory.CreateTempSubdirectory("zcrm-contract-files-").FullName;
        var file = Path.Combine(folder, "doc.bin");
        File.WriteAllBytes(file, [1, 2, 3, 4]);
        var png = Path.Combine(folder, "p.png");
        File.WriteAllBytes(png, Png);
        var deal = (string)t.Emulator.Records("Deals")[0]["id"]!;
        var contact = (string)t.Emulator.Records("Contacts")[0]["id"]!;
        var result = t.RunConnected("""
            Add-ZcrmAttachment -Module Deals -Id $deal -Path $file | Out-Null
            Add-ZcrmAttachment -Module Deals -Id $deal -Url https://contoso.example/a -Title A | Out-Null
            Get-ZcrmAttachment -Module Deals -Id $deal -All | Where-Object { -not $_.IsLink } | Save-ZcrmAttachment -Destination $out | Out-Null
            Get-ZcrmAttachment -Module Deals -Id $deal | Remove-ZcrmAttachment -Force
            Set-ZcrmRecordPhoto -Module Contacts -Id $contact -Path $png -SkipWorkflow
            Save-ZcrmRecordPhoto -Module Contacts -Id $contact -Destination $out | Out-Null
            Remove-ZcrmRecordPhoto -Module Contacts -Id $contact -Force
            """, ("deal", deal), ("contact", contact), ("file", file), ("png", png), ("out", Path.Combine(folder, "out")));
        Assert.False(result.HadErrors, result.AllText());

        var requests = t.Emulator.Requests.Snapshot().Where(r => r.IsApiCall && (r.Path.Contains("/Attachments", StringComparison.Ordinal) || r.Path.EndsWith("/photo", StringComparison.Ordinal))).ToList();
        Assert.Equal(9, requests.Count);
        var failures = new List<string>();
        foreach (var r in requests)
        {
            var isFile = r.Body?.StartsWith("[multipart/form-data", StringComparison.Ordinal) == true;
            Assert.Equal(r.Method == "POST" && !r.Query.ContainsKey("attachmentUrl"), isFile);
            // The file upload is multipart, which attachments.json does not describe (it documents only the link form,
            // whose attachmentUrl it marks required); for it only the path and method are checked.
            var check = isFile && r.Path.EndsWith("/Attachments", StringComparison.Ordinal)
                ? (validator.Documents.FindOperations(r.Method, r.Path).Count > 0 ? null : "no such operation")
                : RequestProblems(validator, r.Method, r.Path, r.Query, isFile ? null : r.Body) is { Count: > 0 } problems ? string.Join("; ", problems) : null;
            if (check is not null) failures.Add($"{r.Method} {r.Path}?{string.Join("&", r.Query.Select(q => q.Key + "=" + q.Value))}: {check}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
