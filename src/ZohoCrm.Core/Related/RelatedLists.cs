using System;
using System.Collections.Generic;
using System.Linq;

namespace ZohoCrm.Core.Related
{
    /// <summary>A related list of a module: its api_name, the module its rows belong to, and whether Zoho links and delinks it.</summary>
    public sealed class RelatedList
    {
        public RelatedList(string parentModule, string apiName, string relatedModule, bool linkable, string? relationField = null)
        {
            ParentModule = parentModule;
            ApiName = apiName;
            RelatedModule = relatedModule;
            Linkable = linkable;
            RelationField = relationField;
        }

        public string ParentModule { get; }

        /// <summary>The path segment of §16 (Cases, Notes, Campaigns …).</summary>
        public string ApiName { get; }

        /// <summary>The module of the related rows, which types them.</summary>
        public string RelatedModule { get; }

        /// <summary>Many-to-many: PUT links and DELETE delinks (fact sheet §16.2). Other lists change by editing the child.</summary>
        public bool Linkable { get; }

        /// <summary>The field the link itself carries (Member_Status for campaigns, list_price for price books), if any.</summary>
        public string? RelationField { get; }

        public override string ToString() => ParentModule + "/" + ApiName;
    }

    /// <summary>
    /// The related lists of the standard modules as the fact sheet names them (§16.2, §17.1, §23). Orgs add custom
    /// lists; those are read from settings/related_lists when a name is not known here.
    /// </summary>
    public static class RelatedLists
    {
        /// <summary>Modules whose records take notes (fact sheet §17.1); custom modules do too.</summary>
        public static readonly IReadOnlyList<string> NoteParents = new[]
        {
            "Leads", "Accounts", "Contacts", "Deals", "Campaigns", "Tasks", "Events", "Calls", "Cases", "Solutions", "Products",
            "Vendors", "Price_Books", "Quotes", "Sales_Orders", "Purchase_Orders", "Invoices", "Appointments", "Services",
        };

        /// <summary>Modules whose records take tags (fact sheet §18.1); custom modules do too.</summary>
        public static readonly IReadOnlyList<string> TagModules = new[]
        {
            "Leads", "Accounts", "Contacts", "Deals", "Campaigns", "Tasks", "Cases", "Events", "Calls", "Solutions", "Products",
            "Vendors", "Price_Books", "Quotes", "Sales_Orders", "Purchase_Orders", "Invoices",
        };

        private static readonly RelatedList[] Known =
        {
            Child("Contacts", "Cases"), Child("Contacts", "Quotes"), Child("Contacts", "Deals"), Child("Contacts", "Sales_Orders"),
            Child("Contacts", "Purchase_Orders"), Child("Contacts", "Invoices"), Child("Contacts", "Tasks"), Child("Contacts", "Events"), Child("Contacts", "Calls"),
            Child("Accounts", "Contacts"), Child("Accounts", "Deals"), Child("Accounts", "Cases"), Child("Accounts", "Quotes"), Child("Accounts", "Sales_Orders"),
            Child("Accounts", "Invoices"), Child("Accounts", "Tasks"), Child("Accounts", "Events"), Child("Accounts", "Calls"),
            Child("Deals", "Quotes"), Child("Deals", "Sales_Orders"), Child("Deals", "Tasks"), Child("Deals", "Events"), Child("Deals", "Calls"),
            Child("Leads", "Tasks"), Child("Leads", "Events"), Child("Leads", "Calls"),
            Child("Campaigns", "Deals"), Child("Quotes", "Sales_Orders"), Child("Sales_Orders", "Invoices"), Child("Vendors", "Purchase_Orders"),
            Linked("Campaigns", "Leads", "Member_Status"), Linked("Campaigns", "Contacts", "Member_Status"),
            Linked("Leads", "Campaigns", "Member_Status"), Linked("Contacts", "Campaigns", "Member_Status"),
            Linked("Products", "Leads"), Linked("Products", "Accounts"), Linked("Products", "Contacts"), Linked("Products", "Deals"),
            Linked("Products", "Price_Books", "list_price"),
            Linked("Leads", "Products"), Linked("Accounts", "Products"), Linked("Contacts", "Products"), Linked("Deals", "Products"),
            Linked("Price_Books", "Products", "list_price"),
        };

        private static RelatedList Child(string parent, string list) => new RelatedList(parent, list, list, linkable: false);

        private static RelatedList Linked(string parent, string list, string? relationField = null) => new RelatedList(parent, list, list, linkable: true, relationField);

        /// <summary>The related list as the fact sheet knows it (the name in any case), or null.</summary>
        public static RelatedList? Find(string parentModule, string name)
        {
            if (string.Equals(name, "Notes", StringComparison.OrdinalIgnoreCase) && NoteParents.Contains(parentModule, StringComparer.Ordinal))
                return new RelatedList(parentModule, "Notes", "Notes", linkable: false);
            return Known.FirstOrDefault(r => r.ParentModule == parentModule && r.ApiName == name)
                ?? Known.FirstOrDefault(r => r.ParentModule == parentModule && string.Equals(r.ApiName, name, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The known lists of a module, Notes first (for tab completion).</summary>
        public static IEnumerable<RelatedList> Of(string parentModule)
        {
            if (NoteParents.Contains(parentModule, StringComparer.Ordinal)) yield return new RelatedList(parentModule, "Notes", "Notes", linkable: false);
            foreach (var list in Known.Where(r => r.ParentModule == parentModule)) yield return list;
        }

        /// <summary>Whether a pair is many-to-many in the fact sheet's list, whichever module is the parent.</summary>
        public static bool IsLinkable(string parentModule, string relatedModule) => Known.Any(r => r.Linkable && r.ParentModule == parentModule && r.RelatedModule == relatedModule);
    }
}
