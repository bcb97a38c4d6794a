using System.Management.Automation;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>Gets the related lists of a module: their API names (the URL segment of related records) and the modules behind them (1 credit).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmRelatedList")]
    [OutputType(OrgObjects.RelatedList)]
    public sealed class GetZcrmRelatedListCommand : ZcrmApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ApiName")]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            Run(async (log, ct) =>
            {
                var lists = await Session.Connection.OrgSettings.GetRelatedListsAsync(Module, log, ct).ConfigureAwait(false);
                EmitAll(OrgObjects.ToObjects(lists, OrgObjects.RelatedList));
            }, Module);
        }
    }
}
