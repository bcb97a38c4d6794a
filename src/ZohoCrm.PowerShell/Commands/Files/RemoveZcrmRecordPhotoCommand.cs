using System.Management.Automation;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Deletes a record's photo. Confirms by default; -Force does not ask.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmRecordPhoto", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveZcrmRecordPhotoCommand : ZcrmRecordPhotoCmdlet
    {
        /// <summary>Delete without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var recordId = Id.Trim();
            if (!Approve("photo of " + Describe(Module, recordId), "Delete", Force)) return;
            RunItem(async (log, ct) =>
            {
                await Attachments.DeletePhotoAsync(Module, recordId, log, ct).ConfigureAwait(false);
                log.Verbose($"Deleted the photo of {Describe(Module, recordId)}.");
            }, recordId);
        }
    }
}
