using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>What every GET /settings/... endpoint checks first: the settings scope of its resource, then (for most) the "module" parameter.</summary>
internal static class SettingsReads
{
    /// <summary>A handler that answers the scope error when the token lacks READ on settings.<paramref name="resource"/>.</summary>
    public static ApiHandler Scoped(string resource, Func<ApiContext, ApiResult> answer) => ctx =>
        Task.FromResult(ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", resource)) ?? answer(ctx));

    /// <summary>
    /// <see cref="Scoped"/>, then the module named by the required "module" parameter; a missing one is REQUIRED_PARAM_MISSING
    /// with the parameter under <paramref name="missingDetailsKey"/>, an unknown one INVALID_MODULE.
    /// </summary>
    public static ApiHandler ForModule(string resource, string missingDetailsKey, Func<ApiContext, ModuleDefinition, ApiResult> answer) =>
        Scoped(resource, ctx => ModuleParam(ctx, missingDetailsKey) switch
        {
            (_, { } error) => error,
            ({ } module, _) => answer(ctx, module),
            _ => throw new InvalidOperationException("No module and no error."),
        });

    private static (ModuleDefinition? Module, ZohoError? Error) ModuleParam(ApiContext ctx, string missingDetailsKey)
    {
        var name = ctx.Query("module");
        if (string.IsNullOrEmpty(name))
        {
            return (null, ZohoError.RequiredParamMissing(missingDetailsKey, "module"));
        }

        var module = ctx.State.Catalog.Find(name);
        return module is null ? (null, ZohoError.InvalidModule(new JsonObject { ["param_name"] = "module" })) : (module, null);
    }
}
