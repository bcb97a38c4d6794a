using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Infrastructure;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>
    /// Deletes attachments, from the pipeline (Get-ZcrmAttachment) or by id, one call per record for up to 100 of its
    /// attachments. Confirms by default; -Force does not ask.
    /// </summary>
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

        private readonly List<(string Module, string RecordId, string AttachmentId, object Target)> _approved = new List<(string, string, string, object)>();

        private void Remove(string module, string recordId, string attachmentId, string label, object target)
        {
            if (!Approve($"attachment {label} of {Describe(module, recordId)}", "Delete", Force)) return;
            _approved.Add((module, recordId, attachmentId, target));
            if (_approved.Count >= AttachmentService.MaxIdsPerDelete) Flush();
        }

        protected override void EndProcessing()
        {
            Flush();
            base.EndProcessing();
        }

        /// <summary>Deletes what was approved, one call per record for up to 100 of its attachments; each failure is its own error.</summary>
        private void Flush()
        {
            var pending = _approved.ToList();
            _approved.Clear();
            foreach (var parent in pending.GroupBy(p => (p.Module, p.RecordId)))
            {
                var items = parent.ToList();
                RunItem(async (log, ct) =>
                {
                    var outcomes = await Attachments.DeleteManyAsync(parent.Key.Module, parent.Key.RecordId, items.Select(i => i.AttachmentId).Distinct().ToList(), log, ct).ConfigureAwait(false);
                    foreach (var item in items)
                    {
                        if (outcomes.TryGetValue(item.AttachmentId, out var failure) && failure != null) EmitError(ErrorRecords.From(failure, item.Target));
                        else log.Verbose($"Deleted attachment {item.AttachmentId} of {Describe(item.Module, item.RecordId)}.");
                    }
                }, items.Count == 1 ? items[0].Target : items.Select(i => i.Target).ToArray());
            }
        }
    }
}
