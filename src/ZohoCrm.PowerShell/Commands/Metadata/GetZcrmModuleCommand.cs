using System;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Metadata;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Metadata
{
    /// <summary>Lists the org's modules (fetched once per session and cached).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmModule")]
    [OutputType(typeof(ZohoModule))]
    public sealed class GetZcrmModuleCommand : ZcrmApiCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Include modules the API does not support (api_supported = false).</summary>
        [Parameter]
        public SwitchParameter IncludeUnsupported { get; set; }

        /// <summary>Read the list from Zoho again instead of the session's cache (after adding a module).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var patterns = (Name ?? new[] { "*" }).Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            Run(async (log, ct) =>
            {
                if (Force) Session.Connection.Metadata.Forget();
                var modules = await Session.Connection.Metadata.GetModulesAsync(log, ct).ConfigureAwait(false);
                EmitAll(modules.Where(m => (IncludeUnsupported || m.ApiSupported) && patterns.Any(p => Matches(p, m))).Cast<object>().ToArray());
            }, Name);
        }

        private static bool Matches(WildcardPattern pattern, ZohoModule module)
            => pattern.IsMatch(module.ApiName) || (module.PluralLabel != null && pattern.IsMatch(module.PluralLabel)) || (module.ModuleName != null && pattern.IsMatch(module.ModuleName));
    }
}
