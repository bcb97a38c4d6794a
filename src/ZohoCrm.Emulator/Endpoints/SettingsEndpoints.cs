using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// GET /settings/roles, /settings/profiles (fact sheet §14), /settings/layouts and /settings/related_lists (§15), with
/// their one-id forms: 200, 204 for an id that names nothing, 400 INVALID_DATA for an id that is not one.
/// </summary>
internal static class SettingsEndpoints
{
    /// <summary>How REQUIRED_PARAM_MISSING names a missing "module" parameter here (§15.1).</summary>
    private const string ModuleMissingKey = "param";

    public static void Map(ApiRouter router)
    {
        router.Map("GET", "settings/roles", SettingsReads.Scoped("roles", Roles));
        router.Map("GET", "settings/roles/{id}", SettingsReads.Scoped("roles", Role));
        router.Map("GET", "settings/profiles", SettingsReads.Scoped("profiles", Profiles));
        router.Map("GET", "settings/profiles/{id}", SettingsReads.Scoped("profiles", Profile));
        router.Map("GET", "settings/layouts", SettingsReads.ForModule("layouts", ModuleMissingKey, Layouts));
        router.Map("GET", "settings/layouts/{id}", SettingsReads.ForModule("layouts", ModuleMissingKey, Layout));
        router.Map("GET", "settings/related_lists", SettingsReads.ForModule("related_lists", ModuleMissingKey, RelatedLists));
        router.Map("GET", "settings/related_lists/{id}", SettingsReads.ForModule("related_lists", ModuleMissingKey, RelatedList));
    }

    private static ApiResult Json(string key, IEnumerable<JsonObject> items)
    {
        var array = new JsonArray(items.Select(i => (JsonNode)i).ToArray());
        return array.Count == 0 ? ApiResult.NoContent : ApiResult.Json(new JsonObject { [key] = array });
    }

    /// <summary>The one-id forms: the id in the path, or INVALID_DATA when it is not one.</summary>
    private static ApiResult ById(ApiContext ctx, Func<long, ApiResult> answer) =>
        ZohoIds.TryParse(ctx.Route["id"], out var id) ? answer(id) : ZohoError.InvalidIdInPath(2);

    private static ApiResult Roles(ApiContext ctx) =>
        Json("roles", OrgSecurity.Roles.Select(r => OrgJson.Role(r, ctx.State.Users)));

    private static ApiResult Role(ApiContext ctx) => ById(ctx, id =>
        OrgSecurity.Role(id) is { } role ? Json("roles", [OrgJson.Role(role, ctx.State.Users)]) : ApiResult.NoContent);

    private static ApiResult Profiles(ApiContext ctx) => ApiResult.Json(new JsonObject
    {
        ["profiles"] = new JsonArray(OrgSecurity.Profiles.Select(p => (JsonNode)OrgJson.Profile(p, ctx.State.Catalog, ctx.State.Users, detailed: false)).ToArray()),
        ["info"] = new JsonObject { ["license_limit"] = 25 },
    });

    private static ApiResult Profile(ApiContext ctx) => ById(ctx, id =>
        OrgSecurity.Profile(id) is { } profile ? Json("profiles", [OrgJson.Profile(profile, ctx.State.Catalog, ctx.State.Users, detailed: true)]) : ApiResult.NoContent);

    private static ApiResult Layouts(ApiContext ctx, ModuleDefinition module) =>
        Json("layouts", [OrgJson.Layout(module, ctx.State.Users)]);

    private static ApiResult Layout(ApiContext ctx, ModuleDefinition module) => ById(ctx, id =>
        id == OrgJson.LayoutId(module) ? Json("layouts", [OrgJson.Layout(module, ctx.State.Users)]) : ApiResult.NoContent);

    private static ApiResult RelatedLists(ApiContext ctx, ModuleDefinition module) =>
        LayoutParamError(ctx, module) ?? Json("related_lists", RelatedListCatalog.For(module).Select(l => OrgJson.RelatedList(module, l, ctx.State.Catalog)));

    private static ApiResult RelatedList(ApiContext ctx, ModuleDefinition module) => ById(ctx, id =>
        LayoutParamError(ctx, module) ??
        (RelatedListCatalog.For(module).FirstOrDefault(l => l.Id == id) is { } list
            ? Json("related_lists", [OrgJson.RelatedList(module, list, ctx.State.Catalog)])
            : ApiResult.NoContent));

    /// <summary>layout_id, when given, must be the id of one of the module's layouts.</summary>
    private static ZohoError? LayoutParamError(ApiContext ctx, ModuleDefinition module) =>
        ctx.Query("layout_id") is { } text && (!ZohoIds.TryParse(text, out var layout) || layout != OrgJson.LayoutId(module))
            ? ZohoError.InvalidParam("layout_id")
            : null;
}
