using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Admin;

/// <summary>
/// POST /__emulator/users/{id} {"status":"disabled"|"active"}: what an administrator does in Zoho's UI when someone
/// leaves. The user's records keep their owner, as in Zoho.
/// </summary>
internal static class UsersAdmin
{
    public const string Name = "users/";

    public static async Task HandleAsync(HttpContext http, EmulatorState state, string name, string method)
    {
        if (method != "POST" || !ZohoIds.TryParse(name[Name.Length..], out var id) || state.Users.Find(id) is not { } user)
        {
            await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "use POST " + AdminEndpoints.Prefix + "users/{id} with an existing user id" }).ConfigureAwait(false);
            return;
        }

        string? status = null;
        try
        {
            status = (await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false))?["status"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
        }

        if (status is not ("active" or "disabled" or "deleted"))
        {
            await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = "body must be {\"status\": \"active\" | \"disabled\" | \"deleted\"}" }).ConfigureAwait(false);
            return;
        }

        state.Users.SetStatus(user, status, state.Clock.GetUtcNow());
        await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["id"] = ZohoIds.Format(user.Id), ["status"] = user.Status }).ConfigureAwait(false);
    }
}
