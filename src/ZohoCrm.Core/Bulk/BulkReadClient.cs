using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// Bulk read (fact sheet §6) through the connection's one pipeline: create a job (a POST that is never repeated
    /// when its outcome is unknown: a second job would cost another 50 credits), poll its state with backoff, and
    /// download its zip to a temporary file, paced to Zoho's 10 downloads a minute.
    /// </summary>
    public sealed class BulkReadClient
    {
        /// <summary>Credits of creating a job (§8.1).</summary>
        public const int CreateCredits = 50;

        /// <summary>Credits of a status poll and of a download: the sheet says "1 (?) or nothing (?)"; the emulator charges 1 by default too.</summary>
        public const int StatusCredits = 1;

        public const int DownloadCredits = 1;

        private static readonly ConditionalWeakTable<ZohoApiClient, DownloadPacer> Pacers = new ConditionalWeakTable<ZohoApiClient, DownloadPacer>();

        private readonly ZohoApiClient _api;

        public BulkReadClient(ZohoApiClient api, DownloadPacer? pacer = null)
        {
            _api = api;
            Pacer = pacer ?? Pacers.GetValue(api, _ => new DownloadPacer());
        }

        /// <summary>Shared by every client of the same connection unless one is given.</summary>
        public DownloadPacer Pacer { get; }

        /// <summary>First wait between status polls; it doubles up to <see cref="PollMaxDelay"/>.</summary>
        public TimeSpan PollInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        public string BasePath => "/crm/bulk/" + _api.ApiVersion + "/read";

        public async Task<BulkReadJob> CreateAsync(BulkReadSpec spec, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Post, BasePath) { JsonBody = spec.ToJson(), Credits = CreateCredits, IsIdempotent = false };
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var details = (body?["data"] as JArray)?.FirstOrDefault()?["details"] as JObject
                ?? throw new ZohoApiException(200, "UNEXPECTED_RESPONSE", "Zoho accepted the bulk read job but did not describe it.", null, "POST", BasePath);
            var job = BulkReadJob.FromJson(details);
            job.Module = spec.Module;
            job.Page = spec.PageToken == null ? spec.Page : job.Page;
            job.Fields = spec.Fields;
            job.Criteria = spec.Criteria;
            job.CustomViewId = spec.CustomViewId;
            job.FileType = spec.FileType;
            job.Spec = spec;
            return job;
        }

        public async Task<BulkReadJob> GetAsync(string id, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, BasePath + "/" + Uri.EscapeDataString(id)) { Credits = StatusCredits };
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var item = (body?["data"] as JArray)?.FirstOrDefault() as JObject
                ?? throw new ZohoApiException(200, "UNEXPECTED_RESPONSE", $"Zoho answered the status of bulk read job {id} without describing it.", null, "GET", request.Path);
            return BulkReadJob.FromJson(item);
        }

        /// <summary>
        /// Polls until the job is COMPLETED or FAILURE (returned, not thrown) with waits that double from
        /// <see cref="PollInitialDelay"/>; past <paramref name="timeout"/> it throws <see cref="BulkReadException.TimedOut"/>.
        /// </summary>
        public async Task<BulkReadJob> WaitAsync(BulkReadJob job, TimeSpan? timeout, Action<BulkReadJob, TimeSpan>? onPoll, IZcrmLog log, CancellationToken ct)
        {
            var watch = Stopwatch.StartNew();
            var delay = PollInitialDelay;
            var current = job;
            while (true)
            {
                var latest = await GetAsync(job.Id, log, ct).ConfigureAwait(false);
                current = Carry(current, latest);
                onPoll?.Invoke(current, watch.Elapsed);
                if (current.IsFinished) return current;
                if (timeout.HasValue)
                {
                    var left = timeout.Value - watch.Elapsed;
                    if (left <= TimeSpan.Zero)
                        throw new BulkReadException(BulkReadException.TimedOut,
                            $"Bulk read job {job.Id} is still {current.State} after {timeout.Value.TotalSeconds:0} s.", current);
                    if (left < delay) delay = left;
                }
                await Task.Delay(delay, ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, PollMaxDelay.Ticks));
            }
        }

        /// <summary>The job as Zoho sees it now, unless it is already known to be finished.</summary>
        public async Task<BulkReadJob> RefreshAsync(BulkReadJob job, IZcrmLog log, CancellationToken ct)
            => job.IsFinished ? job : Carry(job, await GetAsync(job.Id, log, ct).ConfigureAwait(false));

        /// <summary>Keeps what this session knows of a job (its spec, its module) on the fresher status.</summary>
        private static BulkReadJob Carry(BulkReadJob known, BulkReadJob latest)
        {
            latest.Spec ??= known.Spec;
            latest.Module ??= known.Module;
            if (latest.Fields.Count == 0) latest.Fields = known.Fields;
            latest.Criteria ??= known.Criteria;
            latest.CustomViewId ??= known.CustomViewId;
            return latest;
        }

        /// <summary>
        /// Downloads a COMPLETED job's zip to a temporary file. A refusal of a completed job's file means Zoho no
        /// longer has it (files are kept a day): that becomes <see cref="BulkReadException.DownloadExpired"/>.
        /// </summary>
        public async Task<BulkReadFile> DownloadAsync(BulkReadJob job, IZcrmLog log, CancellationToken ct)
        {
            if (!job.IsCompleted)
                throw new BulkReadException(BulkReadException.NotCompleted, $"Bulk read job {job.Id} is {job.State}; only a COMPLETED job has a file.", job);

            await Pacer.WaitTurnAsync(log, ct).ConfigureAwait(false);
            var request = new ApiRequest(HttpMethod.Get, DownloadPath(job)) { Credits = DownloadCredits };
            request.Headers["Accept"] = "application/zip, application/octet-stream";
            // Past the limit "downloads resume after the minute" (§6.3); a 429 without Retry-After (someone else used the
            // limit up) would otherwise spend every retry inside that minute.
            request.RetryAfterWhenUnsaid = Pacer.Window;
            var idle = _api.Options.RequestTimeout;
            try
            {
                return await _api.SendAsync(request, async (response, _) =>
                {
                    if (!response.HasBody) throw new System.IO.InvalidDataException($"Zoho sent an empty file for bulk read job {job.Id}.");
                    var file = BulkReadFile.CreateTemp(job.Id);
                    try
                    {
                        using var body = await response.OpenStreamAsync().ConfigureAwait(false);
                        // The whole body is bounded by the caller's token and a stall timeout, not by the per-call
                        // timeout: a large file on a slow line may take longer than one API call should.
                        await file.FillAsync(body, idle, ct).ConfigureAwait(false);
                        return file;
                    }
                    catch
                    {
                        file.Dispose();
                        throw;
                    }
                }, log, ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.HttpStatus == 400 || ex.HttpStatus == 404 || ex.HttpStatus == 410)
            {
                throw new BulkReadException(BulkReadException.DownloadExpired,
                    $"The file of bulk read job {job.Id} can no longer be downloaded ({ex.Code}: {ex.ZohoMessage}). Zoho keeps a finished job's file for one day: start a new job to export the records again.", job, ex);
            }
        }

        private string DownloadPath(BulkReadJob job)
        {
            var url = job.DownloadUrl;
            if (string.IsNullOrEmpty(url)) return BasePath + "/" + Uri.EscapeDataString(job.Id) + "/result";
            // download_url is a path on the API domain; a full URL is reduced to its path so the token never leaves it.
            if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)) return absolute.AbsolutePath;
            return url!.StartsWith("/", StringComparison.Ordinal) ? url : "/" + url;
        }
    }
}
