using System.Management.Automation;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>
    /// Creates records from hashtables, CSV rows or objects, 100 per call; with -DuplicateCheckField it upserts
    /// instead (an existing match is updated, so sending the same rows again never duplicates them).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ZcrmRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class NewZcrmRecordCommand : ZcrmCreateCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        /// <summary>The record: a hashtable, a CSV row, or any object whose properties are field names (API names or labels).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            if (InputValues.NotARecord(InputObject) is string reason)
            {
                var builder = BuilderFor(Module);
                Reject(builder.Module, DuplicateCheckField != null ? Core.Records.WriteOperation.Upsert : Core.Records.WriteOperation.Insert, InputObject?.BaseObject, "ZcrmInputNotARecord", reason);
                return;
            }
            QueueCreate(Module, InputObject, InputValues.Of(InputObject));
        }
    }
}
