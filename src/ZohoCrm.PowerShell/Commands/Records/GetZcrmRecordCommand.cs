using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Records
{
    /// <summary>
    /// Gets records of a module: one page, every page (-All), the first N (-First), or by id. Records stream to the
    /// pipeline as each page arrives.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmRecord", DefaultParameterSetName = ListSet)]
    [OutputType("ZohoCrm.Record")]
    public sealed class GetZcrmRecordCommand : ZcrmApiCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";
        private readonly List<string> _pendingIds = new List<string>();
        private bool _fetchedBatch;

        /// <summary>The module's API name (case-sensitive in Zoho: Leads, Contacts, Sales_Orders, custom modules).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Field API names to return (at most 50). Default: every field the list API returns, up to 50.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Fields")]
        [ArgumentCompleter(typeof(FieldNameCompleter))]
        public string[]? Field { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("id", "Created_Time", "Modified_Time")]
        public string? SortBy { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("asc", "desc")]
        public string? SortOrder { get; set; }

        /// <summary>Only the records of this custom view (its criteria and sort); Tab completes view names to ids, and a view piped from Get-ZcrmCustomView binds here.</summary>
        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CustomViewIdCompleter))]
        public string? CustomViewId { get; set; }

        /// <summary>The custom view by name (resolved to its id before the records are read; an unknown name is an error).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CustomViewNameCompleter))]
        public string? CustomView { get; set; }

        /// <summary>Only records modified after this time (sent as If-Modified-Since).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? ModifiedSince { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("true", "false", "both")]
        public string? Converted { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("true", "false", "both")]
        public string? Approved { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 200)]
        public int PageSize { get; set; } = RecordQuery.MaxPageSize;

        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, int.MaxValue)]
        public int Page { get; set; } = 1;

        /// <summary>Read every page until the end (page tokens past 2,000 records).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Return at most this many records, fetching no page that is not needed.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, long.MaxValue)]
        public long First { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                _pendingIds.AddRange(Id.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()));
                // Ids are gathered into calls of 100 (one credit each) instead of one call per id.
                if (_pendingIds.Count >= RecordService.MaxIdsPerCall) FetchIds(final: false);
                return;
            }
            // Refuse what Zoho would refuse, before spending a call.
            if (!RecordQuery.ServesPageNumber(Page, PageSize))
                ThrowTerminating(new Core.Errors.ZcrmUsageException("ZcrmPageOutOfReach",
                    $"Page {Page} of {PageSize} records lies past the first {RecordQuery.DiscretePagingLimit} records, which is as far as Zoho serves by page number.",
                    "Use -All (it continues with page tokens past 2,000 records), or -First."), Page);
            if (CustomViewId != null && CustomView != null)
                ThrowTerminating(new Core.Errors.ZcrmUsageException("ZcrmConflictingParameters", "Name the custom view once: -CustomViewId or -CustomView, not both.", "Keep one of them."), CustomView);
            if (CustomViewId != null && !OrgIds.IsId(CustomViewId))
                ThrowTerminating(new Core.Errors.ZcrmUsageException("ZcrmInvalidId", $"'{CustomViewId}' is not a custom view id: Zoho ids are numbers of up to 19 digits.", "Use -CustomView to name the view, or Tab after -CustomViewId to pick one."), CustomViewId);
            if ((CustomViewId != null || CustomView != null) && SortBy != null)
                ThrowTerminating(new Core.Errors.ZcrmUsageException("ZcrmConflictingParameters", "Zoho does not sort a custom view: -CustomViewId and -SortBy cannot be combined.", "Drop -SortBy; the view's own sort order applies."), CustomViewId);
            Run(ReadList, Module);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ByIdSet) FetchIds(final: true);
        }

        private async System.Threading.Tasks.Task ReadList(Core.Diagnostics.IZcrmLog log, System.Threading.CancellationToken ct)
        {
            var connection = Session.Connection;
            var fields = await connection.Records.ResolveFieldsAsync(Module, Field, log, ct).ConfigureAwait(false);
            var viewId = CustomView != null ? await connection.OrgSettings.ResolveCustomViewIdAsync(fields.Module, CustomView, log, ct).ConfigureAwait(false) : CustomViewId;
            var query = new RecordQuery(fields.Module)
            {
                SortBy = SortBy,
                SortOrder = SortOrder,
                CustomViewId = viewId,
                ModifiedSince = ModifiedSince.HasValue ? new DateTimeOffset(ModifiedSince.Value) : (DateTimeOffset?)null,
                Converted = Converted,
                Approved = Approved,
                Paging = new PagingOptions
                {
                    PageSize = PageSize,
                    Page = Page,
                    All = All,
                    First = MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : (long?)null,
                },
            };
            var pager = connection.Records.CreatePager(query, fields);
            var last = await StreamRecordsAsync(pager, $"Reading {fields.Module} records", All || query.Paging.First.HasValue, query.Paging.First, log, ct).ConfigureAwait(false);

            log.Verbose($"Read {pager.RecordsReturned} {fields.Module} records in {pager.PagesRead} page{(pager.PagesRead == 1 ? "" : "s")}.");
            if (!All && !query.Paging.First.HasValue && last != null && last.Info.MoreRecords)
                log.Warning($"Returned page {Page} ({last.Records.Count} records) of {fields.Module}; more records exist. Use -All for every record, or -Page {Page + 1} for the next page.");
        }

        private void FetchIds(bool final)
        {
            if (_pendingIds.Count == 0) return;
            var ids = _pendingIds.Distinct(StringComparer.Ordinal).ToList();
            _pendingIds.Clear();
            var alone = final && !_fetchedBatch && ids.Count == 1;
            _fetchedBatch = true;
            Run(async (log, ct) =>
            {
                var connection = Session.Connection;
                // One id alone, without -Field, is read whole (every field); several go 100 per call.
                if (alone && Field == null)
                {
                    var metadataFields = await connection.Records.ResolveFieldsAsync(Module, null, log, ct).ConfigureAwait(false);
                    var record = await connection.Records.GetByIdAsync(metadataFields.Module, ids[0], metadataFields.Types, log, ct).ConfigureAwait(false);
                    if (record != null) EmitRecord(record);
                    else EmitError(ErrorRecords.RecordNotFound(metadataFields.Module, ids[0], ids[0]));
                    return;
                }

                var fields = await connection.Records.ResolveFieldsAsync(Module, Field, log, ct).ConfigureAwait(false);
                for (var start = 0; start < ids.Count; start += RecordService.MaxIdsPerCall)
                {
                    var chunk = ids.Skip(start).Take(RecordService.MaxIdsPerCall).ToList();
                    var records = await connection.Records.GetByIdsAsync(fields.Module, chunk, fields, log, ct).ConfigureAwait(false);
                    var byId = records.Where(r => r.Id != null).GroupBy(r => r.Id!).ToDictionary(g => g.Key, g => g.First());
                    foreach (var id in chunk)
                    {
                        if (byId.TryGetValue(id, out var record)) EmitRecord(record);
                        else EmitError(ErrorRecords.RecordNotFound(fields.Module, id, id));
                    }
                }
            }, Module);
        }
    }
}
