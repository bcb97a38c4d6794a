using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator;

namespace ZohoCrm.ContractTests;

/// <summary>A raw HttpClient on the emulator, signed in as its own client, for checking its answers against the OpenAPI files.</summary>
internal static class EmulatorHttp
{
    public static async Task<HttpClient> SignedInAsync(ZohoCrmEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.Url };
        var token = await http.PostAsync("/oauth/v2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = emulator.ClientId,
            ["client_secret"] = emulator.ClientSecret,
            ["refresh_token"] = emulator.RefreshToken,
        }));
        var json = await token.Content.ReadFromJsonAsync<JsonObject>();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken " + json!["access_token"]!.GetValue<string>());
        return http;
    }
}
