using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Json;
using ZohoCrm.Emulator.Writes;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>A bulk write job as tests see it.</summary>
public sealed record BulkWriteJobInfo(string Id, string Module, string Operation, string Status, int Total, int Added, int Updated, int Skipped, string? FindBy, string? CallbackUrl);

/// <summary>One column of a job: the field it fills from a CSV column, or a constant (§21.2 field_mappings).</summary>
internal sealed record BulkWriteMapping(FieldDefinition Field, int? Index, string? DefaultValue, string? FindBy, string? Format);

/// <summary>One uploaded zip: its CSV's name and rows (the header first).</summary>
internal sealed record BulkUpload(long FileId, string CsvName, List<string[]> Rows, DateTimeOffset CreatedTime);

/// <summary>One bulk write job and, as it runs, its per-row outcomes.</summary>
internal sealed class BulkWriteJob(long id, string operation, ModuleDefinition module, BulkUpload upload, IReadOnlyList<BulkWriteMapping> mappings, FieldDefinition? findBy, bool findById, bool ignoreEmpty, string? callbackUrl, LookupValue createdBy, DateTimeOffset startedAt, string downloadBase)
{
    public string DownloadBase { get; } = downloadBase;
    public long Id { get; } = id;
    public string Operation { get; } = operation;
    public ModuleDefinition Module { get; } = module;
    public BulkUpload Upload { get; } = upload;
    public IReadOnlyList<BulkWriteMapping> Mappings { get; } = mappings;
    public FieldDefinition? FindBy { get; } = findBy;
    public bool FindById { get; } = findById;
    public bool IgnoreEmpty { get; } = ignoreEmpty;
    public string? CallbackUrl { get; } = callbackUrl;
    public LookupValue CreatedBy { get; } = createdBy;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public DateTimeOffset CreatedTime { get; } = ZohoTime.TruncateToSeconds(startedAt);
    public object Gate { get; } = new();
    public string Status { get; set; } = "ADDED";
    public string? FailWith { get; set; }
    public string? FailureReason { get; set; }
    public int Processed { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Skipped { get; set; }
    public List<(string Status, string RecordId, string Errors)> Outcomes { get; } = new();
    public byte[]? Result { get; set; }
    public DateTimeOffset? FinishedTime { get; set; }
    public bool Expired { get; set; }
    public int Total => Upload.Rows.Count - 1;
    public bool IsFinished => Status is "COMPLETED" or "FAILED";
    public string FindByName => FindById ? "id" : FindBy?.ApiName ?? "id";
}

/// <summary>
/// Uploaded files and bulk write jobs. A job is ADDED for <see cref="EmulatorOptions.BulkWriteAddedDuration"/>, then IN
/// PROGRESS for <see cref="EmulatorOptions.BulkWriteInProgressDuration"/>, writing its rows to the store bit by bit
/// (each with the records API's validation), then COMPLETED with a result zip, or FAILED; the callback URL (if
/// any) then gets a POST of the job's details. Tests fail jobs and expire results through the public hooks.
/// </summary>
public sealed class BulkWriteJobs
{
    private static readonly HttpClient CallbackClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<long, BulkUpload> _uploads = new();
    private readonly ConcurrentDictionary<long, BulkWriteJob> _jobs = new();
    private readonly ConcurrentQueue<BulkCallbackDelivery> _callbacks = new();
    private readonly EmulatorOptions _options;
    private readonly CrmStore _store;
    private readonly UserDirectory _users;
    private readonly TimeProvider _clock;
    private long _nextFileId = ZohoIds.Make(3_456_001);
    private long _nextJobId = ZohoIds.Make(3_460_001);
    private string? _failNext;

    internal BulkWriteJobs(EmulatorOptions options, CrmStore store, UserDirectory users, TimeProvider clock)
    {
        _options = options;
        _store = store;
        _users = users;
        _clock = clock;
    }

    /// <summary>Every job so far, oldest first.</summary>
    public IReadOnlyList<BulkWriteJobInfo> Jobs => _jobs.Values.OrderBy(j => j.Id).Select(Info).ToList();

    /// <summary>Every callback POST so far, in the order they were made.</summary>
    public IReadOnlyList<BulkCallbackDelivery> Callbacks => _callbacks.ToArray();

    /// <summary>Files uploaded so far.</summary>
    public int UploadCount => _uploads.Count;

    /// <summary>The next job created ends FAILED, writing nothing.</summary>
    public void FailNextJob(string reason = "Internal error occurred while processing the job.") => _failNext = reason;

    /// <summary>Makes the results of finished jobs (all, or one) no longer downloadable; returns how many.</summary>
    public int ExpireResults(string? jobId = null)
    {
        var count = 0;
        foreach (var job in _jobs.Values.Where(j => jobId is null || ZohoIds.Format(j.Id) == jobId))
        {
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

    internal long AddUpload(string csvName, List<string[]> rows)
    {
        var id = Interlocked.Add(ref _nextFileId, 1000);
        _uploads[id] = new BulkUpload(id, csvName, rows, _clock.GetUtcNow());
        return id;
    }

    internal BulkUpload? FindUpload(string? fileId) => ZohoIds.TryParse(fileId, out var id) ? _uploads.GetValueOrDefault(id) : null;

    internal BulkWriteJob Create(string operation, ModuleDefinition module, BulkUpload upload, IReadOnlyList<BulkWriteMapping> mappings, FieldDefinition? findBy, bool findById, bool ignoreEmpty, string? callbackUrl, string downloadBase)
    {
        var job = new BulkWriteJob(Interlocked.Add(ref _nextJobId, 1000), operation, module, upload, mappings, findBy, findById, ignoreEmpty, callbackUrl, _users.Current.AsOwner(), _clock.GetUtcNow(), downloadBase)
        {
            FailWith = Interlocked.Exchange(ref _failNext, null),
        };
        _jobs[job.Id] = job;
        var due = _options.BulkWriteAddedDuration + _options.BulkWriteInProgressDuration;
        _ = Task.Run(async () =>
        {
            await Task.Delay(due + TimeSpan.FromMilliseconds(5)).ConfigureAwait(false);
            Advance(job);
        });
        return job;
    }

    internal BulkWriteJob? Find(string text)
    {
        if (!ZohoIds.TryParse(text, out var id) || !_jobs.TryGetValue(id, out var job))
        {
            return null;
        }

        Advance(job);
        return job;
    }

    internal bool IsExpired(BulkWriteJob job)
    {
        lock (job.Gate)
        {
            return job.Expired || (job.FinishedTime is { } finished && _clock.GetUtcNow() - finished >= _options.BulkWriteResultLifetime);
        }
    }

    /// <summary>Moves the job to the state it is due in, writing the rows due by now.</summary>
    private void Advance(BulkWriteJob job)
    {
        bool finishedNow;
        lock (job.Gate)
        {
            if (job.IsFinished)
            {
                return;
            }

            var elapsed = _clock.GetUtcNow() - job.StartedAt;
            if (elapsed < _options.BulkWriteAddedDuration)
            {
                return;
            }

            if (job.FailWith is not null)
            {
                job.Status = "FAILED";
                job.FailureReason = job.FailWith;
                job.FinishedTime = _clock.GetUtcNow();
                finishedNow = true;
            }
            else
            {
                job.Status = "IN PROGRESS";
                var running = elapsed - _options.BulkWriteAddedDuration;
                var share = _options.BulkWriteInProgressDuration <= TimeSpan.Zero ? 1.0 : Math.Min(1.0, running / _options.BulkWriteInProgressDuration);
                var due = (int)Math.Floor(job.Total * share);
                while (job.Processed < due)
                {
                    ProcessRow(job, job.Processed);
                }

                finishedNow = share >= 1.0;
                if (finishedNow)
                {
                    job.Result = ResultZip(job);
                    job.Status = "COMPLETED";
                    job.FinishedTime = _clock.GetUtcNow();
                }
            }
        }

        if (finishedNow && job.CallbackUrl is not null)
        {
            _ = SendCallbackAsync(job);
        }
    }

    /// <summary>Writes one CSV row with the records API's per-row checks; the outcome goes in the result.</summary>
    private void ProcessRow(BulkWriteJob job, int rowIndex)
    {
        var cells = job.Upload.Rows[rowIndex + 1];
        var (status, id, errors) = Write(job, cells, rowIndex);
        job.Outcomes.Add((status, id, errors));
        job.Processed++;
        switch (status)
        {
            case "added": job.Added++; break;
            case "updated": job.Updated++; break;
            default: job.Skipped++; break;
        }
    }

    private (string Status, string Id, string Errors) Write(BulkWriteJob job, string[] cells, int rowIndex)
    {
        var module = job.Module;
        var set = _store.Records(module.ApiName)!;
        var record = new JsonObject();
        string? findValue = null;
        foreach (var mapping in job.Mappings)
        {
            string? text = mapping.Index is { } index ? (index < cells.Length ? cells[index] : string.Empty) : mapping.DefaultValue;
            if (mapping.Field.ApiName == "id")
            {
                findValue = job.FindById ? text : findValue;
                continue;
            }

            if (job.FindBy is { } fb && fb.ApiName == mapping.Field.ApiName)
            {
                findValue = text;
            }

            if (string.IsNullOrEmpty(text))
            {
                if (!job.IgnoreEmpty && job.Operation != "insert")
                {
                    record[mapping.Field.ApiName] = null;
                }

                continue;
            }

            var (value, error) = ToJson(mapping, text);
            if (error is not null)
            {
                return ("skipped", string.Empty, error);
            }

            record[mapping.Field.ApiName] = value;
        }

        var path = $"$.data[{rowIndex}]";
        using var document = JsonDocument.Parse(EmulatorJson.ToUtf8(record));
        var reader = new RecordReader(module, _store, _options);

        long? match = null;
        if (job.Operation != "insert")
        {
            if (job.FindById)
            {
                match = ZohoIds.TryParse(findValue, out var parsed) && set.Find(parsed) is not null ? parsed : null;
            }
            else if (!string.IsNullOrEmpty(findValue))
            {
                lock (set.Gate)
                {
                    match = set.FindByValue(job.FindBy!, findValue);
                }
            }

            if (match is null && job.Operation == "update")
            {
                return ("skipped", string.Empty, "RESOURCE_NOT_FOUND-" + job.FindByName);
            }
        }

        if (match is null)
        {
            var missing = module.Fields.Where(f => f.SystemMandatory && (!document.RootElement.TryGetProperty(f.ApiName, out var v) || v.ValueKind == JsonValueKind.Null)).Select(f => f.ApiName).ToList();
            if (missing.Count > 0)
            {
                return ("skipped", string.Empty, "MANDATORY_NOT_FOUND-" + string.Join(',', missing));
            }

            var input = reader.Read(document.RootElement, path, creating: true, out var readError);
            if (input is null)
            {
                return ("skipped", string.Empty, ErrorText(readError!));
            }

            var conflict = _store.TryInsert(module.ApiName, input.Values, _users.Current, enforceUnique: true, out var newId);
            return conflict is not null ? ("skipped", string.Empty, "DUPLICATE_DATA-" + conflict.Field.ApiName) : ("added", ZohoIds.Format(newId), string.Empty);
        }

        var changes = reader.Read(document.RootElement, path, creating: false, out var error2);
        if (changes is null)
        {
            return ("skipped", ZohoIds.Format(match.Value), ErrorText(error2!));
        }

        bool converted;
        lock (set.Gate)
        {
            converted = module.SupportsConversion && set.Find(match.Value)?.Converted == true;
        }

        if (converted)
        {
            return ("skipped", ZohoIds.Format(match.Value), "CANNOT_PROCESS-id");
        }

        var clash = _store.TryUpdate(module.ApiName, match.Value, changes.Values, _users.Current, enforceUnique: true, out var found);
        if (!found)
        {
            return ("skipped", string.Empty, "RESOURCE_NOT_FOUND-" + job.FindByName);
        }

        return clash is not null ? ("skipped", ZohoIds.Format(match.Value), "DUPLICATE_DATA-" + clash.Field.ApiName) : ("updated", ZohoIds.Format(match.Value), string.Empty);
    }

    private static string ErrorText(RecordError error)
    {
        var field = error.Details["api_name"]?.GetValue<string>();
        return field is null ? error.Code : error.Code + "-" + field;
    }

    /// <summary>A CSV cell as the JSON value the records API would take for the field.</summary>
    private (JsonNode? Value, string? Error) ToJson(BulkWriteMapping mapping, string text)
    {
        var field = mapping.Field;
        var invalid = "INVALID_DATA-" + field.ApiName;
        switch (field.DataType)
        {
            case FieldDataType.Integer or FieldDataType.BigInt:
                return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? (JsonValue.Create(whole), null) : (null, invalid);
            case FieldDataType.Double or FieldDataType.Currency:
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? (JsonValue.Create(number), null) : (null, invalid);
            case FieldDataType.Boolean:
                return text.Trim().ToLowerInvariant() switch
                {
                    "true" => (JsonValue.Create(true), null),
                    "false" => (JsonValue.Create(false), null),
                    _ => (null, invalid),
                };
            case FieldDataType.MultiSelectPicklist:
                return (new JsonArray(text.Split(';').Select(v => v.Trim()).Where(v => v.Length > 0).Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()), null);
            case FieldDataType.Date when mapping.Format is { } format:
                return DateOnly.TryParseExact(text.Trim(), format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (JsonValue.Create(ZohoTime.FormatDate(date)), null) : (null, invalid);
            case FieldDataType.Lookup or FieldDataType.OwnerLookup:
                var findBy = mapping.FindBy ?? "id";
                if (findBy == "id")
                {
                    return (new JsonObject { ["id"] = text.Trim() }, null);
                }

                if (field.LookupModule is { } target && _store.Catalog.Find(target) is { } parent && parent.Field(findBy) is { } by && _store.Records(target) is { } parents)
                {
                    lock (parents.Gate)
                    {
                        return parents.FindByValue(by, text.Trim()) is { } parentId ? (new JsonObject { ["id"] = ZohoIds.Format(parentId) }, null) : (null, "RESOURCE_NOT_FOUND-" + field.ApiName);
                    }
                }

                return (null, invalid);
            default:
                return (JsonValue.Create(text), null);
        }
    }

    /// <summary>§21.4: {Module}-{file}.csv with the first three mapped columns, STATUS, RECORD_ID and ERRORS.</summary>
    private static byte[] ResultZip(BulkWriteJob job)
    {
        var header = job.Upload.Rows[0];
        var echo = job.Mappings.Where(m => m.Index is { } i && i < header.Length).Select(m => m.Index!.Value).Distinct().Take(3).ToList();
        var csv = new StringBuilder();
        BulkWriteCsv.AppendRow(csv, echo.Select(i => header[i]).Concat(["STATUS", "RECORD_ID", "ERRORS"]));
        for (var r = 0; r < job.Outcomes.Count; r++)
        {
            var cells = job.Upload.Rows[r + 1];
            var (status, id, errors) = job.Outcomes[r];
            BulkWriteCsv.AppendRow(csv, echo.Select(i => i < cells.Length ? cells[i] : string.Empty).Concat([status, id, errors]));
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry(job.Module.ApiName + "-" + Path.GetFileNameWithoutExtension(job.Upload.CsvName) + ".csv");
            using var stream = entry.Open();
            var bytes = new UTF8Encoding(false).GetBytes(csv.ToString());
            stream.Write(bytes);
        }

        return buffer.ToArray();
    }

    private async Task SendCallbackAsync(BulkWriteJob job)
    {
        JsonObject body;
        lock (job.Gate)
        {
            body = BulkWriteJson.Detail(job, _options);
        }

        var text = EmulatorJson.ToText(body);
        var status = 0;
        try
        {
            using var content = new StringContent(text, Encoding.UTF8, "application/json");
            using var response = await CallbackClient.PostAsync(job.CallbackUrl, content).ConfigureAwait(false);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Zoho does not retry a callback either (§21.5: confirm by polling).
        }

        _callbacks.Enqueue(new BulkCallbackDelivery(ZohoIds.Format(job.Id), job.CallbackUrl!, job.Status, status, "application/json", text));
    }

    private static BulkWriteJobInfo Info(BulkWriteJob job)
    {
        lock (job.Gate)
        {
            return new BulkWriteJobInfo(ZohoIds.Format(job.Id), job.Module.ApiName, job.Operation, job.Status, job.Total, job.Added, job.Updated, job.Skipped, job.Operation == "insert" ? null : job.FindByName, job.CallbackUrl);
        }
    }
}

/// <summary>The job details of §21.3 (status answer and callback body).</summary>
internal static class BulkWriteJson
{
    public static JsonObject Detail(BulkWriteJob job, EmulatorOptions options)
    {
        var file = new JsonObject
        {
            ["name"] = job.Upload.CsvName,
            ["status"] = job.Status,
            ["added_count"] = job.Added,
            ["updated_count"] = job.Updated,
            ["skipped_count"] = job.Skipped,
            ["total_count"] = job.Status == "ADDED" ? 0 : job.Total,
        };
        var mappings = new JsonArray();
        foreach (var m in job.Mappings)
        {
            var mapping = new JsonObject { ["api_name"] = m.Field.ApiName };
            if (m.Index is { } index) mapping["index"] = index;
            if (m.DefaultValue is not null) mapping["default_value"] = new JsonObject { ["value"] = m.DefaultValue };
            if (m.FindBy is not null) mapping["find_by"] = m.FindBy;
            if (m.Format is not null) mapping["format"] = m.Format;
            mappings.Add(mapping);
        }

        var resource = new JsonObject
        {
            ["status"] = job.Status,
            ["type"] = "data",
            ["module"] = new JsonObject { ["api_name"] = job.Module.ApiName, ["id"] = ZohoIds.Format(job.Module.Id) },
            ["file"] = file,
            ["field_mappings"] = mappings,
        };
        if (job.Operation != "insert") resource["find_by"] = job.FindByName;
        var detail = new JsonObject
        {
            ["id"] = ZohoIds.Format(job.Id),
            ["operation"] = job.Operation,
            ["status"] = job.Status,
            ["character_encoding"] = "UTF-8",
            ["created_by"] = new JsonObject { ["id"] = ZohoIds.Format(job.CreatedBy.Id), ["name"] = job.CreatedBy.Name },
            ["created_time"] = ZohoTime.FormatDateTime(job.CreatedTime),
        };
        if (job.CallbackUrl is not null) detail["callback"] = new JsonObject { ["url"] = job.CallbackUrl, ["method"] = "post" };
        detail["resource"] = new JsonArray(resource);
        if (job.Status == "FAILED" && job.FailureReason is not null) detail[options.BulkWriteFailureReasonKey] = job.FailureReason;
        if (job.Status == "COMPLETED")
        {
            detail["result"] = new JsonObject { ["download_url"] = job.DownloadBase.TrimEnd('/') + "/crm/bulk/v8/write/" + ZohoIds.Format(job.Id) + "/result" };
        }

        return detail;
    }
}
