using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>Gets the org's profiles (permission sets), or one profile by id with its permissions (1 credit).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmProfile")]
    [OutputType(OrgObjects.Profile)]
    public sealed class GetZcrmProfileCommand : ZcrmOrgSettingCmdlet
    {
        protected override string ItemName => "profile";

        protected override string TypeName => OrgObjects.Profile;

        protected override Task<IReadOnlyList<ZohoRecord>> ReadAsync(string? id, IZcrmLog log, CancellationToken ct) =>
            Session.Connection.OrgSettings.GetProfilesAsync(id, log, ct);
    }
}
