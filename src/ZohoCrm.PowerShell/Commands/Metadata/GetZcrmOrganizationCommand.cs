using System;
using System.Management.Automation;
using ZohoCrm.Core.Connections;
using ZohoCrm.PowerShell.Cmdlets;

namespace ZohoCrm.PowerShell.Commands.Metadata
{
    /// <summary>Gets the CRM org of the connection: name, id, edition, time zone, currency (1 credit).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmOrganization")]
    [OutputType(typeof(ZohoOrg))]
    public sealed class GetZcrmOrganizationCommand : ZcrmApiCmdlet
    {
        protected override void ProcessRecord()
        {
            Run(async (log, ct) =>
            {
                var org = await Session.Connection.GetOrgAsync(log, ct).ConfigureAwait(false);
                if (org != null) Emit(org);
            }, null);
        }
    }
}
