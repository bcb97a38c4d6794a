using System.Management.Automation;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>Gets the org's profiles (permission sets), or one profile by id with its permissions (1 credit).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmProfile")]
    [OutputType(OrgObjects.Profile)]
    public sealed class GetZcrmProfileCommand : ZcrmApiCmdlet
    {
        /// <summary>The profile's id (a user's profile.id); all profiles when omitted.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        protected override void ProcessRecord()
        {
            if (Id != null && !OrgIds.IsId(Id))
            {
                WriteError(ErrorRecords.NotAnOrgId(Id, "profile"));
                return;
            }
            Run(async (log, ct) =>
            {
                var profiles = await Session.Connection.OrgSettings.GetProfilesAsync(Id, log, ct).ConfigureAwait(false);
                if (Id != null && profiles.Count == 0) EmitError(ErrorRecords.OrgItemNotFound(Id, "profile", "Get-ZcrmProfile without -Id lists every profile."));
                EmitAll(OrgObjects.ToObjects(profiles, OrgObjects.Profile));
            }, Id);
        }
    }
}
