namespace ZohoCrm.Emulator.Data;

public enum RecordOperation
{
    Insert,
    Update,
    Delete,
}

/// <summary>
/// A change to a record, raised once per record by <see cref="CrmStore.RecordChanged"/> (for watch notifications
/// and tests). <see cref="ChangedFields"/>: for an insert the fields given plus those computed (Full_Name,
/// autonumbers …); for an update the fields whose value changed ("$converted" for a lead conversion); for a
/// delete none. <see cref="Time"/> is the record's new Modified_Time (the deletion time for a delete).
/// </summary>
public sealed record RecordChange(string Module, long Id, RecordOperation Operation, IReadOnlyList<string> ChangedFields, DateTimeOffset Time);
