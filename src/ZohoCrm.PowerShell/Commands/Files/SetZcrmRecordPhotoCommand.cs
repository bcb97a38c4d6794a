using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Sets (replaces) a record's photo from a PNG, JPEG, GIF or BMP file; the format and size are checked before any call.</summary>
    [Cmdlet(VerbsCommon.Set, "ZcrmRecordPhoto", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class SetZcrmRecordPhotoCommand : ZcrmRecordPhotoCmdlet
    {
        /// <summary>The image file.</summary>
        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        [Alias("FullName", "LiteralPath")]
        public string Path { get; set; } = string.Empty;

        /// <summary>Do not run the module's workflow rules for this change (restrict_triggers=workflow).</summary>
        [Parameter]
        public SwitchParameter SkipWorkflow { get; set; }

        protected override void ProcessRecord()
        {
            var path = ResolvePath(Path);
            try { Attachments.CheckPhoto(path); }
            catch (LocalFileException ex)
            {
                WriteError(ErrorRecords.From(ex, Path));
                return;
            }
            var recordId = Id.Trim();
            if (!ShouldProcess(Describe(Module, recordId), $"Set the photo to '{System.IO.Path.GetFileName(path)}'")) return;
            RunItem(async (log, ct) =>
            {
                await Attachments.SetPhotoAsync(Module, recordId, path, SkipWorkflow, log, ct).ConfigureAwait(false);
                log.Verbose($"Set the photo of {Describe(Module, recordId)}.");
            }, recordId);
        }
    }
}
