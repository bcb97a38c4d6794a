using System.Globalization;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Bulk;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Bulk read (fact sheet §6, bulk_read.json), routed under /crm/bulk/v8/: POST read (create a job, 50 credits),
/// GET read/{job_id} (its state), GET read/{job_id}/result (the zip). Bulk write is in BulkWriteEndpoints.
/// </summary>
internal static class BulkReadEndpoints
{
    public static void Map(ApiRouter router) => router
        .Map("POST", "read", CreateAsync, ctx => ctx.Options.BulkReadCreateCreditCost, _ => true)
        .Map("GET", "read/{job_id}", StatusAsync, ctx => ctx.Options.BulkReadStatusCreditCost)
        .Map("GET", "read/{job_id}/result", DownloadAsync, ctx => ctx.Options.BulkReadDownloadCreditCost);

    private static BulkReadJobs Jobs(ApiContext ctx) => ctx.State.BulkReads;

    private static async Task<ApiResult> CreateAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "bulk")) is { } bulkScope)
        {
            return bulkScope;
        }

        var (root, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return new ZohoError(400, "REQUEST_BODY_NOT_READABLE", "the request body is not readable", error.Details);
        }

        var query = BulkReadRequestParser.Parse(root, ctx.State.Catalog, Jobs(ctx).PageTokens, ctx.Options, out error);
        if (query is null)
        {
            return error!;
        }

        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "modules", query.Module.ApiName.ToLowerInvariant())) is { } moduleScope)
        {
            return moduleScope;
        }

        var job = Jobs(ctx).Create(query);
        var entry = new JsonObject
        {
            ["status"] = "success",
            ["code"] = "ADDED_SUCCESSFULLY",
            ["message"] = "Added successfully.",
            ["details"] = BulkJobJson.Created(job),
        };
        return ApiResult.Json(new JsonObject { ["data"] = new JsonArray(entry), ["info"] = new JsonObject() }, 201);
    }

    private static Task<ApiResult> StatusAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "bulk")) is { } scopeError)
        {
            return Task.FromResult<ApiResult>(scopeError);
        }

        var job = Jobs(ctx).Find(ctx.Route["job_id"], poll: true);
        if (job is null)
        {
            return Task.FromResult<ApiResult>(NotFound(ctx.Options.BulkJobNotFoundStatusCode, "job_id"));
        }

        JsonObject detail;
        lock (job.Gate)
        {
            detail = BulkJobJson.Detail(job, ctx.Options);
        }

        return Task.FromResult(ApiResult.Json(new JsonObject { ["data"] = new JsonArray(detail) }));
    }

    private static Task<ApiResult> DownloadAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "bulk")) is { } scopeError)
        {
            return Task.FromResult<ApiResult>(scopeError);
        }

        var jobs = Jobs(ctx);
        var job = jobs.Find(ctx.Route["job_id"], poll: false);
        if (job is null)
        {
            return Task.FromResult<ApiResult>(NotFound(ctx.Options.BulkDownloadUnavailableStatusCode, "job_id"));
        }

        byte[]? file;
        lock (job.Gate)
        {
            file = job.State == BulkJob.Completed ? job.File : null;
        }

        if (file is null)
        {
            return Task.FromResult<ApiResult>(new ZohoError(ctx.Options.BulkDownloadUnavailableStatusCode, "RESOURCE_NOT_FOUND",
                "the file is not available: the job has not completed", new JsonObject { ["resource"] = "file" }));
        }

        if (jobs.IsExpired(job))
        {
            return Task.FromResult<ApiResult>(new ZohoError(ctx.Options.BulkDownloadUnavailableStatusCode, "RESOURCE_NOT_FOUND",
                "the file has expired and is no longer available", new JsonObject { ["resource"] = "file" }));
        }

        if (jobs.TryStartDownload() is { } wait)
        {
            if (ctx.Options.BulkDownloadSendsRetryAfter)
            {
                ctx.Http.Response.Headers["Retry-After"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return Task.FromResult<ApiResult>(ZohoError.TooManyRequests("the download limit per minute has been exceeded"));
        }

        var zip = ZohoCrm.Emulator.Data.ZohoIds.Format(job.Id) + ".zip";
        return Task.FromResult<ApiResult>(new FileResult(file, ctx.Options.BulkDownloadContentType, zip));
    }

    private static ZohoError NotFound(int status, string resource) =>
        new(status, "RESOURCE_NOT_FOUND", "the requested resource is not found", new JsonObject { ["resource"] = resource });
}
