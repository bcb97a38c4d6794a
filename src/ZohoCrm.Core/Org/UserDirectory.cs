using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Org
{
    /// <summary>
    /// The org's users (fact sheet §14): paged through <see cref="RecordPager"/> like records, one by id, and the whole
    /// list fetched once per connection to turn an email or a name into a user id (owners) and for completion.
    /// </summary>
    public sealed class UserDirectory
    {
        /// <summary>Every value of <c>type</c> the docs list (§14.2); <c>AllUsers</c> is the default.</summary>
        public static readonly IReadOnlyList<string> Types = new[]
        {
            "AllUsers", "ActiveUsers", "DeactiveUsers", "ConfirmedUsers", "NotConfirmedUsers", "ActiveConfirmedUsers",
            "AdminUsers", "ActiveConfirmedAdmins", "CurrentUser",
        };

        public const string Kind = "users";

        private readonly ZohoApiClient _api;
        private Lazy<Task<IReadOnlyList<ZohoRecord>>>? _all;

        public UserDirectory(ZohoApiClient api) { _api = api; }

        public RecordPager CreatePager(string? type, PagingOptions paging)
        {
            if (type != null && !Types.Contains(type, StringComparer.Ordinal))
                throw new ZcrmUsageException("ZcrmInvalidUserType", $"'{type}' is not a user type. The types are: {string.Join(", ", Types)}.");
            ApiRequest Template() => new ApiRequest(HttpMethod.Get, "users").AddQuery("type", type);
            // Users are paged by page number only: users.json has no page_token.
            paging.UsePageTokens = false;
            return new RecordPager(_api, Kind, Template, OrgItemReader.Types, paging, "users");
        }

        /// <summary>One user, or null when there is none with this id.</summary>
        public async Task<ZohoRecord?> GetByIdAsync(string id, IZcrmLog log, CancellationToken ct)
        {
            OrgItemReader.RequireId(id, "user");
            try
            {
                var users = await OrgItemReader.ReadAsync(_api, new ApiRequest(HttpMethod.Get, "users/" + id), Kind, "users", log, ct).ConfigureAwait(false);
                return users.FirstOrDefault();
            }
            catch (ZohoApiException ex) when (ex.Code == "INVALID_DATA" && ex.Details.ContainsKey("resource_path_index"))
            {
                return null;
            }
        }

        /// <summary>Up to 100 users per call through the list's <c>ids</c> parameter; ids Zoho does not return are simply absent.</summary>
        public async Task<IReadOnlyList<ZohoRecord>> GetByIdsAsync(IReadOnlyList<string> ids, IZcrmLog log, CancellationToken ct)
        {
            if (ids.Count > RecordService.MaxIdsPerCall) throw new ArgumentOutOfRangeException(nameof(ids), "At most 100 ids per call.");
            foreach (var id in ids) OrgItemReader.RequireId(id, "user");
            var request = new ApiRequest(HttpMethod.Get, "users").AddQuery("type", "AllUsers").AddQuery("ids", string.Join(",", ids))
                .AddQuery("per_page", RecordQuery.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return await OrgItemReader.ReadAsync(_api, request, Kind, "users", log, ct).ConfigureAwait(false);
        }

        /// <summary>Every user (all types), read once per connection and kept; <paramref name="refresh"/> reads them again.</summary>
        public async Task<IReadOnlyList<ZohoRecord>> GetAllAsync(IZcrmLog log, CancellationToken ct, bool refresh = false)
        {
            if (refresh) _all = null;
            var lazy = _all ??= new Lazy<Task<IReadOnlyList<ZohoRecord>>>(() => FetchAllAsync(log, ct));
            try
            {
                return await lazy.Value.ConfigureAwait(false);
            }
            catch
            {
                Interlocked.CompareExchange(ref _all, null, lazy);
                throw;
            }
        }

        /// <summary>The users already read, without a call (for completion).</summary>
        public bool TryGetCached(out IReadOnlyList<ZohoRecord> users)
        {
            var lazy = _all;
            if (lazy != null && lazy.IsValueCreated && lazy.Value.Status == TaskStatus.RanToCompletion)
            {
                users = lazy.Value.Result;
                return true;
            }
            users = Array.Empty<ZohoRecord>();
            return false;
        }

        private async Task<IReadOnlyList<ZohoRecord>> FetchAllAsync(IZcrmLog log, CancellationToken ct)
        {
            var pager = CreatePager(null, new PagingOptions { All = true });
            var users = new List<ZohoRecord>();
            while (await pager.NextAsync(log, ct).ConfigureAwait(false) is RecordPage page) users.AddRange(page.Records);
            return users;
        }

        /// <summary>
        /// The id of the user <paramref name="user"/> names: an id is taken as it is (no call); an email, or a full name
        /// that only one user has, is looked up in the users list (read once per connection).
        /// </summary>
        public async Task<string> ResolveIdAsync(string user, IZcrmLog log, CancellationToken ct)
        {
            var text = (user ?? string.Empty).Trim();
            if (OrgItemReader.IsId(text)) return text;
            if (text.Length == 0) throw new ZcrmUsageException("ZcrmUnknownUser", "No user was named.", "Give a user's id, email or full name.");
            var users = await GetAllAsync(log, ct).ConfigureAwait(false);
            var byEmail = users.Where(u => string.Equals(Text(u, "email"), text, StringComparison.OrdinalIgnoreCase)).ToList();
            var matches = byEmail.Count > 0 ? byEmail : users.Where(u => string.Equals(Text(u, "full_name"), text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 1) return matches[0].Id!;
            if (matches.Count > 1)
                throw new ZcrmUsageException("ZcrmAmbiguousUser", $"{matches.Count} users are named '{text}'.", "Give the user's email or id instead.");
            throw new ZcrmUsageException("ZcrmUnknownUser", $"No user of the org has the email or name '{text}'.", "Give the id, email or full name of an existing user.");
        }

        internal static string? Text(ZohoRecord user, string key)
        {
            foreach (var pair in user.Fields) if (pair.Key == key) return pair.Value as string;
            return null;
        }
    }
}
