using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Metadata
{
    /// <summary>
    /// Modules and fields of one connection, fetched once (1 credit each) and kept for the session. Tab completion
    /// reads it without waiting; record reads use it to type values and to choose fields.
    /// </summary>
    public sealed class MetadataCache
    {
        private readonly ZohoApiClient _api;
        private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ZohoField>>>> _fields = new ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<ZohoField>>>>(StringComparer.Ordinal);
        private Lazy<Task<IReadOnlyList<ZohoModule>>>? _modules;

        public MetadataCache(ZohoApiClient api) { _api = api; }

        public bool TryGetModules(out IReadOnlyList<ZohoModule> modules)
        {
            var lazy = _modules;
            if (lazy != null && lazy.IsValueCreated && lazy.Value.Status == TaskStatus.RanToCompletion)
            {
                modules = lazy.Value.Result;
                return true;
            }
            modules = Array.Empty<ZohoModule>();
            return false;
        }

        public bool TryGetFields(string module, out IReadOnlyList<ZohoField> fields)
        {
            if (_fields.TryGetValue(module, out var lazy) && lazy.IsValueCreated && lazy.Value.Status == TaskStatus.RanToCompletion)
            {
                fields = lazy.Value.Result;
                return true;
            }
            fields = Array.Empty<ZohoField>();
            return false;
        }

        public async Task<IReadOnlyList<ZohoModule>> GetModulesAsync(IZcrmLog log, CancellationToken ct)
        {
            var lazy = _modules ??= new Lazy<Task<IReadOnlyList<ZohoModule>>>(() => FetchModulesAsync(log, ct));
            try
            {
                return await lazy.Value.ConfigureAwait(false);
            }
            catch
            {
                Interlocked.CompareExchange(ref _modules, null, lazy);
                throw;
            }
        }

        public async Task<IReadOnlyList<ZohoField>> GetFieldsAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            var lazy = _fields.GetOrAdd(module, m => new Lazy<Task<IReadOnlyList<ZohoField>>>(() => FetchFieldsAsync(m, log, ct)));
            try
            {
                return await lazy.Value.ConfigureAwait(false);
            }
            catch
            {
                ((ICollection<KeyValuePair<string, Lazy<Task<IReadOnlyList<ZohoField>>>>>)_fields).Remove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<ZohoField>>>>(module, lazy));
                throw;
            }
        }

        /// <summary>
        /// The fields of a module named loosely (another case, a label): when Zoho answers INVALID_MODULE, the module
        /// list (fetched once) supplies the real API name and the fields of that are returned with it.
        /// </summary>
        public async Task<(string Module, IReadOnlyList<ZohoField> Fields)> GetFieldsOfAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            try
            {
                return (module, await GetFieldsAsync(module, log, ct).ConfigureAwait(false));
            }
            catch (Errors.ZohoApiException ex) when (ex.Code == "INVALID_MODULE")
            {
                IReadOnlyList<ZohoModule>? modules = null;
                try { modules = await GetModulesAsync(log, ct).ConfigureAwait(false); }
                catch (Errors.ZohoApiException) { }
                var corrected = modules == null ? null : MatchModule(modules, module)?.ApiName;
                // Zoho's own answer when the module list is unreadable, or names this very module.
                if (modules == null || corrected == module) throw;
                if (corrected == null) throw UnknownModule(module, modules);
                log.Verbose($"Zoho knows the module '{module}' as '{corrected}'.");
                return (corrected, await GetFieldsAsync(corrected, log, ct).ConfigureAwait(false));
            }
        }

        /// <summary>
        /// <see cref="GetFieldsOfAsync"/>, or, when the token or user may not read field metadata, the code of that
        /// refusal, so the caller carries on without the fields; every other failure is thrown.
        /// </summary>
        public Task<Readable<ModuleFields>> TryGetFieldsOfAsync(string module, IZcrmLog log, CancellationToken ct) =>
            Readable.TryAsync(async () =>
            {
                var (name, fields) = await GetFieldsOfAsync(module, log, ct).ConfigureAwait(false);
                return new ModuleFields(name, fields);
            });

        /// <summary><see cref="FindModuleApiNameAsync"/>, or the code of the refusal when the module list may not be read.</summary>
        public Task<Readable<string?>> TryFindModuleApiNameAsync(string name, IZcrmLog log, CancellationToken ct) =>
            Readable.TryAsync(() => FindModuleApiNameAsync(name, log, ct));

        /// <summary>
        /// INVALID_MODULE for a name that matches no module even loosely, about the name as given (not the metadata call
        /// that found out), with the closest module's API name in the details when one is near enough to be a typo.
        /// </summary>
        public static Errors.ZohoApiException UnknownModule(string name, IReadOnlyList<ZohoModule> modules)
        {
            var details = new Dictionary<string, object?> { ["module"] = name };
            var closest = ClosestModule(modules, name);
            if (closest != null) details["closest"] = closest.ApiName;
            return new Errors.ZohoApiException(400, "INVALID_MODULE", "the module name given seems to be invalid", details);
        }

        /// <summary>The module whose API name or label is fewest edits away from <paramref name="name"/> (in any case), when that is at most a third of the name.</summary>
        public static ZohoModule? ClosestModule(IReadOnlyList<ZohoModule> modules, string name)
        {
            ZohoModule? best = null;
            var bestDistance = int.MaxValue;
            foreach (var module in modules.Where(m => m.ApiSupported))
            {
                foreach (var candidate in new[] { module.ApiName, module.PluralLabel, module.SingularLabel })
                {
                    if (string.IsNullOrEmpty(candidate)) continue;
                    var distance = EditDistance(name.ToLowerInvariant(), candidate!.ToLowerInvariant());
                    if (distance < bestDistance)
                    {
                        best = module;
                        bestDistance = distance;
                    }
                }
            }
            return best != null && bestDistance <= Math.Max(1, name.Length / 3) ? best : null;
        }

        /// <summary>Edits (insert, delete, replace, or swap of two neighbours: the usual typos) that turn a into b.</summary>
        private static int EditDistance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
            return d[a.Length, b.Length];
        }

        /// <summary>Drops cached metadata (all of it, or one module's fields) so the next read fetches it again.</summary>
        public void Forget(string? module = null)
        {
            if (module == null) Clear();
            else _fields.TryRemove(module, out _);
        }

        /// <summary>
        /// The API name Zoho knows a module by, when <paramref name="name"/> names it loosely: another case, or its
        /// plural or singular label. Null when nothing matches.
        /// </summary>
        public async Task<string?> FindModuleApiNameAsync(string name, IZcrmLog log, CancellationToken ct)
        {
            return MatchModule(await GetModulesAsync(log, ct).ConfigureAwait(false), name)?.ApiName;
        }

        private static ZohoModule? MatchModule(IReadOnlyList<ZohoModule> modules, string name)
        {
            return modules.FirstOrDefault(m => m.ApiName == name)
                ?? modules.FirstOrDefault(m => string.Equals(m.ApiName, name, StringComparison.OrdinalIgnoreCase))
                ?? modules.FirstOrDefault(m => string.Equals(m.PluralLabel, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(m.SingularLabel, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(m.ModuleName, name, StringComparison.OrdinalIgnoreCase));
        }

        public void Clear()
        {
            _modules = null;
            _fields.Clear();
        }

        private async Task<IReadOnlyList<ZohoModule>> FetchModulesAsync(IZcrmLog log, CancellationToken ct)
        {
            var body = await _api.SendForJsonAsync(new ApiRequest(HttpMethod.Get, "settings/modules"), log, ct).ConfigureAwait(false);
            var list = new List<ZohoModule>();
            if (body?["modules"] is JArray modules)
            {
                foreach (var item in modules.OfType<JObject>())
                {
                    var apiName = (string?)item["api_name"];
                    if (string.IsNullOrEmpty(apiName)) continue;
                    list.Add(new ZohoModule(apiName!)
                    {
                        ModuleName = (string?)item["module_name"],
                        SingularLabel = (string?)item["singular_label"],
                        PluralLabel = (string?)item["plural_label"],
                        Id = (string?)item["id"],
                        ApiSupported = (bool?)item["api_supported"] ?? true,
                        Creatable = (bool?)item["creatable"] ?? false,
                        Editable = (bool?)item["editable"] ?? false,
                        Deletable = (bool?)item["deletable"] ?? false,
                        Viewable = (bool?)item["viewable"] ?? false,
                        GeneratedType = (string?)item["generated_type"],
                    });
                }
            }
            return list;
        }

        private async Task<IReadOnlyList<ZohoField>> FetchFieldsAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, "settings/fields").AddQuery("module", module);
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var list = new List<ZohoField>();
            if (body?["fields"] is JArray fields)
            {
                foreach (var item in fields.OfType<JObject>())
                {
                    var apiName = (string?)item["api_name"];
                    if (string.IsNullOrEmpty(apiName)) continue;
                    list.Add(new ZohoField(apiName!, (string?)item["field_label"] ?? (string?)item["display_label"], (string?)item["data_type"])
                    {
                        Module = module,
                        JsonType = (string?)item["json_type"],
                        Length = (int?)item["length"],
                        SystemMandatory = (bool?)item["system_mandatory"] ?? false,
                        ReadOnly = ((bool?)item["read_only"] ?? false) || ((bool?)item["field_read_only"] ?? false),
                        Unique = item["unique"] is JObject || ((item["unique"] as JValue)?.Value as bool? ?? false),
                        Id = (string?)item["id"],
                        LookupModule = (string?)((item["lookup"] as JObject)?["module"] as JObject)?["api_name"],
                        PickListValues = (item["pick_list_values"] as JArray)?.OfType<JObject>()
                            .Select(v => (string?)v["actual_value"] ?? (string?)v["display_value"])
                            .Where(v => v != null).Select(v => v!).ToArray() ?? Array.Empty<string>(),
                    });
                }
            }
            return list;
        }
    }
}
