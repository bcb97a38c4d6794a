using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// The org's recycle bin (fact sheet §22.1): GET lists what every module binned and did not purge (newest first,
/// 200 a page); DELETE ?ids= (≤ 100) deletes binned records for good, one entry per id, 207 when mixed.
/// </summary>
internal static class RecycleBinEndpoints
{
    public const int MaxIdsPerDelete = 100;

    public static void Map(ApiRouter router) => router
        .Map("GET", "settings/recycle_bin", ctx => Task.FromResult(List(ctx)))
        .Map("DELETE", "settings/recycle_bin", ctx => Task.FromResult(Delete(ctx, ctx.Query("ids"))))
        .Map("DELETE", "settings/recycle_bin/{id}", ctx => Task.FromResult(Delete(ctx, ctx.Route["id"])));

    private static ApiResult List(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "recycle_bin")) is { } scopeError)
        {
            return scopeError;
        }

        if (!Paging.TryRead(ctx, out var page, out var perPage, out var error))
        {
            return error!;
        }

        var now = ctx.Now;
        var binned = ctx.State.Catalog.Modules
            .SelectMany(m => ctx.State.Store.DeletedRecords(m.ApiName).Select(d => (Module: m, Record: d)))
            .Where(d => !d.Record.Purged && now - d.Record.DeletedTime < ctx.Options.RecycleBinRetention)
            .OrderByDescending(d => d.Record.DeletedTime).ThenByDescending(d => d.Record.Id)
            .ToList();
        var rows = binned.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (rows.Count == 0)
        {
            return ApiResult.NoContent;
        }

        var items = new JsonArray();
        foreach (var (module, record) in rows)
        {
            items.Add(new JsonObject
            {
                ["id"] = ZohoIds.Format(record.Id),
                ["display_name"] = record.DisplayName,
                ["module"] = new JsonObject { ["api_name"] = module.ApiName, ["id"] = ZohoIds.Format(module.Id) },
                ["owner"] = record.CreatedBy is null ? null : User(record.CreatedBy),
                ["deleted_by"] = User(record.DeletedBy),
                ["deleted_time"] = ZohoTime.FormatDateTime(record.DeletedTime),
            });
        }

        return ApiResult.Json(new JsonObject
        {
            ["recycle_bin"] = items,
            ["info"] = new JsonObject
            {
                ["per_page"] = perPage,
                ["count"] = rows.Count,
                ["page"] = page,
                ["more_records"] = binned.Count > page * (long)perPage,
            },
        });
    }

    private static ApiResult Delete(ApiContext ctx, string? idList)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("DELETE", "settings", "recycle_bin")) is { } scopeError)
        {
            return scopeError;
        }

        if (string.IsNullOrWhiteSpace(idList))
        {
            return ZohoError.RequiredParamMissing("param_name", "ids");
        }

        var ids = idList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > MaxIdsPerDelete)
        {
            return ZohoError.LimitExceeded(MaxIdsPerDelete, "ids");
        }

        var items = new JsonArray();
        var failed = 0;
        foreach (var text in ids)
        {
            if (ZohoIds.TryParse(text, out var id) && ctx.State.Store.Purge(id))
            {
                items.Add(new JsonObject { ["status"] = "success", ["code"] = "SUCCESS", ["message"] = "record deleted", ["details"] = new JsonObject { ["id"] = text } });
            }
            else
            {
                failed++;
                items.Add(new JsonObject { ["status"] = "error", ["code"] = "INVALID_DATA", ["message"] = "the id given seems to be invalid", ["details"] = new JsonObject { ["id"] = text } });
            }
        }

        var status = failed == 0 ? 200 : failed == ids.Length ? 400 : 207;
        return ApiResult.Json(new JsonObject { ["recycle_bin"] = items }, status);
    }

    private static JsonObject User(LookupValue user) => new() { ["name"] = user.Name, ["id"] = ZohoIds.Format(user.Id) };
}
