using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>The comma-separated "ids" query parameter of the delete-many and delink-many endpoints.</summary>
internal static class IdsParameter
{
    /// <summary>Its ids (empty entries dropped), or REQUIRED_PARAM_MISSING when there are none and LIMIT_EXCEEDED above <paramref name="max"/>.</summary>
    public static string[]? Read(ApiContext ctx, int max, out ZohoError? error)
    {
        error = null;
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
