using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Org;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>
    /// Gets the org's users: a page (or every page with -All, or the first N) of one type, streamed as they arrive, or
    /// users by id (from the pipeline too: a record's Owner, a user object).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmUser", DefaultParameterSetName = ListSet)]
    [OutputType(OrgObjects.User)]
    public sealed class GetZcrmUserCommand : ZcrmApiCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("UserId")]
        [ArgumentCompleter(typeof(UserCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Which users (fact sheet §14.2); AllUsers when omitted.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("AllUsers", "ActiveUsers", "DeactiveUsers", "ConfirmedUsers", "NotConfirmedUsers", "ActiveConfirmedUsers", "AdminUsers", "ActiveConfirmedAdmins", "CurrentUser")]
        public string? Type { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter All { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, long.MaxValue)]
        public long First { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 200)]
        public int PageSize { get; set; } = RecordQuery.MaxPageSize;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                ReadByIds();
                return;
            }

            Run(async (log, ct) =>
            {
                var first = ParameterSpecified(nameof(First)) ? First : (long?)null;
                var pager = Session.Connection.Users.CreatePager(Type, new PagingOptions { PageSize = PageSize, All = All, First = first });
                var last = await StreamRecordsAsync(pager, "Reading users", All || first.HasValue, first, log, ct, OrgObjects.User).ConfigureAwait(false);
                log.Verbose($"Read {pager.RecordsReturned} users in {pager.PagesRead} page{(pager.PagesRead == 1 ? "" : "s")}.");
                if (!All && !first.HasValue && last != null && last.Info.MoreRecords)
                    log.Warning($"Returned the first {last.Records.Count} users; more exist. Use -All for every user.");
            }, Type);
        }

        private readonly List<string> _pendingIds = new List<string>();
        private bool _fetchedBatch;

        /// <summary>Ids are gathered into calls of 100 (users?ids=, 1 credit each) instead of one call per id.</summary>
        private void ReadByIds()
        {
            foreach (var id in Id.Select(i => (i ?? string.Empty).Trim()))
            {
                if (OrgIds.IsId(id)) _pendingIds.Add(id);
                else WriteError(ErrorRecords.NotAnOrgId(id, "user"));
            }
            if (_pendingIds.Count >= RecordService.MaxIdsPerCall) FetchIds(final: false);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ByIdSet) FetchIds(final: true);
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
                var directory = Session.Connection.Users;
                RecordShape? shape = null;
                for (var start = 0; start < ids.Count; start += RecordService.MaxIdsPerCall)
                {
                    var chunk = ids.Skip(start).Take(RecordService.MaxIdsPerCall).ToList();
                    IReadOnlyList<ZohoRecord> users;
                    if (alone)
                    {
                        var user = await directory.GetByIdAsync(chunk[0], log, ct).ConfigureAwait(false);
                        users = user == null ? Array.Empty<ZohoRecord>() : new[] { user };
                    }
                    else users = await directory.GetByIdsAsync(chunk, log, ct).ConfigureAwait(false);
                    var byId = users.Where(u => u.Id != null).GroupBy(u => u.Id!).ToDictionary(g => g.Key, g => g.First());
                    foreach (var id in chunk)
                    {
                        if (!byId.TryGetValue(id, out var user))
                        {
                            EmitError(ErrorRecords.OrgItemNotFound(id, "user", "Get-ZcrmUser -Type AllUsers lists every user."));
                            continue;
                        }
                        var item = RecordObjects.ToRecordObject(user, ref shape, OrgObjects.User);
                        Post(() => WriteObject(item));
                    }
                }
            }, ids);
        }
    }
}
