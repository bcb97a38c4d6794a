using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ZohoCrm.Emulator.Admin;

/// <summary>Reading the optional JSON body of an admin hook.</summary>
internal static class AdminRequests
{
    /// <summary>The request's JSON body, or null when it is empty.</summary>
    public static async Task<JsonNode?> ReadOptionalJsonAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        return text.Trim().Length == 0 ? null : JsonNode.Parse(text);
    }
}
