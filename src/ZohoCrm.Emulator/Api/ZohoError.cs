using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Api;

/// <summary>A top-level error: {"code","details","message","status":"error"} with its HTTP status.</summary>
internal sealed record ZohoError(int StatusCode, string Code, string Message, JsonObject Details)
{
    public const string InvalidDataMessage = "invalid data";
    public const string InvalidIdMessage = "the id given seems to be invalid";

    public JsonObject ToJson() => new()
    {
        ["code"] = Code,
        ["details"] = Details.DeepClone(),
        ["message"] = Message,
        ["status"] = "error",
    };

    public static ZohoError AuthenticationFailure() => new(401, "AUTHENTICATION_FAILURE", "Authentication failed", new JsonObject());

    public static ZohoError InvalidToken() => new(401, "INVALID_TOKEN", "invalid oauth token", new JsonObject());

    public static ZohoError ScopeMismatch(int status) => new(status, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", new JsonObject());

    public static ZohoError InvalidUrlPattern() => new(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", new JsonObject());

    public static ZohoError InvalidRequestMethod() => new(400, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one", new JsonObject());

    public static ZohoError InvalidModule(JsonObject details) => new(400, "INVALID_MODULE", "the module name given seems to be invalid", details);

    public static ZohoError InvalidModuleInPath(int resourcePathIndex) => InvalidModule(new JsonObject { ["resource_path_index"] = resourcePathIndex });

    public static ZohoError RequiredParamMissing(string key, string param) =>
        new(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", new JsonObject { [key] = param });

    /// <summary>INVALID_DATA about a query parameter: details {"param_name": …} plus any extras.</summary>
    public static ZohoError InvalidParam(string param, string message = InvalidDataMessage, JsonObject? extra = null)
    {
        var details = new JsonObject { ["param_name"] = param };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                details[key] = value?.DeepClone();
            }
        }

        return new ZohoError(400, "INVALID_DATA", message, details);
    }

    public static ZohoError InvalidIdInPath(int resourcePathIndex) =>
        new(400, "INVALID_DATA", InvalidIdMessage, new JsonObject { ["resource_path_index"] = resourcePathIndex });

    public static ZohoError LimitExceeded(int limit, string param) =>
        new(400, "LIMIT_EXCEEDED", "the limit exceeded", new JsonObject { ["limit"] = limit, ["param_name"] = param });

    public static ZohoError DiscretePagination(int limit, bool withDetails) => new(
        400,
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        $"You can only get the first {limit} records without using page_token param.",
        withDetails ? new JsonObject { ["limit"] = limit } : new JsonObject());

    /// <summary>Conflicting parameters; details in the shape of the OAS AmbiguityDetails.</summary>
    public static ZohoError Ambiguity(params string[] parameters)
    {
        var list = new JsonArray();
        foreach (var p in parameters)
        {
            list.Add(new JsonObject { ["api_name"] = p, ["json_path"] = "$." + p });
        }

        return new ZohoError(400, "AMBIGUITY_DURING_PROCESSING", "ambiguity during processing", new JsonObject { ["ambiguity_due_to"] = list });
    }

    public static ZohoError TooManyRequests(string message) => new(429, "TOO_MANY_REQUESTS", message, new JsonObject());

    public static ZohoError InternalError() => new(500, "INTERNAL_ERROR", "Internal server error occurred.", new JsonObject());
}
