using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Input
{
    /// <summary>
    /// An -Owner value as the user id Zoho needs: a user object or a record's Owner (its id), an id, or an email or full
    /// name looked up in the connection's users list (read once per connection, so a thousand rows cost one call).
    /// </summary>
    internal static class OwnerValues
    {
        /// <summary>The id given directly (object or digits), or null when the text must be looked up.</summary>
        public static string? DirectId(object? owner, out string? lookup)
        {
            lookup = null;
            if (owner is PSObject pso)
            {
                if (pso.BaseObject is string s) owner = s;
                else if (pso.Properties["id"]?.Value is object id) return Convert.ToString(id is PSObject p ? p.BaseObject : id, CultureInfo.InvariantCulture);
                else owner = pso.BaseObject;
            }
            switch (owner)
            {
                case null:
                    return null;
                case IDictionary dictionary when dictionary.Contains("id"):
                    return Convert.ToString(dictionary["id"], CultureInfo.InvariantCulture);
                case ZohoObject nested:
                    foreach (var pair in nested.Properties) if (pair.Key == "id") return Convert.ToString(pair.Value, CultureInfo.InvariantCulture);
                    return null;
                default:
                    var text = (Convert.ToString(owner, CultureInfo.InvariantCulture) ?? string.Empty).Trim();
                    if (OrgIds.IsId(text)) return text;
                    lookup = text.Length == 0 ? null : text;
                    return null;
            }
        }

        /// <summary>The row's failure when its owner names no user (it is reported, never sent).</summary>
        public static RecordWriteResult Unresolved(ZcrmUsageException problem) =>
            RecordWriteResult.Failed(0, problem.ErrorId, problem.Message + " (not sent)", new Dictionary<string, object?> { ["api_name"] = "Owner" });
    }
}
