using System;
using System.Collections.Generic;
using System.Collections;
using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Filters;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Records
{
    /// <summary>
    /// Finds records with Zoho's search API: raw -Criteria, a -Filter hashtable built and escaped safely, or -Email,
    /// -Phone, -Word. The search API serves at most 2,000 records; past that it warns and points at COQL or bulk read.
    /// </summary>
    [Cmdlet(VerbsCommon.Search, "ZcrmRecord", DefaultParameterSetName = FilterSet)]
    [OutputType("ZohoCrm.Record")]
    public sealed class SearchZcrmRecordCommand : ZcrmApiCmdlet
    {
        private const string CriteriaSet = "Criteria";
        private const string FilterSet = "Filter";
        private const string EmailSet = "Email";
        private const string PhoneSet = "Phone";
        private const string WordSet = "Word";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        /// <summary>Zoho's criteria text as is, e.g. ((Last_Name:equals:Burns)and(Lead_Status:in:Cold,Warm)); you escape values.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = CriteriaSet)]
        [ValidateNotNullOrEmpty]
        public string? Criteria { get; set; }

        /// <summary>
        /// Field = value pairs: a single value means equals, an array means in, a hashtable gives operators, e.g.
        /// @{ Company = 'Zylker (Asia), Ltd'; Lead_Status = 'Cold','Warm'; Annual_Revenue = @{ gt = 100000 } }. Values are escaped for you.
        /// </summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = FilterSet)]
        [ValidateNotNull]
        public IDictionary? Filter { get; set; }

        /// <summary>With -Filter: match any condition instead of all of them.</summary>
        [Parameter(ParameterSetName = FilterSet)]
        public SwitchParameter Any { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = EmailSet)]
        [ValidateNotNullOrEmpty]
        public string? Email { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PhoneSet)]
        [ValidateNotNullOrEmpty]
        public string? Phone { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = WordSet)]
        [ValidateNotNullOrEmpty]
        public string? Word { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Fields")]
        [ArgumentCompleter(typeof(FieldNameCompleter))]
        public string[]? Field { get; set; }

        [Parameter]
        [ValidateSet("true", "false", "both")]
        public string? Converted { get; set; }

        [Parameter]
        [ValidateSet("true", "false", "both")]
        public string? Approved { get; set; }

        [Parameter]
        [ValidateRange(1, 200)]
        public int PageSize { get; set; } = RecordQuery.MaxPageSize;

        [Parameter]
        [ValidateRange(1, RecordQuery.DiscretePagingLimit)]
        public int Page { get; set; } = 1;

        /// <summary>Read every page, up to the 2,000 records the search API serves.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        [ValidateRange(1, RecordQuery.DiscretePagingLimit)]
        public long First { get; set; }

        protected override void ProcessRecord()
        {
            if (!RecordQuery.ServesPageNumber(Page, PageSize))
                ThrowTerminating(new ZcrmUsageException("ZcrmPageOutOfReach", $"Page {Page} of {PageSize} records lies past the 2,000 records the search API serves."), Page);

            Run(async (log, ct) =>
            {
                var connection = Session.Connection;
                var fields = await connection.Records.ResolveFieldsAsync(Module, Field, log, ct).ConfigureAwait(false);
                var search = new RecordSearch
                {
                    Criteria = ParameterSetName == FilterSet ? BuildCriteria(fields) : Criteria,
                    Email = Email,
                    Phone = Phone,
                    Word = Word,
                    Converted = Converted,
                    Approved = Approved,
                };
                if (search.Criteria != null) log.Verbose("Criteria: " + search.Criteria);
                var first = MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : (long?)null;
                var pager = connection.Records.CreateSearchPager(search, fields, new PagingOptions { PageSize = PageSize, Page = Page, All = All, First = first });
                var last = await StreamRecordsAsync(pager, $"Searching {fields.Module}", All || first.HasValue, first, log, ct).ConfigureAwait(false);
                if (pager.StoppedAtLimit)
                    log.Warning($"Zoho's search API returns at most {RecordQuery.DiscretePagingLimit} records and more match. Use Invoke-ZcrmQuery (COQL, up to 100,000) or Start-ZcrmBulkRead for the rest.");
                else if (!All && !first.HasValue && last != null && last.Info.MoreRecords)
                    log.Warning($"Returned page {Page} ({last.Records.Count} records); more match. Use -All for every match (up to 2,000).");
            }, Module);
        }

        private string BuildCriteria(ResolvedFields fields) =>
            SearchCriteria.Build(FilterParameter.ToConditions(Filter!, new FieldResolver(fields.Module, fields.Metadata)), Any, name => fields.Types.KindOf(name));
    }
}
