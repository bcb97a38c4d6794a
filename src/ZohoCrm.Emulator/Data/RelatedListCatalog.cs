namespace ZohoCrm.Emulator.Data;

/// <summary>
/// One related list of a module (related_lists.json). <see cref="Linkable"/> marks the many-to-many lists that
/// PUT/DELETE /{module}/{id}/{list} can link and delink (fact sheet §16.2); every other list is changed through the
/// child's lookup instead.
/// </summary>
public sealed record RelatedListDefinition(long Id, string ApiName, string DisplayLabel, string? RelatedModule, string Type, bool Linkable, int Sequence)
{
    /// <summary>The URL segment template Zoho shows in "href" (§15.3).</summary>
    public string Href(string module) => $"{module}/{{ENTITYID}}/{ApiName}";
}

/// <summary>The related lists of each module: notes and attachments everywhere, children and the §16.2 many-to-many lists.</summary>
public static class RelatedListCatalog
{
    /// <summary>The many-to-many pairs of fact sheet §16.2 (both directions are listed).</summary>
    public static IReadOnlyList<(string Module, string Related)> ManyToMany { get; } =
    [
        ("Campaigns", "Leads"), ("Campaigns", "Contacts"),
        ("Products", "Leads"), ("Products", "Accounts"), ("Products", "Contacts"), ("Products", "Deals"), ("Products", "Price_Books"),
    ];

    private static readonly Dictionary<string, string[]> Children = new(StringComparer.Ordinal)
    {
        ["Leads"] = ["Notes", "Attachments", "Tasks", "Events", "Calls", "Campaigns", "Products", "Emails"],
        ["Contacts"] = ["Notes", "Attachments", "Deals", "Cases", "Quotes", "Tasks", "Events", "Calls", "Campaigns", "Products", "Emails"],
        ["Accounts"] = ["Notes", "Attachments", "Contacts", "Deals", "Cases", "Quotes", "Tasks", "Products"],
        ["Deals"] = ["Notes", "Attachments", "Contact_Roles", "Products", "Quotes", "Tasks", "Stage_History"],
        ["Campaigns"] = ["Notes", "Attachments", "Leads", "Contacts", "Deals"],
        ["Products"] = ["Notes", "Attachments", "Leads", "Accounts", "Contacts", "Deals", "Price_Books", "Cases"],
        ["Cases"] = ["Notes", "Attachments", "Solutions", "Tasks"],
        ["Solutions"] = ["Notes", "Attachments", "Cases"],
        ["Vendors"] = ["Notes", "Attachments", "Products", "Contacts"],
    };

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["Contact_Roles"] = "Contact Roles",
        ["Stage_History"] = "Stage History",
        ["Price_Books"] = "Price Books",
        ["Emails"] = "Emails",
        ["Events"] = "Meetings",
    };

    /// <summary>Lists that are no module of their own (the API has no records endpoint behind them).</summary>
    private static readonly HashSet<string> NotModules = new(StringComparer.Ordinal) { "Emails", "Stage_History", "Contact_Roles" };

    public static bool IsLinkable(string module, string related) =>
        ManyToMany.Any(p => (p.Module == module && p.Related == related) || (p.Module == related && p.Related == module));

    /// <summary>The related lists of <paramref name="module"/>, ids derived from the module's id so they never change.</summary>
    public static IReadOnlyList<RelatedListDefinition> For(ModuleDefinition module)
    {
        var names = Children.TryGetValue(module.ApiName, out var known) ? known : ["Notes", "Attachments"];
        return names.Select((name, i) => new RelatedListDefinition(
            module.Id + 200_000 + i,
            name,
            Labels.GetValueOrDefault(name, name),
            NotModules.Contains(name) ? null : name,
            name == "Contact_Roles" ? "custom" : "default",
            IsLinkable(module.ApiName, name),
            i + 1)).ToList();
    }
}
