using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Records
{
    /// <summary>The fields to request for a module and how to type their values.</summary>
    public sealed class ResolvedFields
    {
        public ResolvedFields(string module, IReadOnlyList<string> names, FieldTypeMap types, IReadOnlyList<ZohoField>? metadata)
        {
            Module = module;
            Names = names;
            Types = types;
            Metadata = metadata;
        }

        /// <summary>The module's API name as Zoho spells it (the caller's spelling may have differed in case).</summary>
        public string Module { get; }

        public IReadOnlyList<string> Names { get; }
        public FieldTypeMap Types { get; }
        public IReadOnlyList<ZohoField>? Metadata { get; }
    }

    /// <summary>Reads records: lists (through <see cref="RecordPager"/>), one by id, or many ids per call.</summary>
    public sealed class RecordService
    {
        public const int MaxIdsPerCall = 100;

        private static readonly string[] PreferredFields =
        {
            "Full_Name", "Name", "Account_Name", "Deal_Name", "Subject", "Product_Name", "Last_Name", "First_Name", "Email",
            "Company", "Phone", "Mobile", "Owner", "Stage", "Amount", "Closing_Date", "Lead_Status", "Lead_Source",
            "Created_Time", "Modified_Time", "Created_By", "Modified_By",
        };

        private readonly ZohoApiClient _api;
        private readonly MetadataCache _metadata;

        public RecordService(ZohoApiClient api, MetadataCache metadata)
        {
            _api = api;
            _metadata = metadata;
        }

        public RecordPager CreatePager(RecordQuery query, ResolvedFields fields)
        {
            ApiRequest Template()
            {
                var request = new ApiRequest(HttpMethod.Get, Uri.EscapeDataString(query.Module));
                request.AddQuery("fields", string.Join(",", fields.Names));
                request.AddQuery("sort_by", query.SortBy);
                request.AddQuery("sort_order", query.SortOrder);
                request.AddQuery("cvid", query.CustomViewId);
                request.AddQuery("converted", query.Converted);
                request.AddQuery("approved", query.Approved);
                if (query.ModifiedSince.HasValue)
                    request.Headers["If-Modified-Since"] = query.ModifiedSince.Value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                // A custom view costs 3 credits in Zoho's published table; other list calls 1.
                request.Credits = query.CustomViewId != null ? 3 : 1;
                return request;
            }
            return new RecordPager(_api, query.Module, Template, fields.Types, query.Paging);
        }

        /// <summary>Search with criteria, email, phone or word; Zoho serves at most 2,000 results (page × per_page), then the pager stops.</summary>
        public RecordPager CreateSearchPager(RecordSearch search, ResolvedFields fields, PagingOptions paging)
        {
            ApiRequest Template()
            {
                var request = new ApiRequest(HttpMethod.Get, Uri.EscapeDataString(fields.Module) + "/search");
                request.AddQuery("criteria", search.Criteria);
                request.AddQuery("email", search.Email);
                request.AddQuery("phone", search.Phone);
                request.AddQuery("word", search.Word);
                request.AddQuery("fields", string.Join(",", fields.Names));
                request.AddQuery("converted", search.Converted);
                request.AddQuery("approved", search.Approved);
                return request;
            }
            paging.UsePageTokens = false;
            return new RecordPager(_api, fields.Module, Template, fields.Types, paging);
        }

        /// <summary>Records in the recycle bin or deleted for good (2 credits a page).</summary>
        public RecordPager CreateDeletedPager(string module, string type, PagingOptions paging)
        {
            ApiRequest Template() => new ApiRequest(HttpMethod.Get, Uri.EscapeDataString(module) + "/deleted").AddQuery("type", type).WithCredits(2);
            paging.UsePageTokens = false;
            return new RecordPager(_api, module, Template, DeletedRecordTypes, paging);
        }

        private static readonly FieldTypeMap DeletedRecordTypes = new FieldTypeMap(new[]
        {
            new ZohoField("deleted_time", null, "datetime"), new ZohoField("deleted_by", null, "lookup"), new ZohoField("created_by", null, "lookup"),
        });

        /// <summary>
        /// Checks requested names against the module's fields (fixing their case), or picks the default set: every
        /// listable field, or 50 of them (the API's cap) with names, owner and timestamps first.
        /// </summary>
        public async Task<ResolvedFields> ResolveFieldsAsync(string module, IReadOnlyList<string>? requested, IZcrmLog log, CancellationToken ct)
        {
            IReadOnlyList<ZohoField>? metadata = null;
            var read = await _metadata.TryGetFieldsOfAsync(module, log, ct).ConfigureAwait(false);
            if (read.IsReadable)
            {
                (module, metadata) = (read.Value.Module, read.Value.Fields);
            }
            else
            {
                var code = read.RefusedCode;
                if (requested == null || requested.Count == 0)
                    throw new ZcrmUsageException("ZcrmFieldsRequired",
                        $"The field list of {module} cannot be read ({code}), and Zoho requires a field list for this call.",
                        Remedy.NameFields(module, "ZohoCRM.settings.fields.READ"));
                log.Verbose($"Field metadata of {module} is not readable ({code}); values keep their JSON types.");
            }

            var types = metadata != null ? new FieldTypeMap(metadata) : FieldTypeMap.Empty;
            if (requested != null && requested.Count > 0)
            {
                var names = new List<string>();
                foreach (var name in requested.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()))
                {
                    var resolved = name;
                    if (metadata != null && name != "id")
                    {
                        var match = metadata.FirstOrDefault(f => f.ApiName == name) ?? metadata.FirstOrDefault(f => string.Equals(f.ApiName, name, StringComparison.OrdinalIgnoreCase));
                        if (match == null)
                            throw new ZcrmUsageException("ZcrmUnknownField", $"'{name}' is not a field of {module}.", Remedy.ListFields(module));
                        resolved = match.ApiName;
                    }
                    if (!names.Contains(resolved)) names.Add(resolved);
                }
                if (names.Count > RecordQuery.MaxFieldsPerCall)
                    throw new ZcrmUsageException("ZcrmTooManyFields", $"{names.Count} fields were requested; Zoho returns at most {RecordQuery.MaxFieldsPerCall} per call.", "Request 50 fields or fewer.");
                return new ResolvedFields(module, names, types, metadata);
            }

            var listable = metadata!.Where(f => f.IsListable).ToList();
            if (listable.Count > RecordQuery.MaxFieldsPerCall)
            {
                var preferred = PreferredFields.Select(p => listable.FirstOrDefault(f => f.ApiName == p)).Where(f => f != null).Select(f => f!);
                var mandatory = listable.Where(f => f.SystemMandatory);
                listable = preferred.Concat(mandatory).Concat(listable).Distinct().Take(RecordQuery.MaxFieldsPerCall).ToList();
                log.Verbose($"{module} has more than {RecordQuery.MaxFieldsPerCall} fields; requesting {RecordQuery.MaxFieldsPerCall} of them. Name the fields to choose which.");
            }
            return new ResolvedFields(module, listable.Select(f => f.ApiName).ToArray(), types, metadata);
        }

        /// <summary>One whole record (every field), or null when Zoho has no such record.</summary>
        public async Task<ZohoRecord?> GetByIdAsync(string module, string id, FieldTypeMap types, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, Uri.EscapeDataString(module) + "/" + Uri.EscapeDataString(id));
            try
            {
                return await _api.SendAsync(request, async (response, token) =>
                {
                    if (!response.HasBody) return null;
                    using var stream = await response.OpenStreamAsync().ConfigureAwait(false);
                    var buffer = new System.IO.MemoryStream();
                    await stream.CopyToAsync(buffer, 81920, token).ConfigureAwait(false);
                    buffer.Position = 0;
                    var (records, _) = RecordJsonReader.ReadPage(buffer, module, types);
                    return records.FirstOrDefault();
                }, log, ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.Code == "INVALID_DATA" && ex.Details.ContainsKey("resource_path_index"))
            {
                // Some API versions answer an unknown id this way instead of 204 (fact sheet §3.2).
                return null;
            }
        }

        /// <summary>Up to 100 records per call through <c>?ids=</c>; ids Zoho does not return are simply absent.</summary>
        public async Task<IReadOnlyList<ZohoRecord>> GetByIdsAsync(string module, IReadOnlyList<string> ids, ResolvedFields fields, IZcrmLog log, CancellationToken ct)
        {
            if (ids.Count > MaxIdsPerCall) throw new ArgumentOutOfRangeException(nameof(ids), "At most 100 ids per call.");
            var request = new ApiRequest(HttpMethod.Get, Uri.EscapeDataString(module))
                .AddQuery("ids", string.Join(",", ids))
                .AddQuery("fields", string.Join(",", fields.Names))
                .AddQuery("per_page", Math.Max(1, ids.Count).ToString(CultureInfo.InvariantCulture));
            // Asked for by id, a converted lead is still wanted; the list's default filter would hide it.
            if (module == "Leads") request.AddQuery("converted", "both");
            return await _api.SendAsync<IReadOnlyList<ZohoRecord>>(request, async (response, token) =>
            {
                if (!response.HasBody) return Array.Empty<ZohoRecord>();
                using var stream = await response.OpenStreamAsync().ConfigureAwait(false);
                var buffer = new System.IO.MemoryStream();
                await stream.CopyToAsync(buffer, 81920, token).ConfigureAwait(false);
                buffer.Position = 0;
                return RecordJsonReader.ReadPage(buffer, module, fields.Types).Records;
            }, log, ct).ConfigureAwait(false);
        }
    }
}
