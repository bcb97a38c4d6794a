using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>
    /// Base of the cmdlets that act on many records through calls that take a batch of ids (link, delink, tags).
    /// Items are gathered per target (a parent's list, a module's tags) and sent when a batch is full or the input
    /// ends, so the calls are as few as Zoho allows; every item gets one ZcrmWriteResult, and a failed one is also a
    /// non-terminating error whose TargetObject is the original input.
    /// </summary>
    public abstract class ZcrmItemWriteCmdlet : ZcrmApiCmdlet
    {
        private readonly List<Batch> _batches = new List<Batch>();
        private Batch? _lastBatch;
        private long _nextIndex;
        private long _succeeded;
        private long _failed;
        private int _calls;

        /// <summary>One item: a record to link, tag or untag.</summary>
        protected sealed class PendingItem
        {
            public long Index;
            public object? Input;
            public string Module = string.Empty;
            public string Id = string.Empty;
            public string Description = string.Empty;

            /// <summary>Set for an item refused before any call: it is reported in its place, not sent.</summary>
            public RecordWriteResult? LocalResult;
        }

        private sealed class Batch
        {
            public string Key = string.Empty;
            public int Size;
            public Func<IReadOnlyList<PendingItem>, IZcrmLog, CancellationToken, Task<IReadOnlyList<RecordWriteResult>>> Send = null!;
            public List<PendingItem> Items = new List<PendingItem>();
        }

        protected PendingItem NewItem(object? input, string module, string id, string description) => new PendingItem
        {
            Index = _nextIndex++,
            Input = input,
            Module = module,
            Id = id,
            Description = description,
        };

        /// <summary>Adds an item to the batch named <paramref name="key"/>, sending the batch once it holds <paramref name="size"/> items.</summary>
        protected void Enqueue(string key, int size, PendingItem item, Func<IReadOnlyList<PendingItem>, IZcrmLog, CancellationToken, Task<IReadOnlyList<RecordWriteResult>>> send)
        {
            var batch = _batches.FirstOrDefault(b => b.Key == key);
            if (batch == null)
            {
                batch = new Batch { Key = key, Size = size, Send = send };
                _batches.Add(batch);
            }
            batch.Items.Add(item);
            _lastBatch = batch;
            if (batch.Items.Count(i => i.LocalResult == null) >= batch.Size) Flush(batch);
        }

        /// <summary>Reports an item that fails before any call (a bad id), in its place among the results.</summary>
        protected void Refuse(PendingItem item, string code, string message)
        {
            item.LocalResult = RecordWriteResult.Failed(0, code, message);
            // Behind the items already waiting, so results keep input order.
            if (_lastBatch != null && _lastBatch.Items.Count > 0) _lastBatch.Items.Add(item);
            else Report(item, item.LocalResult);
        }

        protected override void EndProcessing()
        {
            foreach (var batch in _batches.ToList()) Flush(batch);
            if (_sent > 0) WriteProgress(new ProgressRecord(Math.Abs(GetType().Name.GetHashCode() % 100000) + 1, "Sending", "Done") { RecordType = ProgressRecordType.Completed });
            if (_calls > 0)
                WriteVerbose($"{_succeeded} succeeded, {_failed} failed, in {_calls} call{(_calls == 1 ? "" : "s")}.");
            base.EndProcessing();
        }

        private int _sent;

        private void Flush(Batch batch)
        {
            if (batch.Items.Count == 0) return;
            _sent += batch.Items.Count;
            WriteProgress(new ProgressRecord(Math.Abs(GetType().Name.GetHashCode() % 100000) + 1, $"Sending {batch.Key}", $"{_sent} records") );
            var items = batch.Items.ToList();
            batch.Items.Clear();
            var toSend = items.Where(i => i.LocalResult == null).ToList();
            Run(async (log, ct) =>
            {
                var results = toSend.Count == 0 ? Array.Empty<RecordWriteResult>() : await batch.Send(toSend, log, ct).ConfigureAwait(false);
                if (toSend.Count > 0) Interlocked.Increment(ref _calls);
                var sent = toSend.Select((item, i) => (item, i)).ToDictionary(x => x.item, x => results[x.i]);
                Post(() =>
                {
                    foreach (var item in items) Report(item, item.LocalResult ?? sent[item]);
                });
            }, null);
        }

        private void Report(PendingItem item, RecordWriteResult result)
        {
            if (result.Id == null) result.Id = item.Id;
            WriteObject(new ZcrmWriteResult(item.Index, item.Module, result, item.Input));
            if (result.Succeeded)
            {
                _succeeded++;
                return;
            }
            _failed++;
            WriteError(ErrorRecords.ItemNotWritten(result, item.Input, FailureMessage(item, result), RecommendationFor(item, result)));
        }

        /// <summary>What to tell the user about one failed item; name the record and Zoho's reason.</summary>
        protected virtual string FailureMessage(PendingItem item, RecordWriteResult result)
        {
            var what = item.Description.Length > 0 && item.Description != item.Id ? $" ({item.Description})" : string.Empty;
            return $"{item.Module} record {item.Id}{what}, input {item.Index}: {result.Code}: {result.Message}{Details(result)}";
        }

        protected virtual string RecommendationFor(PendingItem item, RecordWriteResult result) => ErrorRecords.ItemWriteRecommendation(result, item.Module);

        protected static string Details(RecordWriteResult result)
        {
            var shown = result.Details.Where(d => d.Key != "id").Select(d => d.Key + "=" + Convert.ToString(d.Value, CultureInfo.InvariantCulture)).ToList();
            return shown.Count == 0 ? string.Empty : " (" + string.Join(", ", shown) + ")";
        }
    }
}
