using System.Globalization;

namespace ZohoCrm.Emulator.Data;

/// <summary>
/// Value indexes for duplicate checks (unique fields, upsert's duplicate_check_fields) and the recycle bin.
/// An index is built the first time a field is looked up and kept current by <see cref="CrmStore"/>; all
/// members are used under <see cref="Gate"/>.
/// </summary>
public sealed partial class ModuleRecordSet
{
    private readonly Dictionary<string, Dictionary<string, SortedSet<long>>> _indexes = new(StringComparer.Ordinal);
    private readonly List<DeletedRecord> _deleted = new();

    /// <summary>Seeded records the module started with (autonumbers of new records continue after them).</summary>
    internal int SeedCount => _seed?.Count ?? 0;

    /// <summary>Deleted records, oldest first. Callers hold <see cref="Gate"/>.</summary>
    internal IReadOnlyList<DeletedRecord> Deleted => _deleted;

    /// <summary>The lowest id whose value of <paramref name="field"/> equals <paramref name="value"/> (ignoring case), other than <paramref name="except"/>.</summary>
    internal long? FindByValue(FieldDefinition field, object? value, long except = 0)
    {
        var key = IndexKey(value);
        if (key is null || !Index(field).TryGetValue(key, out var ids))
        {
            return null;
        }

        foreach (var id in ids)
        {
            if (id != except)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Adds a stored record to every built index.</summary>
    internal void IndexAdd(CrmRecord record)
    {
        foreach (var (name, index) in _indexes)
        {
            AddKey(index, IndexKey(GetValue(record, name)), record.Id);
        }
    }

    /// <summary>Removes a record from every built index (call before its values change or it goes).</summary>
    internal void IndexRemove(CrmRecord record)
    {
        foreach (var (name, index) in _indexes)
        {
            if (IndexKey(GetValue(record, name)) is { } key && index.TryGetValue(key, out var ids))
            {
                ids.Remove(record.Id);
                if (ids.Count == 0)
                {
                    index.Remove(key);
                }
            }
        }
    }

    internal void AddDeleted(DeletedRecord deleted) => _deleted.Add(deleted);

    /// <summary>Marks a binned record as permanently deleted; false when it is not in the bin. Callers hold <see cref="Gate"/>.</summary>
    internal bool Purge(long id)
    {
        var index = _deleted.FindIndex(d => d.Id == id && !d.Purged);
        if (index < 0)
        {
            return false;
        }

        _deleted[index] = _deleted[index] with { Purged = true };
        return true;
    }

    /// <summary>How two values compare for duplicates: text ignoring case, lookups by id; empty values never match.</summary>
    internal static string? IndexKey(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        LookupValue l => l.Id.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset d => ZohoTime.FormatDateTime(d),
        DateOnly d => ZohoTime.FormatDate(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private Dictionary<string, SortedSet<long>> Index(FieldDefinition field)
    {
        if (!_indexes.TryGetValue(field.ApiName, out var index))
        {
            index = new Dictionary<string, SortedSet<long>>(StringComparer.OrdinalIgnoreCase);
            foreach (var record in _records)
            {
                AddKey(index, IndexKey(GetValue(record, field)), record.Id);
            }

            _indexes.Add(field.ApiName, index);
        }

        return index;
    }

    private static void AddKey(Dictionary<string, SortedSet<long>> index, string? key, long id)
    {
        if (key is null)
        {
            return;
        }

        if (!index.TryGetValue(key, out var ids))
        {
            ids = new SortedSet<long>();
            index.Add(key, ids);
        }

        ids.Add(id);
    }
}

/// <summary>A record in the recycle bin (GET /{module}/deleted).</summary>
public sealed record DeletedRecord(long Id, string DisplayName, LookupValue? CreatedBy, LookupValue DeletedBy, DateTimeOffset DeletedTime)
{
    /// <summary>Removed from the recycle bin for good (fact sheet §22.1); still listed by GET deleted?type=permanent.</summary>
    public bool Purged { get; init; }
}
