using System;
using System.Collections.Generic;
using System.Linq;

namespace ZohoCrm.Core.Privacy
{
    /// <summary>Where a person's data lives in the standard modules (fact sheet §23).</summary>
    public static class PrivacyModules
    {
        /// <summary>Modules searched by email by default: the person modules and Cases' reporter email.</summary>
        public static readonly IReadOnlyList<string> PersonModules = new[] { "Contacts", "Leads", "Cases" };

        /// <summary>The lists read under a contact (Contact_Name, Who_Id, Related_To).</summary>
        public static readonly IReadOnlyList<string> ContactLists = new[] { "Quotes", "Invoices", "Sales_Orders", "Purchase_Orders", "Tasks", "Calls", "Events", "Cases" };

        /// <summary>The lists read under a lead (Who_Id).</summary>
        public static readonly IReadOnlyList<string> LeadLists = new[] { "Tasks", "Calls", "Events" };

        /// <summary>Children of every record found: its notes and its attachments.</summary>
        public const string Notes = "Notes";

        public const string Attachments = "Attachments";

        /// <summary>Modules whose records the records API deletes (fact sheet §23), plus notes and attachments.</summary>
        public static readonly IReadOnlyList<string> Deletable = new[]
        {
            "Contacts", "Leads", "Cases", "Calls", "Quotes", "Tasks", "Invoices", "Events", "Sales_Orders", "Purchase_Orders", "Vendors", Notes, Attachments,
        };

        /// <summary>Deletion order: children before parents, so each is deleted and reported on its own.</summary>
        public static int DeleteRank(string module)
        {
            if (module == Attachments) return 0;
            if (module == Notes) return 1;
            if (module == "Contacts") return 4;
            if (module == "Leads") return 3;
            return 2;
        }

        public static bool IsDeletable(string module) => Deletable.Contains(module, StringComparer.Ordinal) || module.EndsWith("__c", StringComparison.Ordinal);

        public static bool SameAddress(string? value, string email) =>
            value != null && string.Equals(value.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
