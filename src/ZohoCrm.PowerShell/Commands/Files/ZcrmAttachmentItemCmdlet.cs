using System;
using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Shared by Save- and Remove-ZcrmAttachment: attachments from Get-ZcrmAttachment, or -Module, -Id and -AttachmentId.</summary>
    public abstract class ZcrmAttachmentItemCmdlet : ZcrmFileCmdlet
    {
        protected const string ByObjectSet = "ByObject";
        protected const string ByIdSet = "ById";

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

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var attachmentId in AttachmentId) Process(Module!, Id!.Trim(), attachmentId.Trim(), null, attachmentId);
                return;
            }
            var attachment = InputObject!;
            if (Accepts(attachment)) Process(attachment.ParentModule, attachment.ParentId, attachment.Id, attachment, attachment);
        }

        /// <summary>False (after writing the error) for a piped attachment this cmdlet cannot act on.</summary>
        protected virtual bool Accepts(Attachment attachment) => true;

        /// <summary>Acts on one attachment; <paramref name="attachment"/> is the piped one, null for -AttachmentId.</summary>
        protected abstract void Process(string module, string recordId, string attachmentId, Attachment? attachment, object target);
    }
}
