namespace ZohoCrm.Emulator;

/// <summary>How the emulator POSTs a finished bulk read job to its callback URL (fact sheet §6.4: JSON, "form-encoded in some reports").</summary>
public enum BulkCallbackFormat
{
    /// <summary>application/json: {"job_id","operation","state","query","result"}.</summary>
    Json,

    /// <summary>application/x-www-form-urlencoded with the same keys (query and result as JSON text).</summary>
    Form,
}

/// <summary>Settings of bulk read (fact sheet §6): timing, paging, the file, downloads, expiry and callbacks.</summary>
public sealed partial class EmulatorOptions
{
    /// <summary>How long a new job stays ADDED before it is IN PROGRESS.</summary>
    public TimeSpan BulkReadAddedDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a job stays IN PROGRESS before it is COMPLETED (or FAILURE).</summary>
    public TimeSpan BulkReadInProgressDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>§11: every status poll also moves a job on by one state (ADDED → IN PROGRESS → COMPLETED), whatever the time.</summary>
    public bool BulkReadAdvancesPerPoll { get; set; }

    /// <summary>§6.1: rows per page (per job); page 2 starts at row 200,001.</summary>
    public int BulkReadPageSize { get; set; } = 200_000;

    /// <summary>§6.1 (?): the highest page a job may ask for (v2 docs 500; the v8 OAS pattern hints at 50). Past it: 400 PAGE_RANGE_EXCEEDED.</summary>
    public int BulkReadMaxPage { get; set; } = 500;

    /// <summary>§6.1: field names in query.fields.</summary>
    public int BulkReadMaxFields { get; set; } = 200;

    /// <summary>§6.1: conditions in one criteria (groups nest).</summary>
    public int BulkReadMaxConditions { get; set; } = 25;

    /// <summary>§6.1 (v2): values of one in/not_in condition.</summary>
    public int BulkReadMaxInValues { get; set; } = 20;

    /// <summary>(?): a Leads export includes converted leads (default not, like the list API's converted=false).</summary>
    public bool BulkReadIncludesConvertedLeads { get; set; }

    /// <summary>§8.1: credits of creating a job.</summary>
    public int BulkReadCreateCreditCost { get; set; } = 50;

    /// <summary>§6 (?): credits of a status poll ("1 or nothing").</summary>
    public int BulkReadStatusCreditCost { get; set; } = 1;

    /// <summary>§6 (?): credits of a download ("1 or nothing").</summary>
    public int BulkReadDownloadCreditCost { get; set; } = 1;

    /// <summary>§6.3 (?): the file's first column, holding the record id (the sheet says "id"; older exports said "Id").</summary>
    public string BulkCsvIdColumn { get; set; } = "id";

    /// <summary>(?): every CSV value is in double quotes (true) or only those that need it (false).</summary>
    public bool BulkCsvQuoteAll { get; set; } = true;

    /// <summary>(?): the CSV starts with a UTF-8 byte order mark.</summary>
    public bool BulkCsvByteOrderMark { get; set; }

    /// <summary>(?): separator of a multi-select picklist's values in one CSV cell.</summary>
    public string BulkCsvMultiValueSeparator { get; set; } = ";";

    /// <summary>§6.3 (?): Content-Type of the download (the OAS says application/x-download).</summary>
    public string BulkDownloadContentType { get; set; } = "application/zip";

    /// <summary>§6.3: downloads served per <see cref="BulkDownloadWindow"/>; past it 429 TOO_MANY_REQUESTS. 0 turns the limit off.</summary>
    public int BulkDownloadsPerWindow { get; set; } = 10;

    public TimeSpan BulkDownloadWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>(?): the download limit's 429 carries Retry-After (seconds until a download is allowed again).</summary>
    public bool BulkDownloadSendsRetryAfter { get; set; } = true;

    /// <summary>§6.3: how long a finished job's file can be downloaded.</summary>
    public TimeSpan BulkReadFileLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>§6.3/§12 (?): HTTP status of downloading an expired file, or one of an unfinished job (400 RESOURCE_NOT_FOUND per bulk_read.json).</summary>
    public int BulkDownloadUnavailableStatusCode { get; set; } = 400;

    /// <summary>§6.2 (?): HTTP status of an unknown job id (404 RESOURCE_NOT_FOUND; the sheet also allows 400 INVALID_DATA).</summary>
    public int BulkJobNotFoundStatusCode { get; set; } = 404;

    /// <summary>§6.4 (?): body format of the callback POST.</summary>
    public BulkCallbackFormat BulkCallbackFormat { get; set; } = BulkCallbackFormat.Json;

    /// <summary>§6.4: callback URLs must be https, except loopback (so tests can receive them).</summary>
    public bool BulkCallbackAllowsLoopbackHttp { get; set; } = true;

    /// <summary>(?): key of a failed job's reason in its status (Zoho documents none).</summary>
    public string BulkReadFailureReasonKey { get; set; } = "message";
}
