namespace ZohoCrm.Emulator.Data;

/// <summary>
/// One stored record. Seeded records keep only their index and compute field values on demand; values
/// written later are kept in <see cref="Overrides"/>.
/// </summary>
public sealed class CrmRecord
{
    internal CrmRecord(long id, int seedIndex, DateTimeOffset createdTime, DateTimeOffset modifiedTime, bool converted)
    {
        Id = id;
        SeedIndex = seedIndex;
        CreatedTime = createdTime;
        ModifiedTime = modifiedTime;
        Converted = converted;
    }

    public long Id { get; }

    public DateTimeOffset CreatedTime { get; internal set; }

    public DateTimeOffset ModifiedTime { get; internal set; }

    public bool Converted { get; internal set; }

    public bool Approved { get; internal set; } = true;

    /// <summary>Index into the module's seed, or -1 for a record created at run time.</summary>
    internal int SeedIndex { get; }

    /// <summary>Values set after seeding, by field API name (null values included).</summary>
    internal Dictionary<string, object?>? Overrides { get; set; }
}
