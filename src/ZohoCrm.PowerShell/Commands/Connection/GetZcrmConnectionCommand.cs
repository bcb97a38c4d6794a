using System;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Connections;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;
using ZohoCrm.PowerShell.Profiles;

namespace ZohoCrm.PowerShell.Commands.Connection
{
    /// <summary>Lists the connections of this session, or with -ListAvailable the profiles saved in vaults.</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmConnection", DefaultParameterSetName = ConnectedSet)]
    [OutputType(typeof(ZcrmConnectionInfo), ParameterSetName = new[] { ConnectedSet })]
    [OutputType(typeof(ZcrmSavedProfile), ParameterSetName = new[] { SavedSet })]
    public sealed class GetZcrmConnectionCommand : PSCmdlet
    {
        private const string ConnectedSet = "Connected";
        private const string SavedSet = "Saved";

        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SavedProfileCompleter))]
        public string[]? Profile { get; set; }

        /// <summary>Only the current connection (the one cmdlets use without -Profile).</summary>
        [Parameter(ParameterSetName = ConnectedSet)]
        public SwitchParameter Current { get; set; }

        /// <summary>List the profiles saved in SecretManagement vaults instead.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SavedSet)]
        public SwitchParameter ListAvailable { get; set; }

        [Parameter(ParameterSetName = SavedSet)]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        protected override void ProcessRecord()
        {
            var registry = ConnectionRegistry.ForCurrentRunspace();
            var patterns = (Profile ?? new[] { "*" }).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase)).ToArray();
            bool Matches(string name) => patterns.Any(p => p.IsMatch(name));

            if (ListAvailable)
            {
                try
                {
                    foreach (var (name, vault) in SecretVault.List(SavedProfile.SecretPrefix, Vault))
                    {
                        var profile = name.Substring(SavedProfile.SecretPrefix.Length);
                        if (Matches(profile)) WriteObject(new ZcrmSavedProfile(profile, vault, registry.Find(profile) != null));
                    }
                }
                catch (Exception ex)
                {
                    ThrowTerminatingError(ErrorRecords.From(ex, Vault));
                }
                return;
            }

            var sessions = Current ? new[] { registry.Current }.Where(s => s != null).Select(s => s!) : registry.All;
            foreach (var session in sessions)
                if (Matches(session.Profile)) WriteObject(new ZcrmConnectionInfo(session, registry.IsCurrent(session)));
        }
    }
}
