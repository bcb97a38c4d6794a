using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Records;
using ZohoCrm.Core.Related;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Related
{
    /// <summary>
    /// Shared by Add- and Remove-ZcrmRelatedRecord: the parent (-Module, -Id), the many-to-many list, and the related
    /// records (piped records or ids, or -RelatedId), 100 per call. A list Zoho cannot link is refused before any call.
    /// </summary>
    public abstract class ZcrmRelatedLinkCmdlet : ZcrmItemWriteCmdlet
    {
        private RelatedList? _list;

        /// <summary>The parent record's module (Campaigns, Products, Leads …).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        /// <summary>The parent record's id.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RelatedListCompleter))]
        public string RelatedList { get; set; } = string.Empty;

        /// <summary>Related records from the pipeline (records of the related module, or their ids).</summary>
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RelatedId { get; set; }

        protected RelatedList List => _list!;

        protected abstract string Verb { get; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!NotePayload.IsId(Id.Trim()))
                ThrowTerminatingError(RelatedTargets.NotAnId(Id, Id));
            Id = Id.Trim();
            // The fact sheet's lists answer without a call, so a list Zoho cannot link is refused before any call.
            _list = Core.Related.RelatedLists.Find(Module, RelatedList);
            if (_list == null)
                Run(async (log, ct) => _list = await Session.Connection.Related.ResolveListAsync(Module, RelatedList, log, ct).ConfigureAwait(false), RelatedList);
            try { RelatedRecordService.RequireLinkable(_list!); }
            catch (Core.Errors.ZcrmUsageException ex)
            {
                var instead = _list!.ApiName == "Notes"
                    ? "Use Add-ZcrmNote and Remove-ZcrmNote for notes."
                    : $"Set the {_list.RelatedModule} record's lookup to the {_list.ParentModule} record with Set-ZcrmRecord instead.";
                ThrowTerminating(new Core.Errors.ZcrmUsageException(ex.ErrorId, ex.Message, instead), RelatedList);
            }
        }

        protected override void ProcessRecord()
        {
            if (RelatedId != null && InputObject == null)
            {
                foreach (var each in RelatedId) Add(PSObject.AsPSObject(each), each.Trim());
                RelatedId = null; // bound once, not per pipeline object
                return;
            }
            if (InputObject == null) return;
            var id = RecordTargets.IdOf(InputObject);
            Add(InputObject, id?.Trim() ?? string.Empty);
        }

        private bool _given;

        protected override void EndProcessing()
        {
            if (!_given) WriteWarning($"No related records were given to {Verb.ToLowerInvariant()} {List.ParentModule} {Id}: pipe records or ids, or use -RelatedId.");
            base.EndProcessing();
        }

        private void Add(PSObject input, string id)
        {
            _given = true;
            var item = NewItem(RecordTargets.RowTarget(input), List.RelatedModule, id, RecordTargets.Describe(input, id));
            if (!NotePayload.IsId(id))
            {
                Refuse(item, RecordTargets.InvalidIdCode, RecordTargets.NotAnIdReason(id));
                return;
            }
            if (!ShouldProcess($"{List.RelatedModule} record {id}", $"{Verb} {List.ParentModule} {Id} ({List.ApiName})")) return;
            Enqueue(List.ToString(), RelatedRecordService.MaxIdsPerCall, WithFields(item, input), Send);
        }

        /// <summary>The relation fields an input carries (Member_Status, list_price), kept for the link call.</summary>
        protected virtual PendingItem WithFields(PendingItem item, PSObject input) => item;

        protected abstract System.Threading.Tasks.Task<System.Collections.Generic.IReadOnlyList<RecordWriteResult>> Send(System.Collections.Generic.IReadOnlyList<PendingItem> items, Core.Diagnostics.IZcrmLog log, System.Threading.CancellationToken ct);
    }

    /// <summary>Links records to a record through a many-to-many related list (PUT), 100 per call.</summary>
    [Cmdlet(VerbsCommon.Add, "ZcrmRelatedRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class AddZcrmRelatedRecordCommand : ZcrmRelatedLinkCmdlet
    {
        private readonly System.Collections.Generic.Dictionary<long, JObject> _items = new System.Collections.Generic.Dictionary<long, JObject>();

        /// <summary>Fields of the link itself, such as @{ Member_Status = 'Sent' } for campaign members or @{ list_price = 90 } for price books.</summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? RelationField { get; set; }

        protected override string Verb => "Link to";

        protected override PendingItem WithFields(PendingItem item, PSObject input)
        {
            var body = new JObject { ["id"] = item.Id };
            if (RelationField != null)
                foreach (DictionaryEntry entry in RelationField)
                    body[System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = entry.Value == null ? JValue.CreateNull() : JToken.FromObject(InputValues.Plain(entry.Value)!);
            else if (List.RelationField != null && !RecordTargets.IsBareId(input) && input.Properties[List.RelationField]?.Value is object value)
                body[List.RelationField] = JToken.FromObject(InputValues.Plain(value)!);
            _items[item.Index] = body;
            return item;
        }

        protected override System.Threading.Tasks.Task<System.Collections.Generic.IReadOnlyList<RecordWriteResult>> Send(System.Collections.Generic.IReadOnlyList<PendingItem> items, Core.Diagnostics.IZcrmLog log, System.Threading.CancellationToken ct)
            => Session.Connection.Related.LinkAsync(List, Id, items.Select(i => _items[i.Index]).ToList(), log, ct);
    }

    /// <summary>Delinks records from a record's many-to-many related list (DELETE), 100 per call. The records themselves stay.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmRelatedRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class RemoveZcrmRelatedRecordCommand : ZcrmRelatedLinkCmdlet
    {
        protected override string Verb => "Delink from";

        protected override System.Threading.Tasks.Task<System.Collections.Generic.IReadOnlyList<RecordWriteResult>> Send(System.Collections.Generic.IReadOnlyList<PendingItem> items, Core.Diagnostics.IZcrmLog log, System.Threading.CancellationToken ct)
            => Session.Connection.Related.DelinkAsync(List, Id, items.Select(i => i.Id).ToList(), log, ct);
    }
}
