using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Api;

/// <summary>What an endpoint answers.</summary>
internal abstract record ApiResult(int StatusCode)
{
    public static ApiResult NoContent { get; } = new EmptyResult(204);

    public static ApiResult NotModified { get; } = new EmptyResult(304);

    public static ApiResult Json(JsonNode body, int status = 200) => new BytesResult(status, EmulatorJson.ToUtf8(body));

    public static ApiResult Bytes(byte[] body, int status = 200) => new BytesResult(status, body);

    public static implicit operator ApiResult(ZohoError error) => new ErrorResult(error);
}

internal sealed record EmptyResult(int Status) : ApiResult(Status);

internal sealed record BytesResult(int Status, byte[] Body) : ApiResult(Status);

internal sealed record ErrorResult(ZohoError Error) : ApiResult(Error.StatusCode);

/// <summary>An endpoint the router knows but the emulator does not implement yet (404 INVALID_URL_PATTERN, flagged by a header).</summary>
internal sealed record NotImplementedResult() : ApiResult(404);
