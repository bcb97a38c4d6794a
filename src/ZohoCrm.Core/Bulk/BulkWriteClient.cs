using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// Bulk write (fact sheet §21) through the connection's one pipeline: upload a zip to the upload host with the
    /// feature and X-CRM-ORG headers, create a job for it (a POST never repeated when its outcome is unknown: a second
    /// job would write the rows twice and cost another 500 credits), poll it with backoff, and download its result.
    /// </summary>
    public sealed class BulkWriteClient
    {
        /// <summary>Credits of creating a job (§8.1).</summary>
        public const int CreateCredits = 500;

        /// <summary>§21.1: a status poll costs 1 (?).</summary>
        public const int StatusCredits = 1;

        /// <summary>§21.1: the upload and the result download are not charged ("—").</summary>
        public const int UploadCredits = 0;

        public const int DownloadCredits = 0;

        private static readonly ConditionalWeakTable<ZohoApiClient, OrgIdHolder> OrgIds = new ConditionalWeakTable<ZohoApiClient, OrgIdHolder>();

        private readonly ZohoApiClient _api;

        public BulkWriteClient(ZohoApiClient api, DataCenter? dataCenter = null, Uri? uploadUri = null)
        {
            _api = api;
            UploadUri = uploadUri != null ? UrlPolicy.RequireSecure(uploadUri, "upload URL") : UploadUriFor(api.ApiDomain, dataCenter);
        }

        /// <summary>Where zips are uploaded: POST {UploadUri}/crm/{version}/upload.</summary>
        public Uri UploadUri { get; }

        public TimeSpan PollInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        public string BasePath => "/crm/bulk/" + _api.ApiVersion + "/write";

        /// <summary>
        /// §21.1: https://upload.zoho.com for every data centre, the accelerated hosts where Zoho names one for the
        /// data centre (EU, IN); a loopback API domain (the emulator) or one of no known data centre takes the upload
        /// itself.
        /// </summary>
        public static Uri UploadUriFor(Uri apiDomain, DataCenter? dataCenter)
        {
            if (UrlPolicy.IsLoopback(apiDomain)) return new Uri(apiDomain.GetLeftPart(UriPartial.Authority));
            var dc = dataCenter ?? ZohoEndpoints.DataCenterOf(apiDomain);
            switch (dc)
            {
                case null:
                    return new Uri(apiDomain.GetLeftPart(UriPartial.Authority));
                case DataCenter.EU:
                    return new Uri("https://upload-accl.zoho.eu");
                case DataCenter.IN:
                    return new Uri("https://upload-accl.zoho.in");
                default:
                    return new Uri("https://upload.zoho.com");
            }
        }

        /// <summary>The org's zgid for the X-CRM-ORG header, read once per connection from GET /org.</summary>
        public async Task<string> GetOrgIdAsync(IZcrmLog log, CancellationToken ct)
        {
            var holder = OrgIds.GetValue(_api, _ => new OrgIdHolder());
            if (holder.Zgid != null) return holder.Zgid;
            var body = await _api.SendForJsonAsync(new ApiRequest(HttpMethod.Get, "org"), log, ct).ConfigureAwait(false);
            var org = (body?["org"] as JArray)?.FirstOrDefault() as JObject;
            var zgid = BulkWriteJob.Text(org?["zgid"]);
            if (string.IsNullOrEmpty(zgid))
                throw new BulkWriteException(BulkWriteException.NoOrgId, "Zoho's org details carry no zgid, which the upload's X-CRM-ORG header needs.");
            return holder.Zgid = zgid!;
        }

        /// <summary>Uploads one sealed zip; returns Zoho's file_id. A refusal is <see cref="BulkWriteException.UploadRefused"/>.</summary>
        public async Task<string> UploadAsync(BulkWriteFile file, IZcrmLog log, CancellationToken ct)
        {
            var zgid = await GetOrgIdAsync(log, ct).ConfigureAwait(false);
            var request = new ApiRequest(HttpMethod.Post, "/crm/" + _api.ApiVersion + "/upload")
            {
                BaseUri = UploadUri,
                Credits = UploadCredits,
                // Sending the same zip again only makes another file id: safe to retry.
                IsIdempotent = true,
                ContentFactory = () =>
                {
                    var content = new MultipartFormDataContent("zcrm-" + Guid.NewGuid().ToString("N"));
                    var zip = new StreamContent(file.OpenRead(), 1 << 16);
                    zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
                    content.Add(zip, "file", file.ZipName);
                    return content;
                },
            };
            request.Headers["feature"] = "bulk-write";
            request.Headers["X-CRM-ORG"] = zgid;
            JToken? body;
            try
            {
                body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.HttpStatus >= 400 && ex.HttpStatus < 500 && ex.HttpStatus != 401 && ex.HttpStatus != 429)
            {
                throw new BulkWriteException(BulkWriteException.UploadRefused,
                    $"Zoho refused the upload of {file.ZipName} ({file.RowCount} rows, {file.CsvBytes} bytes of CSV): {ex.Code}: {ex.ZohoMessage}. No job was created for these rows.", null, ex) { ZohoCode = ex.Code };
            }
            var fileId = BulkWriteJob.Text(body?["details"]?["file_id"]);
            if (string.IsNullOrEmpty(fileId))
            {
                var code = BulkWriteJob.Text(body?["code"]) ?? "UNEXPECTED_RESPONSE";
                throw new BulkWriteException(BulkWriteException.UploadRefused,
                    $"Zoho answered the upload of {file.ZipName} without a file id ({code}: {BulkWriteJob.Text(body?["message"]) ?? BulkWriteJob.Text(body?["x-error"]) ?? "no message"}). No job was created for these rows.") { ZohoCode = code };
            }
            log.Verbose($"Uploaded {file.ZipName}: {file.RowCount} rows, {file.CsvBytes} bytes of CSV in {file.ZipBytes} bytes zipped; file id {fileId}.");
            return fileId!;
        }

        /// <summary>Creates the job of one uploaded file (500 credits).</summary>
        public async Task<BulkWriteJob> CreateAsync(BulkWriteSpec spec, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Post, BasePath) { JsonBody = spec.ToJson(), Credits = CreateCredits, IsIdempotent = false };
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var details = body?["details"] as JObject ?? ((body?["data"] as JArray)?.FirstOrDefault()?["details"] as JObject);
            var id = BulkWriteJob.Text(details?["id"])
                ?? throw new ZohoApiException(201, "UNEXPECTED_RESPONSE", "Zoho accepted the bulk write job but did not give its id.", null, "POST", BasePath);
            return new BulkWriteJob(id, BulkWriteJob.Added)
            {
                Operation = spec.Operation,
                Module = spec.Module,
                CallbackUrl = spec.CallbackUrl,
                CreatedBy = BulkWriteJob.Text((details!["created_by"] as JObject)?["name"]),
                CreatedTime = DateTimeOffset.UtcNow,
                TotalCount = 0,
            };
        }

        public async Task<BulkWriteJob> GetAsync(string id, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, BasePath + "/" + Uri.EscapeDataString(id)) { Credits = StatusCredits };
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            try
            {
                return BulkWriteJob.FromStatus(body);
            }
            catch (InvalidOperationException ex)
            {
                throw new ZohoApiException(200, "UNEXPECTED_RESPONSE", $"Zoho answered the status of bulk write job {id} without describing it ({ex.Message}).", null, "GET", request.Path);
            }
        }

        public async Task<BulkWriteJob> RefreshAsync(BulkWriteJob job, IZcrmLog log, CancellationToken ct)
            => job.IsFinished ? job : job.Carry(await GetAsync(job.Id, log, ct).ConfigureAwait(false));

        /// <summary>Polls until COMPLETED or FAILED (returned, not thrown); past <paramref name="timeout"/>, <see cref="BulkWriteException.TimedOut"/>.</summary>
        public async Task<BulkWriteJob> WaitAsync(BulkWriteJob job, TimeSpan? timeout, Action<BulkWriteJob, TimeSpan>? onPoll, IZcrmLog log, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            var delay = PollInitialDelay;
            var current = job;
            while (true)
            {
                current = current.Carry(await GetAsync(job.Id, log, ct).ConfigureAwait(false));
                onPoll?.Invoke(current, watch.Elapsed);
                if (current.IsFinished) return current;
                if (timeout.HasValue)
                {
                    var left = timeout.Value - watch.Elapsed;
                    if (left <= TimeSpan.Zero)
                        throw new BulkWriteException(BulkWriteException.TimedOut, $"Bulk write job {job.Id} is still {current.Status} after {timeout.Value.TotalSeconds:0} s; it goes on at Zoho.", current);
                    if (left < delay) delay = left;
                }
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, PollMaxDelay.Ticks));
            }
        }

        /// <summary>
        /// Downloads a COMPLETED job's result zip to a temporary file. The token goes with the request, so the URL must
        /// be on a Zoho host (or the API domain's own host); a refusal means the file is gone (<see cref="BulkWriteException.ResultExpired"/>).
        /// </summary>
        public async Task<BulkReadFile> DownloadResultAsync(BulkWriteJob job, IZcrmLog log, CancellationToken ct)
        {
            if (!job.IsCompleted)
                throw new BulkWriteException(BulkWriteException.NotCompleted, $"Bulk write job {job.Id} is {job.Status}; only a COMPLETED job has a result file.", job);
            if (string.IsNullOrEmpty(job.DownloadUrl) || !Uri.TryCreate(job.DownloadUrl, UriKind.RelativeOrAbsolute, out var url))
                throw new BulkWriteException(BulkWriteException.ResultExpired, $"Bulk write job {job.Id} is COMPLETED but Zoho gave no result link.", job);
            if (!url.IsAbsoluteUri) url = new Uri(_api.ApiDomain, job.DownloadUrl);
            if (!IsTrustedHost(url))
                throw new BulkWriteException(BulkWriteException.UntrustedHost, $"The result link of bulk write job {job.Id} points to {url.Host}, which is not a Zoho host; the access token is not sent there.", job);

            var request = new ApiRequest(HttpMethod.Get, url.AbsolutePath) { BaseUri = url, Credits = DownloadCredits };
            foreach (var pair in (url.Query.TrimStart('?')).Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                request.AddQuery(Uri.UnescapeDataString(eq < 0 ? pair : pair.Substring(0, eq)), eq < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(eq + 1)));
            }
            request.Headers["Accept"] = "application/zip, application/octet-stream";
            try
            {
                return await _api.SendAsync(request, async (response, _) =>
                {
                    if (!response.HasBody) throw new System.IO.InvalidDataException($"Zoho sent an empty result file for bulk write job {job.Id}.");
                    var file = BulkReadFile.CreateTemp(job.Id);
                    try
                    {
                        using var body = await response.OpenStreamAsync().ConfigureAwait(false);
                        await file.FillAsync(body, _api.Options.RequestTimeout, ct).ConfigureAwait(false);
                        return file;
                    }
                    catch
                    {
                        file.Dispose();
                        throw;
                    }
                }, log, ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.HttpStatus == 400 || ex.HttpStatus == 403 || ex.HttpStatus == 404 || ex.HttpStatus == 410)
            {
                throw new BulkWriteException(BulkWriteException.ResultExpired,
                    $"The result file of bulk write job {job.Id} can no longer be downloaded ({ex.Code}: {ex.ZohoMessage}). The rows were processed as the job's counts say ({job.AddedCount} added, {job.UpdatedCount} updated, {job.SkippedCount} skipped), but which row got which outcome is no longer known.", job, ex) { ZohoCode = ex.Code };
            }
            catch (System.IO.InvalidDataException ex)
            {
                throw new BulkWriteException(BulkWriteException.ResultUnreadable, $"The result file of bulk write job {job.Id} could not be read: {ex.Message}", job, ex);
            }
        }

        /// <summary>Zoho's hosts (zoho.*, zohoapis.*, zohocloud.ca, zohopublic.*), the API domain's host, or loopback.</summary>
        public bool IsTrustedHost(Uri url)
        {
            if (string.Equals(url.Host, _api.ApiDomain.Host, StringComparison.OrdinalIgnoreCase) && url.Scheme == _api.ApiDomain.Scheme) return true;
            if (UrlPolicy.IsLoopback(url)) return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;
            if (url.Scheme != Uri.UriSchemeHttps) return false;
            var host = url.Host.ToLowerInvariant();
            foreach (var brand in new[] { "zoho", "zohoapis", "zohocloud", "zohopublic" })
                foreach (var tld in ZohoTlds)
                {
                    var registered = brand + "." + tld;
                    if (host == registered || host.EndsWith("." + registered, StringComparison.Ordinal)) return true;
                }
            return false;
        }

        private static readonly string[] ZohoTlds = { "com", "eu", "in", "com.au", "com.cn", "jp", "ca", "sa", "uk" };

        private sealed class OrgIdHolder
        {
            public string? Zgid;
        }
    }
}
