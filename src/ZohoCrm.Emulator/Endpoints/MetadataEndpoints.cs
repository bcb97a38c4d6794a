using System.Globalization;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>GET /settings/modules, /settings/fields and /settings/custom_views (fact sheet §10).</summary>
internal static class MetadataEndpoints
{
    public static void Map(ApiRouter router)
    {
        router.Map("GET", "settings/modules", SettingsReads.Scoped("modules", Modules));
        router.Map("GET", "settings/modules/{api_name}", SettingsReads.Scoped("modules", Module));
        router.Map("GET", "settings/fields", SettingsReads.ForModule("fields", ModuleMissingKey, Fields));
        router.Map("GET", "settings/fields/{field}", SettingsReads.ForModule("fields", ModuleMissingKey, Field));
        router.Map("GET", "settings/custom_views", SettingsReads.ForModule("custom_views", ModuleMissingKey, CustomViews));
        router.Map("GET", "settings/custom_views/{id}", SettingsReads.ForModule("custom_views", ModuleMissingKey, CustomView));
    }

    /// <summary>How REQUIRED_PARAM_MISSING names a missing "module" parameter here.</summary>
    private const string ModuleMissingKey = "param_name";

    private static readonly string[] ModuleStatuses = ["visible", "user_hidden", "system_hidden", "scheduled_for_deletion"];

    private static ApiResult Modules(ApiContext ctx)
    {
        if (ctx.Query("status") is { } status &&
            status.Split(',', StringSplitOptions.TrimEntries).Any(s => !ModuleStatuses.Contains(s, StringComparer.Ordinal)))
        {
            return ZohoError.InvalidParam("status");
        }

        var modules = ctx.State.Catalog.Modules;
        if (Unchanged(ctx, modules.Max(m => m.ModifiedTime)) is { } unchanged)
        {
            return unchanged;
        }

        var wanted = ctx.Query("status")?.Split(',', StringSplitOptions.TrimEntries);
        var list = new JsonArray();
        if (wanted is null || wanted.Contains("visible"))
        {
            foreach (var module in modules)
            {
                list.Add(MetadataJson.Module(module, ctx.State.Users, includeFields: false));
            }
        }

        return list.Count == 0 ? ApiResult.NoContent : ApiResult.Json(new JsonObject { ["modules"] = list });
    }

    private static ApiResult Module(ApiContext ctx)
    {
        var key = ctx.Route["api_name"];
        var module = ctx.State.Catalog.Find(key) ??
                     (ZohoIds.TryParse(key, out var id) ? ctx.State.Catalog.FindById(id) : null);
        if (module is null)
        {
            return ZohoError.InvalidModuleInPath(2);
        }

        return Unchanged(ctx, module.ModifiedTime) ?? ApiResult.Json(new JsonObject
        {
            ["modules"] = new JsonArray(MetadataJson.Module(module, ctx.State.Users, ctx.Options.ModuleDetailIncludesFields)),
        });
    }

    private static ApiResult Fields(ApiContext ctx, ModuleDefinition module)
    {
        var type = ctx.Query("type");
        if (type is not null and not ("all" or "used" or "unused"))
        {
            return ZohoError.InvalidParam("type");
        }

        if (Unchanged(ctx, module.ModifiedTime) is { } unchanged)
        {
            return unchanged;
        }

        if (type == "unused")
        {
            return ApiResult.NoContent;
        }

        var fields = new JsonArray(module.Fields.Select(f => (JsonNode)MetadataJson.Field(module, f)).ToArray());
        return ApiResult.Json(new JsonObject { ["fields"] = fields });
    }

    private static ApiResult Field(ApiContext ctx, ModuleDefinition module)
    {
        var key = ctx.Route["field"];
        var field = ZohoIds.TryParse(key, out var id) ? module.Fields.FirstOrDefault(f => f.Id == id) : module.Field(key);
        if (field is null)
        {
            return ZohoError.InvalidIdInPath(2);
        }

        return ApiResult.Json(new JsonObject { ["fields"] = new JsonArray(MetadataJson.Field(module, field)) });
    }

    private static ApiResult CustomViews(ApiContext ctx, ModuleDefinition module)
    {
        if (!Paging.TryRead(ctx, out var page, out var perPage, out var error))
        {
            return error!;
        }

        if (Unchanged(ctx, module.CustomViews.Max(v => v.ModifiedTime)) is { } unchanged)
        {
            return unchanged;
        }

        var views = module.CustomViews;
        var slice = views.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (slice.Count == 0)
        {
            return ApiResult.NoContent;
        }

        return ApiResult.Json(new JsonObject
        {
            ["custom_views"] = new JsonArray(slice.Select(v => (JsonNode)MetadataJson.CustomView(module, v, ctx.State.Users)).ToArray()),
            ["info"] = ViewsInfo(module, page, perPage, slice.Count, (page * perPage) < views.Count),
        });
    }

    private static ApiResult CustomView(ApiContext ctx, ModuleDefinition module)
    {
        if (!ZohoIds.TryParse(ctx.Route["id"], out var id) || module.CustomView(id) is not { } view)
        {
            return ZohoError.InvalidIdInPath(2);
        }

        return Unchanged(ctx, view.ModifiedTime) ?? ApiResult.Json(new JsonObject
        {
            ["custom_views"] = new JsonArray(MetadataJson.CustomView(module, view, ctx.State.Users)),
            ["info"] = ViewsInfo(module, 1, 200, 1, false),
        });
    }

    private static JsonObject ViewsInfo(ModuleDefinition module, int page, int perPage, int count, bool more) => new()
    {
        ["per_page"] = perPage,
        ["count"] = count,
        ["page"] = page,
        ["more_records"] = more,
        ["default"] = module.CustomViews.First(v => v.Default).Id.ToString(CultureInfo.InvariantCulture),
        ["translation"] = new JsonObject
        {
            ["public_views"] = "Public Views",
            ["other_users_views"] = "Other Users' Views",
            ["shared_with_me"] = "Shared With Me",
            ["created_by_me"] = "Created By Me",
        },
    };

    /// <summary>304 when If-Modified-Since is given and nothing changed after it, its error when it is malformed, else null.</summary>
    private static ApiResult? Unchanged(ApiContext ctx, DateTimeOffset modified)
    {
        if (NotModified(ctx, modified, out var error))
        {
            return ApiResult.NotModified;
        }

        return error is null ? null : (ApiResult)error;
    }

    /// <summary>True when If-Modified-Since is given and nothing changed after it (fact sheet §10, "?").</summary>
    internal static bool NotModified(ApiContext ctx, DateTimeOffset modified, out ZohoError? error)
    {
        error = null;
        if (!ctx.Options.MetadataHonoursIfModifiedSince || ctx.Header("If-Modified-Since") is not { } text)
        {
            return false;
        }

        if (!ZohoTime.TryParseHeaderTime(text, out var since))
        {
            error = ZohoError.InvalidParam("If-Modified-Since");
            return false;
        }

        return modified <= since;
    }

    internal static Task<ApiResult> Done(ApiResult result) => Task.FromResult(result);
}
