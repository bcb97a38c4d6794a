using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.Core.Related;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Related
{
    /// <summary>Gets notes: every note (the Notes module), or the notes of records (by -Module and -Id, or piped records).</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmNote", DefaultParameterSetName = AllSet)]
    [OutputType("ZohoCrm.Record#Notes")]
    public sealed class GetZcrmNoteCommand : ZcrmRelatedReadCmdlet
    {
        private const string AllSet = "All";

        protected override void ProcessRecord()
        {
            if (ParameterSetName != AllSet)
            {
                ReadTargets(NotePayload.Module);
                return;
            }

            Run(async (log, ct) =>
            {
                var fields = await FieldsOfAsync(NotePayload.Module, log, ct).ConfigureAwait(false);
                var query = new RecordQuery(fields.Module) { Paging = Paging() };
                var pager = Session.Connection.Records.CreatePager(query, fields);
                var last = await StreamRecordsAsync(pager, "Reading notes", All || query.Paging.First.HasValue, query.Paging.First, log, ct).ConfigureAwait(false);
                log.Verbose($"Read {pager.RecordsReturned} notes in {pager.PagesRead} page{(pager.PagesRead == 1 ? "" : "s")}.");
                if (!All && !query.Paging.First.HasValue && last != null && last.Info.MoreRecords)
                    log.Warning($"Returned page {Page} ({last.Records.Count} notes); more exist. Use -All for every note, or -Page {Page + 1} for the next page.");
            }, NotePayload.Module);
        }
    }

    /// <summary>
    /// Adds a note to records: -Module and -Id, or records from the pipeline. Notes go 100 per call (Zoho's limit),
    /// whatever their parents; each gets one result in input order, and a failed one is also a non-terminating error
    /// whose TargetObject is the input.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "ZcrmNote", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class AddZcrmNoteCommand : ZcrmWriteCmdlet
    {
        private const string ByIdSet = "ById";
        private const string ByObjectSet = "ByObject";
        private static readonly WriteOptions NoteOptions = new WriteOptions();
        private readonly Dictionary<string, string> _parentModules = new Dictionary<string, string>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet)]
        [Parameter(ParameterSetName = ByObjectSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [Alias("RecordId")]
        public string[]? Id { get; set; }

        /// <summary>Records to add the note to (from Get-ZcrmRecord and the like, or ids with -Module).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Content { get; set; } = string.Empty;

        protected override WriteOptions Options => NoteOptions;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Module != null) Module = ParentModule(Module);
        }

        protected override void ProcessRecord() =>
            RelatedTargets.Dispatch(this, ParameterSetName == ByIdSet, Module, Id, InputObject, ParentModule, Queue);

        /// <summary>The module as Zoho spells it, checked to take notes before anything is sent (terminating when not).</summary>
        private string ParentModule(string module)
        {
            if (_parentModules.TryGetValue(module, out var known)) return known;
            var resolved = module;
            if (!RelatedLists.NoteParents.Contains(module))
                Run(async (log, ct) => resolved = (await Session.Connection.Related.ResolveListAsync(module, NotePayload.Module, log, ct).ConfigureAwait(false)).ParentModule, module);
            return _parentModules[module] = resolved;
        }

        private void Queue(string module, PSObject input, string id)
        {
            var description = RecordTargets.Describe(input, id);
            var row = IdRow(NotePayload.Module, WriteOperation.Insert, RecordTargets.RowTarget(input), id, $"note on {module} {(description.Length > 0 ? description : id)}");
            if (!NotePayload.IsId(id))
            {
                row.LocalResult = RecordWriteResult.Failed(0, RecordTargets.InvalidIdCode, RecordTargets.NotAnIdReason(id));
                Enqueue(row);
                return;
            }
            row.Payload = NotePayload.ForCreate(module, id, Title, Content);
            if (!Approve($"{module} record {id}", $"Add the note '{Title ?? Content}'")) return;
            Enqueue(row);
        }
    }

    /// <summary>Shared by Set- and Remove-ZcrmNote: notes from Get-ZcrmNote (or note ids) by -InputObject or -Id, 100 per call.</summary>
    public abstract class ZcrmNoteWriteCmdlet : ZcrmWriteCmdlet
    {
        protected const string ByIdSet = "ById";
        protected const string ByObjectSet = "ByObject";
        private static readonly WriteOptions NoteOptions = new WriteOptions();

        /// <summary>Notes from Get-ZcrmNote (or note ids).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>Note ids.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        protected override WriteOptions Options => NoteOptions;

        protected abstract WriteOperation Operation { get; }

        /// <summary>Completes the row of a valid note id and asks for approval; false when it is not to be sent.</summary>
        protected abstract bool Prepare(PendingRow row, string id);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in Id!) Queue(PSObject.AsPSObject(id), id?.Trim() ?? string.Empty);
                return;
            }
            Queue(InputObject!, RecordTargets.IdOf(InputObject!)?.Trim() ?? string.Empty);
        }

        private void Queue(PSObject input, string id)
        {
            var bare = RecordTargets.IsBareId(input);
            var row = IdRow(NotePayload.Module, Operation, bare ? input.BaseObject : input, id, id);
            if (!NotePayload.IsId(id))
            {
                row.LocalResult = RecordWriteResult.Failed(0, "ZcrmInvalidId", $"'{id}' is not a Zoho note id: ids are numbers of up to 19 digits (not sent).");
                Enqueue(row);
                return;
            }
            if (!Prepare(row, id)) return;
            Enqueue(row);
        }
    }

    /// <summary>Changes the title or content of notes (from Get-ZcrmNote, or by note id), 100 per call.</summary>
    [Cmdlet(VerbsCommon.Set, "ZcrmNote", DefaultParameterSetName = ByObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class SetZcrmNoteCommand : ZcrmNoteWriteCmdlet
    {
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Title { get; set; }

        /// <summary>The new content; a note cannot be left without content.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Content { get; set; }

        protected override WriteOperation Operation => WriteOperation.Update;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Title == null && Content == null)
                ThrowTerminating(new ZcrmUsageException("ZcrmNothingToChange", "Neither a title nor content was given, so there is nothing to change.", "Pass -Title, -Content or both."), null);
        }

        protected override bool Prepare(PendingRow row, string id)
        {
            row.Payload = NotePayload.ForUpdate(id, Title, Content);
            return Approve($"Note {id}", "Change the note");
        }
    }

    /// <summary>Deletes notes (from Get-ZcrmNote, or by note id), 100 per call. Confirms by default; -Force does not ask.</summary>
    [Cmdlet(VerbsCommon.Remove, "ZcrmNote", DefaultParameterSetName = ByObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class RemoveZcrmNoteCommand : ZcrmNoteWriteCmdlet
    {
        /// <summary>Delete without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override WriteOperation Operation => WriteOperation.Delete;

        protected override bool Prepare(PendingRow row, string id) => Approve($"Note {id}", "Delete", Force);
    }
}
