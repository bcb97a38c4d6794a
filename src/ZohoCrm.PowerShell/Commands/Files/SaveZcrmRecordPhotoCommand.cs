using System.IO;
using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Downloads a record's photo to a file (or into a folder, named after the record); a record without a photo is an error.</summary>
    [Cmdlet(VerbsData.Save, "ZcrmRecordPhoto", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveZcrmRecordPhotoCommand : ZcrmRecordPhotoCmdlet
    {
        /// <summary>A file path, or a folder where the photo is saved as &lt;Module&gt;-&lt;id&gt;.&lt;ext&gt; (or Zoho's name for it). Default: the current folder.</summary>
        [Parameter(Position = 2)]
        [ValidateNotNullOrEmpty]
        [Alias("Path", "OutFile")]
        public string? Destination { get; set; }

        /// <summary>Overwrite a file that exists.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var recordId = Id.Trim();
            if (!ShouldProcess("photo of " + Describe(Module, recordId), "Save to " + (Destination ?? "the current folder"))) return;
            RunItem(async (log, ct) =>
            {
                var target = ResolveDestination(Destination, Module + "-" + recordId, Force, create: true);
                var saved = await Attachments.DownloadPhotoAsync(Module, recordId, target, log, ct).ConfigureAwait(false);
                if (saved == null)
                {
                    EmitError(ErrorRecords.PhotoNotFound(Describe(Module, recordId), recordId));
                    return;
                }
                Emit(new FileInfo(saved.Path));
            }, recordId);
        }
    }
}
