using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// GET /settings/roles, /settings/profiles (fact sheet §14), /settings/layouts and /settings/related_lists (§15), with
/// their one-id forms: 200, 204 for an id that names nothing, 400 INVALID_DATA for an id that is not one.
/// </summary>
internal static class SettingsEndpoints
{
    public static void Map(ApiRouter router)
    {
        router.Map("GET", "settings/roles", RolesAsync);
        router.Map("GET", "settings/roles/{id}", RoleAsync);
        router.Map("GET", "settings/profiles", ProfilesAsync);
        router.Map("GET", "settings/profiles/{id}", ProfileAsync);
        router.Map("GET", "settings/layouts", LayoutsAsync);
        router.Map("GET", "settings/layouts/{id}", LayoutAsync);
        router.Map("GET", "settings/related_lists", RelatedListsAsync);
        router.Map("GET", "settings/related_lists/{id}", RelatedListAsync);
    }

    private static Task<ApiResult> Done(ApiResult result) => Task.FromResult(result);

    private static ApiResult Json(string key, IEnumerable<JsonObject> items)
    {
        var array = new JsonArray(items.Select(i => (JsonNode)i).ToArray());
        return array.Count == 0 ? ApiResult.NoContent : ApiResult.Json(new JsonObject { [key] = array });
    }

    private static Task<ApiResult> RolesAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "roles")) is { } scopeError)
        {
            return Done(scopeError);
        }

        return Done(Json("roles", OrgSecurity.Roles.Select(r => OrgJson.Role(r, ctx.State.Users))));
    }

    private static Task<ApiResult> RoleAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "roles")) is { } scopeError)
        {
            return Done(scopeError);
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return Done(ZohoError.InvalidIdInPath(2));
        }

        var role = OrgSecurity.Role(id);
        return Done(role is null ? ApiResult.NoContent : Json("roles", [OrgJson.Role(role, ctx.State.Users)]));
    }

    private static Task<ApiResult> ProfilesAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "profiles")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var body = new JsonObject
        {
            ["profiles"] = new JsonArray(OrgSecurity.Profiles.Select(p => (JsonNode)OrgJson.Profile(p, ctx.State.Catalog, ctx.State.Users, detailed: false)).ToArray()),
            ["info"] = new JsonObject { ["license_limit"] = 25 },
        };
        return Done(ApiResult.Json(body));
    }

    private static Task<ApiResult> ProfileAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "profiles")) is { } scopeError)
        {
            return Done(scopeError);
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return Done(ZohoError.InvalidIdInPath(2));
        }

        var profile = OrgSecurity.Profile(id);
        return Done(profile is null ? ApiResult.NoContent : Json("profiles", [OrgJson.Profile(profile, ctx.State.Catalog, ctx.State.Users, detailed: true)]));
    }

    /// <summary>The module named by the required "module" parameter (§15.1), or the error for a missing or unknown one.</summary>
    private static ModuleDefinition? ModuleParam(ApiContext ctx, out ZohoError? error)
    {
        error = null;
        var name = ctx.Query("module");
        if (string.IsNullOrEmpty(name))
        {
            error = ZohoError.RequiredParamMissing("param", "module");
            return null;
        }

        var module = ctx.State.Catalog.Find(name);
        if (module is null)
        {
            error = ZohoError.InvalidModule(new JsonObject { ["param_name"] = "module" });
        }

        return module;
    }

    private static Task<ApiResult> LayoutsAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "layouts")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        return Done(module is null ? error! : Json("layouts", [OrgJson.Layout(module, ctx.State.Users)]));
    }

    private static Task<ApiResult> LayoutAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "layouts")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        if (module is null)
        {
            return Done(error!);
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return Done(ZohoError.InvalidIdInPath(2));
        }

        return Done(id == OrgJson.LayoutId(module) ? Json("layouts", [OrgJson.Layout(module, ctx.State.Users)]) : ApiResult.NoContent);
    }

    private static Task<ApiResult> RelatedListsAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "related_lists")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        if (module is null)
        {
            return Done(error!);
        }

        if (LayoutParamError(ctx, module) is { } layoutError)
        {
            return Done(layoutError);
        }

        return Done(Json("related_lists", RelatedListCatalog.For(module).Select(l => OrgJson.RelatedList(module, l, ctx.State.Catalog))));
    }

    private static Task<ApiResult> RelatedListAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "related_lists")) is { } scopeError)
        {
            return Done(scopeError);
        }

        var module = ModuleParam(ctx, out var error);
        if (module is null)
        {
            return Done(error!);
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return Done(ZohoError.InvalidIdInPath(2));
        }

        if (LayoutParamError(ctx, module) is { } layoutError)
        {
            return Done(layoutError);
        }

        var list = RelatedListCatalog.For(module).FirstOrDefault(l => l.Id == id);
        return Done(list is null ? ApiResult.NoContent : Json("related_lists", [OrgJson.RelatedList(module, list, ctx.State.Catalog)]));
    }

    /// <summary>layout_id, when given, must be the id of one of the module's layouts.</summary>
    private static ZohoError? LayoutParamError(ApiContext ctx, ModuleDefinition module) =>
        ctx.Query("layout_id") is { } text && (!ZohoIds.TryParse(text, out var layout) || layout != OrgJson.LayoutId(module))
            ? ZohoError.InvalidParam("layout_id")
            : null;
}
