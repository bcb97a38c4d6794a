using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;

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
    public sealed class ReceiveZcrmBulkWriteCommand : ZcrmBulkWriteJobCmdlet
    {
        protected override async Task ProcessJobAsync(BulkWriteJob given, IZcrmLog log, CancellationToken ct)
        {
            var job = await Client.RefreshAsync(given, log, ct).ConfigureAwait(false);
            if (!job.IsFinished) job = await WaitForAsync(job, TimeoutSeconds, log, ct).ConfigureAwait(false);
            await ReceiveAsync(job, log, ct).ConfigureAwait(false);
        }
    }
}
