using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.Core.Related;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Related
{
    /// <summary>Reads a related list of records a page at a time; shared by Get-ZcrmRelatedRecord and Get-ZcrmNote.</summary>
    public abstract class ZcrmRelatedReadCmdlet : ZcrmApiCmdlet
    {
        protected const string ByIdSet = "ById";
        protected const string ByObjectSet = "ByObject";
        private readonly Dictionary<string, RelatedList> _lists = new Dictionary<string, RelatedList>(StringComparer.Ordinal);
        private readonly Dictionary<string, ResolvedFields> _fields = new Dictionary<string, ResolvedFields>(StringComparer.Ordinal);

        /// <summary>The parent record's module (with -Id, or for piped ids).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
        [Parameter(ParameterSetName = ByObjectSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        /// <summary>The parent records' ids.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string[]? Id { get; set; }

        /// <summary>Parent records from Get-ZcrmRecord (they bring their module).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>Field API names of the related module to return (at most 50). Default: every field the list API returns, up to 50.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Fields")]
        public string[]? Field { get; set; }

        [Parameter]
        [ValidateRange(1, 200)]
        public int PageSize { get; set; } = RecordQuery.MaxPageSize;

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Page { get; set; } = 1;

        /// <summary>Read every page until the end.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>Return at most this many records (per parent record), fetching no page that is not needed.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long First { get; set; }

        protected PagingOptions Paging() => new PagingOptions
        {
            PageSize = PageSize,
            Page = Page,
            All = All,
            First = ParameterSpecified(nameof(First)) ? First : (long?)null,
        };

        protected async Task<ResolvedFields> FieldsOfAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            if (!_fields.TryGetValue(module, out var fields))
                _fields[module] = fields = await Session.Connection.Records.ResolveFieldsAsync(module, Field, log, ct).ConfigureAwait(false);
            return fields;
        }

        /// <summary>Streams the rows of <paramref name="listName"/> under one record; an unknown record is a non-terminating error.</summary>
        protected void ReadRelated(string module, string id, string listName, object? input)
        {
            Run(async (log, ct) =>
            {
                var connection = Session.Connection;
                if (!_lists.TryGetValue(module, out var list))
                    _lists[module] = list = await connection.Related.ResolveListAsync(module, listName, log, ct).ConfigureAwait(false);
                var fields = await FieldsOfAsync(list.RelatedModule, log, ct).ConfigureAwait(false);
                var paging = Paging();
                var pager = connection.Related.CreatePager(list, id, fields, paging);
                try
                {
                    var last = await StreamRecordsAsync(pager, $"Reading the {list.ApiName} of {list.ParentModule} {id}", All || paging.First.HasValue, paging.First, log, ct).ConfigureAwait(false);
                    log.Verbose($"Read {pager.RecordsReturned} {list.ApiName} of {list.ParentModule} {id} in {pager.PagesRead} page{(pager.PagesRead == 1 ? "" : "s")}.");
                    if (pager.StoppedAtLimit)
                        log.Warning($"Stopped after {pager.RecordsReturned} {list.ApiName} of {list.ParentModule} {id}: related lists are read by page number, which reaches the first {RecordQuery.DiscretePagingLimit} rows; more exist.");
                    else if (!All && !paging.First.HasValue && last != null && last.Info.MoreRecords)
                        log.Warning($"Returned page {Page} ({last.Records.Count} records) of the {list.ApiName} of {list.ParentModule} {id}; more exist. Use -All for every record, or -Page {Page + 1} for the next page.");
                }
                catch (ZohoApiException ex) when (ex.Code == "INVALID_DATA" && ex.Details.TryGetValue("resource_path_index", out var index) && Convert.ToString(index, System.Globalization.CultureInfo.InvariantCulture) == "1")
                {
                    EmitError(ErrorRecords.RecordNotFound(list.ParentModule, id, input));
                }
            }, input);
        }

        /// <summary>Streams <paramref name="listName"/> under each record of -Id, or under the piped record (an error when it names none).</summary>
        protected void ReadTargets(string listName)
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in CheckedIds(Id!)) ReadRelated(Module!, id, listName, id);
                return;
            }
            var target = RelatedTargets.Of(InputObject!, Module, out var error);
            if (target == null)
            {
                WriteError(error!);
                return;
            }
            ReadRelated(target.Value.Module, target.Value.Id, listName, InputObject);
        }

        /// <summary>The ids of -Id, each checked to be a number; the others are non-terminating errors.</summary>
        protected IEnumerable<string> CheckedIds(IEnumerable<string> ids)
        {
            foreach (var id in ids)
            {
                if (NotePayload.IsId(id?.Trim())) yield return id!.Trim();
                else WriteError(RelatedTargets.NotAnId(id ?? string.Empty, id));
            }
        }
    }

    /// <summary>
    /// Gets the records of a related list of a record (the Cases of a Contact, the Notes of a Lead). Records stream as
    /// each page arrives and are typed for the related module, so they pipe into Set-ZcrmRecord and Remove-ZcrmRecord.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmRelatedRecord", DefaultParameterSetName = ByIdSet)]
    [OutputType("ZohoCrm.Record")]
    public sealed class GetZcrmRelatedRecordCommand : ZcrmRelatedReadCmdlet
    {
        /// <summary>The related list's API name (Cases, Quotes, Notes, Campaigns …).</summary>
        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RelatedListCompleter))]
        public string RelatedList { get; set; } = string.Empty;

        protected override void ProcessRecord() => ReadTargets(RelatedList);
    }
}
