using System;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;
using ZohoCrm.PowerShell.Profiles;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>Base of every cmdlet that calls the API: picks the connection (-Profile, or the last connected).</summary>
    public abstract class ZcrmApiCmdlet : AsyncZcrmCmdlet
    {
        /// <summary>The connected profile to use; the last connected one when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        private ZcrmSession? _session;

        /// <summary>The session for this invocation, resolved once on the pipeline thread.</summary>
        internal ZcrmSession Session
        {
            get
            {
                if (_session == null)
                {
                    try { _session = ConnectionRegistry.ForCurrentRunspace().Resolve(Profile); }
                    catch (ZcrmUsageException ex) { ThrowTerminatingError(ErrorRecords.From(ex, Profile)); }
                }
                return _session!;
            }
        }

        protected override void BeginProcessing()
        {
            _ = Session;
            base.BeginProcessing();
        }

        protected void ThrowTerminating(Exception exception, object? target) => ThrowTerminatingError(ErrorRecords.From(exception, target));

        protected bool ParameterSpecified(string name) => MyInvocation.BoundParameters.ContainsKey(name);

        /// <summary>-WhatIf/-Confirm for one item; -Force skips the prompt but never -WhatIf.</summary>
        protected bool Approve(string target, string action, bool force = false)
        {
            if (force && !WhatIfRequested()) return true;
            return ShouldProcess(target, action);
        }

        /// <summary>-WhatIf given, or $WhatIfPreference set.</summary>
        protected bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)) return whatIf is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(whatIf);
            return LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        }

        private bool? _recordsEndPipeline;

        /// <summary>
        /// Whether the records this cmdlet writes end its pipeline (they go to a variable, the host or .Count, or to
        /// <c>| Measure-Object</c> or <c>| Out-Null</c>, which only count them) rather than to a later command that reads
        /// them. They are then made lean (<see cref="RecordShape.CreateLean"/>): cheap to make and to hold. Records a later
        /// command reads (Export-Csv, ForEach-Object, Where-Object...) are made with a note property per field, which
        /// PowerShell enumerates and exports several times faster. Read on the pipeline thread.
        /// </summary>
        protected bool RecordsEndPipeline => _recordsEndPipeline ??=
            MyInvocation.PipelinePosition >= MyInvocation.PipelineLength || CountingConsumer.Follows(MyInvocation, InvokeCommand);

        /// <summary>Writes one record to the pipeline.</summary>
        protected void EmitRecord(ZohoRecord record)
        {
            Post(() =>
            {
                RecordShape? shape = null;
                WriteObject(RecordObjects.ToRecordObject(record, ref shape, lean: RecordsEndPipeline));
            });
        }

        /// <summary>
        /// Streams a pager's records to the pipeline page by page, with a progress bar when <paramref name="showProgress"/>.
        /// The next page is asked for as soon as one is returned (the records pager has usually sent that request while it
        /// parsed), so fetching overlaps with converting and writing; the pager still fetches nothing past -First or the
        /// last page. Returns the last page read.
        /// </summary>
        protected async Task<RecordPage?> StreamRecordsAsync(IRecordPageSource pager, string activity, bool showProgress, long? first, IZcrmLog log, CancellationToken ct, string typeName = RecordObjects.RecordTypeName)
        {
            var activityId = Math.Abs(GetType().Name.GetHashCode() % 100000) + 1;
            RecordPage? last = null;
            // At most two pages wait for the pipeline (plus the one being fetched).
            var writes = new BoundedWrites(this, 2);
            try
            {
                var next = pager.NextAsync(log, ct);
                RecordShape? shape = null;
                while (await NextPageAsync(next, pager, ct).ConfigureAwait(false) is RecordPage page)
                {
                    next = pager.NextAsync(log, ct);
                    last = page;
                    var records = page.Records;
                    var status = $"Page {pager.PagesRead} - {pager.RecordsReturned} records";
                    var percent = first.HasValue ? (int)Math.Min(100, pager.RecordsReturned * 100 / Math.Max(1, first.Value)) : -1;
                    await writes.PostAsync(() =>
                    {
                        // Made here, on the pipeline thread: objects PowerShell adds members to on another thread were
                        // measured twice as slow to read every field of.
                        var lean = RecordsEndPipeline;
                        foreach (var record in records) WriteObject(RecordObjects.ToRecordObject(record, ref shape, typeName, lean));
                        if (showProgress) WriteProgress(new ProgressRecord(activityId, activity, status) { PercentComplete = percent });
                    }, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                if (showProgress && !ct.IsCancellationRequested)
                    Post(() => WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed }));
            }
            return last;
        }

        /// <summary>A page, or, when reading fails after pages were already written, the failure with how many and where to resume.</summary>
        private static async Task<RecordPage?> NextPageAsync(Task<RecordPage?> next, IRecordPageSource pager, CancellationToken ct)
        {
            try
            {
                return await next.ConfigureAwait(false);
            }
            catch (Exception ex) when (pager.PagesRead > 0 && !ct.IsCancellationRequested && !(ex is OperationCanceledException))
            {
                throw new PagingInterruptedException(ex, pager.RecordsReturned, pager.PagesRead, pager);
            }
        }
    }
}
