using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Criteria;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>A job as tests see it.</summary>
public sealed record BulkReadJobInfo(string Id, string Module, int Page, string State, int Count, bool MoreRecords, string? CallbackUrl);

/// <summary>One callback POST the emulator made (status 0 when the receiver could not be reached).</summary>
public sealed record BulkCallbackDelivery(string JobId, string Url, string State, int StatusCode, string ContentType, string Body);

/// <summary>
/// The org's bulk read jobs. A job is ADDED for <see cref="EmulatorOptions.BulkReadAddedDuration"/>, IN PROGRESS for
/// <see cref="EmulatorOptions.BulkReadInProgressDuration"/>, then COMPLETED (its file written from the data as it is
/// then) or FAILURE; the change happens when it is due, on a timer or at the next look at the job, whichever comes
/// first, and then the callback URL (if any) gets a POST. Tests fail jobs and expire files through the public hooks.
/// </summary>
public sealed class BulkReadJobs
{
    private static readonly HttpClient CallbackClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<long, BulkJob> _jobs = new();
    private readonly ConcurrentQueue<BulkCallbackDelivery> _callbacks = new();
    private readonly Queue<DateTimeOffset> _downloads = new();
    private readonly EmulatorOptions _options;
    private readonly CrmStore _store;
    private readonly UserDirectory _users;
    private readonly TimeProvider _clock;
    private long _nextId = ZohoIds.Make(725_001);
    private string? _failNext;

    internal BulkReadJobs(EmulatorOptions options, CrmStore store, UserDirectory users, TimeProvider clock)
    {
        _options = options;
        _store = store;
        _users = users;
        _clock = clock;
    }

    internal BulkPageTokens PageTokens { get; } = new();

    /// <summary>Every job so far, oldest first.</summary>
    public IReadOnlyList<BulkReadJobInfo> Jobs => _jobs.Values.OrderBy(j => j.Id).Select(Info).ToList();

    /// <summary>Every callback POST so far, in the order they were made.</summary>
    public IReadOnlyList<BulkCallbackDelivery> Callbacks => _callbacks.ToArray();

    /// <summary>The next job created ends in FAILURE with this reason instead of completing.</summary>
    public void FailNextJob(string reason = "Internal error occurred while processing the job.") => _failNext = reason;

    /// <summary>An unfinished job ends in FAILURE when it is due; false when there is no such unfinished job.</summary>
    public bool FailJob(string jobId, string reason = "Internal error occurred while processing the job.")
    {
        if (!ZohoIds.TryParse(jobId, out var id) || !_jobs.TryGetValue(id, out var job))
        {
            return false;
        }

        lock (job.Gate)
        {
            if (job.IsFinished)
            {
                return false;
            }

            job.FailWith = reason;
            return true;
        }
    }

    /// <summary>Makes the files of finished jobs (all, or one) no longer downloadable, as a day's wait would; returns how many.</summary>
    public int ExpireDownloads(string? jobId = null)
    {
        var count = 0;
        foreach (var job in _jobs.Values)
        {
            if (jobId is not null && ZohoIds.Format(job.Id) != jobId)
            {
                continue;
            }

            lock (job.Gate)
            {
                if (!job.Expired)
                {
                    job.Expired = true;
                    count++;
                }
            }
        }

        return count;
    }

    internal BulkJob Create(BulkReadQuery query)
    {
        var job = new BulkJob(Interlocked.Add(ref _nextId, 1000), query, _users.Current.AsOwner(), _clock.GetUtcNow());
        job.FailWith = Interlocked.Exchange(ref _failNext, null);
        _jobs[job.Id] = job;
        var due = _options.BulkReadAddedDuration + _options.BulkReadInProgressDuration;
        _ = Task.Run(async () =>
        {
            await Task.Delay(due + TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
            Advance(job, poll: false);
        });
        return job;
    }

    /// <summary>The job with this id, moved on to the state it is due to be in (a status poll counts as one).</summary>
    internal BulkJob? Find(string text, bool poll)
    {
        if (!ZohoIds.TryParse(text, out var id) || !_jobs.TryGetValue(id, out var job))
        {
            return null;
        }

        Advance(job, poll);
        return job;
    }

    internal bool IsExpired(BulkJob job)
    {
        lock (job.Gate)
        {
            return job.Expired || (job.FinishedTime is { } finished && _clock.GetUtcNow() - finished >= _options.BulkReadFileLifetime);
        }
    }

    /// <summary>Counts a download against the limit; when the limit is reached, how long until the next one may start.</summary>
    internal TimeSpan? TryStartDownload()
    {
        if (_options.BulkDownloadsPerWindow <= 0)
        {
            return null;
        }

        lock (_downloads)
        {
            var now = _clock.GetUtcNow();
            while (_downloads.Count > 0 && now - _downloads.Peek() >= _options.BulkDownloadWindow)
            {
                _downloads.Dequeue();
            }

            if (_downloads.Count >= _options.BulkDownloadsPerWindow)
            {
                return _downloads.Peek() + _options.BulkDownloadWindow - now;
            }

            _downloads.Enqueue(now);
            return null;
        }
    }

    private void Advance(BulkJob job, bool poll)
    {
        bool finishedNow;
        lock (job.Gate)
        {
            if (poll)
            {
                job.Polls++;
            }

            if (job.IsFinished)
            {
                return;
            }

            var elapsed = _clock.GetUtcNow() - job.StartedAt;
            var step = elapsed >= _options.BulkReadAddedDuration + _options.BulkReadInProgressDuration ? 2 : elapsed >= _options.BulkReadAddedDuration ? 1 : 0;
            if (_options.BulkReadAdvancesPerPoll)
            {
                step = Math.Max(step, Math.Min(2, job.Polls - 1));
            }

            finishedNow = step == 2;
            if (!finishedNow)
            {
                job.State = step == 1 ? BulkJob.InProgress : BulkJob.Added;
                return;
            }

            if (job.FailWith is not null)
            {
                job.State = BulkJob.Failure;
                job.FailureReason = job.FailWith;
            }
            else
            {
                Run(job);
                job.State = BulkJob.Completed;
            }

            job.FinishedTime = _clock.GetUtcNow();
        }

        if (job.Query.CallbackUrl is not null)
        {
            _ = SendCallbackAsync(job);
        }
    }

    /// <summary>Selects the page's rows from the data as it is now and writes the file.</summary>
    private void Run(BulkJob job)
    {
        var query = job.Query;
        var set = _store.Records(query.Module.ApiName)!;
        var currentUser = _users.Current.Id;
        var size = Math.Max(1, _options.BulkReadPageSize);
        lock (set.Gate)
        {
            bool Include(CrmRecord r)
            {
                if (set.Module.SupportsConversion && r.Converted && !_options.BulkReadIncludesConvertedLeads)
                {
                    return false;
                }

                if (query.View?.Criteria is { } viewCriteria && !CriteriaEvaluator.Matches(viewCriteria, name => set.GetValue(r, name), currentUser))
                {
                    return false;
                }

                return query.Criteria is not { } criteria ||
                       CriteriaEvaluator.Matches(criteria, name => name == "id" ? ZohoIds.Format(r.Id) : set.GetValue(r, name), currentUser);
            }

            var skip = (long)(query.Page - 1) * size;
            var rows = new List<CrmRecord>();
            long matched = 0;
            foreach (var record in set.ById)
            {
                if (!Include(record))
                {
                    continue;
                }

                matched++;
                if (matched > skip && rows.Count < size)
                {
                    rows.Add(record);
                }
            }

            job.Count = rows.Count;
            job.MoreRecords = matched > skip + rows.Count;
            job.NextPageToken = job.MoreRecords ? PageTokens.Create(query.Module.ApiName, query.Page + 1) : null;
            job.File = BulkFileWriter.Zip(job, set, rows, _options);
        }
    }

    private async Task SendCallbackAsync(BulkJob job)
    {
        var json = BulkJobJson.Callback(job, _options);
        var url = job.Query.CallbackUrl!;
        HttpContent content;
        string contentType;
        if (_options.BulkCallbackFormat == BulkCallbackFormat.Form)
        {
            var form = json.Select(p => new KeyValuePair<string, string>(p.Key, p.Value is JsonValue v ? v.ToString() : p.Value?.ToJsonString() ?? string.Empty));
            content = new FormUrlEncodedContent(form);
            contentType = "application/x-www-form-urlencoded";
        }
        else
        {
            content = new ByteArrayContent(EmulatorJson.ToUtf8(json));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
            contentType = "application/json";
        }

        var body = Encoding.UTF8.GetString(await content.ReadAsByteArrayAsync().ConfigureAwait(false));
        var status = 0;
        try
        {
            using var response = await CallbackClient.PostAsync(url, content).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // The receiver is down: Zoho does not retry either (§6.4 says to confirm by polling).
        }
        finally
        {
            content.Dispose();
        }

        _callbacks.Enqueue(new BulkCallbackDelivery(ZohoIds.Format(job.Id), url, job.State, status, contentType, body));
    }

    private static BulkReadJobInfo Info(BulkJob job)
    {
        lock (job.Gate)
        {
            return new BulkReadJobInfo(ZohoIds.Format(job.Id), job.Query.Module.ApiName, job.Query.Page, job.State, job.Count, job.MoreRecords, job.Query.CallbackUrl);
        }
    }
}
