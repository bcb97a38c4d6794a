using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Files;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Attachments and record photos (fact sheet §19): list (204 when none), download with Content-Disposition, upload
/// (multipart part "file") or link (attachmentUrl), delete; photo upload, download and delete with format and size checks.
/// </summary>
internal static class AttachmentEndpoints
{
    /// <summary>Every field of an attachment row (attachments.json Attachment), the names "fields" may ask for.</summary>
    private static readonly HashSet<string> AttachmentFields = new(StringComparer.Ordinal)
    {
        "id", "File_Name", "Size", "Owner", "Modified_By", "Created_By", "Parent_Id", "Modified_Time", "Created_Time",
        "$sharing_permission", "$attachment_type", "$editable", "$file_id", "$type", "$se_module", "$state", "$link_url",
    };

    public static void Map(ApiRouter router) => router
        .Map("GET", "{module}/{id}/Attachments", ListAsync)
        .Map("POST", "{module}/{id}/Attachments", UploadAsync)
        .Map("DELETE", "{module}/{id}/Attachments", DeleteManyAsync)
        .Map("GET", "{module}/{id}/Attachments/{attachment}", DownloadAsync)
        .Map("DELETE", "{module}/{id}/Attachments/{attachment}", DeleteOneAsync)
        .Map("GET", "{module}/{id}/photo", GetPhotoAsync)
        .Map("POST", "{module}/{id}/photo", SetPhotoAsync)
        .Map("DELETE", "{module}/{id}/photo", DeletePhotoAsync);

    private static ZohoError InvalidInPath(string code, int index) => new(400, code, code == "INVALID_MODULE" ? "the module name given seems to be invalid" : ZohoError.InvalidIdMessage,
        new JsonObject { ["related_status"] = "invalid", ["resource_path_index"] = index });

    /// <summary>The module and record of the path, and the scopes the call needs; null with the error otherwise.</summary>
    private static (ModuleRecordSet Set, CrmRecord Record)? Parent(ApiContext ctx, string operation, out ZohoError? error)
    {
        var module = ctx.State.Catalog.Find(ctx.Route["module"]);
        if (module is null)
        {
            error = InvalidInPath("INVALID_MODULE", 0);
            return null;
        }

        var moduleScope = ScopeRequirement.Crm(operation == "READ" ? "READ" : "WRITE", "modules", module.ApiName.ToLowerInvariant());
        var attachmentScope = ScopeRequirement.Crm(operation, "modules", "attachments");
        if (!ctx.Token.Scopes.Covers(moduleScope) && !ctx.Token.Scopes.Covers(attachmentScope))
        {
            error = ZohoError.ScopeMismatch(ctx.Options.ScopeMismatchStatusCode);
            return null;
        }

        var (set, record) = RecordInPath(ctx, module);
        if (record is null)
        {
            error = InvalidInPath("INVALID_DATA", 1);
            return null;
        }

        error = null;
        return (set, record);
    }

    /// <summary>The module's records and the one the path's {id} names (null when the id is malformed or unknown).</summary>
    private static (ModuleRecordSet Set, CrmRecord? Record) RecordInPath(ApiContext ctx, ModuleDefinition module)
    {
        var set = ctx.State.Store.Records(module.ApiName)!;
        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return (set, null);
        }

        lock (set.Gate)
        {
            return (set, set.Find(id));
        }
    }

    private static async Task<ApiResult> ListAsync(ApiContext ctx)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (Parent(ctx, "READ", out var error) is not { } parent)
        {
            return error!;
        }

        var fields = ctx.Query("fields");
        if (string.IsNullOrWhiteSpace(fields))
        {
            return ZohoError.RequiredParamMissing(ctx.Options.RequiredParamDetailsKey, "fields");
        }

        if (fields.Split(',', StringSplitOptions.TrimEntries).Any(f => !AttachmentFields.Contains(f)))
        {
            return ZohoError.InvalidParam("fields");
        }

        if (!Paging.TryRead(ctx, out var page, out var perPage, out error))
        {
            return error!;
        }

        var all = ctx.State.Attachments.Of(parent.Set.Module.ApiName, parent.Record.Id);
        if (ctx.Query("ids") is { } ids)
        {
            var wanted = ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            all = all.Where(a => wanted.Contains(ZohoIds.Format(a.Id))).ToList();
        }

        var rows = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (rows.Count == 0)
        {
            return ApiResult.NoContent;
        }

        string parentName;
        lock (parent.Set.Gate)
        {
            parentName = parent.Set.DisplayName(parent.Record);
        }

        var data = new JsonArray();
        foreach (var row in rows)
        {
            data.Add(RowJson(ctx, row, parentName));
        }

        return ApiResult.Json(new JsonObject
        {
            ["data"] = data,
            ["info"] = new JsonObject
            {
                ["per_page"] = perPage,
                ["page"] = page,
                ["count"] = rows.Count,
                ["more_records"] = all.Count > page * perPage,
            },
        });
    }

    private static JsonObject User(CrmUser user) => new() { ["name"] = user.FullName, ["id"] = ZohoIds.Format(user.Id), ["email"] = user.Email };

    private static JsonObject RowJson(ApiContext ctx, StoredAttachment row, string parentName) => new()
    {
        ["Owner"] = User(row.Owner),
        ["Modified_By"] = User(row.Owner),
        ["Created_By"] = User(row.Owner),
        ["Parent_Id"] = new JsonObject { ["id"] = ZohoIds.Format(row.RecordId), ["name"] = parentName },
        ["$sharing_permission"] = "full_access",
        ["$attachment_type"] = row.IsLink ? 3 : 1,
        ["id"] = ZohoIds.Format(row.Id),
        ["Modified_Time"] = ZohoTime.FormatDateTime(row.CreatedTime),
        ["Created_Time"] = ZohoTime.FormatDateTime(row.CreatedTime),
        ["File_Name"] = row.FileName,
        ["Size"] = row.Content.Length.ToString(CultureInfo.InvariantCulture),
        ["$editable"] = true,
        ["$file_id"] = row.IsLink ? string.Empty : ZohoIds.Format(row.FileId),
        ["$type"] = row.IsLink ? ctx.Options.LinkAttachmentType : "Attachment",
        ["$se_module"] = row.Module,
        ["$state"] = "save",
        ["$link_url"] = row.LinkUrl,
    };

    private static async Task<ApiResult> UploadAsync(ApiContext ctx)
    {
        if (Parent(ctx, "CREATE", out var error) is not { } parent)
        {
            return error!;
        }

        var module = parent.Set.Module.ApiName;
        var owner = ctx.State.Users.Current;
        StoredAttachment stored;
        if (ctx.Query("attachmentUrl") is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
            {
                return ZohoError.InvalidParam("attachmentUrl");
            }

            var title = ctx.Query("title");
            stored = ctx.State.Attachments.Add(module, parent.Record.Id, string.IsNullOrEmpty(title) ? url : title, [], "text/uri-list", url, owner, ctx.Now);
        }
        else
        {
            var (file, problem) = await ReadFilePartAsync(ctx, ctx.Options.AttachmentMaxBytes).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            stored = ctx.State.Attachments.Add(module, parent.Record.Id, file!.Name, file.Content, file.ContentType, null, owner, ctx.Now);
        }

        var time = ZohoTime.FormatDateTime(stored.CreatedTime);
        return ApiResult.Json(new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["code"] = "SUCCESS",
                ["details"] = new JsonObject
                {
                    ["Modified_Time"] = time,
                    ["Modified_By"] = User(owner),
                    ["Created_Time"] = time,
                    ["id"] = ZohoIds.Format(stored.Id),
                    ["Created_By"] = User(owner),
                },
                ["message"] = "attachment uploaded successfully",
                ["status"] = "success",
            }),
        });
    }

    private sealed record FilePart(string Name, byte[] Content, string ContentType);

    /// <summary>The multipart part named "file": INVALID_REQUEST without one, FILE_SIZE_MORE_THAN_ALLOWED_SIZE past the limit.</summary>
    private static async Task<(FilePart? File, ZohoError? Problem)> ReadFilePartAsync(ApiContext ctx, long limit)
    {
        var invalidRequest = new ZohoError(400, "INVALID_REQUEST", "unable to process your request. please verify whether you have entered proper method name, parameter and parameter values.",
            new JsonObject { ["expected_type"] = "multipart/form-data" });
        var request = ctx.Http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return (null, invalidRequest);
        }

        var reader = new MultipartReader(boundary, request.Body);
        FilePart? found = null;
        var tooLarge = false;
        while (await reader.ReadNextSectionAsync(ctx.Aborted).ConfigureAwait(false) is { } section)
        {
            var disposition = section.GetContentDispositionHeader();
            if (found is not null || disposition is null || !disposition.IsFileDisposition() || HeaderUtilities.RemoveQuotes(disposition.Name).Value != "file")
            {
                await section.Body.CopyToAsync(Stream.Null, ctx.Aborted).ConfigureAwait(false);
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
            if (string.IsNullOrEmpty(name))
            {
                name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            }

            using var content = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await section.Body.ReadAsync(buffer, ctx.Aborted).ConfigureAwait(false)) > 0)
            {
                if (content.Length + read > limit)
                {
                    tooLarge = true;
                    continue; // drained, not kept
                }

                content.Write(buffer, 0, read);
            }

            found = new FilePart(string.IsNullOrEmpty(name) ? "file" : name, content.ToArray(), section.ContentType ?? "application/octet-stream");
        }

        if (tooLarge)
        {
            return (null, new ZohoError(ctx.Options.FileTooLargeStatusCode, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE", "File size is more than the allowed size",
                new JsonObject { ["limit"] = limit }));
        }

        return found is null ? (null, invalidRequest) : (found, null);
    }

    private static async Task<ApiResult> DownloadAsync(ApiContext ctx)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (Parent(ctx, "READ", out var error) is not { } parent)
        {
            return error!;
        }

        if (!ZohoIds.TryParse(ctx.Route["attachment"], out var id) ||
            ctx.State.Attachments.Find(parent.Set.Module.ApiName, parent.Record.Id, id) is not { } attachment)
        {
            return InvalidInPath("INVALID_DATA", 3);
        }

        if (attachment.IsLink)
        {
            // A link has no file to download.
            return InvalidInPath("INVALID_DATA", 3);
        }

        return new DownloadResult(attachment.Content, attachment.ContentType, attachment.FileName);
    }

    private static async Task<ApiResult> DeleteOneAsync(ApiContext ctx)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (Parent(ctx, "DELETE", out var error) is not { } parent)
        {
            return error!;
        }

        if (!ZohoIds.TryParse(ctx.Route["attachment"], out var id) || !ctx.State.Attachments.Remove(parent.Set.Module.ApiName, parent.Record.Id, id))
        {
            return InvalidInPath("INVALID_DATA", 3);
        }

        return ApiResult.Json(new JsonObject { ["data"] = new JsonArray(Deleted(ctx.Route["attachment"])) });
    }

    private static JsonObject Deleted(string id) => new()
    {
        ["code"] = "SUCCESS",
        ["details"] = new JsonObject { ["id"] = id },
        ["message"] = "record deleted",
        ["status"] = "success",
    };

    private static async Task<ApiResult> DeleteManyAsync(ApiContext ctx)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (Parent(ctx, "DELETE", out var error) is not { } parent)
        {
            return error!;
        }

        var ids = (ctx.Query("ids") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0)
        {
            return ZohoError.RequiredParamMissing(ctx.Options.RequiredParamDetailsKey, "ids");
        }

        if (ids.Length > ctx.Options.MaxIdsPerRequest)
        {
            return ZohoError.LimitExceeded(ctx.Options.MaxIdsPerRequest, "ids");
        }

        var data = new JsonArray();
        var failed = 0;
        foreach (var text in ids)
        {
            if (ZohoIds.TryParse(text, out var id) && ctx.State.Attachments.Remove(parent.Set.Module.ApiName, parent.Record.Id, id))
            {
                data.Add(Deleted(text));
            }
            else
            {
                failed++;
                data.Add(new JsonObject
                {
                    ["code"] = "INVALID_DATA",
                    ["details"] = new JsonObject { ["id"] = text },
                    ["message"] = ZohoError.InvalidIdMessage,
                    ["status"] = "error",
                });
            }
        }

        var status = failed == 0 ? 200 : failed == ids.Length ? ctx.Options.AllRecordsFailedStatusCode : ctx.Options.PartialSuccessStatusCode;
        return ApiResult.Json(new JsonObject { ["data"] = data }, status);
    }

    // ---- photo ----

    private static (ModuleRecordSet Set, CrmRecord Record)? PhotoParent(ApiContext ctx, string operation, out ZohoError? error)
    {
        var module = ctx.State.Catalog.Find(ctx.Route["module"]);
        if (module is null)
        {
            error = ZohoError.InvalidModuleInPath(0);
            return null;
        }

        if (!ctx.Options.PhotoModules.Contains(module.ApiName, StringComparer.Ordinal))
        {
            error = ZohoError.InvalidUrlPattern() with { StatusCode = ctx.Options.PhotoUnsupportedModuleStatusCode };
            return null;
        }

        var scopes = operation == "READ" ? new[] { "READ" } : operation == "DELETE" ? new[] { "DELETE", "WRITE" } : new[] { "WRITE", "CREATE" };
        if (!scopes.Any(s => ctx.Token.Scopes.Covers(ScopeRequirement.Crm(s, "modules", module.ApiName.ToLowerInvariant()))))
        {
            error = ZohoError.ScopeMismatch(ctx.Options.ScopeMismatchStatusCode);
            return null;
        }

        var (set, record) = RecordInPath(ctx, module);
        if (record is null)
        {
            error = new ZohoError(400, "INVALID_DATA", ZohoError.InvalidIdMessage, new JsonObject { ["id"] = ctx.Route["id"] });
            return null;
        }

        error = null;
        return (set, record);
    }

    private static async Task<ApiResult> GetPhotoAsync(ApiContext ctx)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (PhotoParent(ctx, "READ", out var error) is not { } parent)
        {
            return error!;
        }

        return ctx.State.Attachments.Photo(parent.Set.Module.ApiName, parent.Record.Id) is { } photo
            ? new DownloadResult(photo.Content, photo.ContentType, photo.FileName)
            : ApiResult.NoContent;
    }

    private static async Task<ApiResult> SetPhotoAsync(ApiContext ctx)
    {
        if (PhotoParent(ctx, "CREATE", out var error) is not { } parent)
        {
            return error!;
        }

        var (file, problem) = await ReadFilePartAsync(ctx, ctx.Options.PhotoMaxBytes).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (ImageType(file!.Content) is not { } contentType)
        {
            return new ZohoError(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = "file", ["expected_data_type"] = "image" });
        }

        ctx.State.Attachments.SetPhoto(parent.Set.Module.ApiName, parent.Record.Id, new StoredPhoto(file.Content, contentType, file.Name));
        return ApiResult.Json(new JsonObject { ["code"] = "SUCCESS", ["details"] = new JsonObject(), ["message"] = "photo uploaded successfully", ["status"] = "success" });
    }

    private static async Task<ApiResult> DeletePhotoAsync(ApiContext ctx)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (PhotoParent(ctx, "DELETE", out var error) is not { } parent)
        {
            return error!;
        }

        ctx.State.Attachments.RemovePhoto(parent.Set.Module.ApiName, parent.Record.Id);
        return ApiResult.Json(new JsonObject { ["code"] = "SUCCESS", ["details"] = new JsonObject(), ["message"] = "photo deleted successfully", ["status"] = "success" });
    }

    /// <summary>PNG, JPEG, GIF or BMP by the first bytes (§19.3); null for anything else.</summary>
    internal static string? ImageType(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'B', (byte)'M', ..] => "image/bmp",
        _ => null,
    };
}
