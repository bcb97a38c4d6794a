using System;
using System.Management.Automation;
using ZohoCrm.Core.Bulk;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Downloads a bulk write job's result and writes one result per input row, in input order, joined back to the row
    /// it came from (index, CSV row number, status, record id, Zoho's errors per column). Failed rows are also
    /// non-terminating errors whose TargetObject is the input row, so they can be fixed and piped back. An unfinished
    /// job is waited for first.
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "ZcrmBulkWrite", DefaultParameterSetName = JobSet)]
    [OutputType("ZohoCrm.BulkWriteResult")]
    public sealed class ReceiveZcrmBulkWriteCommand : ZcrmBulkWriteCmdlet
    {
        private const string JobSet = "InputObject";
        private const string IdSet = "Id";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("JobId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>A job from Start-ZcrmBulkWrite (its results are joined to the rows given), Wait-ZcrmBulkWrite or Get-ZcrmBulkWrite.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = JobSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BulkWriteJob? InputObject { get; set; }

        /// <summary>Give up waiting for an unfinished job after this many seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            var jobs = ParameterSetName == JobSet ? new[] { InputObject! } : Array.ConvertAll(Id, JobOf);
            foreach (var given in jobs)
            {
                RunAsync(async (log, ct) =>
                {
                    try
                    {
                        var job = await Client.RefreshAsync(given, log, ct).ConfigureAwait(false);
                        if (!job.IsFinished) job = await WaitForAsync(job, ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null, log, ct).ConfigureAwait(false);
                        await ReceiveAsync(job, log, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                    {
                        // One failed or expired job does not stop the others.
                        EmitError(ToErrorRecord(ex, given.Id));
                    }
                });
            }
        }
    }
}
