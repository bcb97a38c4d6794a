using System;
using System.IO;
using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>
    /// Attaches files (streamed from disk, multipart) or a link to a record. A missing file or one over Zoho's 20 MB
    /// limit is refused before any call. Writes the new attachment.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "ZcrmAttachment", DefaultParameterSetName = FileSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Attachment))]
    public sealed class AddZcrmAttachmentCommand : ZcrmFileCmdlet
    {
        private const string FileSet = "File";
        private const string LinkSet = "Link";
        private const string Activity = "Uploading attachments";
        private bool _uploaded;

        /// <summary>The record to attach to, from Get-ZcrmRecord (it brings its module and id).</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        /// <summary>Id of the record to attach to.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string? Id { get; set; }

        /// <summary>Files to attach (each one call).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
        [ValidateNotNullOrEmpty]
        [Alias("FullName", "LiteralPath")]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>An http(s) link to attach instead of a file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LinkSet)]
        [ValidateNotNull]
        public Uri? Url { get; set; }

        /// <summary>The link's title (shown as its name in Zoho).</summary>
        [Parameter(ParameterSetName = LinkSet)]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        protected override void ProcessRecord()
        {
            var (module, recordId) = Parent();
            if (module == null) return;
            var what = Describe(module, recordId!);

            if (ParameterSetName == LinkSet)
            {
                if (!Url!.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
                    ThrowTerminating(new ZcrmUsageException("ZcrmInvalidUrl", $"'{Url}' is not an http or https address."), Url);
                if (!ShouldProcess(what, $"Attach link {Url}")) return;
                RunItem(async (log, ct) => Emit(await Attachments.AddLinkAsync(module, recordId!, Url.AbsoluteUri, Title, log, ct).ConfigureAwait(false)), InputObject ?? (object)recordId!);
                return;
            }

            foreach (var given in Path)
            {
                var path = ResolvePath(given);
                FileInfo file;
                // Refused before any call: a missing file, or one Zoho would refuse for its size.
                try { file = AttachmentService.CheckUpload(path, Attachments.MaxAttachmentBytes); }
                catch (LocalFileException ex)
                {
                    WriteError(ErrorRecords.From(ex, given));
                    continue;
                }
                if (!ShouldProcess(what, $"Attach file '{file.Name}' ({AttachmentService.FormatSize(file.Length)})")) continue;
                var progress = TransferProgress(Activity, file.Name);
                RunItem(async (log, ct) =>
                {
                    var attachment = await Attachments.UploadAsync(module, recordId!, file.FullName, null, sent => progress(sent, file.Length), log, ct).ConfigureAwait(false);
                    _uploaded = true;
                    log.Verbose($"Attached '{file.Name}' to {what} as attachment {attachment.Id}.");
                    Emit(attachment);
                }, given);
            }
        }

        protected override void EndProcessing()
        {
            if (_uploaded) CompleteProgress(Activity);
            base.EndProcessing();
        }

        private (string? Module, string? RecordId) Parent()
        {
            if (InputObject != null && !ParameterSpecified(nameof(Id)))
            {
                var target = RecordTargets.Of(InputObject, Module, out var error);
                if (target == null)
                {
                    WriteError(error!);
                    return (null, null);
                }
                return (target.Value.Module, target.Value.Id.Trim());
            }
            if (Module == null || Id == null)
                ThrowTerminating(new ZcrmUsageException("ZcrmRecordNotGiven", "Say which record to attach to.", "Pass -Module and -Id, or pipe a record from Get-ZcrmRecord."), null);
            return (Module, Id!.Trim());
        }
    }
}
