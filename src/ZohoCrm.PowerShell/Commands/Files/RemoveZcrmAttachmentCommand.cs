using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>
    /// Deletes attachments, from the pipeline (Get-ZcrmAttachment) or by id, one call per record for up to 100 of its
    /// attachments. Confirms by default; -Force does not ask.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmAttachment", DefaultParameterSetName = ByObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveZcrmAttachmentCommand : ZcrmAttachmentItemCmdlet
    {
        /// <summary>Delete without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private readonly List<(string Module, string RecordId, string AttachmentId, object Target)> _approved = new List<(string, string, string, object)>();

        protected override void Process(string module, string recordId, string attachmentId, Attachment? attachment, object target)
        {
            var label = attachment != null ? $"'{attachment.FileName}' ({attachmentId})" : attachmentId;
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
