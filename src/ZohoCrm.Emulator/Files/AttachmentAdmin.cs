using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Files;

/// <summary>
/// Admin endpoints for attachments: GET /__emulator/attachments lists every stored attachment (module, recordId, id,
/// fileName, size, sha256, contentType, linkUrl); POST /__emulator/attachments
/// ({"module","recordId","fileName","contentBase64"?,"contentType"?}) stores one as given, file name and all, so a
/// test can serve a hostile name ("../../x", "CON") that no client would upload.
/// </summary>
internal static class AttachmentAdmin
{
    public const string Name = "attachments";

    public static async Task HandleAsync(HttpContext http, EmulatorState state, string method)
    {
        switch (method)
        {
            case "GET":
                var list = new JsonArray();
                foreach (var a in state.Attachments.All)
                {
                    list.Add(new JsonObject
                    {
                        ["module"] = a.Module,
                        ["recordId"] = ZohoIds.Format(a.RecordId),
                        ["id"] = ZohoIds.Format(a.Id),
                        ["fileName"] = a.FileName,
                        ["size"] = a.Content.Length,
                        ["sha256"] = a.Sha256,
                        ["contentType"] = a.ContentType,
                        ["linkUrl"] = a.LinkUrl,
                    });
                }

                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["attachments"] = list }).ConfigureAwait(false);
                return;
            case "POST":
                await AddAsync(http, state).ConfigureAwait(false);
                return;
            default:
                await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "unknown admin endpoint " + method + " /__emulator/attachments" }).ConfigureAwait(false);
                return;
        }
    }

    private static async Task AddAsync(HttpContext http, EmulatorState state)
    {
        try
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            var module = body?["module"]?.GetValue<string>() ?? throw new FormatException("module is needed");
            var recordText = body?["recordId"]?.GetValue<string>() ?? throw new FormatException("recordId is needed");
            var fileName = body?["fileName"]?.GetValue<string>() ?? throw new FormatException("fileName is needed");
            var content = body?["contentBase64"]?.GetValue<string>() is { } base64 ? Convert.FromBase64String(base64) : [];
            var contentType = body?["contentType"]?.GetValue<string>() ?? "application/octet-stream";
            var set = state.Store.Records(module) ?? throw new FormatException("unknown module " + module);
            if (!ZohoIds.TryParse(recordText, out var recordId))
            {
                throw new FormatException("recordId is not an id");
            }

            lock (set.Gate)
            {
                if (set.Find(recordId) is null)
                {
                    throw new FormatException("no " + module + " record " + recordText);
                }
            }

            var stored = state.Attachments.Add(set.Module.ApiName, recordId, fileName, content, contentType, null, state.Users.Current, state.Clock.GetUtcNow());
            await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success", ["id"] = ZohoIds.Format(stored.Id) }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
        }
    }
}
