using System;
using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Lists the attachments (files and links) of records: by -Module and -Id, or of records piped from Get-ZcrmRecord.</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmAttachment", DefaultParameterSetName = ByRecordSet)]
    [OutputType(typeof(Attachment))]
    public sealed class GetZcrmAttachmentCommand : ZcrmFileCmdlet
    {
        private const string ByRecordSet = "ByRecord";
        private const string ByIdSet = "ById";

        /// <summary>Records from Get-ZcrmRecord, Search-ZcrmRecord or Invoke-ZcrmQuery (they bring their module), or record ids with -Module.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByRecordSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        [Parameter(ParameterSetName = ByRecordSet)]
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        /// <summary>Ids of the parent records.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Every page of attachments (200 per call), not only the first.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in Id) List(Module!, id.Trim(), id);
                return;
            }
            var input = InputObject!;
            var target = RecordTargets.Of(input, Module, out var error);
            if (target == null)
            {
                WriteError(error!);
                return;
            }
            List(target.Value.Module, target.Value.Id.Trim(), input);
        }

        private void List(string module, string recordId, object target)
        {
            RunItem(async (log, ct) =>
            {
                var more = await Attachments.ListAsync(module, recordId, All, page =>
                {
                    Post(() =>
                    {
                        foreach (var attachment in page) WriteObject(attachment);
                    });
                    return System.Threading.Tasks.Task.CompletedTask;
                }, log, ct).ConfigureAwait(false);
                if (more) log.Warning($"{Describe(module, recordId)} has more than {AttachmentService.MaxPageSize} attachments; use -All to list them all.");
            }, target);
        }
    }
}
