using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>Gets the current state of bulk read jobs by id (1 API credit each).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmBulkRead")]
    [OutputType("ZohoCrm.BulkReadJob")]
    public sealed class GetZcrmBulkReadCommand : ZcrmBulkJobGetCmdlet
    {
        protected override async Task<PSObject> GetJobAsync(string id, IZcrmLog log, CancellationToken ct)
            => ZcrmBulkReadCmdlet.ToJobObject(await new BulkReadClient(Session.Connection.Api).GetAsync(id, log, ct).ConfigureAwait(false));
    }
}
