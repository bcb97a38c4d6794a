using ZohoCrm.Emulator.Data.Seeding;

namespace ZohoCrm.Emulator.Data;

/// <summary>The records of one module, in ascending id order, with cached orderings for sorting.</summary>
public sealed partial class ModuleRecordSet
{
    private readonly List<CrmRecord> _records;
    private readonly SeedSource? _seed;
    private readonly Dictionary<RecordSortField, CrmRecord[]> _sorted = new();
    private int _sortedVersion = -1;

    internal ModuleRecordSet(ModuleDefinition module, SeedSource? seed)
    {
        Module = module;
        _seed = seed;
        var count = seed?.Count ?? 0;
        _records = new List<CrmRecord>(count);
        for (var i = 0; i < count; i++)
        {
            _records.Add(new CrmRecord(seed!.IdOf(i), i, seed.CreatedOf(i), seed.ModifiedOf(i), seed.ConvertedOf(i)));
        }
    }

    public ModuleDefinition Module { get; }

    /// <summary>Lock taken by readers and writers of this module.</summary>
    internal object Gate { get; } = new();

    /// <summary>Bumped by every change; cached orderings and page tokens compare against it.</summary>
    internal int Version { get; private set; }

    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>Records in ascending id order. Callers hold <see cref="Gate"/>.</summary>
    internal IReadOnlyList<CrmRecord> ById => _records;

    internal CrmRecord? Find(long id)
    {
        var lo = 0;
        var hi = _records.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var cmp = _records[mid].Id.CompareTo(id);
            if (cmp == 0)
            {
                return _records[mid];
            }

            if (cmp < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return null;
    }

    /// <summary>Records in ascending (sort key, id) order. Callers hold <see cref="Gate"/>.</summary>
    internal IReadOnlyList<CrmRecord> OrderedBy(RecordSortField field)
    {
        if (field == RecordSortField.Id)
        {
            return _records;
        }

        if (_sortedVersion != Version)
        {
            _sorted.Clear();
            _sortedVersion = Version;
        }

        if (!_sorted.TryGetValue(field, out var ordered))
        {
            ordered = _records.ToArray();
            var keys = ordered.Select(r => SortKey(r, field)).ToArray();
            Array.Sort(keys, ordered);
            _sorted[field] = ordered;
        }

        return ordered;
    }

    internal static (long Primary, long Id) SortKey(CrmRecord record, RecordSortField field) => field switch
    {
        RecordSortField.CreatedTime => (record.CreatedTime.UtcTicks, record.Id),
        RecordSortField.ModifiedTime => (record.ModifiedTime.UtcTicks, record.Id),
        _ => (record.Id, record.Id),
    };

    /// <summary>The typed value of a field (string, long, double, bool, DateTimeOffset, DateOnly, LookupValue, string list, TagValue list) or null.</summary>
    internal object? GetValue(CrmRecord record, FieldDefinition field)
    {
        switch (field.ApiName)
        {
            case "Created_Time":
                return record.CreatedTime;
            case "Modified_Time":
                return record.ModifiedTime;
        }

        if (record.Overrides is not null && record.Overrides.TryGetValue(field.ApiName, out var value))
        {
            return value;
        }

        return record.SeedIndex >= 0 && _seed is not null ? _seed.Value(record.SeedIndex, field) : null;
    }

    internal object? GetValue(CrmRecord record, string apiName) =>
        Module.Field(apiName) is { } field ? GetValue(record, field) : null;

    internal string DisplayName(CrmRecord record) => GetValue(record, Module.DisplayFieldApiName) as string ?? string.Empty;

    internal void Add(CrmRecord record)
    {
        if (_records.Count > 0 && _records[^1].Id >= record.Id)
        {
            throw new InvalidOperationException("Record ids must ascend.");
        }

        _records.Add(record);
        Version++;
    }

    internal bool Remove(long id)
    {
        var record = Find(id);
        if (record is null)
        {
            return false;
        }

        _records.Remove(record);
        Version++;
        return true;
    }

    internal void Touch() => Version++;
}

/// <summary>The sort keys the list API accepts (sort_by).</summary>
public enum RecordSortField
{
    Id,
    CreatedTime,
    ModifiedTime,
}
