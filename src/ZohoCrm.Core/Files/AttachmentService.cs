using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Files
{
    /// <summary>
    /// Attachments and record photos (fact sheet §19) through the connection's one pipeline. Files stream both ways:
    /// uploads are read from disk as they are sent (a retry re-opens the file), downloads are written to a temporary
    /// file and renamed once complete.
    /// </summary>
    public sealed class AttachmentService
    {
        /// <summary>Largest attachment Zoho takes (§19.3: 20 MB; links are exempt).</summary>
        public const long DefaultMaxAttachmentBytes = 20L * 1024 * 1024;

        /// <summary>Largest record photo (§19.3: 2 MB in the legacy API, assumed 10 MB in v8).</summary>
        public const long DefaultMaxPhotoBytes = 10L * 1024 * 1024;

        public const int MaxPageSize = 200;

        /// <summary>The list's mandatory <c>fields</c>: what an attachment object shows.</summary>
        public const string ListFields = "id,File_Name,Size,$type,$link_url,$file_id,$se_module,Parent_Id,Owner,Created_Time,Created_By,Modified_Time,$editable";

        private readonly ZohoApiClient _api;

        public AttachmentService(ZohoApiClient api)
        {
            _api = api;
        }

        public long MaxAttachmentBytes { get; set; } = DefaultMaxAttachmentBytes;

        public long MaxPhotoBytes { get; set; } = DefaultMaxPhotoBytes;

        /// <summary>The longest a download or upload may go without a byte moving.</summary>
        public TimeSpan StallTimeout => _api.Options.RequestTimeout;

        private static string RecordPath(string module, string recordId) => Uri.EscapeDataString(module) + "/" + Uri.EscapeDataString(recordId);

        private static string AttachmentsPath(string module, string recordId) => RecordPath(module, recordId) + "/Attachments";

        /// <summary>
        /// Reads a record's attachments page by page (200 each), handing each page to <paramref name="onPage"/>; without
        /// <paramref name="all"/> only the first page. Returns whether more exist past what was read.
        /// </summary>
        public async Task<bool> ListAsync(string module, string recordId, bool all, Func<IReadOnlyList<Attachment>, Task> onPage, IZcrmLog log, CancellationToken ct)
        {
            var page = 1;
            string? pageToken = null;
            while (true)
            {
                var request = new ApiRequest(HttpMethod.Get, AttachmentsPath(module, recordId))
                    .AddQuery("fields", ListFields)
                    .AddQuery("per_page", MaxPageSize.ToString(CultureInfo.InvariantCulture));
                if (pageToken != null) request.AddQuery("page_token", pageToken);
                else request.AddQuery("page", page.ToString(CultureInfo.InvariantCulture));
                var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
                if (body == null) return false; // 204: no attachments
                var rows = (body["data"] as JArray)?.OfType<JObject>().Select(r => Attachment.FromJson(r, module, recordId)).ToList() ?? new List<Attachment>();
                await onPage(rows).ConfigureAwait(false);
                var info = body["info"] as JObject;
                var more = (bool?)info?["more_records"] ?? false;
                if (!more) return false;
                if (!all) return true;
                var next = (string?)info?["next_page_token"];
                if (!string.IsNullOrEmpty(next)) pageToken = next;
                else page++;
            }
        }

        /// <summary>Downloads one attachment to disk. A cut transfer is retried from the start; the file appears only when complete.</summary>
        public Task<SavedFile> DownloadAsync(string module, string recordId, string attachmentId, DownloadTarget target, Action<long, long?>? progress, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, AttachmentsPath(module, recordId) + "/" + Uri.EscapeDataString(attachmentId));
            request.Headers["Accept"] = "*/*";
            return _api.SendAsync(request, async (response, _) =>
            {
                // 204 means no file; a 200 with an empty body is an empty file.
                if (response.StatusCode == 204)
                    throw new LocalFileException(LocalFileException.NothingToDownload, $"Zoho has no file for attachment {attachmentId} of {module} record {recordId}.", null);
                return await FileDownload.SaveAsync(response, target, StallTimeout, progress, ct).ConfigureAwait(false);
            }, log, ct);
        }

        /// <summary>Refuses, before any call, a file that is missing or over <paramref name="limit"/> bytes.</summary>
        public static FileInfo CheckUpload(string path, long limit)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
                throw new LocalFileException(LocalFileException.FileNotFound, $"The file '{path}' does not exist.", path);
            if (file.Length > limit)
                throw new LocalFileException(LocalFileException.FileTooLarge,
                    $"The file '{path}' is {FormatSize(file.Length)}; Zoho takes at most {FormatSize(limit)}.", path) { Limit = limit };
            return file;
        }

        /// <summary>
        /// Uploads a file as an attachment (multipart, part <c>file</c>). Not repeated when its outcome is unknown (a
        /// second upload would attach the file twice); a 429 or a token refresh sends it again from the start.
        /// </summary>
        public async Task<Attachment> UploadAsync(string module, string recordId, string path, string? fileName, Action<long>? progress, IZcrmLog log, CancellationToken ct)
        {
            var file = CheckUpload(path, MaxAttachmentBytes);
            var name = string.IsNullOrEmpty(fileName) ? file.Name : fileName!;
            var request = new ApiRequest(HttpMethod.Post, AttachmentsPath(module, recordId))
            {
                IsIdempotent = false,
                ContentFactory = () => new MultipartFileContent("file", file.FullName, name, "application/octet-stream", progress, ct),
                Timeout = UploadTimeout(file.Length),
            };
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var created = Created(body, request);
            created.FileName = name;
            created.Size = file.Length;
            created.Type = "Attachment";
            created.ParentModule = module;
            created.ParentId = recordId;
            return created;
        }

        /// <summary>Attaches a link (POST with attachmentUrl and title, no body).</summary>
        public async Task<Attachment> AddLinkAsync(string module, string recordId, string url, string? title, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Post, AttachmentsPath(module, recordId)) { IsIdempotent = false }
                .AddQuery("attachmentUrl", url)
                .AddQuery("title", string.IsNullOrEmpty(title) ? null : title);
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var created = Created(body, request);
            created.FileName = string.IsNullOrEmpty(title) ? url : title;
            created.LinkUrl = url;
            created.Type = "Link";
            created.ParentModule = module;
            created.ParentId = recordId;
            return created;
        }

        /// <summary>Attachment ids per DELETE ?ids= call.</summary>
        public const int MaxIdsPerDelete = 100;

        /// <summary>
        /// Deletes attachments of one record, up to 100 per call (DELETE …/Attachments?ids=, 1 credit a call). Returns
        /// each id's outcome: null when deleted, else Zoho's error for it. A delete is safe to repeat, so it is retried.
        /// </summary>
        public async Task<IReadOnlyDictionary<string, ZohoApiException?>> DeleteManyAsync(string module, string recordId, IReadOnlyList<string> attachmentIds, IZcrmLog log, CancellationToken ct)
        {
            var outcomes = new Dictionary<string, ZohoApiException?>(StringComparer.Ordinal);
            for (var start = 0; start < attachmentIds.Count; start += MaxIdsPerDelete)
            {
                var chunk = attachmentIds.Skip(start).Take(MaxIdsPerDelete).ToList();
                var request = new ApiRequest(HttpMethod.Delete, AttachmentsPath(module, recordId)) { AllowErrorStatus = true }
                    .AddQuery("ids", string.Join(",", chunk));
                var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
                if (!(body?["data"] is JArray entries))
                {
                    // A top-level error (unknown module or record) is every id's outcome.
                    if (ZohoErrorBody.TryRead(body, out var code, out var message, out var details))
                        throw new ZohoApiException(400, code, message, details, request.Method.Method, request.ResolvePath(_api.ApiVersion));
                    throw new ZohoApiException(200, "UNEXPECTED_RESPONSE", "Zoho answered the delete without a result per attachment.", null, request.Method.Method, request.ResolvePath(_api.ApiVersion));
                }
                for (var i = 0; i < chunk.Count; i++)
                {
                    var entry = entries.OfType<JObject>().FirstOrDefault(e => (string?)e["details"]?["id"] == chunk[i]) ?? (i < entries.Count ? entries[i] as JObject : null);
                    if (entry != null && (string?)entry["status"] == "success")
                    {
                        outcomes[chunk[i]] = null;
                        continue;
                    }
                    ZohoErrorBody.TryRead(entry, out var code, out var message, out var details);
                    outcomes[chunk[i]] = new ZohoApiException(400, string.IsNullOrEmpty(code) ? "NOT_DELETED" : code, string.IsNullOrEmpty(message) ? "Zoho did not confirm the delete." : message, details,
                        request.Method.Method, request.ResolvePath(_api.ApiVersion));
                }
            }
            return outcomes;
        }

        /// <summary>Checks a photo before any call: it exists, is PNG, JPEG, GIF or BMP by its content, and fits the size limit. Returns its media type.</summary>
        public string CheckPhoto(string path)
        {
            var file = CheckUpload(path, MaxPhotoBytes);
            return ImageFormat.MediaTypeOfFile(file.FullName)
                ?? throw new LocalFileException(LocalFileException.UnsupportedImage, $"The file '{path}' is not a PNG, JPEG, GIF or BMP image.", path);
        }

        /// <summary>Sets (replaces) a record's photo. Replacing is safe to repeat, so it is retried like a GET.</summary>
        public async Task SetPhotoAsync(string module, string recordId, string path, bool skipWorkflow, IZcrmLog log, CancellationToken ct)
        {
            var mediaType = CheckPhoto(path);
            var file = new FileInfo(path);
            var request = new ApiRequest(HttpMethod.Post, RecordPath(module, recordId) + "/photo")
            {
                IsIdempotent = true,
                ContentFactory = () => new MultipartFileContent("file", file.FullName, file.Name, mediaType, null, ct),
                Timeout = UploadTimeout(file.Length),
            }.AddQuery("restrict_triggers", skipWorkflow ? "workflow" : null);
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            ThrowIfFailed(body, request);
        }

        /// <summary>Downloads a record's photo; null when the record has none (204).</summary>
        public Task<SavedFile?> DownloadPhotoAsync(string module, string recordId, DownloadTarget target, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, RecordPath(module, recordId) + "/photo");
            request.Headers["Accept"] = "image/*, */*";
            return _api.SendAsync<SavedFile?>(request, async (response, _) =>
            {
                if (response.StatusCode == 204) return null;
                var named = target;
                if (target.FileName == null)
                {
                    // Without a name from Zoho, the file is named after the record, with the extension of its type.
                    var fallback = module + "-" + recordId + ImageFormat.ExtensionOf(response.MediaType);
                    named = new DownloadTarget(target.Folder, null, fallback, target.Overwrite);
                }
                return await FileDownload.SaveAsync(response, named, StallTimeout, null, ct).ConfigureAwait(false);
            }, log, ct);
        }

        public async Task DeletePhotoAsync(string module, string recordId, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Delete, RecordPath(module, recordId) + "/photo");
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            ThrowIfFailed(body, request);
        }

        /// <summary>An upload may take as long as the file needs at 64 KB/s, and never less than one call's timeout.</summary>
        private TimeSpan UploadTimeout(long bytes)
        {
            var needed = TimeSpan.FromSeconds(bytes / (64.0 * 1024));
            return needed > _api.Options.RequestTimeout ? needed : _api.Options.RequestTimeout;
        }

        private Attachment Created(JToken? body, ApiRequest request)
        {
            ThrowIfFailed(body, request);
            var details = ((body?["data"] as JArray)?.FirstOrDefault() as JObject)?["details"] as JObject
                ?? throw new ZohoApiException(200, "UNEXPECTED_RESPONSE", "Zoho accepted the attachment but did not say its id.", null, request.Method.Method, request.ResolvePath(_api.ApiVersion));
            return new Attachment
            {
                Id = (string?)details["id"] ?? string.Empty,
                CreatedTime = Attachment.ParseTime(details["Created_Time"]),
                ModifiedTime = Attachment.ParseTime(details["Modified_Time"]),
                CreatedBy = (string?)(details["Created_By"] as JObject)?["name"],
                Owner = (string?)(details["Created_By"] as JObject)?["name"],
                OwnerId = (string?)(details["Created_By"] as JObject)?["id"],
            };
        }

        /// <summary>A success answer is {"data":[{status:"success"}]} or, for photos, the bare object; an error entry is thrown.</summary>
        private void ThrowIfFailed(JToken? body, ApiRequest request)
        {
            var entry = ((body?["data"] as JArray)?.FirstOrDefault() as JObject) ?? body as JObject;
            if (entry == null || (string?)entry["status"] != "error") return;
            ZohoErrorBody.TryRead(entry, out var code, out var message, out var details);
            throw new ZohoApiException(400, code, message, details, request.Method.Method, request.ResolvePath(_api.ApiVersion));
        }

        public static string FormatSize(long bytes)
        {
            if (bytes >= 1024 * 1024) return (bytes / (1024.0 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " MB";
            if (bytes >= 1024) return (bytes / 1024.0).ToString("0.##", CultureInfo.InvariantCulture) + " KB";
            return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        }
    }
}
