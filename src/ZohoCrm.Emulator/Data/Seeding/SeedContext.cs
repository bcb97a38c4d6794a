namespace ZohoCrm.Emulator.Data.Seeding;

/// <summary>The seeded sources of all modules, so lookups can name records of other modules.</summary>
internal sealed class SeedContext
{
    private readonly Dictionary<string, SeedSource> _sources = new(StringComparer.Ordinal);

    public SeedContext(EmulatorOptions options, ModuleCatalog catalog, UserDirectory users)
    {
        Seed = options.Seed;
        Users = users;
        Add(new AccountsSeed(this, catalog.Find("Accounts")!, Math.Max(0, options.Accounts)));
        Add(new ContactsSeed(this, catalog.Find("Contacts")!, Math.Max(0, options.Contacts)));
        Add(new LeadsSeed(this, catalog.Find("Leads")!, Math.Max(0, options.Leads)));
        Add(new DealsSeed(this, catalog.Find("Deals")!, Math.Max(0, options.Deals)));
        Add(new CasesSeed(this, catalog.Find("Cases")!, Math.Max(0, options.Cases)));
        Add(new QuotesSeed(this, catalog.Find("Quotes")!, Math.Max(0, options.Quotes)));
        Add(new NotesSeed(this, catalog, catalog.Find("Notes")!, Math.Max(0, options.Notes)));
    }

    public int Seed { get; }

    public UserDirectory Users { get; }

    public SeedSource? Source(string module) => _sources.GetValueOrDefault(module);

    /// <summary>A lookup to a random seeded record of <paramref name="module"/>, or null when it has none.</summary>
    public LookupValue? RandomLookup(string module, ulong hash)
    {
        var source = Source(module);
        return source is null || source.Count == 0 ? null : source.LookupOf((int)(hash % (ulong)source.Count));
    }

    private void Add(SeedSource source) => _sources.Add(source.Module.ApiName, source);
}
