using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Waits for bulk write jobs to finish, polling with backoff and showing progress from the job's counts. A
    /// COMPLETED job is returned; a FAILED one becomes an error carrying Zoho's reason.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "ZcrmBulkWrite", DefaultParameterSetName = JobSet)]
    [OutputType("ZohoCrm.BulkWriteJob")]
    public sealed class WaitZcrmBulkWriteCommand : ZcrmBulkWriteJobCmdlet
    {
        protected override async Task ProcessJobAsync(BulkWriteJob job, IZcrmLog log, CancellationToken ct)
        {
            var finished = await WaitForAsync(job, TimeoutSeconds, log, ct).ConfigureAwait(false);
            if (finished.IsFailed) EmitError(ErrorRecords.From(JobFailed(finished), finished.Id));
            else Emit(ToJobObject(finished));
        }
    }
}
