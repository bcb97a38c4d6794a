using System.Management.Automation;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Shared by the photo cmdlets: the record by -Module and -Id (or an Id property from the pipeline).</summary>
    public abstract class ZcrmRecordPhotoCmdlet : ZcrmFileCmdlet
    {
        /// <summary>A module with photos: Leads, Contacts, Accounts, Products, Vendors or a custom module.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string Id { get; set; } = string.Empty;
    }
}
