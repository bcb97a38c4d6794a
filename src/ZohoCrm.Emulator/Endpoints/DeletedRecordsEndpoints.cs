using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>GET /crm/v8/{module}/deleted (fact sheet §3.5): the recycle bin, newest deletion first.</summary>
internal static class DeletedRecordsEndpoints
{
    private static readonly string[] Types = ["all", "recycle", "permanent"];

    public static void Map(ApiRouter router) => router.Map("GET", "{module}/deleted", ctx => Task.FromResult(List(ctx)), ctx => ctx.Options.DeletedCreditCost);

    private static ApiResult List(ApiContext ctx)
    {
        var module = ctx.State.Catalog.Find(ctx.Route["module"]);
        if (module is null)
        {
            return ZohoError.InvalidModuleInPath(0);
        }

        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "modules", module.ApiName.ToLowerInvariant())) is { } scopeError)
        {
            return scopeError;
        }

        var type = ctx.Query("type") ?? "all";
        var comparison = ctx.Options.DeletedTypeIgnoresCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        if (!Types.Contains(type, comparison))
        {
            return ZohoError.InvalidParam("type");
        }

        type = type.ToLowerInvariant();
        if (!Paging.TryRead(ctx, out var page, out var perPage, out var error))
        {
            return error!;
        }

        DateTimeOffset? since = null;
        if (ctx.Header("If-Modified-Since") is { } sinceText)
        {
            if (!ZohoTime.TryParseHeaderTime(sinceText, out var parsed))
            {
                return ZohoError.InvalidParam("If-Modified-Since");
            }

            since = parsed;
        }

        var now = ctx.Now;
        var all = ctx.State.Store.DeletedRecords(module.ApiName)
            .Where(d => since is null || d.DeletedTime > since)
            .Select(d => (Record: d, Type: !d.Purged && now - d.DeletedTime < ctx.Options.RecycleBinRetention ? "recycle" : "permanent"))
            .Where(d => type == "all" || d.Type == type)
            .Reverse()
            .ToList();
        if (all.Count == 0)
        {
            return since is null ? ApiResult.NoContent : ApiResult.NotModified;
        }

        var rows = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (rows.Count == 0)
        {
            return ApiResult.NoContent;
        }

        var data = new JsonArray();
        foreach (var (record, kind) in rows)
        {
            data.Add(new JsonObject
            {
                ["deleted_by"] = User(record.DeletedBy),
                ["id"] = ZohoIds.Format(record.Id),
                ["display_name"] = record.DisplayName,
                ["type"] = kind,
                ["created_by"] = record.CreatedBy is null ? null : User(record.CreatedBy),
                ["deleted_time"] = ZohoTime.FormatDateTime(record.DeletedTime),
            });
        }

        return ApiResult.Json(new JsonObject
        {
            ["data"] = data,
            ["info"] = new JsonObject
            {
                ["per_page"] = perPage,
                ["count"] = rows.Count,
                ["page"] = page,
                ["more_records"] = all.Count > page * (long)perPage,
            },
        });
    }

    private static JsonObject User(LookupValue user) => new() { ["name"] = user.Name, ["id"] = ZohoIds.Format(user.Id) };
}
