using System;
using System.Collections.Generic;
using System.Linq;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>
    /// The scopes a person sign-in asks for (fact sheet §1.2 and the scopes the addendum names per API), and the scope
    /// a call refused with OAUTH_SCOPE_MISMATCH needed.
    /// </summary>
    public static class SignInScopes
    {
        /// <summary>Every scope the module's commands use: records, metadata, users, org, bulk, COQL, search, notifications, files, attachments, functions.</summary>
        public static readonly IReadOnlyList<string> Default = new[]
        {
            "ZohoCRM.modules.ALL",
            "ZohoCRM.modules.attachments.ALL",
            "ZohoCRM.settings.ALL",
            "ZohoCRM.users.ALL",
            "ZohoCRM.org.ALL",
            "ZohoCRM.bulk.ALL",
            "ZohoCRM.coql.READ",
            "ZohoCRM.notifications.ALL",
            "ZohoCRM.files.CREATE",
            "ZohoCRM.files.READ",
            "ZohoCRM.functions.execute.READ",
            "ZohoCRM.functions.execute.CREATE",
            "ZohoSearch.securesearch.READ",
            "ZohoFiles.files.ALL",
        };

        /// <summary>Scopes as the authorization request takes them: comma-separated, duplicates and blanks dropped, order kept.</summary>
        public static string Join(IEnumerable<string>? scopes)
        {
            var list = (scopes ?? Default)
                .SelectMany(s => (s ?? string.Empty).Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                .Select(s => s.Trim())
                .Where(s => s.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            return string.Join(",", list.Count == 0 ? Default : list);
        }

        /// <summary>
        /// The scopes a CRM call needs (for example <c>GET /crm/v8/Leads/search</c> needs ZohoCRM.modules.leads.READ and
        /// ZohoSearch.securesearch.READ); empty when the path is not one this module knows.
        /// </summary>
        public static IReadOnlyList<string> RequiredFor(string? method, string? path)
        {
            if (string.IsNullOrEmpty(path)) return Array.Empty<string>();
            var operation = OperationOf(method);
            var segments = path!.Split('?')[0].Trim('/').Split('/');
            // /crm/bulk/v8/read|write, else /crm/v8/...
            if (segments.Length >= 4 && segments[0] == "crm" && segments[1] == "bulk")
                return new[] { "ZohoCRM.bulk." + operation };
            if (segments.Length < 3 || segments[0] != "crm") return Array.Empty<string>();
            var rest = segments.Skip(2).ToArray();
            switch (rest[0].ToLowerInvariant())
            {
                case "users": return new[] { "ZohoCRM.users." + operation };
                case "org": return new[] { "ZohoCRM.org." + operation };
                case "coql": return new[] { "ZohoCRM.coql.READ" };
                case "files": return new[] { "ZohoCRM.files." + operation };
                case "functions": return new[] { "ZohoCRM.functions.execute." + operation };
                case "actions" when rest.Length > 1 && rest[1] == "watch": return new[] { "ZohoCRM.notifications." + operation };
                case "settings" when rest.Length > 1: return new[] { "ZohoCRM.settings." + rest[1] + "." + operation };
                case "settings": return new[] { "ZohoCRM.settings." + operation };
            }

            var module = rest[0].ToLowerInvariant();
            if (rest.Length >= 2 && rest[rest.Length - 1] == "search")
                return new[] { "ZohoCRM.modules." + module + ".READ", "ZohoSearch.securesearch.READ" };
            if (rest.Length >= 3 && string.Equals(rest[2], "Attachments", StringComparison.OrdinalIgnoreCase))
                return new[] { "ZohoCRM.modules.attachments." + operation };
            return new[] { "ZohoCRM.modules." + module + "." + operation };
        }

        private static string OperationOf(string? method)
        {
            switch ((method ?? "GET").ToUpperInvariant())
            {
                case "POST": return "CREATE";
                case "PUT":
                case "PATCH": return "UPDATE";
                case "DELETE": return "DELETE";
                default: return "READ";
            }
        }
    }
}
