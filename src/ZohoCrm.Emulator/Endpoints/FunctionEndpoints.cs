using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Functions exposed as REST API (fact sheet §20): <c>/crm/{v2..v8}/functions/{name}/actions/execute</c>, GET or
/// POST, with <c>auth_type=apikey&amp;zapikey=</c> (no OAuth header) or <c>auth_type=oauth</c> and the usual header.
/// They bypass the records pipeline because API-key calls carry no token.
/// </summary>
internal static class FunctionEndpoints
{
    private static readonly string[] Versions = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"];

    /// <summary>Whether the path is a function execution URL (of any version).</summary>
    public static bool Matches(string path, out string name)
    {
        name = string.Empty;
        var segments = path.TrimEnd('/').Split('/');
        // "", "crm", version, "functions", name, "actions", "execute"
        if (segments.Length != 7 || segments[1] != "crm" || !Versions.Contains(segments[2]) || segments[3] != "functions" ||
            segments[5] != "actions" || segments[6] != "execute" || segments[4].Length == 0)
        {
            return false;
        }

        name = segments[4];
        return true;
    }

    public static async Task HandleAsync(HttpContext http, EmulatorState state, string name)
    {
        var result = await ExecuteAsync(http, state, name).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            await ResponseWriter.WriteErrorAsync(http, error).ConfigureAwait(false);
            return;
        }

        await ResponseWriter.WriteJsonAsync(http, 200, result.Body!).ConfigureAwait(false);
    }

    private static async Task<(ZohoError? Error, JsonObject? Body)> ExecuteAsync(HttpContext http, EmulatorState state, string name)
    {
        var method = http.Request.Method;
        if (method is not ("GET" or "POST"))
        {
            return (ZohoError.InvalidRequestMethod(), null);
        }

        var function = FunctionCatalog.Find(name);
        if (function is null)
        {
            return (ZohoError.InvalidUrlPattern(), null);
        }

        var authType = http.Request.Query["auth_type"].ToString();
        if (authType.Length == 0)
        {
            return (ZohoError.RequiredParamMissing("param_name", "auth_type"), null);
        }

        if (authType == "apikey")
        {
            var key = http.Request.Query["zapikey"].ToString();
            if (function.ApiKey is null || key.Length == 0 || !string.Equals(key, function.ApiKey, StringComparison.Ordinal))
            {
                return (ZohoError.AuthenticationFailure(), null);
            }
        }
        else if (authType == "oauth")
        {
            var token = ApiAuthenticator.Authenticate(http.Request, state.Tokens, state.Options, out var authError);
            if (token is null)
            {
                return (authError, null);
            }

            var need = ScopeRequirement.Crm(method == "GET" ? "READ" : "CREATE", "functions", "execute");
            if (!function.AllowsOAuth || !token.Scopes.Covers(need))
            {
                return (ZohoError.ScopeMismatch(state.Options.ScopeMismatchStatusCode), null);
            }

            // OAuth executions spend the org's API credits like any call (§20.4 (?)).
            if (state.Credits.WouldExceed(1))
            {
                return (ZohoError.TooManyRequests(state.Options.TooManyRequestsMessage), null);
            }

            state.Credits.Charge(1);
        }
        else
        {
            return (ZohoError.InvalidParam("auth_type"), null);
        }

        var (args, argumentError) = await ReadArgumentsAsync(http).ConfigureAwait(false);
        if (argumentError is not null)
        {
            return (argumentError, null);
        }

        var outcome = function.Run(state.Store, args);
        if (outcome.Failure is not null)
        {
            return (new ZohoError(400, "INTERNAL_ERROR", outcome.Failure, new JsonObject { ["function_name"] = function.Name }), null);
        }

        var output = outcome.Output switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            null => string.Empty,
            var node => node.ToJsonString(),
        };
        if (output.Length > state.Options.FunctionMaxOutputBytes)
        {
            return (new ZohoError(400, "LIMIT_EXCEEDED", "the function's response exceeds the allowed size", new JsonObject { ["limit"] = state.Options.FunctionMaxOutputBytes }), null);
        }

        return (null, new JsonObject
        {
            ["code"] = "success",
            ["details"] = new JsonObject
            {
                ["output"] = output,
                ["output_type"] = "string",
                ["id"] = ZohoIds.Format(state.Users.Current.Id),
            },
            ["message"] = "function executed successfully",
        });
    }

    /// <summary>
    /// Arguments (§20.2): query parameters other than auth_type and zapikey; for POST also a JSON object body or form
    /// fields; an "arguments" parameter or field holding a JSON object is unpacked into named arguments.
    /// </summary>
    private static async Task<(Dictionary<string, string> Args, ZohoError? Error)> ReadArgumentsAsync(HttpContext http)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in http.Request.Query)
        {
            if (key is "auth_type" or "zapikey")
            {
                continue;
            }

            args[key] = value.ToString();
        }

        if (http.Request.Method == "POST")
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
                foreach (var (key, value) in form)
                {
                    args[key] = value.ToString();
                }
            }
            else
            {
                using var reader = new StreamReader(http.Request.Body);
                var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
                if (text.Trim().Length > 0)
                {
                    JsonNode? body;
                    try
                    {
                        body = JsonNode.Parse(text);
                    }
                    catch (JsonException)
                    {
                        return (args, new ZohoError(400, "INVALID_DATA", "the body is not valid JSON", new JsonObject()));
                    }

                    if (body is not JsonObject obj)
                    {
                        return (args, new ZohoError(400, "INVALID_DATA", "the body must be a JSON object", new JsonObject()));
                    }

                    foreach (var (key, value) in obj)
                    {
                        args[key] = Text(value);
                    }
                }
            }
        }

        if (args.Remove("arguments", out var packed))
        {
            try
            {
                if (JsonNode.Parse(packed) is JsonObject named)
                {
                    foreach (var (key, value) in named)
                    {
                        args[key] = Text(value);
                    }
                }
            }
            catch (JsonException)
            {
                return (args, ZohoError.InvalidParam("arguments"));
            }
        }

        return (args, null);
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(),
    } ?? string.Empty;
}
