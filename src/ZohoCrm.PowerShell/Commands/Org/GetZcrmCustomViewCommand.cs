using System.Linq;
using System.Management.Automation;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>
    /// Gets a module's custom views (kept for the session once read), by name with wildcards, or one view in full by
    /// id (criteria, columns, sort). A view pipes into Get-ZcrmRecord, which then lists the view's records.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmCustomView", DefaultParameterSetName = ByNameSet)]
    [OutputType(OrgObjects.CustomView)]
    public sealed class GetZcrmCustomViewCommand : ZcrmApiCmdlet
    {
        private const string ByNameSet = "ByName";
        private const string ByIdSet = "ById";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ApiName")]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        [Parameter(Position = 1, ParameterSetName = ByNameSet)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CustomViewNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CustomViewIdCompleter))]
        public string Id { get; set; } = string.Empty;

        /// <summary>Read the views from Zoho again instead of the session's cache (after creating a view).</summary>
        [Parameter(ParameterSetName = ByNameSet)]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet && !OrgIds.IsId(Id))
            {
                WriteError(ErrorRecords.NotAnOrgId(Id, "custom view"));
                return;
            }
            var patterns = (Name ?? new[] { "*" }).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            Run(async (log, ct) =>
            {
                var settings = Session.Connection.OrgSettings;
                if (ParameterSetName == ByIdSet)
                {
                    var view = await settings.GetCustomViewAsync(Module, Id, log, ct).ConfigureAwait(false);
                    if (view.Count == 0) EmitError(ErrorRecords.OrgItemNotFound(Id, Module + " custom view", $"Get-ZcrmCustomView -Module {Module} lists the module's views."));
                    EmitAll(OrgObjects.ToObjects(view, OrgObjects.CustomView));
                    return;
                }
                var views = await settings.GetCustomViewsAsync(Module, log, ct, Force).ConfigureAwait(false);
                var matching = views.Where(v => patterns.Any(p => p.IsMatch(Text(v, "name")) || p.IsMatch(Text(v, "display_value")))).ToList();
                if (Name != null && matching.Count == 0 && !Name.Any(WildcardPattern.ContainsWildcardCharacters))
                    EmitError(ErrorRecords.UnknownCustomView(Module, Name));
                EmitAll(OrgObjects.ToObjects(matching, OrgObjects.CustomView));
            }, Module);
        }

        private static string Text(Core.Records.ZohoRecord view, string key) => view.Fields.FirstOrDefault(f => f.Key == key).Value as string ?? string.Empty;
    }
}
