using System;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Metadata;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Metadata
{
    /// <summary>Lists a module's fields: API names, labels, data types, mandatory and read-only flags, picklist values.</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmField")]
    [OutputType(typeof(ZohoField))]
    public sealed class GetZcrmFieldCommand : ZcrmApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ApiName")]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        [Parameter(Position = 1)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(FieldNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Read the fields from Zoho again instead of the session's cache (after changing the layout).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var patterns = (Name ?? new[] { "*" }).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            Run(async (log, ct) =>
            {
                if (Force) Session.Connection.Metadata.Forget(Module);
                var (_, fields) = await Session.Connection.Metadata.GetFieldsOfAsync(Module, log, ct).ConfigureAwait(false);
                EmitAll(fields.Where(f => patterns.Any(p => p.IsMatch(f.ApiName) || p.IsMatch(f.Label))).Cast<object>().ToArray());
            }, Module);
        }
    }
}
