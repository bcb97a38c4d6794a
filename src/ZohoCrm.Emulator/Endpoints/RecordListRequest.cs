using System.Globalization;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Paging;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>The validated parameters of GET /crm/v8/{module} (fact sheet §3.2).</summary>
internal sealed class RecordListRequest
{
    public static readonly string[] SortFields = ["id", "Created_Time", "Modified_Time"];

    private RecordListRequest(ModuleDefinition module)
    {
        Module = module;
    }

    public ModuleDefinition Module { get; }

    public IReadOnlyList<FieldDefinition> Fields { get; private set; } = Array.Empty<FieldDefinition>();

    public int PerPage { get; private set; } = 200;

    public int Page { get; private set; } = 1;

    public string SortBy { get; private set; } = "id";

    public bool Descending { get; private set; } = true;

    public CustomViewDefinition? View { get; private set; }

    public string Converted { get; private set; } = "false";

    public string Approved { get; private set; } = "true";

    public HashSet<long>? Ids { get; private set; }

    public DateTimeOffset? ModifiedSince { get; private set; }

    /// <summary>Set when paging with page_token.</summary>
    public PageTokenState? Token { get; private set; }

    public QueryShape Shape { get; private set; } = null!;

    public RecordSortField SortField => SortBy switch
    {
        "Created_Time" => RecordSortField.CreatedTime,
        "Modified_Time" => RecordSortField.ModifiedTime,
        _ => RecordSortField.Id,
    };

    /// <summary>Validates the request; the first problem found is returned as the error.</summary>
    public static RecordListRequest? Parse(ApiContext ctx, ModuleDefinition module, out ZohoError? error)
    {
        var options = ctx.Options;
        var request = new RecordListRequest(module);
        error = null;

        var fieldsText = ctx.Query("fields");
        if (string.IsNullOrWhiteSpace(fieldsText) || fieldsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length == 0)
        {
            error = ZohoError.RequiredParamMissing(options.RequiredParamDetailsKey, "fields");
            return null;
        }

        var fields = FieldListParser.Parse(module, fieldsText, options.MaxFieldsPerRequest, out error);
        if (fields is null)
        {
            return null;
        }

        request.Fields = fields;

        var perPageText = ctx.Query("per_page");
        if (perPageText is not null && !TryInt(perPageText, 1, 200, out var perPage))
        {
            error = ZohoError.InvalidParam("per_page");
            return null;
        }

        var pageText = ctx.Query("page");
        if (pageText is not null && !TryInt(pageText, 1, int.MaxValue, out _))
        {
            error = ZohoError.InvalidParam("page");
            return null;
        }

        var tokenText = ctx.Query("page_token");
        if (tokenText is not null && pageText is not null)
        {
            error = ZohoError.Ambiguity("page", "page_token");
            return null;
        }

        var cvidText = ctx.Query("cvid");
        var sortByText = ctx.Query("sort_by");
        if (cvidText is not null && sortByText is not null)
        {
            error = ZohoError.Ambiguity("cvid", "sort_by");
            return null;
        }

        if (sortByText is not null && !SortFields.Contains(sortByText, StringComparer.Ordinal))
        {
            error = ZohoError.InvalidParam("sort_by");
            return null;
        }

        var sortOrderText = ctx.Query("sort_order");
        if (sortOrderText is not null && sortOrderText is not ("asc" or "desc"))
        {
            error = ZohoError.InvalidParam("sort_order");
            return null;
        }

        var convertedText = ctx.Query("converted");
        if (convertedText is not null && convertedText is not ("true" or "false" or "both"))
        {
            error = ZohoError.InvalidParam("converted");
            return null;
        }

        var approvedText = ctx.Query("approved");
        if (approvedText is not null && approvedText is not ("true" or "false" or "both"))
        {
            error = ZohoError.InvalidParam("approved");
            return null;
        }

        if (cvidText is not null)
        {
            if (!ZohoIds.TryParse(cvidText, out var cvid) || module.CustomView(cvid) is not { } view)
            {
                error = ZohoError.InvalidParam("cvid");
                return null;
            }

            request.View = view;
        }

        var idsText = ctx.Query("ids");
        if (idsText is not null)
        {
            var parts = idsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > options.MaxIdsPerRequest)
            {
                error = ZohoError.LimitExceeded(options.MaxIdsPerRequest, "ids");
                return null;
            }

            var ids = new HashSet<long>();
            foreach (var part in parts)
            {
                if (!ZohoIds.TryParse(part, out var id))
                {
                    error = ZohoError.InvalidParam("ids", ZohoError.InvalidIdMessage);
                    return null;
                }

                ids.Add(id);
            }

            if (ids.Count == 0)
            {
                error = ZohoError.InvalidParam("ids", ZohoError.InvalidIdMessage);
                return null;
            }

            request.Ids = ids;
        }

        var sinceText = ctx.Header("If-Modified-Since");
        if (sinceText is not null)
        {
            if (!ZohoTime.TryParseHeaderTime(sinceText, out var since))
            {
                error = ZohoError.InvalidParam("If-Modified-Since");
                return null;
            }

            request.ModifiedSince = since;
        }

        var shape = new QueryShape(
            module.ApiName,
            string.Join(',', fields.Select(f => f.ApiName).Order(StringComparer.Ordinal)),
            sortByText ?? request.View?.SortBy ?? "id",
            sortOrderText ?? request.View?.SortOrder ?? options.DefaultSortOrder,
            request.View?.Id.ToString(CultureInfo.InvariantCulture),
            convertedText ?? options.DefaultConverted,
            approvedText ?? options.DefaultApproved,
            perPageText is null ? 200 : int.Parse(perPageText, CultureInfo.InvariantCulture),
            request.Ids is null ? null : string.Join(',', request.Ids.Order()),
            request.ModifiedSince);

        if (tokenText is not null)
        {
            var state = ctx.State.PageTokens.Find(tokenText, out var expired);
            if (state is null)
            {
                error = ZohoError.InvalidParam("page_token", extra: new System.Text.Json.Nodes.JsonObject { ["reason"] = expired ? "page_token expired" : "invalid page_token" });
                return null;
            }

            var bound = state.Shape;
            var mismatch =
                bound.Module != shape.Module ||
                bound.Fields != shape.Fields ||
                (sortByText is not null && bound.SortBy != shape.SortBy) ||
                (sortOrderText is not null && bound.SortOrder != shape.SortOrder) ||
                (cvidText is not null && bound.Cvid != shape.Cvid) ||
                (convertedText is not null && bound.Converted != shape.Converted) ||
                (approvedText is not null && bound.Approved != shape.Approved) ||
                (perPageText is not null && bound.PerPage != shape.PerPage) ||
                (idsText is not null && bound.Ids != shape.Ids) ||
                (sinceText is not null && bound.ModifiedSince != shape.ModifiedSince);
            if (mismatch)
            {
                error = ZohoError.InvalidParam("page_token", extra: new System.Text.Json.Nodes.JsonObject { ["reason"] = "page_token does not belong to this query" });
                return null;
            }

            if (state.Position >= options.PageTokenLimit)
            {
                error = ZohoError.LimitExceeded(options.PageTokenLimit, "page_token");
                return null;
            }

            // Parameters left out inherit the token's.
            shape = bound;
            request.Token = state;
            request.View = bound.Cvid is null ? null : module.CustomView(long.Parse(bound.Cvid, CultureInfo.InvariantCulture));
            request.Ids = bound.Ids?.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
            request.ModifiedSince = bound.ModifiedSince;
        }

        request.Shape = shape;
        request.PerPage = shape.PerPage;
        request.SortBy = shape.SortBy;
        request.Descending = shape.SortOrder == "desc";
        request.Converted = shape.Converted;
        request.Approved = shape.Approved;
        request.Page = pageText is null ? (request.Token is null ? 1 : (request.Token.Position / request.PerPage) + 1) : int.Parse(pageText, CultureInfo.InvariantCulture);

        if (request.Token is null && (long)request.Page * request.PerPage > options.DiscretePaginationLimit)
        {
            error = ZohoError.DiscretePagination(options.DiscretePaginationLimit, options.DiscretePaginationLimitInDetails);
            return null;
        }

        return request;
    }

    private static bool TryInt(string text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
