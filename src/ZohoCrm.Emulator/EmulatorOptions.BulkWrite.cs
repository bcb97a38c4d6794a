namespace ZohoCrm.Emulator;

/// <summary>Settings of bulk write (fact sheet §21): the upload's limits and headers, job timing, the result file, callbacks.</summary>
public sealed partial class EmulatorOptions
{
    /// <summary>How long a new bulk write job stays ADDED before it is IN PROGRESS.</summary>
    public TimeSpan BulkWriteAddedDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a job stays IN PROGRESS (rows are written bit by bit over this time) before it is COMPLETED.</summary>
    public TimeSpan BulkWriteInProgressDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>§21.6: rows in one file (one job).</summary>
    public int BulkWriteMaxRows { get; set; } = 25_000;

    /// <summary>§21.6: bytes of the CSV in one zip (25 MB).</summary>
    public long BulkWriteMaxCsvBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>§21.6 (?): columns of one CSV.</summary>
    public int BulkWriteMaxColumns { get; set; } = 200;

    /// <summary>§8.1: credits of creating a job.</summary>
    public int BulkWriteCreateCreditCost { get; set; } = 500;

    /// <summary>§21.1 (?): credits of a status poll.</summary>
    public int BulkWriteStatusCreditCost { get; set; } = 1;

    /// <summary>§21.1 (?): credits of an upload ("—").</summary>
    public int BulkWriteUploadCreditCost { get; set; }

    /// <summary>§21.1: the upload needs ZohoFiles.files.ALL (or CREATE).</summary>
    public bool BulkWriteUploadRequiresFilesScope { get; set; } = true;

    /// <summary>§21.1 (?): HTTP status when the feature or X-CRM-ORG header is missing or wrong (400 or 403).</summary>
    public int BulkWriteUploadHeaderErrorStatusCode { get; set; } = 400;

    /// <summary>§21.3 (?): the status answer wraps the job in data[] (the OAS shows the bare object).</summary>
    public bool BulkWriteStatusWrapsInData { get; set; }

    /// <summary>§21.3: HTTP status of an unknown job id (400 RESOURCE_NOT_FOUND per the OAS).</summary>
    public int BulkWriteJobNotFoundStatusCode { get; set; } = 400;

    /// <summary>§21.4 (?): how long a result can be downloaded (assume 7 days).</summary>
    public TimeSpan BulkWriteResultLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>(?): HTTP status of downloading an expired result or one of an unfinished job.</summary>
    public int BulkWriteResultUnavailableStatusCode { get; set; } = 400;

    /// <summary>(?): key of a failed job's reason in its status (Zoho documents none).</summary>
    public string BulkWriteFailureReasonKey { get; set; } = "message";
}
