using System.Management.Automation;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Records
{
    /// <summary>Lists deleted records of a module: in the recycle bin, deleted for good, or both (2 credits a page).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmDeletedRecord")]
    [OutputType("ZohoCrm.DeletedRecord")]
    public sealed class GetZcrmDeletedRecordCommand : ZcrmApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [ValidateSet("All", "Recycle", "Permanent")]
        public string Type { get; set; } = "All";

        [Parameter]
        [ValidateRange(1, 200)]
        public int PageSize { get; set; } = RecordQuery.MaxPageSize;

        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long First { get; set; }

        protected override void ProcessRecord()
        {
            Run(async (log, ct) =>
            {
                var first = MyInvocation.BoundParameters.ContainsKey(nameof(First)) ? First : (long?)null;
                var module = (await Session.Connection.Metadata.GetFieldsOfAsync(Module, log, ct).ConfigureAwait(false)).Module;
                var pager = Session.Connection.Records.CreateDeletedPager(module, Type.ToLowerInvariant(), new PagingOptions { PageSize = PageSize, All = All, First = first });
                var last = await StreamRecordsAsync(pager, $"Reading deleted {module} records", All || first.HasValue, first, log, ct, "ZohoCrm.DeletedRecord").ConfigureAwait(false);
                if (pager.StoppedAtLimit)
                    log.Warning("Zoho lists at most the first 2,000 deleted records by page number; more exist.");
                else if (!All && !first.HasValue && last != null && last.Info.MoreRecords)
                    log.Warning("More deleted records exist. Use -All for every page.");
            }, Module);
        }
    }
}
