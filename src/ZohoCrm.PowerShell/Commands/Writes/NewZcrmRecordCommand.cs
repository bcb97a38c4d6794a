using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Infrastructure;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>
    /// Creates records from hashtables, CSV rows or objects, 100 per call; with -DuplicateCheckField it upserts
    /// instead (an existing match is updated, so sending the same rows again never duplicates them).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ZcrmRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class NewZcrmRecordCommand : ZcrmWriteCmdlet
    {
        private WriteOptions? _options;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        /// <summary>The record: a hashtable, a CSV row, or any object whose properties are field names (API names or labels).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        [Parameter]
        [ValidateSet("workflow", "approval", "blueprint", "pathfinder", "orchestration", "none", IgnoreCase = true)]
        public string[]? Trigger { get; set; }

        /// <summary>Upsert: fields (in order) that find an existing record to update instead of creating one.</summary>
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

        protected override void ProcessRecord()
        {
            var builder = BuilderFor(Module);
            _options ??= WriteParameters.Options(Trigger, ResolveFieldNames(builder, DuplicateCheckField)?.ToArray(), LarId);
            var operation = DuplicateCheckField != null ? WriteOperation.Upsert : WriteOperation.Insert;
            var row = BuildRow(builder, operation, InputObject, InputValues.Of(InputObject), clearEmpty: false, id: null);
            var action = operation == WriteOperation.Upsert ? $"Create or update (by {string.Join(", ", Options.DuplicateCheckFields!)})" : "Create";
            if (!Approve(Target(builder.Module, row.Description, null, row.Index), action)) return;
            Enqueue(row);
        }
    }
}
