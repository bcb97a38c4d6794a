using ZohoCrm.Emulator.Data.Seeding;

namespace ZohoCrm.Emulator.Data;

/// <summary>All records of the emulated org, per module, plus the change hook.</summary>
public sealed class CrmStore
{
    private readonly Dictionary<string, ModuleRecordSet> _sets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _autoNumbers = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private long _nextId = ZohoIds.RuntimeBase;

    internal CrmStore(EmulatorOptions options, ModuleCatalog catalog, UserDirectory users, TimeProvider clock)
    {
        Catalog = catalog;
        Users = users;
        _clock = clock;
        var seed = new SeedContext(options, catalog, users);
        foreach (var module in catalog.Modules)
        {
            _sets.Add(module.ApiName, new ModuleRecordSet(module, seed.Source(module.ApiName)));
        }
    }

    public ModuleCatalog Catalog { get; }

    public UserDirectory Users { get; }

    /// <summary>
    /// Raised once per record after every insert, update (lead conversion included) and delete, outside the
    /// store's locks. <see cref="RecordChange.ChangedFields"/> holds, for an insert, the fields given plus those
    /// the store computed (Full_Name, autonumbers …); for an update, the fields whose value actually changed;
    /// for a delete, nothing.
    /// </summary>
    public event Action<RecordChange>? RecordChanged;

    public ModuleRecordSet? Records(string module) => _sets.GetValueOrDefault(module);

    /// <summary>Creates a record from typed values; returns its id. Audit fields are set here; unique fields are not checked.</summary>
    public long Insert(string module, IReadOnlyDictionary<string, object?> values, CrmUser? by = null)
    {
        TryInsert(module, values, by, enforceUnique: false, out var id);
        return id;
    }

    /// <summary>Sets typed values on a record; false when it does not exist. Unique fields are not checked.</summary>
    public bool Update(string module, long id, IReadOnlyDictionary<string, object?> values, CrmUser? by = null)
    {
        TryUpdate(module, id, values, by, enforceUnique: false, out var found);
        return found;
    }

    /// <summary>Moves a record to the recycle bin; false when it does not exist.</summary>
    public bool Delete(string module, long id, CrmUser? by = null)
    {
        var set = Set(module);
        var now = ZohoTime.TruncateToSeconds(_clock.GetUtcNow());
        lock (set.Gate)
        {
            var record = set.Find(id);
            if (record is null)
            {
                return false;
            }

            set.IndexRemove(record);
            var deleted = new DeletedRecord(id, set.DisplayName(record), set.GetValue(record, "Created_By") as LookupValue, (by ?? Users.Current).AsOwner(), now);
            set.Remove(id);
            set.AddDeleted(deleted);
        }

        RecordChanged?.Invoke(new RecordChange(module, id, RecordOperation.Delete, Array.Empty<string>(), now));
        return true;
    }

    private readonly HashSet<(string Module, long Id)> _locked = new();

    /// <summary>Locks a record as an approval or blueprint would (fact sheet §23): deleting it fails with RECORD_LOCKED.</summary>
    public void Lock(string module, long id)
    {
        lock (_locked)
        {
            _locked.Add((module, id));
        }
    }

    public bool IsLocked(string module, long id)
    {
        lock (_locked)
        {
            return _locked.Contains((module, id));
        }
    }

    /// <summary>Deletes a binned record for good (fact sheet §22.1); false when no module's bin holds it.</summary>
    public bool Purge(long id)
    {
        foreach (var set in _sets.Values)
        {
            lock (set.Gate)
            {
                if (set.Purge(id))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The module's recycle bin, oldest deletion first.</summary>
    public IReadOnlyList<DeletedRecord> DeletedRecords(string module)
    {
        var set = Set(module);
        lock (set.Gate)
        {
            return set.Deleted.ToArray();
        }
    }

    /// <summary>Inserts unless a unique field's value is taken (then returns the clash and inserts nothing).</summary>
    internal StoreConflict? TryInsert(string module, IReadOnlyDictionary<string, object?> values, CrmUser? by, bool enforceUnique, out long id)
    {
        var set = Set(module);
        var now = ZohoTime.TruncateToSeconds(_clock.GetUtcNow());
        var user = (by ?? Users.Current).AsOwner();
        List<string> changed;
        lock (set.Gate)
        {
            if (enforceUnique && FindConflict(set, values, except: 0) is { } conflict)
            {
                id = 0;
                return conflict;
            }

            id = Interlocked.Add(ref _nextId, 1000);
            var record = new CrmRecord(id, -1, now, now, converted: false)
            {
                Overrides = new Dictionary<string, object?>(values, StringComparer.Ordinal)
                {
                    ["Created_By"] = user,
                    ["Modified_By"] = user,
                },
            };
            if (!record.Overrides.ContainsKey("Owner"))
            {
                record.Overrides["Owner"] = user;
            }

            changed = values.Keys.ToList();
            changed.AddRange(RecordDerivations.Apply(set, record, values.Keys.ToArray(), inserted: true, f => NextAutoNumber(set, f)).Except(changed));
            set.Add(record);
            set.IndexAdd(record);
        }

        RecordChanged?.Invoke(new RecordChange(module, id, RecordOperation.Insert, changed, now));
        return null;
    }

    /// <summary>Updates unless a unique field's new value belongs to another record; found is false when the id does not exist.</summary>
    internal StoreConflict? TryUpdate(string module, long id, IReadOnlyDictionary<string, object?> values, CrmUser? by, bool enforceUnique, out bool found)
    {
        var set = Set(module);
        var now = ZohoTime.TruncateToSeconds(_clock.GetUtcNow());
        List<string> changed;
        lock (set.Gate)
        {
            var record = set.Find(id);
            found = record is not null;
            if (record is null)
            {
                return null;
            }

            if (enforceUnique && FindConflict(set, values, except: id) is { } conflict)
            {
                return conflict;
            }

            changed = values.Where(v => !SameValue(set.GetValue(record, v.Key), v.Value)).Select(v => v.Key).ToList();
            set.IndexRemove(record);
            record.Overrides ??= new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (key, value) in values)
            {
                record.Overrides[key] = value;
            }

            changed.AddRange(RecordDerivations.Apply(set, record, values.Keys.ToArray(), inserted: false, f => NextAutoNumber(set, f)).Except(changed));
            record.Overrides["Modified_By"] = (by ?? Users.Current).AsOwner();
            record.ModifiedTime = now;
            set.Touch();
            set.IndexAdd(record);
        }

        RecordChanged?.Invoke(new RecordChange(module, id, RecordOperation.Update, changed, now));
        return null;
    }

    /// <summary>Marks a lead converted (an update whose changed field is "$converted"); false when it does not exist.</summary>
    internal bool MarkConverted(string module, long id, CrmUser by)
    {
        var set = Set(module);
        var now = ZohoTime.TruncateToSeconds(_clock.GetUtcNow());
        lock (set.Gate)
        {
            var record = set.Find(id);
            if (record is null)
            {
                return false;
            }

            record.Converted = true;
            record.Overrides ??= new Dictionary<string, object?>(StringComparer.Ordinal);
            record.Overrides["Modified_By"] = by.AsOwner();
            record.ModifiedTime = now;
            set.Touch();
        }

        RecordChanged?.Invoke(new RecordChange(module, id, RecordOperation.Update, ["$converted"], now));
        return true;
    }

    private ModuleRecordSet Set(string module) =>
        Records(module) ?? throw new ArgumentException($"Unknown module {module}.", nameof(module));

    private static StoreConflict? FindConflict(ModuleRecordSet set, IReadOnlyDictionary<string, object?> values, long except)
    {
        foreach (var (key, value) in values)
        {
            if (set.Module.Field(key) is { Unique: true } field && set.FindByValue(field, value, except) is { } existing)
            {
                return new StoreConflict(field, existing);
            }
        }

        return null;
    }

    private static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (LookupValue x, LookupValue y) => x.Id == y.Id,
        (IEnumerable<string> x, IEnumerable<string> y) when a is not string && b is not string => x.SequenceEqual(y),
        _ => Equals(a, b),
    };

    private long NextAutoNumber(ModuleRecordSet set, FieldDefinition field)
    {
        var key = set.Module.ApiName + "." + field.ApiName;
        lock (_autoNumbers)
        {
            var next = _autoNumbers.TryGetValue(key, out var last) ? last + 1 : set.SeedCount + 1;
            _autoNumbers[key] = next;
            return next;
        }
    }
}

/// <summary>A unique field whose value another record already holds.</summary>
internal sealed record StoreConflict(FieldDefinition Field, long ExistingId);
