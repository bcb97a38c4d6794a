using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>The ids a DELETE names: one in the path, or many in the comma-separated "ids" query parameter.</summary>
internal static class IdsParameter
{
    /// <summary>
    /// The one id of the path's <paramref name="routeKey"/>, when there is one; else the ids of the parameter (empty entries
    /// dropped), or REQUIRED_PARAM_MISSING when there are none and LIMIT_EXCEEDED above <paramref name="max"/>.
    /// </summary>
    public static string[]? Read(ApiContext ctx, string routeKey, int max, out ZohoError? error)
    {
        error = null;
        if (ctx.Route.TryGetValue(routeKey, out var one))
        {
            return [one];
        }

        var ids = (ctx.Query("ids") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0)
        {
            error = ZohoError.RequiredParamMissing(ctx.Options.RequiredParamDetailsKey, "ids");
            return null;
        }

        if (ids.Length > max)
        {
            error = ZohoError.LimitExceeded(max, "ids");
            return null;
        }

        return ids;
    }
}
