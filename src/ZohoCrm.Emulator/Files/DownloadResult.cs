using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Files;

/// <summary>
/// A stored file as Zoho serves it: its content type, <c>Content-Disposition: attachment</c> with the name (an ASCII
/// stand-in in filename and the real name in RFC 5987 filename* when it is not ASCII), written in chunks.
/// </summary>
internal sealed record DownloadResult(byte[] Body, string ContentType, string FileName) : ApiResult(200)
{
    private const int Chunk = 64 * 1024;

    public async Task WriteAsync(HttpContext http)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = ContentType;
        http.Response.Headers.ContentDisposition = AttachmentHeader(FileName);
        http.Response.ContentLength = Body.Length;
        for (var offset = 0; offset < Body.Length; offset += Chunk)
        {
            await http.Response.Body.WriteAsync(Body.AsMemory(offset, Math.Min(Chunk, Body.Length - offset)), http.RequestAborted).ConfigureAwait(false);
        }
    }

    public static string AttachmentHeader(string fileName)
    {
        var ascii = fileName.All(c => c is >= ' ' and < (char)127);
        var fallback = new string(fileName.Select(c => c is >= ' ' and < (char)127 ? c : '_').ToArray());
        var header = "attachment; filename=\"" + fallback.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return ascii ? header : header + "; filename*=UTF-8''" + EncodeExtended(fileName);
    }

    private static string EncodeExtended(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "!#$&+-.^_`|~".Contains(c, StringComparison.Ordinal))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
