using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Related
{
    /// <summary>
    /// Related records (fact sheet §16): which lists a module has, their rows a page at a time, and linking and
    /// delinking on the many-to-many lists, 100 ids per call. Bad names are refused before any call that would fail.
    /// </summary>
    public sealed class RelatedRecordService
    {
        public const int MaxIdsPerCall = 100;

        private readonly ZohoApiClient _api;
        private readonly MetadataCache _metadata;
        private readonly RecordWriter _writer;
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<RelatedList>?>>> _lists = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<RelatedList>?>>>(StringComparer.Ordinal);

        public RelatedRecordService(ZohoApiClient api, MetadataCache metadata, RecordWriter writer)
        {
            _api = api;
            _metadata = metadata;
            _writer = writer;
        }

        /// <summary>The module's API name as Zoho spells it; ZcrmUnknownModule when the org has no such module.</summary>
        public async Task<string> ResolveModuleAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            var lookup = await _metadata.TryFindModuleApiNameAsync(module, log, ct).ConfigureAwait(false);
            if (!lookup.IsReadable)
            {
                log.Verbose($"The module list cannot be read ({lookup.RefusedCode}); using '{module}' as given.");
                return module;
            }
            var found = lookup.Value;

            return found ?? throw new ZcrmUsageException("ZcrmUnknownModule", $"'{module}' is not a module of this org.",
                "Module API names are case-sensitive (Leads, Contacts, Sales_Orders); the org's module list has them.");
        }

        /// <summary>
        /// The related list <paramref name="name"/> of <paramref name="module"/>: from the fact sheet's lists, else from
        /// settings/related_lists (read once per module). ZcrmUnknownRelatedList when neither knows it.
        /// </summary>
        public async Task<RelatedList> ResolveListAsync(string module, string name, IZcrmLog log, CancellationToken ct)
        {
            module = await ResolveModuleAsync(module, log, ct).ConfigureAwait(false);
            if (RelatedLists.Find(module, name) is RelatedList known) return known;

            var fromZoho = await ListsOfAsync(module, log, ct).ConfigureAwait(false);
            var match = fromZoho?.FirstOrDefault(l => l.ApiName == name) ?? fromZoho?.FirstOrDefault(l => string.Equals(l.ApiName, name, StringComparison.OrdinalIgnoreCase));
            if (match != null) return match;
            if (fromZoho == null && !RelatedLists.NoteParents.Contains(module, StringComparer.Ordinal))
            {
                // A custom module whose lists cannot be read: Zoho decides.
                return new RelatedList(module, name, name, linkable: false);
            }

            var names = (fromZoho ?? RelatedLists.Of(module).ToList()).Select(l => l.ApiName).Distinct().ToList();
            var known_ = names.Count > 0 ? " Its related lists: " + string.Join(", ", names) + "." : string.Empty;
            throw new ZcrmUsageException("ZcrmUnknownRelatedList",
                $"'{name}' is not a related list of {module}.{known_}",
                $"Use one of the related list API names of {module}.");
        }

        /// <summary>The module's lists from settings/related_lists, or null when they cannot be read (no scope, no such endpoint).</summary>
        public async Task<IReadOnlyList<RelatedList>?> ListsOfAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            var lazy = _lists.GetOrAdd(module, m => new Lazy<Task<IReadOnlyList<RelatedList>?>>(() => FetchListsAsync(m, log, ct)));
            try
            {
                return await lazy.Value.ConfigureAwait(false);
            }
            catch
            {
                _lists.TryRemove(module, out _);
                throw;
            }
        }

        /// <summary>The cached lists of a module (for tab completion), known ones when none were read.</summary>
        public IReadOnlyList<RelatedList> CachedListsOf(string module)
        {
            if (_lists.TryGetValue(module, out var lazy) && lazy.IsValueCreated && lazy.Value.Status == TaskStatus.RanToCompletion && lazy.Value.Result is IReadOnlyList<RelatedList> read)
                return read;
            return RelatedLists.Of(module).ToList();
        }

        private async Task<IReadOnlyList<RelatedList>?> FetchListsAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            try
            {
                var body = await _api.SendForJsonAsync(new ApiRequest(HttpMethod.Get, "settings/related_lists").AddQuery("module", module), log, ct).ConfigureAwait(false);
                var lists = new List<RelatedList>();
                foreach (var item in (body?["related_lists"] as JArray)?.OfType<JObject>() ?? Enumerable.Empty<JObject>())
                {
                    var apiName = (string?)item["api_name"];
                    if (string.IsNullOrEmpty(apiName)) continue;
                    var related = (string?)(item["module"] as JObject)?["api_name"] ?? apiName!;
                    lists.Add(new RelatedList(module, apiName!, related, RelatedLists.IsLinkable(module, related)));
                }
                return lists;
            }
            // No scope, no permission, or an API without this endpoint (400 INVALID_MODULE / 404 INVALID_URL_PATTERN): fall back.
            catch (ZohoApiException ex) when (ex.HttpStatus >= 400 && ex.HttpStatus < 500 && ex.HttpStatus != 429)
            {
                log.Verbose($"The related lists of {module} cannot be read ({ex.Code}); only the standard lists are known.");
                return null;
            }
        }

        /// <summary>The rows of a related list, page by page (page/per_page; related lists have no page tokens).</summary>
        public RecordPager CreatePager(RelatedList list, string parentId, ResolvedFields fields, PagingOptions paging)
        {
            ApiRequest Template() => new ApiRequest(HttpMethod.Get, PathOf(list, parentId))
                .AddQuery("fields", string.Join(",", fields.Names));
            paging.UsePageTokens = false;
            return new RecordPager(_api, fields.Module, Template, fields.Types, paging);
        }

        /// <summary>Links up to 100 records to a parent (PUT); each item is {"id", relation fields}. One result per item, in order.</summary>
        public Task<IReadOnlyList<RecordWriteResult>> LinkAsync(RelatedList list, string parentId, IReadOnlyList<JObject> items, IZcrmLog log, CancellationToken ct)
        {
            RequireLinkable(list);
            if (items.Count > MaxIdsPerCall) throw new ArgumentOutOfRangeException(nameof(items), "At most 100 related records per call.");
            var request = new ApiRequest(HttpMethod.Put, PathOf(list, parentId)) { JsonBody = new JObject { ["data"] = new JArray(items) } };
            return _writer.SendPerItemAsync(request, items.Count, "linked", log, ct);
        }

        /// <summary>Delinks up to 100 records from a parent (DELETE ?ids=). One result per id, in order.</summary>
        public async Task<IReadOnlyList<RecordWriteResult>> DelinkAsync(RelatedList list, string parentId, IReadOnlyList<string> ids, IZcrmLog log, CancellationToken ct)
        {
            RequireLinkable(list);
            if (ids.Count > MaxIdsPerCall) throw new ArgumentOutOfRangeException(nameof(ids), "At most 100 related ids per call.");
            var request = new ApiRequest(HttpMethod.Delete, PathOf(list, parentId)).AddQuery("ids", string.Join(",", ids));
            var results = await _writer.SendPerItemAsync(request, ids.Count, "delinked", log, ct).ConfigureAwait(false);
            foreach (var result in results) result.Id ??= ids[result.Index];
            return results;
        }

        /// <summary>Refuses a list that is not many-to-many before any call (fact sheet §16.2).</summary>
        public static void RequireLinkable(RelatedList list)
        {
            if (!list.Linkable)
                throw new ZcrmUsageException("ZcrmRelatedListNotLinkable",
                    $"Zoho links and delinks only many-to-many related lists (Campaigns with Leads or Contacts, Products with Leads, Accounts, Contacts, Deals or Price_Books); {list} is not one.",
                    list.ApiName == "Notes"
                        ? "Notes are created and deleted as notes, not linked."
                        : $"Change the {list.RelatedModule} record's lookup to the {list.ParentModule} record instead.");
        }

        private static string PathOf(RelatedList list, string parentId) =>
            Uri.EscapeDataString(list.ParentModule) + "/" + Uri.EscapeDataString(parentId) + "/" + Uri.EscapeDataString(list.ApiName);
    }
}
