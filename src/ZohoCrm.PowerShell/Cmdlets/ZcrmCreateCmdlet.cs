using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>Base of New-ZcrmRecord and New-ZcrmLead: create, or with -DuplicateCheckField upsert, with triggers and assignment rules.</summary>
    public abstract class ZcrmCreateCmdlet : ZcrmMappedWriteCmdlet
    {
        private WriteOptions? _options;

        [Parameter]
        [ValidateSet("workflow", "approval", "blueprint", "pathfinder", "orchestration", "none", IgnoreCase = true)]
        public string[]? Trigger { get; set; }

        /// <summary>Upsert: fields (in order, such as Email) that find an existing record to update instead of creating one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(FieldNameCompleter))]
        public string[]? DuplicateCheckField { get; set; }

        /// <summary>Lead assignment rule to apply.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LarId { get; set; }

        protected override WriteOptions Options => _options ?? throw new System.InvalidOperationException("Options are set by the first row.");

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try { WriteParameters.Triggers(Trigger); }
            catch (System.ArgumentException ex) { ThrowTerminating(ex, Trigger); }
        }

        /// <summary>Builds, confirms (-WhatIf/-Confirm) and queues one row to create in <paramref name="module"/>.</summary>
        /// <param name="problem">A failure found while converting the input (an owner that names no user): the row is reported with it, not sent.</param>
        protected void QueueCreate(string module, object? input, IEnumerable<KeyValuePair<string, object?>> values, RecordWriteResult? problem = null)
        {
            var builder = BuilderFor(module);
            _options ??= WriteParameters.Options(Trigger, ResolveFieldNames(builder, DuplicateCheckField)?.ToArray(), LarId);
            var operation = DuplicateCheckField != null ? WriteOperation.Upsert : WriteOperation.Insert;
            var row = BuildMappedRow(builder, operation, input, values, clearEmpty: false, id: null);
            if (problem != null) row.LocalResult = problem;
            var action = operation == WriteOperation.Upsert ? $"Create or update (by {string.Join(", ", Options.DuplicateCheckFields!)})" : "Create";
            if (!Approve(Target(builder.Module, row.Description, null, row.Index), action)) return;
            Enqueue(row);
        }
    }
}
