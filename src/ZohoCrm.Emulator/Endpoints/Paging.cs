using System.Globalization;
using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>page (≥ 1, default 1) and per_page (1..200, default 200) of the metadata and users lists.</summary>
internal static class Paging
{
    public static bool TryRead(ApiContext ctx, out int page, out int perPage, out ZohoError? error)
    {
        page = 1;
        perPage = 200;
        error = null;
        if (ctx.Query("page") is { } pageText &&
            (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            error = ZohoError.InvalidParam("page");
            return false;
        }

        if (ctx.Query("per_page") is { } perPageText &&
            (!int.TryParse(perPageText, NumberStyles.None, CultureInfo.InvariantCulture, out perPage) || perPage is < 1 or > 200))
        {
            error = ZohoError.InvalidParam("per_page");
            return false;
        }

        return true;
    }
}
