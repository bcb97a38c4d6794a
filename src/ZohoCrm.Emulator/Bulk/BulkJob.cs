using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>One bulk read job and, once it has run, its file.</summary>
internal sealed class BulkJob(long id, BulkReadQuery query, LookupValue createdBy, DateTimeOffset startedAt)
{
    public const string Added = "ADDED";
    public const string InProgress = "IN PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Failure = "FAILURE";

    public long Id { get; } = id;

    public BulkReadQuery Query { get; } = query;

    public LookupValue CreatedBy { get; } = createdBy;

    /// <summary>When the job was created, to the tick: its states are timed from here.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>created_time as Zoho shows it, in whole seconds.</summary>
    public DateTimeOffset CreatedTime { get; } = ZohoTime.TruncateToSeconds(startedAt);

    /// <summary>Guards the fields below.</summary>
    public object Gate { get; } = new();

    public string State { get; set; } = Added;

    /// <summary>Status polls so far (for <see cref="EmulatorOptions.BulkReadAdvancesPerPoll"/>).</summary>
    public int Polls { get; set; }

    /// <summary>Set by the failure hooks: the job ends in FAILURE with this reason.</summary>
    public string? FailWith { get; set; }

    public string? FailureReason { get; set; }

    public byte[]? File { get; set; }

    public int Count { get; set; }

    public bool MoreRecords { get; set; }

    public string? NextPageToken { get; set; }

    public DateTimeOffset? FinishedTime { get; set; }

    public bool Expired { get; set; }

    public bool IsFinished => State is Completed or Failure;

    public string FileName => ZohoIds.Format(Id) + "." + Query.FileType;
}
