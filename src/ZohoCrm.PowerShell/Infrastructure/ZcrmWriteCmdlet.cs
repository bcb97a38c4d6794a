using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Infrastructure
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
        private readonly List<PendingRow> _pending = new List<PendingRow>();
        private readonly Dictionary<string, RecordPayloadBuilder> _builders = new Dictionary<string, RecordPayloadBuilder>(StringComparer.Ordinal);
        private readonly HashSet<string> _warnedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _sendable;
        private long _nextIndex;
        private long _succeeded;
        private long _failed;
        private int _calls;
        private bool? _stopsOnError;
        private ErrorRecord? _stopWith;

        /// <summary>Calls of 100 records sent at the same time (further limited by Connect-Zcrm -MaxConcurrency).</summary>
        [Parameter]
        [ValidateRange(1, 25)]
        public int ThrottleLimit { get; set; } = 1;

        /// <summary>One row to write, with its own module.</summary>
        protected sealed class PendingRow
        {
            public long Index;
            public string Module = string.Empty;
            public object? Input;
            public JObject? Payload;
            public string? Id;
            public string Description = string.Empty;
            public RecordWriteResult? LocalResult;
            public WriteOperation Operation;
        }

        /// <summary>The options every call of this command carries (triggers, duplicate check fields).</summary>
        protected abstract WriteOptions Options { get; }

        protected override void EndProcessing()
        {
            Flush();
            if (_calls > 0)
                WriteVerbose($"{_succeeded} record{(_succeeded == 1 ? "" : "s")} written, {_failed} failed, in {_calls} call{(_calls == 1 ? "" : "s")}.");
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
            _pending.Add(row);
            if (row.LocalResult == null) _sendable++;
            if (_sendable >= RecordWriter.MaxRecordsPerCall * ThrottleLimit || (row.LocalResult != null && StopsOnError)) Flush();
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
            _pending.Add(row);
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
            if (_pending.Count == 0) return;
            var rows = _pending.ToList();
            _pending.Clear();
            _sendable = 0;
            var batches = SplitIntoCalls(rows);
            Run(async (log, ct) =>
            {
                var calls = batches.Select(batch => SendAsync(batch, log, ct)).ToList();
                for (var i = 0; i < batches.Count; i++)
                {
                    var batch = batches[i];
                    var results = await calls[i].ConfigureAwait(false);
                    Post(() => Report(batch, results));
                }
            }, null);

            // Every result of every call sent is written; only now may the first failure stop the command.
            var stop = _stopWith;
            _stopWith = null;
            if (stop != null) WriteError(stop);
        }

        /// <summary>Rows in order, cut so each call carries at most 100 sendable rows of one module and operation.</summary>
        private static List<List<PendingRow>> SplitIntoCalls(List<PendingRow> rows)
        {
            var batches = new List<List<PendingRow>>();
            var current = new List<PendingRow>();
            var sendable = 0;
            PendingRow? first = null;
            foreach (var row in rows)
            {
                var fits = first == null || (row.Module == first.Module && row.Operation == first.Operation);
                if (row.LocalResult == null && (!fits || sendable == RecordWriter.MaxRecordsPerCall))
                {
                    batches.Add(current);
                    current = new List<PendingRow>();
                    sendable = 0;
                    first = null;
                }
                current.Add(row);
                if (row.LocalResult == null)
                {
                    sendable++;
                    first ??= row;
                }
            }
            if (current.Count > 0) batches.Add(current);
            return batches;
        }

        private async Task<RecordWriteResult[]> SendAsync(List<PendingRow> batch, IZcrmLog log, CancellationToken ct)
        {
            var results = new RecordWriteResult[batch.Count];
            var toSend = batch.Select((row, i) => (row, i)).Where(x => x.row.LocalResult == null).ToList();
            foreach (var (row, i) in batch.Select((row, i) => (row, i)).Where(x => x.row.LocalResult != null)) results[i] = row.LocalResult!;
            if (toSend.Count == 0) return results;

            var first = toSend[0].row;
            var writer = Session.Connection.Writer;
            IReadOnlyList<RecordWriteResult> sent = first.Operation == WriteOperation.Delete
                ? await writer.DeleteAsync(first.Module, toSend.Select(x => x.row.Id!).ToList(), Options.WorkflowTrigger, log, ct).ConfigureAwait(false)
                : await writer.WriteAsync(first.Operation, first.Module, toSend.Select(x => x.row.Payload!).ToList(), Options, log, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _calls);
            for (var j = 0; j < toSend.Count; j++) results[toSend[j].i] = sent[j];
            return results;
        }

        private void Report(List<PendingRow> batch, RecordWriteResult[] results)
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
                if (!StopsOnError) WriteError(FailedRow(row, result));
                else _stopWith ??= FailedRow(row, result);
            }
        }

        private static ErrorRecord FailedRow(PendingRow row, RecordWriteResult result)
        {
            var what = row.Description.Length > 0 ? $" ({row.Description})" : row.Id != null ? $" ({row.Id})" : string.Empty;
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details);
            var record = new ErrorRecord(exception, result.Code, ErrorRecords.CategoryOf(exception), row.Input)
            {
                ErrorDetails = new ErrorDetails(SecretRedactor.Redact($"{row.Module} input {row.Index}{what} was not written: {exception.Message}")),
            };
            record.ErrorDetails.RecommendedAction = RecommendationFor(result, row.Module);
            return record;
        }

        private static string RecommendationFor(RecordWriteResult result, string module)
        {
            string? field = result.Details.TryGetValue("api_name", out var name) ? Convert.ToString(name, CultureInfo.InvariantCulture) : null;
            if (result.OutcomeUnknown)
                return $"Zoho may have created these records before the call failed. Check {module} before sending them again, or use -DuplicateCheckField so that a repeat updates instead of duplicating.";
            switch (result.Code)
            {
                case "MANDATORY_NOT_FOUND":
                    return $"Fill in {field ?? "the mandatory field"} and send the row again (the failed rows are the TargetObjects of the errors in -ErrorVariable).";
                case "INVALID_DATA":
                case "ZcrmInvalidValue":
                    return field != null ? $"Correct the value of {field} and send the row again." : "Correct the row and send it again.";
                case "ZcrmInputNotARecord":
                    return "Pipe records: hashtables (@{ Last_Name = 'Smith' }), CSV rows (Import-Csv) or objects whose properties are field names; to change records by id, pass -Id with -Property.";
                case "DUPLICATE_DATA":
                    return $"A {module} record with the same {field ?? "value"} exists. Use -DuplicateCheckField {field ?? "<field>"} to update it instead of creating another.";
                case "TOO_MANY_REQUESTS":
                    return "Zoho's API limits stopped this call after retries. Send the failed rows again later, or with a lower -ThrottleLimit.";
                case var auth when ErrorRecords.AuthRecommendation(auth) is string reconnect:
                    return reconnect + " Then send the failed rows again.";
                default:
                    return result.WholeBatchFailed ? "The whole call failed; send its rows again once the cause is fixed." : "See Zoho's message; fix the row and send it again.";
            }
        }
    }
}
