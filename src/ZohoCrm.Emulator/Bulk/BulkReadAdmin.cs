using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Admin;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>
/// Admin endpoints for bulk read: GET /__emulator/bulk-read (jobs and callbacks), POST /__emulator/bulk-read/fail
/// ({"jobId"?, "reason"?}: that job, or the next one created, ends in FAILURE), POST /__emulator/bulk-read/expire
/// ({"jobId"?}: files can no longer be downloaded).
/// </summary>
internal static class BulkReadAdmin
{
    public const string Name = "bulk-read";

    public static async Task HandleAsync(HttpContext http, EmulatorState state, string name, string method)
    {
        var jobs = state.BulkReads;
        switch (name[Name.Length..].TrimStart('/'), method)
        {
            case ("", "GET"):
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject
                {
                    ["jobs"] = JsonSerializer.SerializeToNode(jobs.Jobs, JsonSerializerOptions.Web),
                    ["callbacks"] = JsonSerializer.SerializeToNode(jobs.Callbacks, JsonSerializerOptions.Web),
                }).ConfigureAwait(false);
                return;
            case ("fail", "POST"):
            {
                var body = await AdminRequests.ReadOptionalJsonAsync(http).ConfigureAwait(false);
                var reason = body?["reason"]?.GetValue<string>() ?? "Internal error occurred while processing the job.";
                if (body?["jobId"]?.GetValue<string>() is { } jobId)
                {
                    var failed = jobs.FailJob(jobId, reason);
                    await ResponseWriter.WriteJsonAsync(http, failed ? 200 : 404, new JsonObject { ["status"] = failed ? "success" : "no unfinished job " + jobId }).ConfigureAwait(false);
                    return;
                }

                jobs.FailNextJob(reason);
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            }

            case ("expire", "POST"):
            {
                var body = await AdminRequests.ReadOptionalJsonAsync(http).ConfigureAwait(false);
                var count = jobs.ExpireDownloads(body?["jobId"]?.GetValue<string>());
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success", ["expired"] = count }).ConfigureAwait(false);
                return;
            }

            default:
                await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "unknown admin endpoint " + method + " /__emulator/" + name }).ConfigureAwait(false);
                return;
        }
    }
}
