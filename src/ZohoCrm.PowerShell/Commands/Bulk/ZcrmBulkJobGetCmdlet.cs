using System;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>Shared by Get-ZcrmBulkRead and Get-ZcrmBulkWrite: the current state of each job by id, one call (1 API credit) per id.</summary>
    public abstract class ZcrmBulkJobGetCmdlet : ZcrmApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("JobId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Reads one job and returns it as the object the cmdlet writes.</summary>
        protected abstract Task<PSObject> GetJobAsync(string id, IZcrmLog log, CancellationToken ct);

        protected override void ProcessRecord()
        {
            foreach (var id in Id)
            {
                RunAsync(async (log, ct) =>
                {
                    try
                    {
                        Emit(await GetJobAsync(id.Trim(), log, ct).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                    {
                        // One unknown id does not stop the others.
                        EmitError(ErrorRecords.From(ex, id));
                    }
                });
            }
        }
    }
}
