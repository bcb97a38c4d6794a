using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Auth;

/// <summary>
/// The accounts server on the same host: POST /oauth/v2/token and /oauth/v2/token/revoke, parameters in the
/// query string or a form body. Errors are HTTP 200 with an "error" key, as Zoho Accounts sends them.
/// </summary>
internal static class OAuthEndpoints
{
    public const string TokenPath = "/oauth/v2/token";
    public const string RevokePath = "/oauth/v2/token/revoke";

    /// <summary><paramref name="location"/> is the data centre whose accounts server was called (null: the emulator's own).</summary>
    public static async Task HandleAsync(HttpContext http, EmulatorState state, string? location = null)
    {
        var path = (http.Request.Path.Value ?? string.Empty).TrimEnd('/');
        if (await SignInEndpoints.TryHandleAsync(http, state, path, location).ConfigureAwait(false))
        {
            return;
        }

        if (path != TokenPath && path != RevokePath)
        {
            await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Unknown accounts URL" }).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(http.Request.Method))
        {
            await ResponseWriter.WriteJsonAsync(http, 405, new JsonObject { ["error"] = "invalid_request_method" }).ConfigureAwait(false);
            return;
        }

        var parameters = await ReadParametersAsync(http).ConfigureAwait(false);
        if (path == RevokePath)
        {
            await RevokeAsync(http, state, parameters).ConfigureAwait(false);
            return;
        }

        var tokens = state.Tokens;
        var result = parameters.GetValueOrDefault("grant_type") switch
        {
            "authorization_code" => tokens.ExchangeCode(
                parameters.GetValueOrDefault("client_id"),
                parameters.GetValueOrDefault("client_secret"),
                parameters.GetValueOrDefault("code"),
                parameters.GetValueOrDefault("redirect_uri"),
                location),
            "refresh_token" => tokens.Refresh(
                parameters.GetValueOrDefault("client_id"),
                parameters.GetValueOrDefault("client_secret"),
                parameters.GetValueOrDefault("refresh_token"),
                location),
            _ => TokenStore.Error(state.Options.InvalidGrantTypeError),
        };
        await WriteTokenResultAsync(http, result).ConfigureAwait(false);
    }

    public static async Task WriteTokenResultAsync(HttpContext http, TokenResult result)
    {
        var body = new JsonObject();
        foreach (var (key, value) in result.Body)
        {
            body[key] = value switch
            {
                int i => JsonValue.Create(i),
                string s => JsonValue.Create(s),
                _ => null,
            };
        }

        await ResponseWriter.WriteJsonAsync(http, result.StatusCode, body).ConfigureAwait(false);
    }

    private static async Task RevokeAsync(HttpContext http, EmulatorState state, Dictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue("token", out var token) || token.Length == 0)
        {
            await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["error"] = "invalid_request" }).ConfigureAwait(false);
            return;
        }

        // Unknown tokens are "revoked" too, as RFC 7009 asks.
        state.Tokens.Revoke(token);
        if (state.Options.RevokeReturnsEmptyBody)
        {
            http.Response.StatusCode = 200;
            http.Response.ContentLength = 0;
            return;
        }

        await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
    }

    /// <summary>Query-string parameters, overridden by form fields of the same name.</summary>
    internal static async Task<Dictionary<string, string>> ReadParametersAsync(HttpContext http)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in http.Request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            foreach (var (key, value) in form)
            {
                parameters[key] = value.ToString();
            }
        }

        return parameters;
    }
}
