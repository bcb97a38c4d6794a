using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Faults;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>Attachments and record photos (fact sheet §19) over real HTTP.</summary>
public sealed class AttachmentEndpointTests : EmulatorTestBase
{
    private const string Fields = "id,File_Name,Size,$type,$link_url,$se_module,Parent_Id,Owner,Created_Time";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8];

    protected override EmulatorOptions CreateOptions() => new() { AttachmentMaxBytes = 100_000, PhotoMaxBytes = 50_000 };

    private string DealId(int index = 0) => (string)Emulator.Records("Deals")[index]["id"]!;

    /// <summary>multipart/form-data with one part; the Content-Disposition is written as given (UTF-8), as browsers do.</summary>
    private static ByteArrayContent Multipart(byte[] bytes, string disposition, string partContentType = "application/octet-stream")
    {
        const string boundary = "test-boundary-1";
        var head = Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: {partContentType}\r\n\r\n");
        var tail = Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent([.. head, .. bytes, .. tail]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=" + boundary);
        return content;
    }

    private Task<ApiResponse> UploadAsync(string path, byte[] bytes, string fileName) =>
        Client.SendApiAsync(HttpMethod.Post, path, r => r.Content = Multipart(bytes, $"form-data; name=\"file\"; filename=\"{fileName}\""));

    private async Task<HttpResponseMessage> RawGetAsync(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken " + Client.AccessToken);
        return await Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static string IdOf(ApiResponse created) => (string)TestClient.Data(created)[0]!["details"]!["id"]!;

    [Fact]
    public async Task An_uploaded_file_is_listed_and_downloaded_byte_for_byte_with_its_name_and_type()
    {
        var deal = DealId();
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        var empty = await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields={Fields}");
        Assert.Equal(HttpStatusCode.NoContent, empty.Status);
        Assert.Equal(string.Empty, empty.Body);

        const string disposition = "form-data; name=\"file\"; filename=\"Vertrag Müller 契約.pdf\"; filename*=UTF-8''Vertrag%20M%C3%BCller%20%E5%A5%91%E7%B4%84.pdf";
        var upload = await Client.SendApiAsync(HttpMethod.Post, $"/crm/v8/Deals/{deal}/Attachments", r => r.Content = Multipart(bytes, disposition, "application/pdf"));
        Assert.Equal(HttpStatusCode.OK, upload.Status);
        var entry = TestClient.Data(upload)[0]!;
        Assert.Equal("SUCCESS", (string?)entry["code"]);
        Assert.Equal("success", (string?)entry["status"]);
        var id = IdOf(upload);
        Assert.NotNull(entry["details"]!["Created_By"]!["email"]);

        var list = await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields={Fields}");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var row = TestClient.Data(list)[0]!;
        Assert.Equal(id, (string?)row["id"]);
        Assert.Equal("Vertrag Müller 契約.pdf", (string?)row["File_Name"]);
        Assert.Equal("70000", (string?)row["Size"]);
        Assert.Equal("Attachment", (string?)row["$type"]);
        Assert.Equal("Deals", (string?)row["$se_module"]);
        Assert.Equal(deal, (string?)row["Parent_Id"]!["id"]);
        Assert.Null(row["$link_url"]);
        Assert.Equal(1, (int)list.Json["info"]!["count"]!);
        Assert.False((bool)list.Json["info"]!["more_records"]!);

        using var download = await RawGetAsync($"/crm/v8/Deals/{deal}/Attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(70_000, download.Content.Headers.ContentLength);
        var header = string.Join(",", download.Content.Headers.GetValues("Content-Disposition"));
        Assert.StartsWith("attachment; filename=\"Vertrag M_ller __.pdf\"", header, StringComparison.Ordinal);
        Assert.Contains("filename*=UTF-8''Vertrag%20M%C3%BCller%20%E5%A5%91%E7%B4%84.pdf", header, StringComparison.Ordinal);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), Emulator.Attachments.All.Single().Sha256);
    }

    [Fact]
    public async Task A_raw_utf8_file_name_in_the_part_header_is_kept()
    {
        var upload = await UploadAsync($"/crm/v8/Deals/{DealId()}/Attachments", [1, 2, 3], "Résumé.txt");
        Assert.Equal(HttpStatusCode.OK, upload.Status);
        Assert.Equal("Résumé.txt", Emulator.Attachments.All.Single().FileName);
    }

    [Fact]
    public async Task The_list_needs_fields_pages_and_refuses_unknown_field_names()
    {
        var deal = DealId();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await UploadAsync($"/crm/v8/Deals/{deal}/Attachments", [(byte)i], $"f{i}.bin")).Status);
        }

        var missing = await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments");
        Assert.Equal(400, missing.StatusCode);
        Assert.Equal("REQUIRED_PARAM_MISSING", missing.Code);
        Assert.Equal("fields", (string?)missing.Json["details"]!["param"]);

        Assert.Equal("INVALID_DATA", (await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields=id,Nope")).Code);

        var first = await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields=id&per_page=2");
        Assert.Equal(2, TestClient.Data(first).Count);
        Assert.True((bool)first.Json["info"]!["more_records"]!);
        var second = await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields=id&per_page=2&page=2");
        Assert.Single(TestClient.Data(second));
        Assert.False((bool)second.Json["info"]!["more_records"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields=id&per_page=2&page=3")).Status);
    }

    [Fact]
    public async Task A_file_over_the_limit_or_a_body_without_a_file_part_is_refused_and_nothing_stored()
    {
        var path = $"/crm/v8/Deals/{DealId()}/Attachments";
        var tooBig = await UploadAsync(path, new byte[100_001], "big.bin");
        Assert.Equal(400, tooBig.StatusCode);
        Assert.Equal("FILE_SIZE_MORE_THAN_ALLOWED_SIZE", tooBig.Code);

        var notMultipart = await Client.SendApiAsync(HttpMethod.Post, path, r => r.Content = new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal("INVALID_REQUEST", notMultipart.Code);
        Assert.Equal("multipart/form-data", (string?)notMultipart.Json["details"]!["expected_type"]);

        var otherPart = await Client.SendApiAsync(HttpMethod.Post, path, r => r.Content = Multipart([1], "form-data; name=\"document\"; filename=\"a.txt\""));
        Assert.Equal("INVALID_REQUEST", otherPart.Code);
        Assert.Empty(Emulator.Attachments.All);

        var exact = await UploadAsync(path, new byte[100_000], "exact.bin");
        Assert.Equal(HttpStatusCode.OK, exact.Status);
    }

    [Fact]
    public async Task A_link_is_attached_from_the_query_and_has_nothing_to_download()
    {
        var deal = DealId();
        var url = Uri.EscapeDataString("https://contoso.example/a?b=1");
        var added = await Client.SendApiAsync(HttpMethod.Post, $"/crm/v8/Deals/{deal}/Attachments?attachmentUrl={url}&title=Spec");
        Assert.Equal(HttpStatusCode.OK, added.Status);
        var id = IdOf(added);

        var row = TestClient.Data(await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields={Fields}"))[0]!;
        Assert.Equal("https://contoso.example/a?b=1", (string?)row["$link_url"]);
        Assert.Equal("Link", (string?)row["$type"]);
        Assert.Equal("Spec", (string?)row["File_Name"]);
        Assert.Equal("0", (string?)row["Size"]);

        Assert.Equal("INVALID_DATA", (await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments/{id}")).Code);
        Assert.Equal("INVALID_DATA", (await Client.SendApiAsync(HttpMethod.Post, $"/crm/v8/Deals/{deal}/Attachments?attachmentUrl=not-a-url")).Code);
    }

    [Fact]
    public async Task Deletes_answer_per_id_and_unknown_parents_are_refused_with_the_path_index()
    {
        var deal = DealId();
        var path = $"/crm/v8/Deals/{deal}/Attachments";
        var a = IdOf(await UploadAsync(path, [1], "a.bin"));
        var b = IdOf(await UploadAsync(path, [2], "b.bin"));

        var one = await Client.SendApiAsync(HttpMethod.Delete, $"{path}/{a}");
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(a, (string?)TestClient.Data(one)[0]!["details"]!["id"]);
        var again = await Client.SendApiAsync(HttpMethod.Delete, $"{path}/{a}");
        Assert.Equal("INVALID_DATA", again.Code);
        Assert.Equal("invalid", (string?)again.Json["details"]!["related_status"]);
        Assert.Equal(3, (int)again.Json["details"]!["resource_path_index"]!);

        var many = await Client.SendApiAsync(HttpMethod.Delete, $"{path}?ids={b},{a}");
        Assert.Equal(207, many.StatusCode);
        Assert.Equal("success", (string?)TestClient.Data(many)[0]!["status"]);
        Assert.Equal("INVALID_DATA", (string?)TestClient.Data(many)[1]!["code"]);
        Assert.Empty(Emulator.Attachments.All);

        var module = await Client.GetAsync($"/crm/v8/Nope/{deal}/Attachments?fields=id");
        Assert.Equal("INVALID_MODULE", module.Code);
        Assert.Equal(0, (int)module.Json["details"]!["resource_path_index"]!);
        var record = await Client.GetAsync("/crm/v8/Deals/123/Attachments?fields=id");
        Assert.Equal("INVALID_DATA", record.Code);
        Assert.Equal(1, (int)record.Json["details"]!["resource_path_index"]!);
    }

    [Fact]
    public async Task A_photo_is_checked_stored_served_and_deleted()
    {
        var contact = (string)Emulator.Records("Contacts")[0]["id"]!;
        var path = $"/crm/v8/Contacts/{contact}/photo";
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync(path)).Status);

        Assert.Equal("INVALID_DATA", (await UploadAsync(path, [1, 2, 3, 4, 5, 6, 7, 8], "x.png")).Code);
        Assert.Equal("FILE_SIZE_MORE_THAN_ALLOWED_SIZE", (await UploadAsync(path, [.. Png, .. new byte[50_000]], "big.png")).Code);
        var deals = await UploadAsync($"/crm/v8/Deals/{DealId()}/photo", Png, "p.png");
        Assert.Equal(400, deals.StatusCode);
        Assert.Equal("INVALID_URL_PATTERN", deals.Code);
        var unknown = await Client.GetAsync("/crm/v8/Contacts/123/photo");
        Assert.Equal("INVALID_DATA", unknown.Code);
        Assert.Equal("123", (string?)unknown.Json["details"]!["id"]);

        var set = await UploadAsync(path, Png, "face.png");
        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("SUCCESS", set.Code);
        Assert.Null(set.Json["data"]);

        using (var photo = await RawGetAsync(path))
        {
            Assert.Equal("image/png", photo.Content.Headers.ContentType!.MediaType);
            Assert.Equal(Png, await photo.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal("SUCCESS", (await Client.SendApiAsync(HttpMethod.Delete, path)).Code);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync(path)).Status);
    }

    [Fact]
    public async Task The_cut_body_fault_ends_a_download_midway_once()
    {
        var deal = DealId();
        var bytes = RandomNumberGenerator.GetBytes(90_000);
        var id = IdOf(await UploadAsync($"/crm/v8/Deals/{deal}/Attachments", bytes, "cut.bin"));
        Emulator.Faults.Add(FaultSpecParser.Parse($"cut:path=/crm/v8/Deals/{deal}/Attachments/,method=GET,after-bytes=1000"));

        using (var cut = await RawGetAsync($"/crm/v8/Deals/{deal}/Attachments/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, cut.StatusCode);
            await Assert.ThrowsAnyAsync<Exception>(() => cut.Content.ReadAsByteArrayAsync());
        }

        using var whole = await RawGetAsync($"/crm/v8/Deals/{deal}/Attachments/{id}");
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Empty(Emulator.Faults.Rules);
    }

    [Fact]
    public async Task The_request_log_keeps_an_uploads_size_not_its_bytes()
    {
        await UploadAsync($"/crm/v8/Deals/{DealId()}/Attachments", new byte[5000], "log.bin");
        var logged = Emulator.Requests.Snapshot().Single(r => r.Method == "POST" && r.Path.EndsWith("/Attachments", StringComparison.Ordinal));
        Assert.StartsWith("[multipart/form-data, ", logged.Body, StringComparison.Ordinal);
        Assert.EndsWith(" bytes]", logged.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_hook_stores_a_file_under_any_name()
    {
        var deal = DealId();
        var body = new JsonObject { ["module"] = "Deals", ["recordId"] = deal, ["fileName"] = "../../x", ["contentBase64"] = Convert.ToBase64String(new byte[] { 9, 9 }) };
        using var response = await Client.Http.PostAsync("/__emulator/attachments", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = TestClient.Data(await Client.GetAsync($"/crm/v8/Deals/{deal}/Attachments?fields=File_Name"))[0]!;
        Assert.Equal("../../x", (string?)row["File_Name"]);
        using var download = await RawGetAsync($"/crm/v8/Deals/{deal}/Attachments/{row["id"]}");
        Assert.Contains("filename=\"../../x\"", string.Join(",", download.Content.Headers.GetValues("Content-Disposition")), StringComparison.Ordinal);
    }
}
