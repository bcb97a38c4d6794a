using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Admin;
using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>
/// The admin endpoints every kind of bulk job has (bulk read, bulk write): GET /__emulator/{kind} lists jobs and
/// callbacks, POST /__emulator/{kind}/fail ({"jobId"?, "reason"?}) makes a job end in failure, POST
/// /__emulator/{kind}/expire ({"jobId"?}) makes finished jobs' files no longer downloadable.
/// </summary>
internal sealed class BulkJobsAdmin
{
    private const string DefaultFailureReason = "Internal error occurred while processing the job.";

    /// <summary>The kind's jobs (serialized as they are).</summary>
    public required Func<object> Jobs { get; init; }

    public required Func<IReadOnlyList<BulkCallbackDelivery>> Callbacks { get; init; }

    /// <summary>Adds what else this kind lists on GET.</summary>
    public Action<JsonObject>? ListMore { get; init; }

    public required Action<string> FailNextJob { get; init; }

    /// <summary>Fails one unfinished job (false when there is none); null where only the next job can be failed and a jobId is ignored.</summary>
    public Func<string, string, bool>? FailJob { get; init; }

    /// <summary>Expires the files of finished jobs (all, or the one given); returns how many.</summary>
    public required Func<string?, int> Expire { get; init; }

    public async Task HandleAsync(HttpContext http, string kind, string name, string method)
    {
        switch (name[kind.Length..].TrimStart('/'), method)
        {
            case ("", "GET"):
                var listing = new JsonObject
                {
                    ["jobs"] = JsonSerializer.SerializeToNode(Jobs(), JsonSerializerOptions.Web),
                    ["callbacks"] = JsonSerializer.SerializeToNode(Callbacks(), JsonSerializerOptions.Web),
                };
                ListMore?.Invoke(listing);
                await ResponseWriter.WriteJsonAsync(http, 200, listing).ConfigureAwait(false);
                return;
            case ("fail", "POST"):
            {
                var body = await AdminRequests.ReadOptionalJsonAsync(http).ConfigureAwait(false);
                var reason = body?["reason"]?.GetValue<string>() ?? DefaultFailureReason;
                if (FailJob is not null && body?["jobId"]?.GetValue<string>() is { } jobId)
                {
                    var failed = FailJob(jobId, reason);
                    await ResponseWriter.WriteJsonAsync(http, failed ? 200 : 404, new JsonObject { ["status"] = failed ? "success" : "no unfinished job " + jobId }).ConfigureAwait(false);
                    return;
                }

                FailNextJob(reason);
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            }

            case ("expire", "POST"):
            {
                var body = await AdminRequests.ReadOptionalJsonAsync(http).ConfigureAwait(false);
                var count = Expire(body?["jobId"]?.GetValue<string>());
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success", ["expired"] = count }).ConfigureAwait(false);
                return;
            }

            default:
                await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "unknown admin endpoint " + method + " /__emulator/" + name }).ConfigureAwait(false);
                return;
        }
    }
}
