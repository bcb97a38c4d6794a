using System.Management.Automation;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>Gets a module's layouts (sections and their fields, profiles that use them), or one by id (1 credit).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmLayout")]
    [OutputType(OrgObjects.Layout)]
    public sealed class GetZcrmLayoutCommand : ZcrmApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        protected override void ProcessRecord()
        {
            if (Id != null && !OrgIds.IsId(Id))
            {
                WriteError(ErrorRecords.NotAnOrgId(Id, "layout"));
                return;
            }
            Run(async (log, ct) =>
            {
                var layouts = await Session.Connection.OrgSettings.GetLayoutsAsync(Module, Id, log, ct).ConfigureAwait(false);
                if (Id != null && layouts.Count == 0) EmitError(ErrorRecords.OrgItemNotFound(Id, Module + " layout", $"Get-ZcrmLayout -Module {Module} lists the module's layouts."));
                EmitAll(OrgObjects.ToObjects(layouts, OrgObjects.Layout));
            }, Module);
        }
    }
}
