using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator;

namespace ZohoCrm.ContractTests;

/// <summary>
/// The person sign-in against common.json's OAuth flow: the emulator's consent page and token endpoint sit at the paths
/// of authorizationUrl and tokenUrl, the consent page accepts every scope the OAS declares, and the exchanged tokens
/// carry the granted scopes.
/// </summary>
public sealed class SignInContractTests
{
    private static JsonObject AuthorizationCodeFlow()
    {
        var common = JsonNode.Parse(File.ReadAllText(Path.Combine(OasFiles.Directory!, "common.json")))!;
        return common["components"]!["securitySchemes"]!["iam-oauth2-schema"]!["flows"]!["authorizationCode"]!.AsObject();
    }

    [OasFact]
    public async Task Consent_page_and_token_endpoint_sit_where_common_json_puts_them()
    {
        var flow = AuthorizationCodeFlow();
        var authorize = new Uri(flow["authorizationUrl"]!.GetValue<string>());
        var token = new Uri(flow["tokenUrl"]!.GetValue<string>());
        Assert.Equal("accounts.zoho.com", authorize.Host);
        var scopes = flow["scopes"]!.AsObject().Select(s => s.Key).Where(s => !s.Contains('{', StringComparison.Ordinal)).Take(40).ToArray();

        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Consent = ConsentDecision.Approve });
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = emulator.Url };
        const string redirect = "http://127.0.0.1:49152/";
        var consent = await browser.GetAsync(authorize.AbsolutePath + "?scope=" + Uri.EscapeDataString(string.Join(',', scopes)) + "&client_id=" + emulator.ClientId +
                                             "&response_type=code&access_type=offline&redirect_uri=" + Uri.EscapeDataString(redirect) + "&prompt=consent&state=contract");
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(consent.Headers.Location!.Query);
        Assert.Equal("contract", query["state"].ToString());
        Assert.Equal("us", query["location"].ToString());

        var exchange = await browser.PostAsync(token.AbsolutePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = emulator.ClientId, ["client_secret"] = emulator.ClientSecret,
            ["code"] = query["code"].ToString(), ["redirect_uri"] = redirect,
        }));
        var body = JsonNode.Parse(await exchange.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        Assert.Equal(scopes, body["scope"]!.GetValue<string>().Split(' '));
        foreach (var key in new[] { "access_token", "refresh_token", "api_domain", "token_type", "expires_in" })
        {
            Assert.NotNull(body[key]);
        }
    }
}
