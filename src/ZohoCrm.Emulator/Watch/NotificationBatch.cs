namespace ZohoCrm.Emulator.Watch;

/// <summary>Changes of one module and operation gathered for one channel until the batch window closes.</summary>
internal sealed class NotificationBatch(long channelId, string module, string operation, long sequence)
{
    public long ChannelId { get; } = channelId;

    /// <summary>The order in which batches were opened (by their first change), across all channels.</summary>
    public long Sequence { get; } = sequence;

    public string Module { get; } = module;

    /// <summary>create, edit or delete (the events' words).</summary>
    public string Operation { get; } = operation;

    public List<long> Ids { get; } = new();

    /// <summary>For edits: the fields that changed, per id (related-record notifications have none).</summary>
    public Dictionary<long, List<string>> ChangedFields { get; } = new();

    public void Add(long id, IReadOnlyList<string>? fields)
    {
        if (!Ids.Contains(id))
        {
            Ids.Add(id);
        }

        if (fields is null || fields.Count == 0)
        {
            return;
        }

        if (!ChangedFields.TryGetValue(id, out var known))
        {
            ChangedFields[id] = known = new List<string>();
        }

        known.AddRange(fields.Where(f => !known.Contains(f, StringComparer.Ordinal)));
    }
}
