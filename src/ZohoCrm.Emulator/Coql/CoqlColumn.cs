using System.Globalization;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Coql;

/// <summary>
/// A column resolved against the modules: a field, "id", or a path through at most two lookups
/// (Account_Name.Parent_Account.Account_Name; Owner.email reaches the user).
/// </summary>
internal sealed class CoqlColumn
{
    /// <summary>Fields of a user that a path through an owner lookup can reach.</summary>
    private static readonly Dictionary<string, Func<CrmUser, object?>> UserFields = new(StringComparer.Ordinal)
    {
        ["id"] = u => u.Id,
        ["first_name"] = u => u.FirstName,
        ["last_name"] = u => u.LastName,
        ["full_name"] = u => u.FullName,
        ["email"] = u => u.Email,
    };

    private readonly CrmStore _store;
    private readonly List<FieldDefinition?> _steps;
    private readonly Func<CrmUser, object?>? _userField;

    private CoqlColumn(CrmStore store, string text, List<FieldDefinition?> steps, Func<CrmUser, object?>? userField)
    {
        _store = store;
        Text = text;
        _steps = steps;
        _userField = userField;
    }

    public string Text { get; }

    /// <summary>The last field of the path; null for "id" and for a user's field.</summary>
    public FieldDefinition? Field => _userField is null ? _steps[^1] : null;

    /// <summary>The data_type the column compares as ("id" and user ids as bigint, user fields as text).</summary>
    public FieldDataType Type => Field?.DataType ?? (IsId ? FieldDataType.BigInt : FieldDataType.Text);

    public bool IsId => _userField is null ? _steps[^1] is null : Text.EndsWith(".id", StringComparison.Ordinal);

    /// <summary>Resolves a path; returns null with the reason when a name does not exist or cannot be followed.</summary>
    public static CoqlColumn? Resolve(CrmStore store, ModuleDefinition module, IReadOnlyList<string> path, out string? reason)
    {
        reason = null;
        var steps = new List<FieldDefinition?>();
        var current = module;
        for (var i = 0; i < path.Count; i++)
        {
            var name = path[i];
            if (current is null)
            {
                if (i != path.Count - 1 || !UserFields.TryGetValue(name, out var userField))
                {
                    reason = $"users have no field {name} here; use one of {string.Join(", ", UserFields.Keys)}";
                    return null;
                }

                return new CoqlColumn(store, string.Join('.', path), steps, userField);
            }

            if (name == "id")
            {
                if (i != path.Count - 1)
                {
                    reason = "id has no fields";
                    return null;
                }

                steps.Add(null);
                break;
            }

            var field = current.Field(name);
            if (field is null)
            {
                reason = $"{current.ApiName} has no field {name}";
                return null;
            }

            steps.Add(field);
            if (i == path.Count - 1)
            {
                break;
            }

            if (i >= 2)
            {
                reason = "a column can go through at most two lookups";
                return null;
            }

            if (field.DataType == FieldDataType.OwnerLookup)
            {
                current = null;
            }
            else if (field.DataType == FieldDataType.Lookup && field.LookupModule is { } target && store.Catalog.Find(target) is { } targetModule)
            {
                current = targetModule;
            }
            else
            {
                reason = $"{name} is not a lookup field";
                return null;
            }
        }

        return new CoqlColumn(store, string.Join('.', path), steps, null);
    }

    /// <summary>The column's value for a record of <paramref name="set"/>: typed values, "id" as a long.</summary>
    public object? ValueOf(ModuleRecordSet set, CrmRecord record) => ValueOf(set, record, 0);

    private object? ValueOf(ModuleRecordSet set, CrmRecord record, int step)
    {
        if (_steps[step] is not { } field)
        {
            return record.Id;
        }

        var value = set.GetValue(record, field);
        if (step == _steps.Count - 1 && _userField is null)
        {
            return value;
        }

        if (value is not LookupValue lookup)
        {
            return null;
        }

        if (field.DataType == FieldDataType.OwnerLookup)
        {
            return _store.Users.Find(lookup.Id) is { } user ? _userField!(user) : null;
        }

        // Lookups only point "down" (Deals → Contacts → Accounts, Accounts → Accounts), so this lock cannot deadlock.
        var target = _store.Records(field.LookupModule!)!;
        lock (target.Gate)
        {
            return target.Find(lookup.Id) is { } next ? ValueOf(target, next, step + 1) : null;
        }
    }

    public override string ToString() => Text;

    /// <summary>The id of a lookup value, so lookup columns compare by id.</summary>
    public static object? Comparable(object? value) => value switch
    {
        LookupValue lookup => lookup.Id,
        Data.Relations.ParentValue parent => parent.Id,
        long or double or bool or DateOnly or DateTimeOffset or string or null => value,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value,
    };
}
