using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Bulk;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Writes;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Bulk write (fact sheet §21, bulk_write.json): POST /crm/v8/upload (the zip, with the feature and X-CRM-ORG headers;
/// any host, as the sheet asks), POST /crm/bulk/v8/write (a job, 500 credits), GET write/{job_id} (its status and
/// counts), GET write/{job_id}/result (the result zip its download_url points to).
/// </summary>
internal static class BulkWriteEndpoints
{
    public const string UploadFeature = "bulk-write";

    public static void MapUpload(ApiRouter router) => router
        .Map("POST", "upload", UploadAsync, ctx => ctx.Options.BulkWriteUploadCreditCost);

    public static void Map(ApiRouter bulkRouter) => bulkRouter
        .Map("POST", "write", CreateAsync, ctx => ctx.Options.BulkWriteCreateCreditCost, _ => true)
        .Map("GET", "write/{job_id}", StatusAsync, ctx => ctx.Options.BulkWriteStatusCreditCost)
        .Map("GET", "write/{job_id}/result", ResultAsync, _ => 0);

    private static BulkWriteJobs Jobs(ApiContext ctx) => ctx.State.BulkWrites;

    private static ZohoError Error(int status, string code, string message, JsonObject? details = null) => new(status, code, message, details ?? new JsonObject());

    private static async Task<ApiResult> UploadAsync(ApiContext ctx)
    {
        if (ctx.Options.BulkWriteUploadRequiresFilesScope && ctx.RequireScope(new ScopeRequirement("ZohoFiles", ["files"], "CREATE")) is { } scope)
        {
            return scope;
        }

        if (!string.Equals(ctx.Header("feature"), UploadFeature, StringComparison.Ordinal) || ctx.Header("X-CRM-ORG") != ctx.State.Org.Zgid)
        {
            // bulk_write.json's API_Exception: "x-error" and "info" rather than a code.
            return ApiResult.Json(new JsonObject
            {
                ["status"] = "error",
                ["x-error"] = "check if headers [feature, X-CRM-ORG] are present and valid",
                ["info"] = "Forbidden",
            }, ctx.Options.BulkWriteUploadHeaderErrorStatusCode);
        }

        var request = ctx.Http.Request;
        if (!request.HasFormContentType)
        {
            return Error(400, "INVALID_FILE_FORMAT", "invalid file format. only zip format is supported");
        }

        var form = await request.ReadFormAsync(ctx.Aborted).ConfigureAwait(false);
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return Error(400, "MISSING_REQUIRED_KEY", "required key file is not found in request body.", new JsonObject { ["api_name"] = "file" });
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ctx.Aborted).ConfigureAwait(false);
        buffer.Position = 0;
        string csvName;
        string text;
        try
        {
            using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            var csvs = zip.Entries.Where(e => e.Length > 0 || e.Name.Length > 0).ToList();
            if (csvs.Count != 1 || !csvs[0].Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "FILE_NOT_SUPPORTED", "File not supported for bulk write");
            }

            if (csvs[0].Length > ctx.Options.BulkWriteMaxCsvBytes)
            {
                return Error(400, "FILE_TOO_LARGE", "File size too large to process");
            }

            csvName = csvs[0].Name;
            using var reader = new StreamReader(csvs[0].Open(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            text = await reader.ReadToEndAsync(ctx.Aborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return Error(400, "INVALID_FILE_FORMAT", "invalid file format. only zip format is supported");
        }

        var rows = BulkWriteCsv.Parse(text);
        if (rows.Count == 0)
        {
            return Error(400, "FILE_NOT_SUPPORTED", "File not supported for bulk write");
        }

        if (rows[0].Length > ctx.Options.BulkWriteMaxColumns)
        {
            return Error(400, "HEADER_LIMIT_EXCEEDED", "the number of columns exceeds the limit", new JsonObject { ["limit"] = ctx.Options.BulkWriteMaxColumns });
        }

        if (rows.Count - 1 > ctx.Options.BulkWriteMaxRows)
        {
            return Error(400, "LIMIT_EXCEEDED", "the number of records exceeds the limit", new JsonObject { ["limit"] = ctx.Options.BulkWriteMaxRows });
        }

        var id = Jobs(ctx).AddUpload(csvName, rows);
        return ApiResult.Json(new JsonObject
        {
            ["status"] = "success",
            ["code"] = "FILE_UPLOAD_SUCCESS",
            ["message"] = "file uploaded.",
            ["details"] = new JsonObject { ["file_id"] = ZohoIds.Format(id), ["created_time"] = ZohoTime.FormatDateTime(ZohoTime.TruncateToSeconds(ctx.Now)) },
        });
    }

    private static async Task<ApiResult> CreateAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("CREATE", "bulk")) is { } bulkScope)
        {
            return bulkScope;
        }

        var (element, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var root = JsonNode.Parse(element.GetRawText())!.AsObject();

        var operation = root["operation"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? root["operation"]!.GetValue<string>() : null;
        if (operation is null)
        {
            return Error(400, "MISSING_REQUIRED_KEY", "required key operation is not found in request body.", new JsonObject { ["api_name"] = "operation" });
        }

        if (operation is not ("insert" or "update" or "upsert"))
        {
            return Error(400, "INVALID_DATA", "invalid data", new JsonObject { ["api_name"] = "operation", ["json_path"] = "$.operation" });
        }

        string? callbackUrl = null;
        if (root["callback"] is JsonObject callback)
        {
            var method = callback["method"]?.ToString();
            if (!string.Equals(method, "post", StringComparison.Ordinal))
            {
                return Error(400, "INVALID_CALLBACK_METHOD", "the callback method is not supported", new JsonObject { ["supported_callback_methods"] = new JsonArray("post") });
            }

            callbackUrl = callback["url"]?.ToString();
            if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var url) || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback && ctx.Options.BulkCallbackAllowsLoopbackHttp)))
            {
                return Error(400, "INVALID_DATA", "invalid data", new JsonObject { ["api_name"] = "url", ["json_path"] = "$.callback.url" });
            }
        }

        if (root["resource"] is not JsonArray resources || resources.Count == 0 || resources[0] is not JsonObject resource)
        {
            return Error(400, "MISSING_REQUIRED_KEY", "required key resource is not found in request body.", new JsonObject { ["api_name"] = "resource" });
        }

        var moduleName = resource["module"] is JsonObject m ? m["api_name"]?.ToString() : resource["module"]?.ToString();
        var module = moduleName is null ? null : ctx.State.Catalog.Find(moduleName);
        if (module is null || ctx.State.Store.Records(module.ApiName) is null)
        {
            return Error(400, "MODULE_NOT_AVAILABLE", $"Requested module '{moduleName}' is not available.", new JsonObject { ["api_name"] = "module" });
        }

        if (ctx.RequireScope(ScopeRequirement.Crm("CREATE", "modules", module.ApiName.ToLowerInvariant())) is { } moduleScope)
        {
            return moduleScope;
        }

        var upload = Jobs(ctx).FindUpload(resource["file_id"]?.ToString());
        if (upload is null)
        {
            return Error(400, "INVALID_FILE_ID", "improper file id", new JsonObject { ["api_name"] = "file_id" });
        }

        var ignoreEmpty = (resource["ignore_empty"] ?? root["ignore_empty"])?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var columns = upload.Rows[0].Length;
        var mappings = new List<BulkWriteMapping>();
        if (resource["field_mappings"] is JsonArray fieldMappings)
        {
            foreach (var node in fieldMappings.OfType<JsonObject>())
            {
                var apiName = node["api_name"]?.ToString();
                var field = apiName == "id" ? new FieldDefinition("id", "Record Id", FieldDataType.BigInt) : apiName is null ? null : module.Field(apiName);
                if (field is null)
                {
                    return Error(400, "INVALID_FIELD_NAME", $"invalid mapping. invalid api_name {apiName}.", new JsonObject { ["api_name"] = apiName });
                }

                int? index = node["index"] is JsonValue iv && iv.TryGetValue<int>(out var i) ? i : null;
                var defaultValue = node["default_value"]?["value"]?.ToString();
                if (index is null && defaultValue is null)
                {
                    return Error(400, "MISSING_REQUIRED_KEY", $"required key index for field {field.ApiName} is not found in request body.", new JsonObject { ["api_name"] = "index" });
                }

                if (index is { } at && (at < 0 || at >= columns))
                {
                    return Error(400, "COLUMN_INDEX_NOT_FOUND", $"the column index {at} is not found in the file", new JsonObject { ["index"] = at, ["api_name"] = field.ApiName });
                }

                mappings.Add(new BulkWriteMapping(field, index, defaultValue, node["find_by"]?.ToString(), node["format"]?.ToString()));
            }
        }
        else
        {
            // §21.2 (?): without field_mappings the CSV headers must be API names.
            for (var i = 0; i < columns; i++)
            {
                var name = upload.Rows[0][i].Trim();
                var field = name == "id" ? new FieldDefinition("id", "Record Id", FieldDataType.BigInt) : module.Field(name);
                if (field is null)
                {
                    return Error(400, "INVALID_FIELD_NAME", $"invalid mapping. invalid api_name {name}.", new JsonObject { ["api_name"] = name });
                }

                mappings.Add(new BulkWriteMapping(field, i, null, null, null));
            }
        }

        FieldDefinition? findBy = null;
        var findById = false;
        if (operation != "insert")
        {
            var findByName = resource["find_by"]?.ToString();
            if (findByName is null)
            {
                return Error(400, "MISSING_REQUIRED_KEY", "required key find_by is not found in request body.", new JsonObject { ["api_name"] = "find_by" });
            }

            findById = findByName == "id";
            findBy = findById ? null : module.Field(findByName);
            if (!findById && findBy is null)
            {
                return Error(400, "INVALID_FIELD", "the find_by field is invalid", new JsonObject { ["api_name"] = findByName });
            }

            if (!mappings.Any(x => x.Field.ApiName == findByName))
            {
                return Error(400, "MANDATORY_FIELDS_NOT_MAPPED", "the find_by field is not mapped", new JsonObject { ["api_name"] = findByName });
            }
        }

        if (operation == "insert")
        {
            var unmapped = module.Fields.Where(f => f.SystemMandatory && !mappings.Any(x => x.Field.ApiName == f.ApiName)).Select(f => f.ApiName).ToList();
            if (unmapped.Count > 0)
            {
                return Error(400, "MANDATORY_FIELDS_NOT_MAPPED", "All mandatory fields are not mapped for the layout", new JsonObject { ["api_name"] = unmapped[0] });
            }
        }

        var downloadBase = ctx.Http.Request.Scheme + "://" + ctx.Http.Request.Host.Value;
        var job = Jobs(ctx).Create(operation, module, upload, mappings, findBy, findById, ignoreEmpty, callbackUrl, downloadBase);
        return ApiResult.Json(new JsonObject
        {
            ["status"] = "success",
            ["code"] = "SUCCESS",
            ["message"] = "success",
            ["details"] = new JsonObject
            {
                ["id"] = ZohoIds.Format(job.Id),
                ["created_by"] = new JsonObject { ["id"] = ZohoIds.Format(job.CreatedBy.Id), ["name"] = job.CreatedBy.Name },
            },
        }, 201);
    }

    private static Task<ApiResult> StatusAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "bulk")) is { } scope)
        {
            return Task.FromResult<ApiResult>(scope);
        }

        var job = Jobs(ctx).Find(ctx.Route["job_id"]);
        if (job is null)
        {
            return Task.FromResult<ApiResult>(Error(ctx.Options.BulkWriteJobNotFoundStatusCode, "RESOURCE_NOT_FOUND", "The requested resource doesn't exist.", new JsonObject { ["resource"] = "job_id" }));
        }

        JsonObject detail;
        lock (job.Gate)
        {
            detail = BulkWriteJson.Detail(job, ctx.Options);
        }

        return Task.FromResult(ApiResult.Json(ctx.Options.BulkWriteStatusWrapsInData ? new JsonObject { ["data"] = new JsonArray(detail) } : detail));
    }

    private static Task<ApiResult> ResultAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "bulk")) is { } scope)
        {
            return Task.FromResult<ApiResult>(scope);
        }

        var jobs = Jobs(ctx);
        var job = jobs.Find(ctx.Route["job_id"]);
        byte[]? result = null;
        if (job is not null)
        {
            lock (job.Gate)
            {
                result = job.Status == "COMPLETED" ? job.Result : null;
            }
        }

        if (job is null || result is null || jobs.IsExpired(job))
        {
            return Task.FromResult<ApiResult>(Error(ctx.Options.BulkWriteResultUnavailableStatusCode, "RESOURCE_NOT_FOUND", "The requested resource doesn't exist.", new JsonObject { ["resource"] = "file" }));
        }

        return Task.FromResult<ApiResult>(new FileResult(result, "application/zip", ZohoIds.Format(job.Id) + ".zip"));
    }
}
