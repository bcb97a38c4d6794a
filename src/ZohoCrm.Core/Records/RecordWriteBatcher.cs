using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Records
{
    /// <summary>One row of a batched write: a record's payload (or, for a delete, its id), or a result known without a call.</summary>
    public class RecordWriteRow
    {
        public string Module = string.Empty;
        public WriteOperation Operation;
        public JObject? Payload;
        public string? Id;

        /// <summary>Set for a row answered without a call (a bad value, nothing to change): reported in its place, never sent.</summary>
        public RecordWriteResult? LocalResult;
    }

    /// <summary>Sends one call's rows (all of one module and operation) and answers one result per row, in order.</summary>
    public delegate Task<IReadOnlyList<RecordWriteResult>> RecordCallSender(WriteOperation operation, string module, IReadOnlyList<RecordWriteRow> rows, WriteOptions options, IZcrmLog log, CancellationToken ct);

    /// <summary>
    /// Gathers rows into calls of up to 100 (Zoho's limit, never one call per row) of one module and operation, sends
    /// up to <see cref="ThrottleLimit"/> calls at once, and hands every row's result back in input order: a call's
    /// results are reported once every earlier call's are, and a row answered locally keeps its place among them.
    /// </summary>
    public sealed class RecordWriteBatcher<TRow> where TRow : RecordWriteRow
    {
        private readonly List<TRow> _pending = new List<TRow>();
        private readonly RecordCallSender _send;
        private int _sendable;
        private int _calls;

        public RecordWriteBatcher(int throttleLimit, RecordCallSender send)
        {
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            ThrottleLimit = throttleLimit;
            _send = send;
        }

        /// <summary>Sends through <paramref name="writer"/>: inserts, updates and upserts as records, deletes as ids.</summary>
        public RecordWriteBatcher(int throttleLimit, RecordWriter writer)
            : this(throttleLimit, (operation, module, rows, options, log, ct) => Send(writer, operation, module, rows, options, log, ct))
        {
        }

        /// <summary>One call through <paramref name="writer"/>: the rows' payloads, or for a delete their ids.</summary>
        public static Task<IReadOnlyList<RecordWriteResult>> Send(RecordWriter writer, WriteOperation operation, string module, IReadOnlyList<RecordWriteRow> rows, WriteOptions options, IZcrmLog log, CancellationToken ct) =>
            operation == WriteOperation.Delete
                ? writer.DeleteAsync(module, rows.Select(r => r.Id!).ToList(), options.WorkflowTrigger, log, ct)
                : writer.WriteAsync(operation, module, rows.Select(r => r.Payload!).ToList(), options, log, ct);

        /// <summary>Calls sent at the same time, at most.</summary>
        public int ThrottleLimit { get; }

        /// <summary>Calls made so far.</summary>
        public int Calls => Volatile.Read(ref _calls);

        /// <summary>Rows waiting to be sent (or reported).</summary>
        public int PendingCount => _pending.Count;

        /// <summary>Queues a row; true when enough rows wait to fill every call that may be in flight, so it is time to send.</summary>
        public bool Add(TRow row)
        {
            _pending.Add(row);
            if (row.LocalResult == null) _sendable++;
            return _sendable >= RecordWriter.MaxRecordsPerCall * ThrottleLimit;
        }

        /// <summary>Rows in order, cut so each call carries at most 100 sendable rows of one module and operation.</summary>
        public static List<List<TRow>> SplitIntoCalls(IReadOnlyList<TRow> rows)
        {
            var batches = new List<List<TRow>>();
            var current = new List<TRow>();
            var sendable = 0;
            TRow? first = null;
            foreach (var row in rows)
            {
                var fits = first == null || (row.Module == first.Module && row.Operation == first.Operation);
                if (row.LocalResult == null && (!fits || sendable == RecordWriter.MaxRecordsPerCall))
                {
                    batches.Add(current);
                    current = new List<TRow>();
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

        /// <summary>
        /// Sends every waiting row, at most <see cref="ThrottleLimit"/> calls in flight, and calls <paramref name="report"/>
        /// with each call's rows and their results (one per row), in input order. <paramref name="options"/> is read when
        /// a call is made, so rows that all fail locally need none.
        /// </summary>
        public async Task SendPendingAsync(Func<WriteOptions> options, Action<IReadOnlyList<TRow>, IReadOnlyList<RecordWriteResult>> report, IZcrmLog log, CancellationToken ct)
        {
            if (_pending.Count == 0) return;
            var batches = SplitIntoCalls(_pending);
            _pending.Clear();
            _sendable = 0;
            // Not disposed: a call still in flight when reporting stops (the pipeline closed) releases it later.
            var throttle = new SemaphoreSlim(ThrottleLimit);
            // Started in input order; the semaphore lets its waiters in in that order too.
            var calls = batches.Select(batch => SendAsync(batch, options, throttle, log, ct)).ToList();
            for (var i = 0; i < batches.Count; i++)
            {
                var results = await calls[i].ConfigureAwait(false);
                report(batches[i], results);
            }
        }

        private async Task<RecordWriteResult[]> SendAsync(List<TRow> batch, Func<WriteOptions> options, SemaphoreSlim throttle, IZcrmLog log, CancellationToken ct)
        {
            var results = new RecordWriteResult[batch.Count];
            var toSend = new List<RecordWriteRow>(batch.Count);
            var positions = new List<int>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].LocalResult is { } local) results[i] = local;
                else
                {
                    toSend.Add(batch[i]);
                    positions.Add(i);
                }
            }
            if (toSend.Count == 0) return results;

            await throttle.WaitAsync(ct).ConfigureAwait(false);
            IReadOnlyList<RecordWriteResult> sent;
            try
            {
                // A slot freed by a call that ended with the cancellation can reach this waiter before its own
                // cancellation does: no call starts once cancelled.
                ct.ThrowIfCancellationRequested();
                sent = await _send(toSend[0].Operation, toSend[0].Module, toSend, options(), log, ct).ConfigureAwait(false);
            }
            finally
            {
                throttle.Release();
            }
            Interlocked.Increment(ref _calls);
            for (var j = 0; j < toSend.Count; j++) results[positions[j]] = sent[j];
            return results;
        }
    }
}
