using System.Text;
using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Tests.Support;

/// <summary>Authenticated calls with a JSON body, and short ways to read write answers.</summary>
public static class JsonRequests
{
    public static Task<ApiResponse> SendJsonAsync(this TestClient client, HttpMethod method, string path, string json) =>
        client.SendApiAsync(method, path, r => r.Content = new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<ApiResponse> SendJsonAsync(this TestClient client, HttpMethod method, string path, JsonNode body) =>
        client.SendJsonAsync(method, path, body.ToJsonString());

    public static Task<ApiResponse> PostJsonAsync(this TestClient client, string path, JsonNode body) => client.SendJsonAsync(HttpMethod.Post, path, body);

    public static Task<ApiResponse> PutJsonAsync(this TestClient client, string path, JsonNode body) => client.SendJsonAsync(HttpMethod.Put, path, body);

    public static Task<ApiResponse> DeleteAsync(this TestClient client, string pathAndQuery) => client.SendApiAsync(HttpMethod.Delete, pathAndQuery);

    /// <summary>{"data": [records…]}.</summary>
    public static JsonObject Data(params JsonObject[] records) => new() { ["data"] = new JsonArray(records.Select(r => r.DeepClone()).ToArray()) };

    /// <summary>A lead with the mandatory Last_Name and a unique e-mail.</summary>
    public static JsonObject Lead(string lastName, string? email = null) => new()
    {
        ["Last_Name"] = lastName,
        ["Company"] = "Zylker",
        ["Email"] = email ?? $"{lastName.ToLowerInvariant()}.{Guid.NewGuid():N}@zylker.example",
    };

    /// <summary>Seeded leads that are not converted (one in ten is), so they can be changed.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> OpenLeads(this ZohoCrmEmulator emulator) =>
        emulator.Records("Leads").Where(r => !(bool)r["$converted"]!).ToList();

    public static string Code(this JsonNode? entry) => entry!["code"]!.GetValue<string>();

    public static string Id(this JsonNode? entry) => entry!["details"]!["id"]!.GetValue<string>();
}
