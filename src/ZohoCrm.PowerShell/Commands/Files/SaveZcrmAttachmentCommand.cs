using System.IO;
using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>
    /// Downloads attachments to disk, streamed, under the name Zoho gives (made safe) or the one given. The file appears
    /// only once complete; an existing file is kept unless -Force. Writes a FileInfo for each file.
    /// </summary>
    [Cmdlet(VerbsData.Save, "ZcrmAttachment", DefaultParameterSetName = ByObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveZcrmAttachmentCommand : ZcrmAttachmentItemCmdlet
    {
        private const string Activity = "Saving attachments";

        /// <summary>
        /// A folder (an existing one, a path ending in a separator, or a new path without an extension: created) where
        /// files keep Zoho's names, or a file path. Default: the current folder.
        /// </summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [Alias("Path", "OutFile")]
        public string? Destination { get; set; }

        /// <summary>Overwrite a file that exists.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private bool _saved;

        protected override bool Accepts(Attachment attachment)
        {
            if (!attachment.IsLink) return true;
            WriteError(ErrorRecords.From(new LocalFileException(LocalFileException.NothingToDownload,
                $"Attachment '{attachment.FileName}' of {Describe(attachment.ParentModule, attachment.ParentId)} is a link ({attachment.LinkUrl}), not a file.", null), attachment));
            return false;
        }

        protected override void Process(string module, string recordId, string attachmentId, Attachment? attachment, object target)
        {
            var knownName = attachment?.FileName;
            var label = knownName != null ? $"'{knownName}' ({attachmentId})" : attachmentId;
            if (!ShouldProcess($"attachment {label} of {Describe(module, recordId)}", "Save to " + (Destination ?? "the current folder"))) return;
            var fallback = SafeFileName.From(knownName, "attachment-" + attachmentId);
            RunItem(async (log, ct) =>
            {
                var target2 = ResolveDestination(Destination, fallback, Force, create: true);
                var name = target2.FileName ?? (knownName != null ? SafeFileName.From(knownName, fallback) : null);
                // Known already: refuse before spending a call.
                if (!Force && name != null && File.Exists(Path.Combine(target2.Folder, name)))
                    throw new LocalFileException(LocalFileException.FileExists, $"The file '{Path.Combine(target2.Folder, name)}' exists already.", Path.Combine(target2.Folder, name));
                var saved = await Attachments.DownloadAsync(module, recordId, attachmentId, target2, TransferProgress(Activity, knownName ?? attachmentId), log, ct).ConfigureAwait(false);
                _saved = true;
                log.Verbose($"Saved attachment {attachmentId} of {Describe(module, recordId)} to {saved.Path} ({AttachmentService.FormatSize(saved.Length)}).");
                Emit(new FileInfo(saved.Path));
            }, target);
        }

        protected override void EndProcessing()
        {
            if (_saved) CompleteProgress(Activity);
            base.EndProcessing();
        }
    }
}
