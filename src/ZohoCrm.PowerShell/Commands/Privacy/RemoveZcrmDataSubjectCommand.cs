using System;
using System.Linq;
using System.Management.Automation;
using System.Text;
using ZohoCrm.Core.Privacy;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Privacy
{
    /// <summary>
    /// Erases a person's data: finds it as Find-ZcrmDataSubject does, then deletes what is deletable, optionally from the
    /// recycle bin too, with one result per record and an append-only JSON-lines report that makes a rerun resumable.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmDataSubject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType("ZohoCrm.DataSubjectErasure")]
    public sealed class RemoveZcrmDataSubjectCommand : ZcrmDataSubjectCmdlet
    {
        /// <summary>Delete only records of these modules; records of other modules are reported NotDeletable.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSet("Contacts", "Leads", "Cases", "Calls", "Quotes", "Tasks", "Invoices", "Events", "Sales_Orders", "Purchase_Orders", "Vendors", "Notes", "Attachments", IgnoreCase = true)]
        public string[]? Module { get; set; }

        /// <summary>Also remove the deleted records from the recycle bin (for good; their notes and attachments go with them).</summary>
        [Parameter]
        public SwitchParameter Permanent { get; set; }

        /// <summary>A JSON-lines file the results are appended to as they happen; given again, records it lists as deleted are not sent again.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ReportPath { get; set; }

        /// <summary>Search every module of the org that has an email field, not only Contacts, Leads and Cases.</summary>
        [Parameter]
        public SwitchParameter AllModules { get; set; }

        /// <summary>Delete without asking (-WhatIf still only lists).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private ErasureReport? _report;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var path = ReportPath == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ReportPath);
            try { _report = ErasureReport.Open(WhatIfRequested() ? null : path); }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminating(new Core.Errors.ZcrmUsageException("ZcrmReportNotWritable", $"The report {path} cannot be opened: {ex.Message}", "Give a -ReportPath in a folder you can write to."), ReportPath);
            }
        }

        protected override void EndProcessing() => _report?.Dispose();

        protected override void ProcessRecord() => ForEachSubject(async (email, budget, log, ct) =>
        {
            var options = new ErasureOptions { Modules = Module, Permanent = Permanent };
            var found = await Finder.FindAsync(email, Query(null, true, AllModules), budget, log, ct).ConfigureAwait(false);
            var pending = found.Where(r => !_report!.IsDone(r.SubjectEmail, r.Module, r.Id)).ToList();
            // What an earlier run failed to delete, even when the find no longer reaches it (its contact is gone).
            pending.AddRange(_report!.LeftOver(email).Where(l => !pending.Any(r => r.Module == l.Module && r.Id == l.Id)));
            var doomed = pending.Where(r => DataSubjectEraser.Screen(r, options) == null).ToList();
            if (doomed.Count > 0)
            {
                var list = new StringBuilder();
                foreach (var r in doomed) list.Append(Environment.NewLine).Append("  ").Append(r.Module).Append(' ').Append(r.Id).Append(r.DisplayName == null ? "" : " (" + r.DisplayName + ")");
                var description = $"Delete {doomed.Count} record(s) of {email}{(Permanent ? " and remove them from the recycle bin" : "")}:{list}";
                var approved = await OnPipelineThreadAsync(() => Force && !WhatIfRequested() || ShouldProcess(description, $"Delete {doomed.Count} record(s) of {email}{(Permanent ? " permanently" : "")}?", "Remove-ZcrmDataSubject")).ConfigureAwait(false);
                if (!approved) return;
            }
            else if (WhatIfRequested()) return;

            var eraser = new DataSubjectEraser(Session.Connection.Api, Session.Connection.Writer, Session.Connection.Attachments);
            await eraser.EraseAsync(pending, options, _report!, budget, result =>
            {
                Emit(ToResult(result));
                if (result.Outcome == ErasureOutcome.Failed)
                    EmitError(ErrorRecords.DataSubjectNotDeleted(result, email));
                return System.Threading.Tasks.Task.CompletedTask;
            }, log, ct).ConfigureAwait(false);
        });

        private static PSObject ToResult(ErasureResult result)
        {
            var item = new PSObject();
            item.TypeNames.Insert(0, "ZohoCrm.DataSubjectErasure");
            item.Properties.Add(new PSNoteProperty("SubjectEmail", result.Record.SubjectEmail));
            item.Properties.Add(new PSNoteProperty("Module", result.Record.Module));
            item.Properties.Add(new PSNoteProperty("Id", result.Record.Id));
            item.Properties.Add(new PSNoteProperty("DisplayName", result.Record.DisplayName));
            item.Properties.Add(new PSNoteProperty("Outcome", result.Outcome.ToString()));
            item.Properties.Add(new PSNoteProperty("Code", result.Code));
            item.Properties.Add(new PSNoteProperty("Message", result.Message));
            item.Properties.Add(new PSNoteProperty("Purged", result.Purged));
            item.Properties.Add(new PSNoteProperty("LinkedBy", result.Record.LinkedBy));
            return item;
        }
    }
}
