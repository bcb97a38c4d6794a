using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Auth;

/// <summary>
/// The user's side of the sign-in flows, for tests that run the emulator as a process:
/// <c>/__emulator/consent</c> (GET: the decision, the user's data centre and the requests on screen; POST
/// {"decision":"approve|deny|ask","location":"eu"}) and <c>/__emulator/device-authorizations</c> (GET: each
/// user_code with its status and polls; POST {"userCode":…,"decision":"approve|deny","location":"eu"}, no
/// userCode meaning the newest pending one).
/// </summary>
internal static class SignInAdmin
{
    public static async Task HandleAsync(HttpContext http, EmulatorState state, string name, string method)
    {
        JsonNode? body = null;
        if (HttpMethods.IsPost(method))
        {
            try
            {
                using var reader = new StreamReader(http.Request.Body);
                var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
                body = text.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
                return;
            }
        }

        string? Text(string key) => body?[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        var decision = Text("decision");
        var location = Text("location");

        switch (name, method)
        {
            case ("consent", "GET"):
                var pending = new JsonArray();
                foreach (var request in state.Consent.Pending())
                {
                    pending.Add(new JsonObject { ["id"] = request.Id, ["redirectUri"] = request.RedirectUri, ["scope"] = request.Scopes });
                }

                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject
                {
                    ["decision"] = state.Consent.Decision.ToString().ToLowerInvariant(),
                    ["location"] = state.Consent.UserLocation ?? state.Options.PrimaryLocation,
                    ["pending"] = pending,
                }).ConfigureAwait(false);
                return;
            case ("consent", "POST"):
                if (!Enum.TryParse<ConsentDecision>(decision, ignoreCase: true, out var consent) || !Enum.IsDefined(consent))
                {
                    await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = "decision must be approve, deny or ask" }).ConfigureAwait(false);
                    return;
                }

                state.Consent.Decision = consent;
                state.Consent.UserLocation = location;
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            case ("device-authorizations", "GET"):
                var list = new JsonArray();
                foreach (var authorization in state.Devices.Snapshot())
                {
                    list.Add(new JsonObject
                    {
                        ["userCode"] = authorization.UserCode,
                        ["status"] = authorization.Status.ToString().ToLowerInvariant(),
                        ["polls"] = authorization.Polls,
                        ["location"] = authorization.Location,
                        ["expiresAt"] = authorization.ExpiresAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                    });
                }

                await ResponseWriter.WriteJsonAsync(http, 200, list).ConfigureAwait(false);
                return;
            case ("device-authorizations", "POST"):
                if (decision is not ("approve" or "deny"))
                {
                    await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = "decision must be approve or deny" }).ConfigureAwait(false);
                    return;
                }

                if (!state.Devices.Decide(Text("userCode"), decision == "approve", location))
                {
                    await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "no pending device authorization with that user code" }).ConfigureAwait(false);
                    return;
                }

                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            default:
                await ResponseWriter.WriteJsonAsync(http, 405, new JsonObject { ["error"] = method + " is not supported on /__emulator/" + name }).ConfigureAwait(false);
                return;
        }
    }
}
