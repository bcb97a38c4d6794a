using System.Management.Automation;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>Gets the org's roles (the hierarchy: each role's reporting_to), or one role by id (1 credit).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmRole")]
    [OutputType(OrgObjects.Role)]
    public sealed class GetZcrmRoleCommand : ZcrmApiCmdlet
    {
        /// <summary>The role's id (a user's role.id); all roles when omitted.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        protected override void ProcessRecord()
        {
            if (Id != null && !OrgIds.IsId(Id))
            {
                WriteError(ErrorRecords.NotAnOrgId(Id, "role"));
                return;
            }
            Run(async (log, ct) =>
            {
                var roles = await Session.Connection.OrgSettings.GetRolesAsync(Id, log, ct).ConfigureAwait(false);
                if (Id != null && roles.Count == 0) EmitError(ErrorRecords.OrgItemNotFound(Id, "role", "Get-ZcrmRole without -Id lists every role."));
                EmitAll(OrgObjects.ToObjects(roles, OrgObjects.Role));
            }, Id);
        }
    }
}
