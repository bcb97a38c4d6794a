using System.Net;
using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Tests.Support;

/// <summary>A response read in full: status, headers, raw body and (when there is one) parsed JSON.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, HttpResponseMessage Message)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty JSON");

    public string? Code => Json["code"]?.GetValue<string>();

    public int StatusCode => (int)Status;

    public override string ToString() => $"{StatusCode} {Body}";
}
