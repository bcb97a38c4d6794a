using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Api;

internal static class ResponseWriter
{
    public const string NotImplementedHeader = "X-Emulator-Not-Implemented";

    public static Task WriteAsync(HttpContext http, ApiResult result) => result switch
    {
        BytesResult b => WriteBytesAsync(http, b.Status, b.Body),
        ErrorResult e => WriteErrorAsync(http, e.Error),
        Bulk.FileResult f => f.WriteAsync(http),
        Files.DownloadResult d => d.WriteAsync(http),
        NotImplementedResult => WriteNotImplementedAsync(http),
        _ => WriteEmptyAsync(http, result.StatusCode),
    };

    public static Task WriteErrorAsync(HttpContext http, ZohoError error) =>
        WriteBytesAsync(http, error.StatusCode, EmulatorJson.ToUtf8(error.ToJson()));

    public static Task WriteJsonAsync(HttpContext http, int status, JsonNode body) =>
        WriteBytesAsync(http, status, EmulatorJson.ToUtf8(body));

    public static async Task WriteBytesAsync(HttpContext http, int status, byte[] body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=UTF-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteEmptyAsync(HttpContext http, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    private static Task WriteNotImplementedAsync(HttpContext http)
    {
        http.Response.Headers[NotImplementedHeader] = "true";
        return WriteErrorAsync(http, ZohoError.InvalidUrlPattern());
    }
}
