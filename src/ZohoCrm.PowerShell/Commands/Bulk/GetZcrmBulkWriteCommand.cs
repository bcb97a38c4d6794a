using System;
using System.Management.Automation;
using ZohoCrm.PowerShell.Infrastructure;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>Gets the current state and counts of bulk write jobs by id (1 API credit each).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmBulkWrite")]
    [OutputType("ZohoCrm.BulkWriteJob")]
    public sealed class GetZcrmBulkWriteCommand : ZcrmBulkWriteCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("JobId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (var id in Id)
            {
                RunAsync(async (log, ct) =>
                {
                    try
                    {
                        Emit(ToJobObject(await Client.GetAsync(id.Trim(), log, ct).ConfigureAwait(false)));
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                    {
                        EmitError(ErrorRecords.From(ex, id));
                    }
                });
            }
        }
    }
}
