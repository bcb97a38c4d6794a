using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>What the bulk write cmdlets share: the client, waiting with a progress bar from the job's counts, and receiving results.</summary>
    public abstract class ZcrmBulkWriteCmdlet : ZcrmApiCmdlet
    {
        public const string JobTypeName = "ZohoCrm.BulkWriteJob";
        public const string ResultTypeName = "ZohoCrm.BulkWriteResult";

        private const int RowsPerPost = 500;

        private BulkWriteClient? _client;

        internal BulkWriteClient ClientFor(Uri? uploadUri)
            => _client ??= new BulkWriteClient(Session.Connection.Api, Session.Connection.Settings.DataCenter, uploadUri);

        internal BulkWriteClient Client => ClientFor(null);

        private int ActivityId => Math.Abs(GetType().Name.GetHashCode() % 100000) + 1;

        internal static PSObject ToJobObject(BulkWriteJob job)
        {
            var item = new PSObject(job);
            item.TypeNames.Insert(0, JobTypeName);
            return item;
        }

        internal static BulkWriteJob JobOf(string id) => new BulkWriteJob(id.Trim(), BulkWriteJob.Added);

        internal static BulkWriteException JobFailed(BulkWriteJob job) => new BulkWriteException(BulkWriteException.Failed,
            $"Bulk write job {job.Id}{(job.Module != null ? " (" + job.Module + ")" : "")} failed at Zoho: {job.FailureReason ?? "Zoho gave no reason."} Zoho reports {job.AddedCount} added and {job.UpdatedCount} updated.", job);

        /// <summary>Polls until the job finishes, with a progress bar from its counts.</summary>
        internal async Task<BulkWriteJob> WaitForAsync(BulkWriteJob job, int? timeoutSeconds, IZcrmLog log, CancellationToken ct)
        {
            var activity = $"Waiting for bulk write job {job.Id}" + (job.Module != null ? $" ({job.Module})" : "");
            try
            {
                var finished = await Client.WaitAsync(job, timeoutSeconds.HasValue ? TimeSpan.FromSeconds(timeoutSeconds.Value) : (TimeSpan?)null,
                    (current, elapsed) =>
                    {
                        var total = current.TotalCount > 0 ? current.TotalCount : current.RowCount ?? 0;
                        var status = $"{current.Status} - {current.ProcessedCount} of {total} rows ({current.AddedCount} added, {current.UpdatedCount} updated, {current.SkippedCount} skipped) - {elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
                        EmitProgress(new ProgressRecord(ActivityId, activity, status) { PercentComplete = total > 0 ? (int)Math.Min(100, current.ProcessedCount * 100 / total) : -1 });
                    },
                    log, ct).ConfigureAwait(false);
                log.Verbose($"Bulk write job {finished.Id} is {finished.Status}: {finished.AddedCount} added, {finished.UpdatedCount} updated, {finished.SkippedCount} skipped of {finished.TotalCount}.");
                return finished;
            }
            finally
            {
                if (!ct.IsCancellationRequested) EmitProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Downloads a finished job's result and writes one result per row in input order; failed rows are also errors.</summary>
        internal async Task ReceiveAsync(BulkWriteJob job, IZcrmLog log, CancellationToken ct)
        {
            if (job.IsFailed) throw JobFailed(job);
            using var file = await Client.DownloadResultAsync(job, log, ct).ConfigureAwait(false);
            var batch = new List<BulkWriteRowResult>(RowsPerPost);
            long rows = 0, failed = 0;
            using (var text = file.OpenText())
            {
                foreach (var result in BulkWriteResultReader.Join(job, text))
                {
                    ct.ThrowIfCancellationRequested();
                    batch.Add(result);
                    rows++;
                    if (!result.Succeeded && result.Status != BulkWriteRowStatus.Skipped) failed++;
                    if (batch.Count == RowsPerPost)
                    {
                        PostResults(batch.ToArray());
                        batch.Clear();
                    }
                }
            }
            if (batch.Count > 0) PostResults(batch.ToArray());
            log.Verbose($"Bulk write job {job.Id}: {rows} row results, {failed} failed.");
        }

        private void PostResults(BulkWriteRowResult[] results) => Post(() =>
        {
            foreach (var result in results)
            {
                var output = ToResultObject(result);
                WriteObject(output);
                if (!result.Succeeded && result.Status != BulkWriteRowStatus.Skipped) WriteError(ErrorRecords.BulkWriteRowFailed(result, output.Properties["InputObject"].Value));
            }
        });

        internal static PSObject ToResultObject(BulkWriteRowResult result)
        {
            var item = new PSObject(result);
            item.TypeNames.Insert(0, ResultTypeName);
            item.Properties.Add(new PSNoteProperty("InputObject", result.Input == null ? null : JsonObjects.ToPSValue(result.Input)));
            return item;
        }

        /// <summary>Runs the body; a failure is one terminating error (bulk write failures keep their own ids).</summary>
        protected void RunBulk(Func<IZcrmLog, CancellationToken, Task> body, object? target)
        {
            try
            {
                RunAsync(body);
            }
            catch (Exception ex) when (!IsPipelineControl(ex))
            {
                ThrowTerminatingError(ErrorRecords.From(ex, target));
            }
        }
    }
}
