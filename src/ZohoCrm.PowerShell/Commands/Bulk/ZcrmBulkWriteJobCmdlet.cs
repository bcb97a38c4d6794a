using System;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Wait- and Receive-ZcrmBulkWrite: jobs by object or id, a -Timeout for the wait, and one job's failure reported as
    /// its own error without stopping the others.
    /// </summary>
    public abstract class ZcrmBulkWriteJobCmdlet : ZcrmBulkWriteCmdlet
    {
        protected const string JobSet = "InputObject";
        protected const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("JobId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>A job from Start-ZcrmBulkWrite, Wait-ZcrmBulkWrite or Get-ZcrmBulkWrite.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = JobSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BulkWriteJob? InputObject { get; set; }

        /// <summary>Give up waiting after this many seconds (an error; the job goes on at Zoho).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected int? TimeoutSeconds => ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null;

        /// <summary>What the cmdlet does with one job; an exception becomes that job's error.</summary>
        protected abstract Task ProcessJobAsync(BulkWriteJob job, IZcrmLog log, CancellationToken ct);

        protected override void ProcessRecord()
        {
            var jobs = ParameterSetName == JobSet ? new[] { InputObject! } : Array.ConvertAll(Id, JobOf);
            foreach (var job in jobs)
            {
                RunAsync(async (log, ct) =>
                {
                    try
                    {
                        await ProcessJobAsync(job, log, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                    {
                        // One failed or expired job does not stop the others.
                        EmitError(ErrorRecords.From(ex, job.Id));
                    }
                });
            }
        }
    }
}
