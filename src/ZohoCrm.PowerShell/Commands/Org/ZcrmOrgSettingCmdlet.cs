using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Org
{
    /// <summary>Base of Get-ZcrmRole and Get-ZcrmProfile: every item of one org setting, or one by -Id (1 credit).</summary>
    public abstract class ZcrmOrgSettingCmdlet : ZcrmApiCmdlet
    {
        /// <summary>The item's id; all items when omitted.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        /// <summary>What one item is called in messages ("role").</summary>
        protected abstract string ItemName { get; }

        /// <summary>The type name of the objects written.</summary>
        protected abstract string TypeName { get; }

        protected abstract Task<IReadOnlyList<ZohoRecord>> ReadAsync(string? id, IZcrmLog log, CancellationToken ct);

        protected override void ProcessRecord()
        {
            if (Id != null && !OrgIds.IsId(Id))
            {
                WriteError(ErrorRecords.NotAnOrgId(Id, ItemName));
                return;
            }
            Run(async (log, ct) =>
            {
                var items = await ReadAsync(Id, log, ct).ConfigureAwait(false);
                if (Id != null && items.Count == 0)
                    EmitError(ErrorRecords.OrgItemNotFound(Id, ItemName, $"{MyInvocation.MyCommand.Name} without -Id lists every {ItemName}."));
                EmitAll(OrgObjects.ToObjects(items, TypeName));
            }, Id);
        }
    }
}
