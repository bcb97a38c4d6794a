using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Writes
{
    /// <summary>
    /// Updates records by id, 100 per call. Records piped from Get-ZcrmRecord bring their module and id, and only the
    /// fields changed since they were read (plus -Property) are sent. -Upsert with -DuplicateCheckField creates what it
    /// does not find.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "ZcrmRecord", DefaultParameterSetName = ByObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ZcrmWriteResult))]
    public sealed class SetZcrmRecordCommand : ZcrmMappedWriteCmdlet
    {
        private const string ByObjectSet = "ByObject";
        private const string ByIdSet = "ById";
        private WriteOptions? _options;

        /// <summary>A record from Get-ZcrmRecord (changed in place), an object or hashtable with an id and fields, or a bare id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        [Parameter(ParameterSetName = ByObjectSet)]
        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>Fields to set on every record, by API name or label; $null clears a field.</summary>
        [Parameter]
        public Hashtable? Property { get; set; }

        /// <summary>Create the record when no existing one matches -DuplicateCheckField (POST …/upsert).</summary>
        [Parameter]
        public SwitchParameter Upsert { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(FieldNameCompleter))]
        public string[]? DuplicateCheckField { get; set; }

        [Parameter]
        [ValidateSet("workflow", "approval", "blueprint", "pathfinder", "orchestration", "none", IgnoreCase = true)]
        public string[]? Trigger { get; set; }

        protected override WriteOptions Options => _options ?? throw new InvalidOperationException("Options are set by the first row.");

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (DuplicateCheckField != null && !Upsert)
                ThrowTerminating(new ArgumentException("-DuplicateCheckField applies to -Upsert; add -Upsert, or leave it out to update by id."), DuplicateCheckField);
            if (ParameterSetName == ByIdSet && (Property == null || Property.Count == 0))
                ThrowTerminating(new ArgumentException("-Id needs -Property: the fields to set on those records."), Id);
            try { WriteParameters.Triggers(Trigger); }
            catch (ArgumentException ex) { ThrowTerminating(ex, Trigger); }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var each in Id!) Queue(Module!, PSObject.AsPSObject(each), each.Trim(), Enumerable.Empty<KeyValuePair<string, object?>>(), tracked: false);
                return;
            }

            var input = InputObject!;
            if (RecordTargets.IsBareId(input) ? !RecordTargets.LooksLikeId(input) : input.BaseObject is ScriptBlock || input.BaseObject is bool || input.BaseObject is DateTime)
            {
                var what = RecordTargets.IsBareId(input) ? $"'{input.BaseObject}' is neither a record nor a record id (ids are digits)." : InputValues.NotARecord(input)!;
                Reject(Module ?? RecordObjects.ModuleOf(input) ?? "record", Upsert ? WriteOperation.Upsert : WriteOperation.Update, input.BaseObject, "ZcrmInputNotARecord", what);
                return;
            }
            var module = RecordTargets.ModuleOf(input, Module);
            if (module == null)
            {
                WriteError(RecordTargets.UnknownModule(input));
                return;
            }
            var id = RecordTargets.IdOf(input) ?? MappedId(input);
            if (string.IsNullOrEmpty(id) && !Upsert)
            {
                WriteError(RecordTargets.MissingId(input, module));
                return;
            }
            if (RecordTargets.IsBareId(input))
            {
                Queue(module, input, id, Enumerable.Empty<KeyValuePair<string, object?>>(), tracked: false);
                return;
            }
            // An update sends what changed since the record was read; an upsert sends the whole record, because the
            // duplicate check fields must be in it.
            ZohoRecord? original = null;
            var tracked = !Upsert && RecordObjects.TryGetOriginal(input, out original);
            var values = tracked ? ChangedValues(input, original!) : InputValues.Of(input);
            Queue(module, input, id, values, tracked);
        }

        /// <summary>Properties whose values differ from what Get-ZcrmRecord read (new properties count as changed).</summary>
        private static IEnumerable<KeyValuePair<string, object?>> ChangedValues(PSObject record, ZohoRecord original)
        {
            var read = original.Fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
            foreach (var property in record.Properties.Where(p => p is PSNoteProperty || p is PSProperty))
            {
                var current = property.Value;
                if (read.TryGetValue(property.Name, out var before) && !RecordObjects.Differs(current, before)) continue;
                yield return new KeyValuePair<string, object?>(property.Name, InputValues.Plain(current));
            }
        }

        private void Queue(string module, PSObject input, string? id, IEnumerable<KeyValuePair<string, object?>> values, bool tracked)
        {
            var builder = BuilderFor(module);
            _options ??= WriteParameters.Options(Trigger, ResolveFieldNames(builder, DuplicateCheckField)?.ToArray(), null);
            var operation = Upsert ? WriteOperation.Upsert : WriteOperation.Update;
            var all = values.ToList();
            // Values from a plain object or CSV row leave empty cells out; a field cleared on a tracked record, or set to
            // $null in -Property, is sent as null to clear it.
            var row = BuildMappedRow(builder, operation, input.BaseObject is PSCustomObject ? input : input.BaseObject, all, clearEmpty: tracked, id: Upsert ? null : id);
            if (Property != null && row.LocalResult == null)
            {
                var (extra, problem) = BuildPayload(builder, PropertyValues(), clearEmpty: true, keepId: false);
                if (problem != null) row.LocalResult = problem;
                else foreach (var field in extra.Properties()) row.Payload![field.Name] = field.Value;
            }
            if (Upsert && id != null && row.Payload != null) row.Payload.Remove("id");
            row.Id = id;
            // Named by the record's name, even when the name is not among the fields that change.
            var name = RecordTargets.IsBareId(input) ? string.Empty : NameOf(input);
            if (name.Length > 0) row.Description = name;
            else if (row.Description.Length == 0 && id != null) row.Description = id;

            if (row.LocalResult == null && row.Payload != null && !row.Payload.Properties().Any(p => p.Name != "id"))
            {
                Skip(row, "No field changed, so nothing was sent.");
                return;
            }
            var action = Upsert ? $"Update or create (by {(DuplicateCheckField == null ? "the module's duplicate check fields" : string.Join(", ", DuplicateCheckField))})" : "Update";
            if (row.Payload != null && row.LocalResult == null) action += " " + ChangedFieldList(row.Payload);
            if (!Approve(Target(builder.Module, row.Description, id, row.Index), action)) return;
            Enqueue(row);
        }

        private static readonly string[] NameFields = { "Full_Name", "Account_Name", "Deal_Name", "Subject", "Product_Name", "First_Name", "Last_Name", "Name", "Email" };

        /// <summary>The record's name (as InputValues.Describe finds it) from its name-like properties only.</summary>
        private static string NameOf(PSObject input)
        {
            if (input.BaseObject is IDictionary dictionary)
                return InputValues.Describe(NameFields.Where(dictionary.Contains).Select(n => new KeyValuePair<string, object?>(n, dictionary[n])));
            return InputValues.Describe(NameFields.Select(n => input.Properties[n]).Where(p => p != null)
                .Select(p => new KeyValuePair<string, object?>(p.Name, InputValues.Plain(p.Value))));
        }

        /// <summary>The fields an update sends, for -WhatIf: "Lead_Status, Phone" (the first ten, then how many more).</summary>
        private static string ChangedFieldList(JObject payload)
        {
            var names = payload.Properties().Select(p => p.Name).Where(n => n != "id").ToList();
            var shown = string.Join(", ", names.Take(10));
            return names.Count > 10 ? $"{shown} and {names.Count - 10} more fields" : shown;
        }

        private IEnumerable<KeyValuePair<string, object?>> PropertyValues()
        {
            foreach (DictionaryEntry entry in Property!)
                yield return new KeyValuePair<string, object?>(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, InputValues.Plain(entry.Value));
        }
    }
}
