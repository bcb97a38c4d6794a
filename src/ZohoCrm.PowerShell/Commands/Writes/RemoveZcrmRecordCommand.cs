using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>Deletes records (to Zoho's recycle bin), 100 ids per call. Confirms by default; -Force does not ask.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmRecord", DefaultParameterSetName = ByObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class RemoveZcrmRecordCommand : ZcrmWriteCmdlet
    {
        private const string ByObjectSet = "ByObject";
        private const string ByIdSet = "ById";
        private WriteOptions? _options;

        /// <summary>Records from Get-ZcrmRecord (they bring their module), or ids.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        [Parameter(ParameterSetName = ByObjectSet)]
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>
        /// What Zoho runs for the deletion, named as on New-/Set-ZcrmRecord: workflow (wf_trigger=true, the only
        /// automation Zoho runs on delete) or none.
        /// </summary>
        [Parameter]
        [ValidateSet("workflow", "none", IgnoreCase = true)]
        public string[]? Trigger { get; set; }

        /// <summary>The earlier name of -Trigger workflow, kept so that scripts using it keep working.</summary>
        [Parameter]
        public SwitchParameter WorkflowTrigger { get; set; }

        /// <summary>Delete without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override WriteOptions Options => _options ??= WriteParameters.Options(null, null, null, RunsWorkflow());

        private bool? RunsWorkflow()
        {
            if (WorkflowTrigger) return true;
            if (Trigger == null) return null;
            return Trigger.Any(t => string.Equals(t, "workflow", System.StringComparison.OrdinalIgnoreCase)) ? true : (bool?)null;
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var each in Id!) Queue(Module!, PSObject.AsPSObject(each), each.Trim());
                return;
            }
            var input = InputObject!;
            var target = RecordTargets.Of(input, Module, out var error);
            if (target == null)
            {
                WriteError(error!);
                return;
            }
            Queue(target.Value.Module, input, target.Value.Id);
        }

        private void Queue(string module, PSObject input, string id)
        {
            module = BuilderFor(module).Module; // the module as Zoho spells it
            var description = RecordTargets.Describe(input, id);
            var row = IdRow(module, WriteOperation.Delete, RecordTargets.RowTarget(input), id, description.Length > 0 ? description : id);
            if (!Approve(Target(module, row.Description, id, row.Index), "Delete", Force)) return;
            Enqueue(row);
        }
    }
}
