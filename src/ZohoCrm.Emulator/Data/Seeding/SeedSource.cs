using System.Globalization;

namespace ZohoCrm.Emulator.Data.Seeding;

/// <summary>
/// The seeded records of one module, generated on demand from their index: nothing but ids and times is
/// kept per record, so 200,000 leads cost a few megabytes and start instantly.
/// </summary>
internal abstract class SeedSource
{
    private static readonly long HistorySeconds = (long)TimeSpan.FromDays(3 * 365).TotalSeconds;
    private readonly long _spacingSeconds;

    protected SeedSource(SeedContext context, ModuleDefinition module, int count, int slot)
    {
        Context = context;
        Module = module;
        Count = count;
        Hash = new SeedHash(context.Seed, module.ApiName);
        IdBase = ZohoIds.SeedBase(slot);
        _spacingSeconds = Math.Max(60, HistorySeconds / Math.Max(1, count));
    }

    public ModuleDefinition Module { get; }

    public int Count { get; }

    protected SeedContext Context { get; }

    protected SeedHash Hash { get; }

    private long IdBase { get; }

    /// <summary>Ids ascend with the index and are not consecutive.</summary>
    public long IdOf(int index) => IdBase + ((index + 1L) * 1000) + Hash.Pick(index, "id", 997);

    public DateTimeOffset CreatedOf(int index)
    {
        var back = (Count - index) * _spacingSeconds;
        var jitter = Hash.Pick(index, "created", (int)Math.Max(1, _spacingSeconds / 2));
        return ZohoTime.SeedAnchor.AddSeconds(-back + jitter);
    }

    public DateTimeOffset ModifiedOf(int index)
    {
        var created = CreatedOf(index);
        var span = (long)(ZohoTime.SeedAnchor - created).TotalSeconds;
        if (span <= 0 || Hash.OneIn(index, "untouched", 4))
        {
            return created;
        }

        return created.AddSeconds((long)(Hash.Of(index, "modified") % (ulong)span));
    }

    public virtual bool ConvertedOf(int index) => false;

    public LookupValue LookupOf(int index) => new(IdOf(index), DisplayName(index));

    public abstract string DisplayName(int index);

    /// <summary>The value of a field that is not an audit field; null when empty.</summary>
    public object? Value(int index, FieldDefinition field) => field.ApiName switch
    {
        "Owner" => Owner(index).AsOwner(),
        "Created_By" => Creator(index).AsOwner(),
        "Modified_By" => (ModifiedOf(index) == CreatedOf(index) ? Creator(index) : Owner(index)).AsOwner(),
        "Tag" => TagsOf(index),
        _ => ModuleValue(index, field.ApiName),
    };

    protected abstract object? ModuleValue(int index, string field);

    protected CrmUser Owner(int index) => Hash.Pick(index, "owner", Context.Users.Owners);

    private CrmUser Creator(int index) => Hash.OneIn(index, "creator", 3) ? Context.Users.Current : Owner(index);

    private IReadOnlyList<TagValue> TagsOf(int index)
    {
        var tags = Module.Tags;
        if (tags.Count == 0 || !Hash.OneIn(index, "tagged", 5))
        {
            return Array.Empty<TagValue>();
        }

        var first = Hash.Pick(index, "tag1", tags.Count);
        if (tags.Count > 1 && Hash.OneIn(index, "tag2", 5))
        {
            return [tags[first], tags[(first + 1) % tags.Count]];
        }

        return [tags[first]];
    }

    // ---- helpers shared by the module sources ----

    protected string FirstName(int index) => Hash.Pick(index, "first", SampleData.FirstNames);

    protected string LastName(int index) => Hash.Pick(index, "last", SampleData.LastNames);

    protected string Phone(int index, string purpose) =>
        "+91 9" + (Hash.Of(index, purpose) % 1_000_000_000UL).ToString("D9", CultureInfo.InvariantCulture).Insert(4, " ");

    protected (string City, string State, string Country, string ZipPrefix) Place(int index) => Hash.Pick(index, "place", SampleData.Places);

    protected string Street(int index) =>
        (1 + Hash.Pick(index, "streetno", 400)).ToString(CultureInfo.InvariantCulture) + " " + Hash.Pick(index, "street", SampleData.Streets);

    protected string Zip(int index) => Place(index).ZipPrefix + Hash.Pick(index, "zip", 1000).ToString("D3", CultureInfo.InvariantCulture);

    protected string? Maybe(int index, string purpose, int oneIn, string? value) => Hash.OneIn(index, purpose, oneIn) ? null : value;

    protected string PickValue(int index, string purpose, IReadOnlyList<string> values, bool allowNone = false)
    {
        var start = !allowNone && values.Count > 1 && values[0] == "-None-" ? 1 : 0;
        return values[start + Hash.Pick(index, purpose, values.Count - start)];
    }

    protected string? Description(int index) => Hash.OneIn(index, "desc", 3) ? Hash.Pick(index, "desctext", SampleData.Descriptions) : null;

    protected static string Domain(string company) =>
        new string(company.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray()) + ".example";
}
