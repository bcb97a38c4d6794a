using System.Globalization;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Watch;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>/crm/v8/actions/watch (fact sheet §7.2, notifications.json): 1 credit per call.</summary>
internal static class WatchEndpoints
{
    public static void Map(ApiRouter router) => router
        .Map("GET", "actions/watch", ctx => Task.FromResult(List(ctx)))
        .Map("POST", "actions/watch", ctx => WriteAsync(ctx, WatchMethod.Subscribe, "CREATE"))
        .Map("PUT", "actions/watch", ctx => WriteAsync(ctx, WatchMethod.Replace, "UPDATE"))
        .Map("PATCH", "actions/watch", ctx => WriteAsync(ctx, WatchMethod.Patch, "UPDATE"))
        .Map("DELETE", "actions/watch", ctx => Task.FromResult(Delete(ctx)));

    /// <summary>ZohoCRM.notifications.{operation}, or WRITE for the changing ones, or ALL.</summary>
    private static ZohoError? RequireScope(ApiContext ctx, string operation)
    {
        var error = ctx.RequireScope(ScopeRequirement.Crm(operation, "notifications"));
        return error is not null && operation != "READ" && ctx.RequireScope(ScopeRequirement.Crm("WRITE", "notifications")) is null ? null : error;
    }

    private static ApiResult List(ApiContext ctx)
    {
        if (RequireScope(ctx, "READ") is { } scopeError)
        {
            return scopeError;
        }

        var perPage = ctx.Options.WatchMaxPerPage;
        var page = 1;
        if (ctx.Query("page") is { } pageText && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            return ZohoError.InvalidParam("page");
        }

        if (ctx.Query("per_page") is { } perPageText &&
            (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage < 1 || perPage > ctx.Options.WatchMaxPerPage))
        {
            return ZohoError.InvalidParam("per_page");
        }

        long? channelId = null;
        if (ctx.Query("channel_id") is { } idText)
        {
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return ZohoError.InvalidParam("channel_id");
            }

            channelId = id;
        }

        var module = ctx.Query("module");
        if (module is not null && ctx.State.Catalog.Find(module) is null)
        {
            return ZohoError.InvalidModule(new JsonObject { ["param_name"] = "module" });
        }

        var entries = ctx.State.Watch.List(channelId, module);
        var pageEntries = entries.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (pageEntries.Count == 0)
        {
            return ApiResult.NoContent;
        }

        return ApiResult.Json(new JsonObject
        {
            ["watch"] = new JsonArray(pageEntries.Select(e => (JsonNode?)e).ToArray()),
            ["info"] = new JsonObject
            {
                ["per_page"] = perPage,
                ["count"] = pageEntries.Count,
                ["page"] = page,
                ["more_records"] = entries.Count > page * perPage,
            },
        });
    }

    private static async Task<ApiResult> WriteAsync(ApiContext ctx, WatchMethod method, string operation)
    {
        if (RequireScope(ctx, operation) is { } scopeError)
        {
            return scopeError;
        }

        var (root, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var (entries, bodyError) = WatchRequestReader.ReadBody(root, ctx.Options);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var results = new JsonArray();
        var failed = false;
        for (var i = 0; i < entries!.Count; i++)
        {
            var entry = WatchRequestReader.ReadEntry(entries[i], i, method, ctx.Options, ctx.State.Catalog, ctx.Now, out var entryError);
            var result = entry is null ? entryError! : ctx.State.Watch.Apply(method, entry);
            failed |= result["status"]?.GetValue<string>() != "success";
            results.Add(result);
        }

        var status = failed ? ctx.Options.WatchEntryErrorStatusCode : method == WatchMethod.Subscribe ? ctx.Options.WatchSubscribeStatusCode : 200;
        return ApiResult.Json(new JsonObject { ["watch"] = results }, status);
    }

    private static ApiResult Delete(ApiContext ctx)
    {
        if (RequireScope(ctx, "DELETE") is { } scopeError)
        {
            return scopeError;
        }

        var text = ctx.Query("channel_ids");
        var parts = (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            // common.json's ParamDetails carries both keys.
            return new ZohoError(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", new JsonObject { ["param_name"] = "channel_ids", ["param"] = "channel_ids" });
        }

        if (ctx.Options.WatchMaxEntriesPerRequest > 0 && parts.Length > ctx.Options.WatchMaxEntriesPerRequest)
        {
            return ZohoError.LimitExceeded(ctx.Options.WatchMaxEntriesPerRequest, "channel_ids");
        }

        var ids = new List<long>();
        foreach (var part in parts)
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return ZohoError.InvalidParam("channel_ids");
            }

            ids.Add(id);
        }

        var results = new JsonArray(ids.Select(id => (JsonNode?)ctx.State.Watch.Disable(id)).ToArray());
        var failed = results.Any(r => r?["status"]?.GetValue<string>() != "success");
        return ApiResult.Json(new JsonObject { ["watch"] = results }, failed ? ctx.Options.WatchEntryErrorStatusCode : 200);
    }
}
