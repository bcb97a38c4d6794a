using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.Core.Related;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Related
{
    /// <summary>Gets the tags of a module, with how many the module may have.</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmTag")]
    [OutputType(typeof(ZohoTag))]
    public sealed class GetZcrmTagCommand : ZcrmApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        /// <summary>Only tags whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            Run(async (log, ct) =>
            {
                var connection = Session.Connection;
                var module = await connection.Related.ResolveModuleAsync(Module, log, ct).ConfigureAwait(false);
                var list = await connection.Tags.GetTagsAsync(module, log, ct).ConfigureAwait(false);
                var pattern = Name == null ? null : WildcardPattern.Get(Name, WildcardOptions.IgnoreCase);
                foreach (var tag in list.Tags.Where(t => pattern == null || pattern.IsMatch(t.Name))) Emit(tag);
                log.Verbose($"{module} has {list.Tags.Count} tags" + (list.AllowedCount.HasValue ? $" of the {list.AllowedCount} it may have." : "."));
            }, Module);
        }
    }

    /// <summary>Shared by Add- and Remove-ZcrmTag: records by -Module/-Id or from the pipeline, 500 per call per module.</summary>
    public abstract class ZcrmTagCmdlet : ZcrmItemWriteCmdlet
    {
        protected const string ByIdSet = "ById";
        protected const string ByObjectSet = "ByObject";
        private readonly Dictionary<string, string> _modules = new Dictionary<string, string>(StringComparer.Ordinal);
        private IReadOnlyList<string> _names = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
        [Parameter(ParameterSetName = ByObjectSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string[]? Id { get; set; }

        /// <summary>Records from Get-ZcrmRecord and the like (they bring their module), or ids with -Module.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>Tag names (1 to 25 characters each, at most 10).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TagNameCompleter))]
        public string[] Tag { get; set; } = Array.Empty<string>();

        protected IReadOnlyList<string> Names => _names;

        protected abstract string Action { get; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try { _names = TagService.CheckNames(Tag); }
            catch (ZcrmUsageException ex) { ThrowTerminating(ex, Tag); }
            if (Module != null) Module = ModuleOf(Module);
        }

        protected override void ProcessRecord() =>
            RelatedTargets.Dispatch(this, ParameterSetName == ByIdSet, Module, Id, InputObject, ModuleOf, Queue);

        /// <summary>The module as Zoho spells it, checked before anything is sent; then whatever the subclass needs to know of it.</summary>
        private string ModuleOf(string module)
        {
            if (_modules.TryGetValue(module, out var known)) return known;
            var resolved = module;
            Run(async (log, ct) =>
            {
                // A standard module spelled as Zoho spells it needs no call to check it.
                if (!RelatedLists.TagModules.Contains(module, StringComparer.Ordinal))
                    resolved = await Session.Connection.Related.ResolveModuleAsync(module, log, ct).ConfigureAwait(false);
                await PrepareAsync(resolved, log, ct).ConfigureAwait(false);
            }, module);
            return _modules[module] = resolved;
        }

        /// <summary>Called once per module before its first record is queued.</summary>
        protected virtual Task PrepareAsync(string module, IZcrmLog log, CancellationToken ct) => Task.CompletedTask;

        private void Queue(string module, PSObject input, string id)
        {
            var description = RecordTargets.Describe(input, id);
            var item = NewItem(RecordTargets.RowTarget(input), module, id, description);
            if (!NotePayload.IsId(id))
            {
                Refuse(item, RecordTargets.InvalidIdCode, RecordTargets.NotAnIdReason(id));
                return;
            }
            if (!ShouldProcess($"{module} record {id}" + (description.Length > 0 && description != id ? $" ({description})" : string.Empty), $"{Action} {string.Join(", ", Names)}")) return;
            Enqueue(module, TagService.MaxRecordsPerCall, item, (items, log, ct) => SendAsync(module, items.Select(i => i.Id).ToList(), log, ct));
        }

        protected abstract Task<IReadOnlyList<RecordWriteResult>> SendAsync(string module, IReadOnlyList<string> ids, IZcrmLog log, CancellationToken ct);

        protected override string FailureMessage(PendingItem item, RecordWriteResult result)
        {
            if (result.Code == "LIMIT_EXCEEDED" || result.Code == "LIMIT_REACHED")
            {
                var limit = result.Details.TryGetValue("limit", out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
                return result.WholeBatchFailed
                    ? $"{item.Module} record {item.Id} (input {item.Index}) was not tagged: the module would pass Zoho's limit of {limit ?? "its"} tags per module ({result.Message})."
                    : $"{item.Module} record {item.Id} (input {item.Index}) was not tagged: it would carry more than {limit ?? "the allowed number of"} tags, Zoho's limit per record ({result.Message}).";
            }
            return base.FailureMessage(item, result);
        }

        protected override string RecommendationFor(PendingItem item, RecordWriteResult result) => ErrorRecords.ItemWriteRecommendation(result, item.Module, isTag: true);
    }

    /// <summary>Adds tags to records (new names are created), 500 records per call; -Overwrite replaces the records' tags.</summary>
    [Cmdlet(VerbsCommon.Add, "ZcrmTag", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class AddZcrmTagCommand : ZcrmTagCmdlet
    {
        /// <summary>Replace the records' tags with these instead of adding to them.</summary>
        [Parameter]
        public SwitchParameter Overwrite { get; set; }

        protected override string Action => Overwrite ? "Replace the tags with" : "Add the tags";

        protected override Task<IReadOnlyList<RecordWriteResult>> SendAsync(string module, IReadOnlyList<string> ids, IZcrmLog log, CancellationToken ct)
            => Session.Connection.Tags.AddAsync(module, Names, ids, Overwrite, log, ct);
    }

    /// <summary>Removes tags from records, 500 records per call. The tags stay in the module.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmTag", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class RemoveZcrmTagCommand : ZcrmTagCmdlet
    {
        private readonly Dictionary<string, IReadOnlyList<ZohoTag>> _tags = new Dictionary<string, IReadOnlyList<ZohoTag>>(StringComparer.Ordinal);

        protected override string Action => "Remove the tags";

        /// <summary>Zoho removes tags by id: the names are looked up once per module, and a name the module lacks is refused.</summary>
        protected override async Task PrepareAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            if (WhatIfRequested()) return;
            var list = await Session.Connection.Tags.GetTagsAsync(module, log, ct).ConfigureAwait(false);
            var found = new List<ZohoTag>();
            foreach (var name in Names)
            {
                var tag = list.Tags.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
                if (tag == null)
                    throw new ZcrmUsageException("ZcrmUnknownTag", $"{module} has no tag named '{name}'.", $"Get-ZcrmTag -Module {module} lists its tags; Tab completes -Tag.");
                found.Add(tag);
            }
            _tags[module] = found;
        }

        protected override Task<IReadOnlyList<RecordWriteResult>> SendAsync(string module, IReadOnlyList<string> ids, IZcrmLog log, CancellationToken ct)
            => Session.Connection.Tags.RemoveAsync(module, _tags[module], ids, log, ct);
    }
}
