using System.Text.Json;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Criteria;
using ZohoCrm.Emulator.Json;
using ZohoCrm.Emulator.Paging;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>GET /crm/v8/{module} and GET /crm/v8/{module}/{id}.</summary>
internal static class RecordsEndpoints
{
    public static void Map(ApiRouter router)
    {
        router.Map("GET", "{module}", ListAsync, ListCost, ctx => ctx.HasQuery("cvid"));
        router.Map("GET", "{module}/{id}", GetOneAsync);
    }

    private static int ListCost(ApiContext ctx) => ctx.HasQuery("cvid") ? ctx.Options.CvidCreditCost : 1;

    /// <summary>The module named in the path, with the caller allowed to read it.</summary>
    private static ModuleDefinition? ReadableModule(ApiContext ctx, out ZohoError? error)
    {
        var module = ctx.State.Catalog.Find(ctx.Route["module"]);
        if (module is null)
        {
            error = ZohoError.InvalidModuleInPath(0);
            return null;
        }

        error = ctx.RequireScope(ScopeRequirement.Crm("READ", "modules", module.ApiName.ToLowerInvariant()));
        return error is null ? module : null;
    }

    private static Task<ApiResult> ListAsync(ApiContext ctx)
    {
        var module = ReadableModule(ctx, out var error);
        if (module is null)
        {
            return Task.FromResult<ApiResult>(error!);
        }

        var request = RecordListRequest.Parse(ctx, module, out error);
        if (request is null)
        {
            return Task.FromResult<ApiResult>(error!);
        }

        var set = ctx.State.Store.Records(module.ApiName)!;
        return Task.FromResult(List(ctx, set, request));
    }

    private static ApiResult List(ApiContext ctx, ModuleRecordSet set, RecordListRequest request)
    {
        var options = ctx.Options;
        var currentUser = ctx.State.Users.Current.Id;
        var position = request.Token?.Position ?? ((request.Page - 1) * request.PerPage);
        var take = Math.Min(request.PerPage, Math.Max(0, options.PageTokenLimit - position));
        if (request.Token is null)
        {
            take = request.PerPage;
        }

        lock (set.Gate)
        {
            bool Include(CrmRecord r)
            {
                if (request.Ids is not null && !request.Ids.Contains(r.Id))
                {
                    return false;
                }

                var converted = set.Module.SupportsConversion && r.Converted;
                if ((request.Converted == "true" && !converted) || (request.Converted == "false" && converted))
                {
                    return false;
                }

                if ((request.Approved == "true" && !r.Approved) || (request.Approved == "false" && r.Approved))
                {
                    return false;
                }

                if (request.ModifiedSince is { } since && r.ModifiedTime <= since)
                {
                    return false;
                }

                return request.View?.Criteria is not { } criteria ||
                       CriteriaEvaluator.Matches(criteria, name => set.GetValue(r, name), currentUser);
            }

            var ordered = set.OrderedBy(request.SortField);
            var step = request.Descending ? -1 : 1;
            var index = StartIndex(ordered, request.SortField, request.Token?.After, request.Descending);
            (long, long)? lastSkipped = null;
            if (request.Token is null)
            {
                var skip = (request.Page - 1) * request.PerPage;
                for (; skip > 0 && index >= 0 && index < ordered.Count; index += step)
                {
                    if (Include(ordered[index]))
                    {
                        skip--;
                        lastSkipped = ModuleRecordSet.SortKey(ordered[index], request.SortField);
                    }
                }
            }

            var rows = new List<CrmRecord>(Math.Min(take, 256));
            for (; rows.Count < take && index >= 0 && index < ordered.Count; index += step)
            {
                if (Include(ordered[index]))
                {
                    rows.Add(ordered[index]);
                }
            }

            var more = false;
            for (; !more && index >= 0 && index < ordered.Count; index += step)
            {
                more = Include(ordered[index]);
            }

            if (rows.Count == 0)
            {
                var anyModified = request.ModifiedSince is null || ordered.Any(Include);
                return anyModified ? ApiResult.NoContent : ApiResult.NotModified;
            }

            PageTokenState? next = null;
            if (more)
            {
                var previous = request.Token?.Token ??
                    ctx.State.PageTokens.Create(request.Shape, lastSkipped, position, previous: null).Token;
                next = ctx.State.PageTokens.Create(
                    request.Shape,
                    ModuleRecordSet.SortKey(rows[^1], request.SortField),
                    position + rows.Count,
                    previous);
            }

            return ApiResult.Bytes(EmulatorJson.Write(w => WritePage(w, set, request, rows, more, next)));
        }
    }

    /// <summary>Index of the first record to look at, walking up (asc) or down (desc) from just past <paramref name="after"/>.</summary>
    private static int StartIndex(IReadOnlyList<CrmRecord> ordered, RecordSortField field, (long Primary, long Id)? after, bool descending)
    {
        if (after is not { } key)
        {
            return descending ? ordered.Count - 1 : 0;
        }

        // First index whose key is greater than the token's key.
        int lo = 0, hi = ordered.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (ModuleRecordSet.SortKey(ordered[mid], field).CompareTo(key) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        if (!descending)
        {
            return lo;
        }

        // Last index whose key is less than the token's key.
        var i = lo - 1;
        while (i >= 0 && ModuleRecordSet.SortKey(ordered[i], field).CompareTo(key) >= 0)
        {
            i--;
        }

        return i;
    }

    private static void WritePage(Utf8JsonWriter w, ModuleRecordSet set, RecordListRequest request, List<CrmRecord> rows, bool more, PageTokenState? next)
    {
        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var record in rows)
        {
            RecordJsonWriter.WriteRecord(w, set, record, request.Fields);
        }

        w.WriteEndArray();
        w.WriteStartObject("info");
        w.WriteNumber("per_page", request.PerPage);
        w.WriteNumber("count", rows.Count);
        w.WriteNumber("page", request.Page);
        w.WriteBoolean("more_records", more);
        w.WriteString("sort_by", request.SortBy);
        w.WriteString("sort_order", request.Descending ? "desc" : "asc");
        if (next is not null)
        {
            w.WriteString("next_page_token", next.Token);
            w.WriteString("page_token_expiry", ZohoTime.FormatDateTime(next.ExpiresAt));
        }

        if (request.Token?.Previous is { } previous)
        {
            w.WriteString("previous_page_token", previous);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static Task<ApiResult> GetOneAsync(ApiContext ctx)
    {
        var module = ReadableModule(ctx, out var error);
        if (module is null)
        {
            return Task.FromResult<ApiResult>(error!);
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return Task.FromResult<ApiResult>(ZohoError.InvalidIdInPath(1));
        }

        IReadOnlyList<FieldDefinition>? fields = null;
        if (ctx.Query("fields") is { } fieldsText && fieldsText.Trim().Length > 0)
        {
            fields = FieldListParser.Parse(module, fieldsText, ctx.Options.MaxFieldsPerRequest, out error);
            if (fields is null)
            {
                return Task.FromResult<ApiResult>(error!);
            }
        }

        DateTimeOffset? since = null;
        if (ctx.Header("If-Modified-Since") is { } sinceText)
        {
            if (!ZohoTime.TryParseHeaderTime(sinceText, out var parsed))
            {
                return Task.FromResult<ApiResult>(ZohoError.InvalidParam("If-Modified-Since"));
            }

            since = parsed;
        }

        var set = ctx.State.Store.Records(module.ApiName)!;
        lock (set.Gate)
        {
            var record = set.Find(id);
            if (record is null)
            {
                return Task.FromResult(ctx.Options.MissingRecordBehavior == MissingRecordBehavior.NoContent
                    ? ApiResult.NoContent
                    : ZohoError.InvalidIdInPath(1));
            }

            if (since is { } s && record.ModifiedTime <= s)
            {
                return Task.FromResult(ApiResult.NotModified);
            }

            return Task.FromResult(ApiResult.Bytes(EmulatorJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                RecordJsonWriter.WriteRecord(w, set, record, fields);
                w.WriteEndArray();
                w.WriteEndObject();
            })));
        }
    }
}
