using System;
using System.Management.Automation;
using ZohoCrm.Core.Bulk;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Waits for bulk read jobs to finish, polling with backoff and showing a progress bar. A COMPLETED job is
    /// returned; a FAILURE becomes an error carrying Zoho's reason.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "ZcrmBulkRead", DefaultParameterSetName = JobSet)]
    [OutputType("ZohoCrm.BulkReadJob")]
    public sealed class WaitZcrmBulkReadCommand : ZcrmBulkReadCmdlet
    {
        private const string JobSet = "InputObject";
        private const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("JobId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>A job from Start-ZcrmBulkRead or Get-ZcrmBulkRead.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = JobSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BulkReadJob? InputObject { get; set; }

        /// <summary>Give up after this many seconds (an error; the job goes on at Zoho).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            var jobs = ParameterSetName == JobSet ? new[] { InputObject! } : Array.ConvertAll(Id, id => new BulkReadJob(id.Trim(), BulkReadJob.Added));
            foreach (var job in jobs)
            {
                RunAsync(async (log, ct) =>
                {
                    try
                    {
                        var finished = await WaitForAsync(job, ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null, log, ct).ConfigureAwait(false);
                        if (finished.IsFailed) EmitError(ErrorRecords.From(BulkReadException.JobFailed(finished), finished.Id));
                        else Emit(ToJobObject(finished));
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                    {
                        EmitError(ErrorRecords.From(ex, job.Id));
                    }
                });
            }
        }
    }
}
