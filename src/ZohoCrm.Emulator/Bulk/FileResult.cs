using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>A file download: the bytes with their media type and an attachment file name.</summary>
internal sealed record FileResult(byte[] Body, string ContentType, string FileName) : ApiResult(200)
{
    public async Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = ContentType;
        http.Response.Headers.ContentDisposition = "attachment; filename=" + FileName;
        http.Response.ContentLength = Body.Length;
        await http.Response.Body.WriteAsync(Body, http.RequestAborted).ConfigureAwait(false);
    }
}
