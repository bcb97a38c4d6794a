using System.Globalization;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>GET /settings/modules, /settings/fields and /settings/custom_views (fact sheet §10).</summary>
internal static class MetadataEndpoints
{
    public static void Map(ApiRouter router)
    {
        router.Map("GET", "settings/modules", ModulesAsync);
        router.Map("GET", "settings/modules/{api_name}", ModuleAsync);
        router.Map("GET", "settings/fields", FieldsAsync);
        router.Map("GET", "settings/fields/{field}", FieldAsync);
        router.Map("GET", "settings/custom_views", CustomViewsAsync);
        router.Map("GET", "settings/custom_views/{id}", CustomViewAsync);
    }

    private static readonly string[] ModuleStatuses = ["visible", "user_hidden", "system_hidden", "scheduled_for_deletion"];

    private static Task<ApiResult> ModulesAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "modules")) is { } scopeError)
        {
            return Done(scopeError);
        }

        if (ctx.Query("status") is { } status &&
            status.Split(',', StringSplitOptions.TrimEntries).Any(s => !ModuleStatuses.Contains(s, StringComparer.Ordinal)))
        {
            return Done(ZohoError.InvalidParam("status"));
        }

        var modules = ctx.State.Catalog.Modules;
        if (NotModified(ctx, modules.Max(m => m.ModifiedTime), out var error))
        {
            return Done(ApiResult.NotModified);
        }

        if (error is not null)
        {
            return Done(error);
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

        return Done(list.Count == 0 ? ApiResult.NoContent : ApiResult.Json(new JsonObject { ["modules"] = list }));
    }

    private static Task<ApiResult> ModuleAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "modules")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var key = ctx.Route["api_name"];
        var module = ctx.State.Catalog.Find(key) ??
                     (ZohoIds.TryParse(key, out var id) ? ctx.State.Catalog.FindById(id) : null);
        if (module is null)
        {
            return Done(ZohoError.InvalidModuleInPath(2));
        }

        if (NotModified(ctx, module.ModifiedTime, out var error))
        {
            return Done(ApiResult.NotModified);
        }

        return Done(error ?? ApiResult.Json(new JsonObject
        {
            ["modules"] = new JsonArray(MetadataJson.Module(module, ctx.State.Users, ctx.Options.ModuleDetailIncludesFields)),
        }));
    }

    /// <summary>The module named by the "module" parameter, or the error for a missing or unknown one.</summary>
    private static ModuleDefinition? ModuleParam(ApiContext ctx, out ZohoError? error)
    {
        error = null;
        var name = ctx.Query("module");
        if (string.IsNullOrEmpty(name))
        {
            error = ZohoError.RequiredParamMissing("param_name", "module");
            return null;
        }

        var module = ctx.State.Catalog.Find(name);
        if (module is null)
        {
            error = ZohoError.InvalidModule(new JsonObject { ["param_name"] = "module" });
        }

        return module;
    }

    private static Task<ApiResult> FieldsAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "fields")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        if (module is null)
        {
            return Done(error!);
        }

        var type = ctx.Query("type");
        if (type is not null and not ("all" or "used" or "unused"))
        {
            return Done(ZohoError.InvalidParam("type"));
        }

        if (NotModified(ctx, module.ModifiedTime, out error))
        {
            return Done(ApiResult.NotModified);
        }

        if (error is not null)
        {
            return Done(error);
        }

        if (type == "unused")
        {
            return Done(ApiResult.NoContent);
        }

        var fields = new JsonArray(module.Fields.Select(f => (JsonNode)MetadataJson.Field(module, f)).ToArray());
        return Done(ApiResult.Json(new JsonObject { ["fields"] = fields }));
    }

    private static Task<ApiResult> FieldAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "fields")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        if (module is null)
        {
            return Done(error!);
        }

        var key = ctx.Route["field"];
        var field = ZohoIds.TryParse(key, out var id) ? module.Fields.FirstOrDefault(f => f.Id == id) : module.Field(key);
        if (field is null)
        {
            return Done(ZohoError.InvalidIdInPath(2));
        }

        return Done(ApiResult.Json(new JsonObject { ["fields"] = new JsonArray(MetadataJson.Field(module, field)) }));
    }

    private static Task<ApiResult> CustomViewsAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "custom_views")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        if (module is null)
        {
            return Done(error!);
        }

        if (!Paging.TryRead(ctx, out var page, out var perPage, out error))
        {
            return Done(error!);
        }

        if (NotModified(ctx, module.CustomViews.Max(v => v.ModifiedTime), out error))
        {
            return Done(ApiResult.NotModified);
        }

        if (error is not null)
        {
            return Done(error);
        }

        var views = module.CustomViews;
        var slice = views.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (slice.Count == 0)
        {
            return Done(ApiResult.NoContent);
        }

        return Done(ApiResult.Json(new JsonObject
        {
            ["custom_views"] = new JsonArray(slice.Select(v => (JsonNode)MetadataJson.CustomView(module, v, ctx.State.Users)).ToArray()),
            ["info"] = ViewsInfo(module, page, perPage, slice.Count, (page * perPage) < views.Count),
        }));
    }

    private static Task<ApiResult> CustomViewAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "custom_views")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        if (module is null)
        {
            return Done(error!);
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id) || module.CustomView(id) is not { } view)
        {
            return Done(ZohoError.InvalidIdInPath(2));
        }

        if (NotModified(ctx, view.ModifiedTime, out error))
        {
            return Done(ApiResult.NotModified);
        }

        return Done(error ?? ApiResult.Json(new JsonObject
        {
            ["custom_views"] = new JsonArray(MetadataJson.CustomView(module, view, ctx.State.Users)),
            ["info"] = ViewsInfo(module, 1, 200, 1, false),
        }));
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
