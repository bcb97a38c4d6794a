using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Auth;

/// <summary>
/// Signing a person in at the accounts server: the consent page GET /oauth/v2/auth that redirects with code, state,
/// location and accounts-server (fact sheet §1.2), device authorization POST /oauth/v3/device/code and
/// /oauth/v3/device/token (§1.2a), and GET /oauth/serverinfo, the accounts server's list of data centres (§1.1).
/// </summary>
internal static class SignInEndpoints
{
    public const string AuthorizePath = "/oauth/v2/auth";
    public const string ConsentPath = "/oauth/v2/auth/consent";
    public const string DeviceCodePath = "/oauth/v3/device/code";
    public const string DeviceTokenPath = "/oauth/v3/device/token";
    public const string DeviceVerificationPath = "/oauth/v3/device";
    public const string ServerInfoPath = "/oauth/serverinfo";

    /// <summary>Handles the request when its path is one of these endpoints; <paramref name="location"/> is the serving data centre (null: the emulator's own).</summary>
    public static async Task<bool> TryHandleAsync(HttpContext http, EmulatorState state, string path, string? location)
    {
        var method = http.Request.Method;
        switch (path)
        {
            case ServerInfoPath when HttpMethods.IsGet(method):
                await ResponseWriter.WriteJsonAsync(http, 200, ServerInfo(state)).ConfigureAwait(false);
                return true;
            case AuthorizePath when HttpMethods.IsGet(method):
                await AuthorizeAsync(http, state, location).ConfigureAwait(false);
                return true;
            case ConsentPath when HttpMethods.IsPost(method):
                await ConsentAsync(http, state, location).ConfigureAwait(false);
                return true;
            case DeviceCodePath when HttpMethods.IsPost(method):
                await DeviceCodeAsync(http, state).ConfigureAwait(false);
                return true;
            case DeviceTokenPath when HttpMethods.IsPost(method):
                var parameters = await OAuthEndpoints.ReadParametersAsync(http).ConfigureAwait(false);
                var result = parameters.GetValueOrDefault("grant_type") == "device_token"
                    ? state.Devices.Poll(parameters.GetValueOrDefault("client_id"), parameters.GetValueOrDefault("client_secret"), parameters.GetValueOrDefault("code"), location)
                    : TokenStore.Error(state.Options.InvalidGrantTypeError);
                await OAuthEndpoints.WriteTokenResultAsync(http, result).ConfigureAwait(false);
                return true;
            case DeviceVerificationPath when HttpMethods.IsGet(method):
                await WriteHtmlAsync(http, 200, "Zoho Accounts (emulator)", "<p>Enter the code shown on your device. (The emulator approves codes through POST /__emulator/device-authorizations.)</p>").ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The accounts server of a data centre of this emulator, e.g. http://127.0.0.1:50123.</summary>
    public static string AccountsServer(EmulatorState state, string? location) =>
        (location is not null && string.Equals(location, state.Options.OtherLocation, StringComparison.OrdinalIgnoreCase) && state.OtherAccountsUrl is not null
            ? state.OtherAccountsUrl
            : state.BaseUrl).GetLeftPart(UriPartial.Authority);

    private static JsonObject ServerInfo(EmulatorState state)
    {
        var locations = new JsonObject { [state.Options.PrimaryLocation] = AccountsServer(state, null) };
        if (state.OtherAccountsUrl is not null)
        {
            locations[state.Options.OtherLocation] = AccountsServer(state, state.Options.OtherLocation);
        }

        return new JsonObject { ["result"] = "success", ["locations"] = locations };
    }

    private static async Task AuthorizeAsync(HttpContext http, EmulatorState state, string? location)
    {
        var query = http.Request.Query;
        var options = state.Options;
        string? Param(string name) => query.TryGetValue(name, out var v) && v.ToString().Length > 0 ? v.ToString() : null;

        // Like Zoho, a request that cannot be trusted with a redirect gets an error page instead.
        var problem =
            Param("client_id") != options.ClientId ? "Invalid client: the client_id is not registered." :
            Param("response_type") != "code" ? "Invalid response_type: only \"code\" is supported." :
            Param("redirect_uri") is not { } redirect || !Uri.TryCreate(redirect, UriKind.Absolute, out _) ? "Invalid redirect_uri: an absolute URI is required." :
            options.RedirectUri is not null && redirect != options.RedirectUri ? "Invalid redirect_uri: it does not match the registered one." :
            Param("scope") is null ? "Invalid scope: at least one scope is required." :
            null;
        if (problem is not null)
        {
            await WriteHtmlAsync(http, 400, "Zoho Accounts (emulator): invalid request", "<p>" + WebUtility.HtmlEncode(problem) + "</p>").ConfigureAwait(false);
            return;
        }

        var request = state.Consent.Show(Param("redirect_uri")!, Param("state"), Param("scope")!);
        switch (state.Consent.Decision)
        {
            case ConsentDecision.Approve:
                state.Consent.Take(request.Id);
                await RedirectWithCodeAsync(http, state, request).ConfigureAwait(false);
                return;
            case ConsentDecision.Deny:
                state.Consent.Take(request.Id);
                Redirect(http, request.RedirectUri, ("error", "access_denied"), ("state", request.State));
                return;
        }

        var page = new StringBuilder()
            .Append("<p>An application asks to access your Zoho CRM data with these scopes:</p><ul>");
        foreach (var scope in request.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            page.Append("<li>").Append(WebUtility.HtmlEncode(scope)).Append("</li>");
        }

        page.Append("</ul><form method=\"post\" action=\"").Append(ConsentPath).Append("\">")
            .Append("<input type=\"hidden\" name=\"request\" value=\"").Append(request.Id).Append("\"/>")
            .Append("<button name=\"decision\" value=\"approve\">Accept</button> <button name=\"decision\" value=\"deny\">Deny</button></form>");
        await WriteHtmlAsync(http, 200, "Zoho Accounts (emulator): consent", page.ToString()).ConfigureAwait(false);
    }

    private static async Task ConsentAsync(HttpContext http, EmulatorState state, string? location)
    {
        var parameters = await OAuthEndpoints.ReadParametersAsync(http).ConfigureAwait(false);
        var request = state.Consent.Take(parameters.GetValueOrDefault("request"));
        if (request is null)
        {
            await WriteHtmlAsync(http, 400, "Zoho Accounts (emulator): invalid request", "<p>This consent request is unknown or was already answered.</p>").ConfigureAwait(false);
            return;
        }

        if (parameters.GetValueOrDefault("decision") == "approve")
        {
            await RedirectWithCodeAsync(http, state, request).ConfigureAwait(false);
        }
        else
        {
            Redirect(http, request.RedirectUri, ("error", "access_denied"), ("state", request.State));
        }
    }

    private static async Task RedirectWithCodeAsync(HttpContext http, EmulatorState state, ConsentRequest request)
    {
        var userLocation = state.Consent.UserLocation ?? state.Options.PrimaryLocation;
        string code;
        try
        {
            code = state.Tokens.IssueGrantCode(request.Scopes, state.Options.AuthorizationCodeLifetime, userLocation);
        }
        catch (InvalidOperationException ex)
        {
            await WriteHtmlAsync(http, 429, "Zoho Accounts (emulator): too many requests", "<p>" + WebUtility.HtmlEncode(ex.Message) + "</p>").ConfigureAwait(false);
            return;
        }

        Redirect(http, request.RedirectUri,
            ("state", request.State), ("code", code), ("location", userLocation), ("accounts-server", AccountsServer(state, userLocation)));
    }

    private static async Task DeviceCodeAsync(HttpContext http, EmulatorState state)
    {
        var parameters = await OAuthEndpoints.ReadParametersAsync(http).ConfigureAwait(false);
        var options = state.Options;
        string? error =
            parameters.GetValueOrDefault("client_id") != options.ClientId ? "invalid_client" :
            parameters.GetValueOrDefault("grant_type") != "device_request" ? options.InvalidGrantTypeError :
            string.IsNullOrWhiteSpace(parameters.GetValueOrDefault("scope")) ? "invalid_scope" :
            null;
        if (error is not null)
        {
            await OAuthEndpoints.WriteTokenResultAsync(http, TokenStore.Error(error)).ConfigureAwait(false);
            return;
        }

        var authorization = state.Devices.Start(parameters["scope"]);
        var body = new JsonObject
        {
            ["user_code"] = authorization.UserCode,
            ["device_code"] = authorization.DeviceCode,
            ["verification_url"] = AccountsServer(state, null) + DeviceVerificationPath,
            ["expires_in"] = options.DeviceCodeLifetimeSeconds,
        };
        var interval = options.DeviceReportedIntervalSeconds ?? options.DevicePollIntervalSeconds;
        if (interval > 0)
        {
            body["interval"] = interval;
        }

        await ResponseWriter.WriteJsonAsync(http, 200, body).ConfigureAwait(false);
    }

    private static void Redirect(HttpContext http, string redirectUri, params (string Key, string? Value)[] parameters)
    {
        var target = new StringBuilder(redirectUri);
        var separator = redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            target.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        http.Response.StatusCode = 302;
        http.Response.Headers.Location = target.ToString();
        http.Response.ContentLength = 0;
    }

    private static async Task WriteHtmlAsync(HttpContext http, int status, string title, string body)
    {
        var bytes = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) +
                                           "</title></head><body><h1>" + WebUtility.HtmlEncode(title) + "</h1>" + body + "</body></html>");
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }
}
