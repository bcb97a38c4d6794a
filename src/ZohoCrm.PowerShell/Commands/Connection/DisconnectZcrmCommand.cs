using System;
using System.Management.Automation;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Errors;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Profiles;

namespace ZohoCrm.PowerShell.Commands.Connection
{
    /// <summary>Forgets a connection; optionally revokes its refresh token at Zoho and deletes its saved profile.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Zcrm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class DisconnectZcrmCommand : AsyncZcrmCmdlet
    {
        /// <summary>The profile to disconnect; the current one when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SavedProfileCompleter))]
        public string? Profile { get; set; }

        /// <summary>Revoke the refresh token at Zoho: every script and session using it stops working.</summary>
        [Parameter]
        public SwitchParameter Revoke { get; set; }

        /// <summary>Delete the saved profile (secret ZohoCrm/&lt;profile&gt;) from its vault.</summary>
        [Parameter]
        public SwitchParameter RemoveSecret { get; set; }

        /// <summary>The vault holding the saved profile, when the profile is not connected in this session.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var registry = ConnectionRegistry.ForCurrentRunspace();
                var session = string.IsNullOrEmpty(Profile) ? registry.Current : registry.Find(Profile!);
                if (session == null && string.IsNullOrEmpty(Profile))
                    throw new ZcrmUsageException("ZcrmNotConnected", "You are not connected to Zoho CRM, so there is nothing to disconnect.", "Name a saved profile with -Profile to revoke or remove it.");
                // A profile that is not there is an error about that profile, not the end of the script (as for any id).
                if (session == null && !Revoke && !RemoveSecret)
                {
                    WriteError(NotFound(new ZcrmUsageException("ZcrmProfileNotConnected", $"The profile '{Profile}' is not connected in this session.",
                        "Get-ZcrmConnection lists the connected profiles; add -RemoveSecret or -Revoke to act on a saved profile that is not connected.")));
                    return;
                }
                var profile = session?.Profile ?? Profile!;
                var secretName = SavedProfile.SecretName(profile);

                string? savedVault = null;
                ConnectRequest? saved = null;
                if (RemoveSecret || (Revoke && session == null))
                {
                    // A -NoPersist connection was never saved: no need to ask SecretManagement.
                    savedVault = session != null ? session.Vault : SecretVault.FindVault(secretName, Vault);
                    if (savedVault == null && session == null)
                    {
                        WriteError(NotFound(new ZcrmUsageException("ZcrmSavedProfileNotFound", $"The profile '{profile}' is neither connected nor saved in a vault.",
                            "Get-ZcrmConnection -ListAvailable lists the saved profiles.")));
                        return;
                    }
                    if (Revoke && session == null && savedVault != null)
                        saved = SavedProfile.Parse(SecretVault.Load(savedVault, secretName), out _, out _);
                }

                if (Revoke && ShouldProcess(profile, "Revoke the refresh token at Zoho (every session and script using it stops working)"))
                {
                    RunAsync(async (log, ct) =>
                    {
                        if (session != null) await session.Connection.RevokeAsync(log, ct).ConfigureAwait(false);
                        else await ConnectionFactory.RevokeAsync(saved!, log, ct).ConfigureAwait(false);
                    });
                    WriteVerbose($"Revoked the refresh token of profile '{profile}'.");
                }

                if (RemoveSecret)
                {
                    if (savedVault == null) WriteWarning($"The profile '{profile}' is not saved in a vault; there is no secret to remove.");
                    else if (ShouldProcess($"{secretName} in vault {savedVault}", "Remove the saved profile"))
                    {
                        SecretVault.Remove(savedVault, secretName);
                        WriteVerbose($"Removed secret '{secretName}' from vault '{savedVault}'.");
                    }
                }

                if (session != null && ShouldProcess(profile, "Disconnect (forget the connection in this session)"))
                    registry.Remove(profile);
            }
            catch (Exception ex) when (!IsPipelineControl(ex))
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Profile));
            }
        }

        private ErrorRecord NotFound(ZcrmUsageException exception) => ErrorRecords.ProfileNotFound(exception, Profile);
    }
}
