using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>Reads the body of POST /crm/bulk/v8/read (fact sheet §6.1, bulk_read.json Request_Wrapper) into a <see cref="BulkReadQuery"/>.</summary>
internal static class BulkReadRequestParser
{
    public static BulkReadQuery? Parse(JsonElement root, ModuleCatalog catalog, BulkPageTokens tokens, EmulatorOptions options, out ZohoError? error)
    {
        error = null;
        if (!root.TryGetProperty("query", out var query) || query.ValueKind != JsonValueKind.Object)
        {
            error = new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "query", ["json_path"] = "$.query" });
            return null;
        }

        var module = ReadModule(query, catalog, out error);
        if (module is null)
        {
            return null;
        }

        var (columns, requested) = ReadFields(query, module, options, out error);
        if (columns is null)
        {
            return null;
        }

        CriteriaParse criteria = default;
        if (query.TryGetProperty("criteria", out var criteriaElement) && criteriaElement.ValueKind != JsonValueKind.Null)
        {
            var (node, echo, criteriaError) = BulkCriteriaParser.Parse(criteriaElement, module, options);
            if (criteriaError is not null)
            {
                error = criteriaError;
                return null;
            }

            criteria = new CriteriaParse(node, echo);
        }

        CustomViewDefinition? view = null;
        if (query.TryGetProperty("cvid", out var cvid) && cvid.ValueKind != JsonValueKind.Null)
        {
            view = cvid.ValueKind == JsonValueKind.String && ZohoIds.TryParse(cvid.GetString(), out var viewId) ? module.CustomView(viewId) : null;
            if (view is null)
            {
                error = new ZohoError(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = "cvid", ["json_path"] = "$.query.cvid" });
                return null;
            }
        }

        var page = ReadPage(query, module, tokens, options, out error);
        if (page is null)
        {
            return null;
        }

        var fileType = ReadFileType(root, query, module, out error);
        if (fileType is null)
        {
            return null;
        }

        var callback = ReadCallback(root, options, out error);
        if (error is not null)
        {
            return null;
        }

        return new BulkReadQuery(module, columns, requested, criteria.Node, criteria.Echo, view, page.Value, fileType, callback);
    }

    private readonly record struct CriteriaParse(Data.Criteria.CriteriaNode? Node, JsonObject? Echo);

    private static ModuleDefinition? ReadModule(JsonElement query, ModuleCatalog catalog, out ZohoError? error)
    {
        error = null;
        string? name = null;
        if (query.TryGetProperty("module", out var module))
        {
            if (module.ValueKind == JsonValueKind.String)
            {
                name = module.GetString();
            }
            else if (module.ValueKind == JsonValueKind.Object)
            {
                if (module.TryGetProperty("api_name", out var api) && api.ValueKind == JsonValueKind.String)
                {
                    name = api.GetString();
                }
                else if (module.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && ZohoIds.TryParse(id.GetString(), out var moduleId))
                {
                    name = catalog.FindById(moduleId)?.ApiName ?? string.Empty;
                }
            }
        }

        if (name is null)
        {
            error = new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "module", ["json_path"] = "$.query.module" });
            return null;
        }

        var found = catalog.Find(name);
        if (found is null)
        {
            error = ZohoError.InvalidModule(new JsonObject { ["api_name"] = "module", ["json_path"] = "$.query.module" });
        }

        return found;
    }

    /// <summary>id first, then the fields asked for (or every field of the module).</summary>
    private static (IReadOnlyList<FieldDefinition>? Columns, IReadOnlyList<string> Requested) ReadFields(JsonElement query, ModuleDefinition module, EmulatorOptions options, out ZohoError? error)
    {
        error = null;
        var requested = new List<string>();
        if (query.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in fields.EnumerateArray())
            {
                var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : string.Empty;
                if (name == "id" || requested.Contains(name))
                {
                    continue;
                }

                if (module.Field(name) is null)
                {
                    // Lookup subfields (Account_Name.Account_Name) are not modelled.
                    error = new ZohoError(400, name.Contains('.') ? "FIELD_NOT_SUPPORTED" : "FIELD_NOT_AVAILABLE",
                        name.Contains('.') ? "the field given is not supported" : "the field given is not available", new JsonObject { ["api_name"] = name, ["module"] = module.ApiName });
                    return (null, requested);
                }

                requested.Add(name);
            }
        }

        // More names than Zoho takes means every field (§6.1).
        var columns = requested.Count == 0 || requested.Count > options.BulkReadMaxFields
            ? module.Fields.ToList()
            : requested.Select(n => module.Field(n)!).ToList();
        return (columns, requested);
    }

    private static int? ReadPage(JsonElement query, ModuleDefinition module, BulkPageTokens tokens, EmulatorOptions options, out ZohoError? error)
    {
        error = null;
        var hasPage = query.TryGetProperty("page", out var pageElement) && pageElement.ValueKind != JsonValueKind.Null;
        var hasToken = query.TryGetProperty("page_token", out var tokenElement) && tokenElement.ValueKind != JsonValueKind.Null;
        if (hasPage && hasToken)
        {
            error = new ZohoError(400, "INVALID_REQUEST", "page and page_token cannot be given together", new JsonObject { ["api_name"] = "page_token", ["json_path"] = "$.query.page_token" });
            return null;
        }

        int page = 1;
        if (hasToken)
        {
            var next = tokenElement.ValueKind == JsonValueKind.String ? tokens.Resolve(tokenElement.GetString()!, module.ApiName) : null;
            if (next is null)
            {
                error = new ZohoError(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = "page_token", ["json_path"] = "$.query.page_token" });
                return null;
            }

            page = next.Value;
        }
        else if (hasPage && (pageElement.ValueKind != JsonValueKind.Number || !pageElement.TryGetInt32(out page) || page < 1))
        {
            error = new ZohoError(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = "page", ["json_path"] = "$.query.page", ["expected_data_type"] = "integer" });
            return null;
        }

        if (page > options.BulkReadMaxPage)
        {
            error = new ZohoError(400, "PAGE_RANGE_EXCEEDED", "the page given exceeds the maximum page", new JsonObject { ["max_limit"] = options.BulkReadMaxPage });
            return null;
        }

        return page;
    }

    private static string? ReadFileType(JsonElement root, JsonElement query, ModuleDefinition module, out ZohoError? error)
    {
        error = null;
        var type = "csv";
        foreach (var holder in new[] { root, query })
        {
            if (holder.TryGetProperty("file_type", out var value) && value.ValueKind == JsonValueKind.String)
            {
                type = value.GetString()!;
            }
        }

        if (type is not ("csv" or "ics") || (type == "ics" && module.ApiName != "Events"))
        {
            error = new ZohoError(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = "file_type", ["json_path"] = "$.file_type" });
            return null;
        }

        return type;
    }

    private static string? ReadCallback(JsonElement root, EmulatorOptions options, out ZohoError? error)
    {
        error = null;
        if (!root.TryGetProperty("callback", out var callback) || callback.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var url = callback.ValueKind == JsonValueKind.Object && callback.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
            !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && options.BulkCallbackAllowsLoopbackHttp)))
        {
            error = new ZohoError(400, "INVALID_CALLBACK_URL", "the callback url given is invalid", new JsonObject { ["api_name"] = "url", ["json_path"] = "$.callback.url" });
            return null;
        }

        var method = callback.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (method != "post")
        {
            error = new ZohoError(400, "INVALID_CALLBACK_METHOD", "the callback method given is invalid", new JsonObject { ["api_name"] = "method", ["json_path"] = "$.callback.method" });
            return null;
        }

        return url;
    }
}
