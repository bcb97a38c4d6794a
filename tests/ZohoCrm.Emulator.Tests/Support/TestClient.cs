using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Tests.Support;

/// <summary>A thin client for one emulator: token calls and authenticated API calls over real HTTP.</summary>
public sealed class TestClient : IDisposable
{
    private readonly HttpClient _http;

    public TestClient(ZohoCrmEmulator emulator)
    {
        Emulator = emulator;
        _http = new HttpClient { BaseAddress = emulator.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ZohoCrmEmulator Emulator { get; }

    public HttpClient Http => _http;

    public string? AccessToken { get; set; }

    public static async Task<(ZohoCrmEmulator Emulator, TestClient Client)> StartAsync(EmulatorOptions? options = null)
    {
        var emulator = await ZohoCrmEmulator.StartAsync(options);
        var client = new TestClient(emulator);
        await client.AuthenticateAsync();
        return (emulator, client);
    }

    /// <summary>Refreshes the default refresh token and keeps the access token.</summary>
    public async Task<string> AuthenticateAsync()
    {
        var response = await TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = Emulator.ClientId,
            ["client_secret"] = Emulator.ClientSecret,
            ["refresh_token"] = Emulator.RefreshToken,
        });
        AccessToken = response.Json["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException(response.ToString());
        return AccessToken;
    }

    public Task<ApiResponse> TokenAsync(IDictionary<string, string> form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/v2/token") { Content = new FormUrlEncodedContent(form) });

    public Task<ApiResponse> GetAsync(string pathAndQuery, Action<HttpRequestMessage>? configure = null) =>
        SendApiAsync(HttpMethod.Get, pathAndQuery, configure);

    public Task<ApiResponse> SendApiAsync(HttpMethod method, string pathAndQuery, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, pathAndQuery);
        if (AccessToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken " + AccessToken);
        }

        configure?.Invoke(request);
        return SendAsync(request);
    }

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return new ApiResponse(response.StatusCode, body, response);
        }
    }

    public static void IfModifiedSince(HttpRequestMessage request, string value) =>
        request.Headers.TryAddWithoutValidation("If-Modified-Since", value);

    public static JsonArray Data(ApiResponse response) => response.Json["data"]!.AsArray();

    public void Dispose() => _http.Dispose();
}
