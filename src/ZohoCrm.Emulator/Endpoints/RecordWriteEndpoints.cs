using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Writes;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>Insert, update, upsert and delete (fact sheet §3.1, §3.3, §3.4).</summary>
internal static class RecordWriteEndpoints
{
    public static void Map(ApiRouter router) => router
        .Map("POST", "{module}", ctx => ctx.Route["module"] == "Notes" ? NotesEndpoints.CreateAsync(ctx) : WriteAsync(ctx, "CREATE", (w, b) => w.Insert(b)))
        .Map("PUT", "{module}", ctx => WriteAsync(ctx, "UPDATE", (w, b) => w.Update(b, null)))
        .Map("PUT", "{module}/{id}", UpdateOneAsync)
        .Map("POST", "{module}/upsert", ctx => WriteAsync(ctx, "CREATE", (w, b) => w.Upsert(b), upsert: true))
        .Map("DELETE", "{module}", ctx => Task.FromResult(ctx.Route["module"] == "Notes" ? NotesEndpoints.Delete(ctx) : DeleteMany(ctx)))
        .Map("DELETE", "{module}/{id}", ctx => Task.FromResult(ctx.Route["module"] == "Notes" ? NotesEndpoints.Delete(ctx) : DeleteOne(ctx)));

    /// <summary>The module in the path, when the token may do <paramref name="operation"/> on it (or WRITE, or ALL).</summary>
    internal static ModuleDefinition? WritableModule(ApiContext ctx, string operation, out ZohoError? error)
    {
        var module = ctx.State.Catalog.Find(ctx.Route["module"]);
        if (module is null)
        {
            error = ZohoError.InvalidModuleInPath(0);
            return null;
        }

        var scope = module.ApiName.ToLowerInvariant();
        error = ctx.RequireScope(ScopeRequirement.Crm(operation, "modules", scope)) is { } mismatch &&
                ctx.RequireScope(ScopeRequirement.Crm("WRITE", "modules", scope)) is not null
            ? mismatch
            : null;
        return error is null ? module : null;
    }

    private static async Task<ApiResult> WriteAsync(ApiContext ctx, string operation, Func<RecordWriter, WriteBody, ApiResult> write, bool upsert = false)
    {
        var module = WritableModule(ctx, operation, out var error);
        if (module is null)
        {
            return error!;
        }

        if (upsert && ctx.RequireScope(ScopeRequirement.Crm("UPDATE", "modules", module.ApiName.ToLowerInvariant())) is { } noUpdate &&
            ctx.RequireScope(ScopeRequirement.Crm("WRITE", "modules", module.ApiName.ToLowerInvariant())) is not null)
        {
            return noUpdate;
        }

        var body = await ReadBodyAsync(ctx, module, upsert, ctx.Options.MaxRecordsPerWrite).ConfigureAwait(false);
        return body.Error ?? write(new RecordWriter(ctx, module), body.Body!);
    }

    private static async Task<ApiResult> UpdateOneAsync(ApiContext ctx)
    {
        var module = WritableModule(ctx, "UPDATE", out var error);
        if (module is null)
        {
            return error!;
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return ZohoError.InvalidIdInPath(1);
        }

        var body = await ReadBodyAsync(ctx, module, upsert: false, maxRecords: 1).ConfigureAwait(false);
        return body.Error ?? new RecordWriter(ctx, module).Update(body.Body!, id);
    }

    /// <summary>Reads and checks the body, then charges 1 credit per 10 records (§8.1).</summary>
    private static async Task<(WriteBody? Body, ZohoError? Error)> ReadBodyAsync(ApiContext ctx, ModuleDefinition module, bool upsert, int maxRecords)
    {
        var (root, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return (null, error);
        }

        var body = WriteBody.Parse(root, module, ctx.Options, upsert, maxRecords, out error);
        if (body is null)
        {
            return (null, error);
        }

        error = ctx.ChargeAs((body.Records.Count + 9) / 10);
        return error is null ? (body, null) : (null, error);
    }

    private static ApiResult DeleteMany(ApiContext ctx)
    {
        var module = WritableModule(ctx, "DELETE", out var error);
        if (module is null)
        {
            return error!;
        }

        var idsText = ctx.Query("ids");
        var ids = (idsText ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0)
        {
            return ZohoError.RequiredParamMissing(ctx.Options.RequiredParamDetailsKey, "ids");
        }

        if (ids.Length > ctx.Options.MaxIdsPerRequest)
        {
            return ZohoError.LimitExceeded(ctx.Options.MaxIdsPerRequest, "ids");
        }

        return CheckWorkflowTrigger(ctx) is { } bad ? bad : new RecordWriter(ctx, module).Delete(ids);
    }

    private static ApiResult DeleteOne(ApiContext ctx)
    {
        var module = WritableModule(ctx, "DELETE", out var error);
        if (module is null)
        {
            return error!;
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out _))
        {
            return ZohoError.InvalidIdInPath(1);
        }

        return CheckWorkflowTrigger(ctx) is { } bad ? bad : new RecordWriter(ctx, module).Delete([ctx.Route["id"]]);
    }

    private static ZohoError? CheckWorkflowTrigger(ApiContext ctx) =>
        ctx.Query("wf_trigger") is { } wf && wf is not ("true" or "false") ? ZohoError.InvalidParam("wf_trigger") : null;
}
