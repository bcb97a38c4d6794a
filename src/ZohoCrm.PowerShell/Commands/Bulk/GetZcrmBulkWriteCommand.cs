using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>Gets the current state and counts of bulk write jobs by id (1 API credit each).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmBulkWrite")]
    [OutputType("ZohoCrm.BulkWriteJob")]
    public sealed class GetZcrmBulkWriteCommand : ZcrmBulkJobGetCmdlet
    {
        protected override async Task<PSObject> GetJobAsync(string id, IZcrmLog log, CancellationToken ct)
            => ZcrmBulkWriteCmdlet.ToJobObject(await new BulkWriteClient(Session.Connection.Api, Session.Connection.Settings.DataCenter, null).GetAsync(id, log, ct).ConfigureAwait(false));
    }
}
