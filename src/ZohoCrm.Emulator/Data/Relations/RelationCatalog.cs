namespace ZohoCrm.Emulator.Data.Relations;

/// <summary>How a related list finds its rows.</summary>
internal enum RelationKind
{
    /// <summary>Children whose lookup field points at the parent (Cases under a Contact); changed by editing the child.</summary>
    Children,

    /// <summary>The parent's notes (Parent_Id).</summary>
    Notes,

    /// <summary>Many-to-many links (Campaigns ↔ Leads): the only lists PUT and DELETE accept (fact sheet §16.2).</summary>
    Linked,
}

/// <summary>One related list of a module: its api_name, the module of its rows, and how they are found.</summary>
internal sealed record Relation(string ParentModule, string ApiName, string RelatedModule, RelationKind Kind, string? LookupField = null, string? RelationField = null)
{
    /// <summary>Both directions of a many-to-many pair share one key, so a link made from either side shows on both.</summary>
    public string PairKey => string.CompareOrdinal(ParentModule, RelatedModule) < 0 ? ParentModule + "|" + RelatedModule : RelatedModule + "|" + ParentModule;

    public bool ParentIsFirst => string.CompareOrdinal(ParentModule, RelatedModule) < 0;
}

/// <summary>The related lists the emulator serves (fact sheet §16.2, §17.1, §23).</summary>
internal static class RelationCatalog
{
    /// <summary>Modules whose records can have notes (fact sheet §17.1), of those the emulator has.</summary>
    public static readonly string[] NoteParents =
    [
        "Leads", "Accounts", "Contacts", "Deals", "Campaigns", "Tasks", "Events", "Calls", "Cases", "Solutions", "Products",
        "Vendors", "Price_Books", "Quotes", "Sales_Orders", "Purchase_Orders", "Invoices",
    ];

    private static readonly Relation[] Relations =
    [
        new("Contacts", "Cases", "Cases", RelationKind.Children, "Related_To"),
        new("Contacts", "Quotes", "Quotes", RelationKind.Children, "Contact_Name"),
        new("Contacts", "Deals", "Deals", RelationKind.Children, "Contact_Name"),
        new("Contacts", "Sales_Orders", "Sales_Orders", RelationKind.Children, "Contact_Name"),
        new("Contacts", "Purchase_Orders", "Purchase_Orders", RelationKind.Children, "Contact_Name"),
        new("Contacts", "Invoices", "Invoices", RelationKind.Children, "Contact_Name"),
        new("Contacts", "Tasks", "Tasks", RelationKind.Children, "Who_Id"),
        new("Contacts", "Calls", "Calls", RelationKind.Children, "Who_Id"),
        new("Contacts", "Events", "Events", RelationKind.Children, "Who_Id"),
        new("Accounts", "Contacts", "Contacts", RelationKind.Children, "Account_Name"),
        new("Accounts", "Deals", "Deals", RelationKind.Children, "Account_Name"),
        new("Accounts", "Cases", "Cases", RelationKind.Children, "Account_Name"),
        new("Accounts", "Quotes", "Quotes", RelationKind.Children, "Account_Name"),
        new("Deals", "Quotes", "Quotes", RelationKind.Children, "Deal_Name"),
        new("Campaigns", "Deals", "Deals", RelationKind.Children, "Campaign_Source"),
        new("Campaigns", "Leads", "Leads", RelationKind.Linked, RelationField: "Member_Status"),
        new("Campaigns", "Contacts", "Contacts", RelationKind.Linked, RelationField: "Member_Status"),
        new("Leads", "Campaigns", "Campaigns", RelationKind.Linked, RelationField: "Member_Status"),
        new("Contacts", "Campaigns", "Campaigns", RelationKind.Linked, RelationField: "Member_Status"),
        new("Products", "Leads", "Leads", RelationKind.Linked),
        new("Products", "Accounts", "Accounts", RelationKind.Linked),
        new("Products", "Contacts", "Contacts", RelationKind.Linked),
        new("Products", "Deals", "Deals", RelationKind.Linked),
        new("Products", "Price_Books", "Price_Books", RelationKind.Linked, RelationField: "list_price"),
        new("Leads", "Products", "Products", RelationKind.Linked),
        new("Accounts", "Products", "Products", RelationKind.Linked),
        new("Contacts", "Products", "Products", RelationKind.Linked),
        new("Deals", "Products", "Products", RelationKind.Linked),
        new("Price_Books", "Products", "Products", RelationKind.Linked, RelationField: "list_price"),
    ];

    /// <summary>The related list <paramref name="apiName"/> of <paramref name="parentModule"/> (case-sensitive, as Zoho), or null.</summary>
    public static Relation? Find(string parentModule, string apiName)
    {
        if (apiName == "Notes")
        {
            return NoteParents.Contains(parentModule, StringComparer.Ordinal) ? new Relation(parentModule, "Notes", "Notes", RelationKind.Notes) : null;
        }

        return Relations.FirstOrDefault(r => r.ParentModule == parentModule && r.ApiName == apiName);
    }

    /// <summary>Every related list of a module, Notes included.</summary>
    public static IEnumerable<Relation> Of(string parentModule)
    {
        if (Find(parentModule, "Notes") is { } notes)
        {
            yield return notes;
        }

        foreach (var relation in Relations.Where(r => r.ParentModule == parentModule))
        {
            yield return relation;
        }
    }
}
