using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Org
{
    /// <summary>
    /// Roles and profiles (fact sheet §14), layouts, custom views and related lists of a module (§15), as records under
    /// Zoho's key names. Custom views are kept per module once read, so names resolve to ids and complete without calls.
    /// </summary>
    public sealed class OrgSettings
    {
        public const string RolesKind = "roles";
        public const string ProfilesKind = "profiles";
        public const string LayoutsKind = "layouts";
        public const string CustomViewsKind = "custom_views";
        public const string RelatedListsKind = "related_lists";

        private readonly ZohoApiClient _api;
        private readonly MetadataCache _metadata;
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ZohoRecord>>>> _views = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ZohoRecord>>>>(StringComparer.Ordinal);

        public OrgSettings(ZohoApiClient api, MetadataCache metadata)
        {
            _api = api;
            _metadata = metadata;
        }

        public Task<IReadOnlyList<ZohoRecord>> GetRolesAsync(string? id, IZcrmLog log, CancellationToken ct) => GetAsync("settings/roles", id, "role", RolesKind, null, log, ct);

        public Task<IReadOnlyList<ZohoRecord>> GetProfilesAsync(string? id, IZcrmLog log, CancellationToken ct) => GetAsync("settings/profiles", id, "profile", ProfilesKind, null, log, ct);

        public async Task<IReadOnlyList<ZohoRecord>> GetLayoutsAsync(string module, string? id, IZcrmLog log, CancellationToken ct)
        {
            if (id != null) OrgItemReader.RequireId(id, "layout");
            module = await ResolveModuleAsync(module, log, ct).ConfigureAwait(false);
            return await GetAsync("settings/layouts", id, "layout", LayoutsKind, module, log, ct).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<ZohoRecord>> GetRelatedListsAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            module = await ResolveModuleAsync(module, log, ct).ConfigureAwait(false);
            return await GetAsync("settings/related_lists", null, "related list", RelatedListsKind, module, log, ct).ConfigureAwait(false);
        }

        /// <summary>Every custom view of a module (all pages), read once per connection; <paramref name="refresh"/> reads them again.</summary>
        public async Task<IReadOnlyList<ZohoRecord>> GetCustomViewsAsync(string module, IZcrmLog log, CancellationToken ct, bool refresh = false)
        {
            module = await ResolveModuleAsync(module, log, ct).ConfigureAwait(false);
            if (refresh) _views.TryRemove(module, out _);
            var lazy = _views.GetOrAdd(module, m => new Lazy<Task<IReadOnlyList<ZohoRecord>>>(() => FetchViewsAsync(m, log, ct)));
            try
            {
                return await lazy.Value.ConfigureAwait(false);
            }
            catch
            {
                ((ICollection<KeyValuePair<string, Lazy<Task<IReadOnlyList<ZohoRecord>>>>>)_views).Remove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<ZohoRecord>>>>(module, lazy));
                throw;
            }
        }

        /// <summary>One custom view in full (criteria, columns, sort), or none.</summary>
        public async Task<IReadOnlyList<ZohoRecord>> GetCustomViewAsync(string module, string id, IZcrmLog log, CancellationToken ct)
        {
            OrgItemReader.RequireId(id, "custom view");
            module = await ResolveModuleAsync(module, log, ct).ConfigureAwait(false);
            try
            {
                return await GetAsync("settings/custom_views", id, "custom view", CustomViewsKind, module, log, ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.Code == "INVALID_DATA" && ex.Details.ContainsKey("resource_path_index"))
            {
                return Array.Empty<ZohoRecord>();
            }
        }

        /// <summary>The views already read for a module, without a call (for completion).</summary>
        public bool TryGetCachedViews(string module, out IReadOnlyList<ZohoRecord> views)
        {
            if (_views.TryGetValue(module, out var lazy) && lazy.IsValueCreated && lazy.Value.Status == TaskStatus.RanToCompletion)
            {
                views = lazy.Value.Result;
                return true;
            }
            views = Array.Empty<ZohoRecord>();
            return false;
        }

        /// <summary>The id of the view of <paramref name="module"/> whose name (or display value) is <paramref name="name"/>; an unknown name is an error, found before any records call.</summary>
        public async Task<string> ResolveCustomViewIdAsync(string module, string name, IZcrmLog log, CancellationToken ct)
        {
            var views = await GetCustomViewsAsync(module, log, ct).ConfigureAwait(false);
            var match = views.Where(v => string.Equals(Text(v, "name"), name, StringComparison.OrdinalIgnoreCase)
                                         || string.Equals(Text(v, "display_value"), name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 1) return match[0].Id!;
            var known = string.Join(", ", views.Select(v => "'" + Text(v, "name") + "'"));
            if (match.Count > 1) throw new ZcrmUsageException("ZcrmAmbiguousCustomView", $"{match.Count} custom views of {module} are named '{name}'.", "Give the view's id instead.");
            throw new ZcrmUsageException("ZcrmUnknownCustomView", $"{module} has no custom view named '{name}'. Its views are: {known}.", "Use one of the view names listed (Tab completes them), or the view's id.");
        }

        /// <summary>
        /// The module's API name as Zoho spells it (another case or a label is forgiven); an unknown module is an error
        /// before any call about it. When the module list cannot be read, the name is used as given.
        /// </summary>
        public async Task<string> ResolveModuleAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            var lookup = await _metadata.TryFindModuleApiNameAsync(module, log, ct).ConfigureAwait(false);
            if (!lookup.IsReadable) return module;
            var apiName = lookup.Value;
            if (apiName == null)
                throw new ZcrmUsageException("ZcrmUnknownModule", $"'{module}' is not a module of this org.", "Use a module API name such as Leads, Contacts or Deals (Tab completes them).");
            return apiName;
        }

        private async Task<IReadOnlyList<ZohoRecord>> FetchViewsAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            var views = new List<ZohoRecord>();
            // The views list pages by page number like a records list (page, per_page, info.more_records).
            var pager = new RecordPager(_api, module, () => new ApiRequest(HttpMethod.Get, "settings/custom_views").AddQuery("module", module),
                OrgItemReader.Types, new PagingOptions { All = true, UsePageTokens = false }, CustomViewsKind);
            while (await pager.NextAsync(log, ct).ConfigureAwait(false) is RecordPage page) views.AddRange(page.Records);
            return views;
        }

        private async Task<IReadOnlyList<ZohoRecord>> GetAsync(string path, string? id, string what, string kind, string? module, IZcrmLog log, CancellationToken ct)
        {
            if (id != null) OrgItemReader.RequireId(id, what);
            var request = new ApiRequest(HttpMethod.Get, id == null ? path : path + "/" + id).AddQuery("module", module);
            return await OrgItemReader.ReadAsync(_api, request, module ?? kind, kind, log, ct).ConfigureAwait(false);
        }

        internal static string? Text(ZohoRecord item, string key) => UserDirectory.Text(item, key);
    }
}
