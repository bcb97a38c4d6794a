using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that write records. Rows are gathered into calls of up to 100 (Zoho's limit, never one
    /// call per row); with -ThrottleLimit several calls are in flight at once (within the connection's limit). Every
    /// row gets exactly one result, in input order; a failed row is also a non-terminating error whose TargetObject is
    /// the original input, so -ErrorVariable collects exactly the rows to fix and pipe back in. With -ErrorAction Stop
    /// (or $ErrorActionPreference = 'Stop') the results of every row already sent are written first, then the first
    /// error stops the command: nothing Zoho did goes unreported.
    /// </summary>
    public abstract class ZcrmWriteCmdlet : ZcrmApiCmdlet
    {
        private RecordWriteBatcher<PendingRow>? _batcher;
        private readonly Dictionary<string, RecordPayloadBuilder> _builders = new Dictionary<string, RecordPayloadBuilder>(StringComparer.Ordinal);
        private readonly HashSet<string> _warnedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private long _nextIndex;
        private long _succeeded;
        private long _failed;
        private bool? _stopsOnError;
        private ErrorRecord? _stopWith;

        /// <summary>Calls of 100 records sent at the same time (further limited by Connect-Zcrm -MaxConcurrency).</summary>
        [Parameter]
        [ValidateRange(1, 25)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>One row to write, with its own module, and what the user gave for it.</summary>
        protected sealed class PendingRow : RecordWriteRow
        {
            public long Index;
            public object? Input;
            public string Description = string.Empty;
        }

        /// <summary>Rows waiting to be sent; made with the first row, once -ThrottleLimit is bound. The connection is asked for only when a call is sent.</summary>
        private RecordWriteBatcher<PendingRow> Batcher => _batcher ??= new RecordWriteBatcher<PendingRow>(ThrottleLimit,
            (operation, module, rows, options, log, ct) => RecordWriteBatcher<PendingRow>.Send(Session.Connection.Writer, operation, module, rows, options, log, ct));

        /// <summary>The options every call of this command carries (triggers, duplicate check fields).</summary>
        protected abstract WriteOptions Options { get; }

        protected override void EndProcessing()
        {
            Flush();
            var calls = _batcher?.Calls ?? 0;
            if (calls > 0)
                WriteVerbose($"{_succeeded} record{(_succeeded == 1 ? "" : "s")} written, {_failed} failed, in {calls} call{(calls == 1 ? "" : "s")}.");
            base.EndProcessing();
        }

        /// <summary>The payload builder of a module (its field metadata fetched once per session), with the module's real API name.</summary>
        protected RecordPayloadBuilder BuilderFor(string module)
        {
            if (_builders.TryGetValue(module, out var known)) return known;
            if (WhatIfRequested())
            {
                // -WhatIf sends nothing at all, not even the metadata read; names and values are shown as given.
                return _builders[module] = new RecordPayloadBuilder(module, null);
            }
            RecordPayloadBuilder? builder = null;
            Run(async (log, ct) =>
            {
                var read = await Session.Connection.Metadata.TryGetFieldsOfAsync(module, log, ct).ConfigureAwait(false);
                if (read.IsReadable) builder = new RecordPayloadBuilder(read.Value.Module, read.Value.Fields);
                else
                {
                    log.Verbose($"The fields of {module} cannot be read ({read.RefusedCode}); values are sent as given.");
                    builder = new RecordPayloadBuilder(module, null);
                }
            }, module);
            _builders[module] = builder!;
            return builder!;
        }

        /// <summary>Field names (-DuplicateCheckField) as Zoho spells them: another case or a label is forgiven, as in values.</summary>
        protected static IReadOnlyList<string>? ResolveFieldNames(RecordPayloadBuilder builder, string[]? names)
            => names?.Select(n => builder.Resolve(n)?.ApiName ?? n).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>
        /// Adds a row; a row that failed locally (a bad value) is reported in its place without being sent. When errors
        /// stop the command, such a row is where it stops: the rows before it are sent and reported first.
        /// </summary>
        protected void Enqueue(PendingRow row)
        {
            if (Batcher.Add(row) || (row.LocalResult != null && StopsOnError)) Flush();
        }

        /// <summary>A row that is not a record at all (a string, a script block): its own failure, reported in input order without being sent.</summary>
        protected void Reject(string module, WriteOperation operation, object? input, string code, string message)
        {
            var details = new Dictionary<string, object?>();
            Enqueue(new PendingRow
            {
                Index = _nextIndex++,
                Module = module,
                Input = input,
                Operation = operation,
                Description = string.Empty,
                LocalResult = RecordWriteResult.Failed(0, code, message + " (not sent)", details),
            });
        }

        /// <summary>-ErrorAction Stop given, or $ErrorActionPreference = 'Stop' where the command runs.</summary>
        protected bool StopsOnError => _stopsOnError ??= IsStop(MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound) ? bound : GetVariableValue("ErrorActionPreference"));

        private static bool IsStop(object? preference)
        {
            var value = preference is PSObject pso ? pso.BaseObject : preference;
            return value is ActionPreference action ? action == ActionPreference.Stop
                : string.Equals(Convert.ToString(value, CultureInfo.InvariantCulture), nameof(ActionPreference.Stop), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>A row that needs no payload (a delete by id), numbered in input order.</summary>
        protected PendingRow IdRow(string module, WriteOperation operation, object? input, string id, string description) => new PendingRow
        {
            Index = _nextIndex++,
            Module = module,
            Input = input,
            Id = id,
            Operation = operation,
            Description = description,
        };

        /// <summary>A row answered without a call (nothing to change), numbered in input order.</summary>
        protected void Skip(PendingRow row, string message)
        {
            row.LocalResult = new RecordWriteResult(0, true, ZcrmWriteResult.NoChanges, message, new Dictionary<string, object?>()) { Action = "unchanged", Id = row.Id };
            Batcher.Add(row);
        }

        /// <summary>Builds a row's payload, turning conversion problems into a local failure and unknown names into one warning each.</summary>
        protected PendingRow BuildRow(RecordPayloadBuilder builder, WriteOperation operation, object? input, IEnumerable<KeyValuePair<string, object?>> values, bool clearEmpty, string? id)
        {
            var materialized = values.ToList();
            var (payload, problem) = BuildPayload(builder, materialized, clearEmpty, keepId: operation == WriteOperation.Update);
            if (operation == WriteOperation.Update && id != null) payload["id"] = id;
            return new PendingRow
            {
                Index = _nextIndex++,
                Module = builder.Module,
                Input = input,
                Payload = payload,
                Id = id,
                Operation = operation,
                Description = InputValues.Describe(materialized),
                LocalResult = problem,
            };
        }

        /// <summary>The JSON of one set of values, or the local failure that keeps it from being sent.</summary>
        protected (JObject Payload, RecordWriteResult? Problem) BuildPayload(RecordPayloadBuilder builder, IEnumerable<KeyValuePair<string, object?>> values, bool clearEmpty, bool keepId)
        {
            var problems = new List<PayloadProblem>();
            var payload = builder.Build(values, clearEmpty, problems, keepId);
            foreach (var name in builder.UnknownNames.Where(n => _warnedNames.Add(n)).ToList())
                WriteWarning($"'{name}' is not a field of {builder.Module}, so it is not sent. Get-ZcrmField -Module {builder.Module} lists the fields.");
            if (problems.Count == 0) return (payload, null);
            var details = new Dictionary<string, object?> { ["api_name"] = problems[0].Field };
            return (payload, RecordWriteResult.Failed(0, problems[0].Code, string.Join("; ", problems.Select(p => p.Message)) + " (not sent)", details));
        }

        /// <summary>How -WhatIf and -Confirm name a record, alike for every write: its name when it has one, and its id (or input number when it has none yet).</summary>
        protected static string Target(string module, string description, string? id, long index)
        {
            var name = description.Length > 0 && description != id ? $"'{description}' " : string.Empty;
            return id != null ? $"{module} record {name}(id {id})" : $"{module} record {name}(input {index})";
        }

        /// <summary>Sends everything pending, up to ThrottleLimit calls at a time, and writes every row's result in input order.</summary>
        protected void Flush()
        {
            if (_batcher == null || _batcher.PendingCount == 0) return;
            Run((log, ct) => _batcher.SendPendingAsync(() => Options, (batch, results) => Post(() => Report(batch, results)), log, ct), null);

            // Every result of every call sent is written; only now may the first failure stop the command.
            var stop = _stopWith;
            _stopWith = null;
            if (stop != null) WriteError(stop);
        }

        private void Report(IReadOnlyList<PendingRow> batch, IReadOnlyList<RecordWriteResult> results)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var row = batch[i];
                var result = results[i];
                if (result.Id == null && row.Id != null) result.Id = row.Id;
                var output = new ZcrmWriteResult(row.Index, row.Module, result, row.Input);
                WriteObject(output);
                if (result.Succeeded)
                {
                    _succeeded++;
                    continue;
                }
                _failed++;
                if (!StopsOnError) WriteError(ErrorRecords.WriteRowFailed(row.Module, row.Index, row.Description, row.Id, row.Input, result));
                else _stopWith ??= ErrorRecords.WriteRowFailed(row.Module, row.Index, row.Description, row.Id, row.Input, result);
            }
        }
    }
}
