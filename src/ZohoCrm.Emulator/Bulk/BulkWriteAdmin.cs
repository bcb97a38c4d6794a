using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Admin;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>
/// Admin endpoints for bulk write: GET /__emulator/bulk-write (jobs, callbacks, uploads), POST /__emulator/bulk-write/fail
/// ({"reason"?}: the next job created ends FAILED, writing nothing), POST /__emulator/bulk-write/expire ({"jobId"?}:
/// results can no longer be downloaded).
/// </summary>
internal static class BulkWriteAdmin
{
    public const string Name = "bulk-write";

    public static async Task HandleAsync(HttpContext http, EmulatorState state, string name, string method)
    {
        var jobs = state.BulkWrites;
        switch (name[Name.Length..].TrimStart('/'), method)
        {
            case ("", "GET"):
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject
                {
                    ["jobs"] = JsonSerializer.SerializeToNode(jobs.Jobs, JsonSerializerOptions.Web),
                    ["callbacks"] = JsonSerializer.SerializeToNode(jobs.Callbacks, JsonSerializerOptions.Web),
                    ["uploads"] = jobs.UploadCount,
                }).ConfigureAwait(false);
                return;
            case ("fail", "POST"):
            {
                var body = await AdminRequests.ReadOptionalJsonAsync(http).ConfigureAwait(false);
                jobs.FailNextJob(body?["reason"]?.GetValue<string>() ?? "Internal error occurred while processing the job.");
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            }

            case ("expire", "POST"):
            {
                var body = await AdminRequests.ReadOptionalJsonAsync(http).ConfigureAwait(false);
                var count = jobs.ExpireResults(body?["jobId"]?.GetValue<string>());
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success", ["expired"] = count }).ConfigureAwait(false);
                return;
            }

            default:
                await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "unknown admin endpoint " + method + " /__emulator/" + name }).ConfigureAwait(false);
                return;
        }
    }
}
