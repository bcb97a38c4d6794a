using System;
using System.Management.Automation;
using ZohoCrm.Core.Bulk;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Waits for bulk write jobs to finish, polling with backoff and showing progress from the job's counts. A
    /// COMPLETED job is returned; a FAILED one becomes an error carrying Zoho's reason.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "ZcrmBulkWrite", DefaultParameterSetName = JobSet)]
    [OutputType("ZohoCrm.BulkWriteJob")]
    public sealed class WaitZcrmBulkWriteCommand : ZcrmBulkWriteCmdlet
    {
        private const string JobSet = "InputObject";
        private const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("JobId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>A job from Start-ZcrmBulkWrite or Get-ZcrmBulkWrite.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = JobSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BulkWriteJob? InputObject { get; set; }

        /// <summary>Give up after this many seconds (an error; the job goes on at Zoho).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            var jobs = ParameterSetName == JobSet ? new[] { InputObject! } : Array.ConvertAll(Id, JobOf);
            foreach (var job in jobs)
            {
                RunAsync(async (log, ct) =>
                {
                    try
                    {
                        var finished = await WaitForAsync(job, ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null, log, ct).ConfigureAwait(false);
                        if (finished.IsFailed) EmitError(ToErrorRecord(JobFailed(finished), finished.Id));
                        else Emit(ToJobObject(finished));
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                    {
                        EmitError(ToErrorRecord(ex, job.Id));
                    }
                });
            }
        }
    }
}
