using System.Globalization;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Json;
using ZohoCrm.Emulator.Search;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>GET /crm/v8/{module}/search (fact sheet §4.1): criteria, else email, else phone, else word.</summary>
internal static class SearchEndpoints
{
    private static readonly string[] SearchParameters = ["criteria", "email", "phone", "word"];
    private static readonly ScopeRequirement SecureSearch = new("ZohoSearch", ["securesearch"], "READ");

    public static void Map(ApiRouter router) => router.Map("GET", "{module}/search", ctx => Task.FromResult(Search(ctx)), isHeavy: _ => true);

    private static ApiResult Search(ApiContext ctx)
    {
        var options = ctx.Options;
        var module = ctx.State.Catalog.Find(ctx.Route["module"]);
        if (module is null)
        {
            return ZohoError.InvalidModuleInPath(0);
        }

        if ((ctx.RequireScope(ScopeRequirement.Crm("READ", "modules", module.ApiName.ToLowerInvariant())) ?? ctx.RequireScope(SecureSearch)) is { } scopeError)
        {
            return scopeError;
        }

        var given = SearchParameters.FirstOrDefault(p => !string.IsNullOrEmpty(ctx.Query(p)));
        if (given is null)
        {
            return new ZohoError(400, "EXPECTED_PARAM_MISSING", "One of the expected parameter is missing",
                new JsonObject { ["param_names"] = new JsonArray(SearchParameters.Select(p => (JsonNode?)p).ToArray()) });
        }

        var value = ctx.Query(given)!;
        SearchNode? criteria = null;
        if (given == "criteria" && (criteria = SearchCriteriaParser.Parse(value, module, options, out var criteriaError)) is null)
        {
            return criteriaError!;
        }

        IReadOnlyList<FieldDefinition>? fields = null;
        if (ctx.Query("fields") is { } fieldsText && fieldsText.Trim().Length > 0 &&
            (fields = FieldListParser.Parse(module, fieldsText, options.MaxFieldsPerRequest, out var fieldsError)) is null)
        {
            return fieldsError!;
        }

        if (!Paging.TryRead(ctx, out var page, out var perPage, out var pagingError))
        {
            return pagingError!;
        }

        if ((long)page * perPage > options.SearchRecordCap)
        {
            return new ZohoError(400, "LIMIT_REACHED", "maximum response iteration limit reached",
                new JsonObject { ["limit"] = options.SearchRecordCap.ToString(CultureInfo.InvariantCulture) });
        }

        var converted = ctx.Query("converted") ?? options.DefaultConverted;
        var approved = ctx.Query("approved") ?? options.DefaultApproved;
        foreach (var (name, filter) in new[] { ("converted", converted), ("approved", approved) })
        {
            if (filter is not ("true" or "false" or "both"))
            {
                return ZohoError.InvalidParam(name);
            }
        }

        var set = ctx.State.Store.Records(module.ApiName)!;
        var matcher = new SearchMatcher(options);
        var indexedBefore = ctx.Now - options.SearchIndexDelay;
        lock (set.Gate)
        {
            bool Include(CrmRecord r)
            {
                var isConverted = module.SupportsConversion && r.Converted;
                if ((converted == "true" && !isConverted) || (converted == "false" && isConverted) ||
                    (approved == "true" && !r.Approved) || (approved == "false" && r.Approved) ||
                    (options.SearchIndexDelay > TimeSpan.Zero && r.ModifiedTime > indexedBefore))
                {
                    return false;
                }

                object? ValueOf(FieldDefinition f) => set.GetValue(r, f);
                return given switch
                {
                    "criteria" => matcher.Matches(criteria!, ValueOf),
                    "email" => SearchMatcher.MatchesEmail(module, value, ValueOf, ctx.Options.SearchEmailMatchesContains),
                    "phone" => SearchMatcher.MatchesPhone(module, value, ValueOf),
                    _ => SearchMatcher.MatchesWord(module, value, ValueOf),
                };
            }

            var skip = (page - 1) * perPage;
            var rows = new List<CrmRecord>(Math.Min(perPage, 256));
            var more = false;
            foreach (var record in set.ById)
            {
                if (!Include(record))
                {
                    continue;
                }

                if (skip > 0)
                {
                    skip--;
                }
                else if (rows.Count < perPage)
                {
                    rows.Add(record);
                }
                else
                {
                    more = true;
                    break;
                }
            }

            if (rows.Count == 0)
            {
                return ApiResult.NoContent;
            }

            if ((long)page * perPage >= options.SearchRecordCap && !options.SearchMoreRecordsAtCap)
            {
                more = false;
            }

            return ApiResult.Bytes(EmulatorJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var record in rows)
                {
                    RecordJsonWriter.WriteRecord(w, set, record, fields);
                }

                w.WriteEndArray();
                w.WriteStartObject("info");
                w.WriteNumber("per_page", perPage);
                w.WriteNumber("count", rows.Count);
                w.WriteNumber("page", page);
                w.WriteBoolean("more_records", more);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }
    }
}
