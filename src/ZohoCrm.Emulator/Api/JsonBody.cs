using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Api;

/// <summary>Reads a request's JSON body; malformed bodies become Zoho's top-level errors.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>The body as a JSON object; an empty body counts as {} (so a missing "data" is reported as such).</summary>
    public static async Task<(JsonElement Root, ZohoError? Error)> ReadObjectAsync(ApiContext ctx)
    {
        using var buffer = new MemoryStream();
        await ctx.Http.Request.Body.CopyToAsync(buffer, ctx.Aborted).ConfigureAwait(false);
        if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (JsonDocument.Parse("{}").RootElement, null);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), Strict);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (default, BodyError(new JsonObject { ["reason"] = "the body is not valid JSON: " + ex.Message }));
        }

        return root.ValueKind == JsonValueKind.Object
            ? (root, null)
            : (default, BodyError(new JsonObject { ["expected_data_type"] = "jsonobject" }));
    }

    /// <summary>Charges the call by what its request holds (writes per record, COQL by LIMIT); 429 when the day's credits would run out.</summary>
    public static ZohoError? ChargeAs(this ApiContext ctx, int credits)
    {
        ctx.Credits = credits;
        return ctx.State.Credits.WouldExceed(credits) ? ZohoError.TooManyRequests(ctx.Options.TooManyRequestsMessage) : null;
    }

    /// <summary>INVALID_DATA about the body as a whole (Zoho's message for it is "body").</summary>
    private static ZohoError BodyError(JsonObject details) => new(400, "INVALID_DATA", "body", details);
}
