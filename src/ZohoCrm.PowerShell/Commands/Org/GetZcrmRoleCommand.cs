using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>Gets the org's roles (the hierarchy: each role's reporting_to), or one role by id (1 credit).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmRole")]
    [OutputType(OrgObjects.Role)]
    public sealed class GetZcrmRoleCommand : ZcrmOrgSettingCmdlet
    {
        protected override string ItemName => "role";

        protected override string TypeName => OrgObjects.Role;

        protected override Task<IReadOnlyList<ZohoRecord>> ReadAsync(string? id, IZcrmLog log, CancellationToken ct) =>
            Session.Connection.OrgSettings.GetRolesAsync(id, log, ct);
    }
}
