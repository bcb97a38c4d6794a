using System;
using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Deletes attachments, from the pipeline (Get-ZcrmAttachment) or by id. Confirms by default; -Force does not ask.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmAttachment", DefaultParameterSetName = ByObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveZcrmAttachmentCommand : ZcrmFileCmdlet
    {
        private const string ByObjectSet = "ByObject";
        private const string ByIdSet = "ById";

        /// <summary>Attachments from Get-ZcrmAttachment.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
        [ValidateNotNull]
        public Attachment? InputObject { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        /// <summary>Id of the record the attachments belong to.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string? Id { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        public string[] AttachmentId { get; set; } = Array.Empty<string>();

        /// <summary>Delete without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var attachmentId in AttachmentId) Remove(Module!, Id!.Trim(), attachmentId.Trim(), attachmentId, attachmentId);
                return;
            }
            var attachment = InputObject!;
            Remove(attachment.ParentModule, attachment.ParentId, attachment.Id, $"'{attachment.FileName}' ({attachment.Id})", attachment);
        }

        private void Remove(string module, string recordId, string attachmentId, string label, object target)
        {
            if (!Approve($"attachment {label} of {Describe(module, recordId)}", "Delete", Force)) return;
            RunItem(async (log, ct) =>
            {
                await Attachments.DeleteAsync(module, recordId, attachmentId, log, ct).ConfigureAwait(false);
                log.Verbose($"Deleted attachment {attachmentId} of {Describe(module, recordId)}.");
            }, target);
        }
    }
}
