using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Auth;

/// <summary>Checks "Authorization: Zoho-oauthtoken &lt;token&gt;" (fact sheet §1.7). A token in the query string does not count.</summary>
internal static class ApiAuthenticator
{
    private const string Scheme = "Zoho-oauthtoken ";
    private const string BearerScheme = "Bearer ";

    public static AccessTokenEntry? Authenticate(HttpRequest request, TokenStore tokens, EmulatorOptions options, out ZohoError? error)
    {
        error = null;
        var header = request.Headers.Authorization.ToString();
        string? token = null;
        if (header.StartsWith(Scheme, StringComparison.Ordinal))
        {
            token = header[Scheme.Length..];
        }
        else if (options.AcceptBearerScheme && header.StartsWith(BearerScheme, StringComparison.Ordinal))
        {
            token = header[BearerScheme.Length..];
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            error = ZohoError.AuthenticationFailure();
            return null;
        }

        var entry = tokens.Validate(token.Trim());
        if (entry is null)
        {
            error = ZohoError.InvalidToken();
        }

        return entry;
    }
}
