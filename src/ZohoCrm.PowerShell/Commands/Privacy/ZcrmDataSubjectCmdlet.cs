using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Privacy;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Privacy
{
    /// <summary>
    /// What the data-subject cmdlets share: the subjects' addresses from the pipeline, and one call budget for the whole
    /// invocation (a share of the edition's concurrency, an optional credit budget).
    /// </summary>
    public abstract class ZcrmDataSubjectCmdlet : ZcrmApiCmdlet
    {
        private CallBudget? _budget;
        private long _creditsAtStart;

        /// <summary>The data subjects' email addresses (whole addresses; matched exactly, case ignored).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Email { get; set; } = Array.Empty<string>();

        /// <summary>The share of the edition's concurrency limit these calls may use at once (0.75: 15 of Enterprise's 20).</summary>
        [Parameter]
        [ValidateRange(0.05, 1.0)]
        public double ConcurrencyShare { get; set; } = CallBudget.DefaultShare;

        /// <summary>Stop before a call would take the credits used by this command above this budget.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long MaxCredits { get; set; }

        /// <summary>The budget was reached: later subjects are not started.</summary>
        protected bool BudgetReached { get; private set; }

        protected DataSubjectFinder Finder => new DataSubjectFinder(Session.Connection.Records, Session.Connection.Related, Session.Connection.Attachments, Session.Connection.Metadata);

        /// <summary>Credits Zoho charged for this command's calls so far.</summary>
        protected long CreditsUsed => Session.Connection.Api.CreditsUsed - _creditsAtStart;

        protected async Task<CallBudget> BudgetAsync(IZcrmLog log, CancellationToken ct)
        {
            if (_budget != null) return _budget;
            _creditsAtStart = Session.Connection.Api.CreditsUsed;
            var org = Session.Connection.Org ?? await Session.Connection.GetOrgAsync(log, ct).ConfigureAwait(false);
            var concurrency = CallBudget.ShareOf(org?.Edition, ConcurrencyShare);
            log.Verbose($"Edition {org?.Edition ?? "unknown"}: at most {concurrency} calls at once ({ConcurrencyShare:P0} of {CallBudget.ConcurrencyOf(org?.Edition)}){(ParameterSpecified(nameof(MaxCredits)) ? $", at most {MaxCredits} credits" : "")}.");
            _budget = new CallBudget(concurrency, ParameterSpecified(nameof(MaxCredits)) ? MaxCredits : (long?)null);
            return _budget;
        }

        protected DataSubjectQuery Query(string[]? modules, bool includeRelated, bool allModules) =>
            new DataSubjectQuery { Modules = modules, IncludeRelated = includeRelated, AllModules = allModules };

        /// <summary>Runs the work for each address; a reached budget becomes one non-terminating error and ends the run.</summary>
        protected void ForEachSubject(Func<string, CallBudget, IZcrmLog, CancellationToken, Task> work)
        {
            foreach (var given in Email)
            {
                if (BudgetReached) return;
                string email;
                try { email = DataSubjectFinder.CheckEmail(given); }
                catch (Core.Errors.ZcrmUsageException ex)
                {
                    WriteError(ErrorRecords.From(ex, given));
                    continue;
                }
                Run(async (log, ct) =>
                {
                    var budget = await BudgetAsync(log, ct).ConfigureAwait(false);
                    try
                    {
                        await work(email, budget, log, ct).ConfigureAwait(false);
                    }
                    catch (CreditBudgetReachedException ex)
                    {
                        BudgetReached = true;
                        EmitError(ErrorRecords.CreditBudgetReached(ex, email));
                    }
                }, email);
            }
        }

        protected static PSObject ToObject(DataSubjectRecord found)
        {
            RecordShape? shape = null;
            var result = new PSObject();
            result.TypeNames.Insert(0, "ZohoCrm.DataSubjectRecord");
            result.Properties.Add(new PSNoteProperty("SubjectEmail", found.SubjectEmail));
            result.Properties.Add(new PSNoteProperty("Module", found.Module));
            result.Properties.Add(new PSNoteProperty("Id", found.Id));
            result.Properties.Add(new PSNoteProperty("DisplayName", found.DisplayName));
            result.Properties.Add(new PSNoteProperty("LinkedBy", found.LinkedBy));
            result.Properties.Add(new PSNoteProperty("Deletable", found.Deletable));
            result.Properties.Add(new PSNoteProperty("ParentModule", found.ParentModule));
            result.Properties.Add(new PSNoteProperty("ParentId", found.ParentId));
            result.Properties.Add(new PSNoteProperty("Record", RecordObjects.ToRecordObject(found.Record, ref shape)));
            return result;
        }
    }

    /// <summary>Finds every record that holds a person's data, by email: searched, matched exactly, then followed through related lists, notes and attachments.</summary>
    [Cmdlet(VerbsCommon.Find, "ZcrmDataSubject")]
    [OutputType("ZohoCrm.DataSubjectRecord")]
    public sealed class FindZcrmDataSubjectCommand : ZcrmDataSubjectCmdlet
    {
        /// <summary>Return only records of these modules (Contacts, Leads, Cases, Quotes, Notes, Attachments …).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string[]? Module { get; set; }

        /// <summary>Follow each contact and lead into its related records, notes and attachments (on by default; -IncludeRelated:$false turns it off).</summary>
        [Parameter]
        public SwitchParameter IncludeRelated { get; set; } = true;

        /// <summary>Also search every other module of the org that has an email field.</summary>
        [Parameter]
        public SwitchParameter AllModules { get; set; }

        protected override void ProcessRecord() => ForEachSubject(async (email, budget, log, ct) =>
        {
            var found = await Finder.FindAsync(email, Query(Module, IncludeRelated, AllModules), budget, log, ct).ConfigureAwait(false);
            log.Verbose($"{email}: {found.Count} record(s); {CreditsUsed} credit(s) used so far, at most {budget.PeakInFlight} call(s) at once.");
            foreach (var record in found) Emit(ToObject(record));
        });
    }
}
