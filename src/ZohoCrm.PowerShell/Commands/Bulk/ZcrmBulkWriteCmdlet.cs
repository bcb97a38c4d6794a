using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.PowerShell.Infrastructure;

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

        internal static ErrorRecord ToErrorRecord(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
            if (!(exception is BulkWriteException bulk)) return ErrorRecords.From(exception, target);
            var category = bulk.ErrorId switch
            {
                BulkWriteException.Failed => ErrorCategory.InvalidResult,
                BulkWriteException.TimedOut => ErrorCategory.OperationTimeout,
                BulkWriteException.ResultExpired => ErrorCategory.ResourceUnavailable,
                BulkWriteException.UploadRefused => ErrorCategory.InvalidData,
                BulkWriteException.UntrustedHost => ErrorCategory.SecurityError,
                _ => ErrorCategory.InvalidOperation,
            };
            var record = new ErrorRecord(bulk, bulk.ErrorId, category, target ?? (object?)bulk.Job?.Id) { ErrorDetails = new ErrorDetails(bulk.Message) };
            record.ErrorDetails.RecommendedAction = bulk.ErrorId switch
            {
                BulkWriteException.Failed => "Nothing of this job was written. Check the rows and start the import again with Start-ZcrmBulkWrite.",
                BulkWriteException.TimedOut => $"Wait longer (-Timeout), or check later with Get-ZcrmBulkWrite -Id {bulk.Job?.Id}; the job goes on at Zoho.",
                BulkWriteException.NotCompleted => $"Wait for it first: Wait-ZcrmBulkWrite -Id {bulk.Job?.Id} | Receive-ZcrmBulkWrite.",
                BulkWriteException.ResultExpired => "Zoho no longer has the result; search the module for the rows (for example by Email) to see which were written.",
                BulkWriteException.UploadRefused => "Nothing was created for these rows. Fix what Zoho names (the file's size, rows or columns) and pipe the rows (the error's TargetObject) to Start-ZcrmBulkWrite again.",
                BulkWriteException.UntrustedHost => "The result link is not on a Zoho host; report it rather than following it.",
                _ => "See the message.",
            };
            return record;
        }

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
                if (!result.Succeeded && result.Status != BulkWriteRowStatus.Skipped) WriteError(FailedRow(result, output.Properties["InputObject"].Value));
            }
        });

        internal static PSObject ToResultObject(BulkWriteRowResult result)
        {
            var item = new PSObject(result);
            item.TypeNames.Insert(0, ResultTypeName);
            item.Properties.Add(new PSNoteProperty("InputObject", result.Input == null ? null : JsonObjects.ToPSValue(result.Input)));
            return item;
        }

        internal static ErrorRecord FailedRow(BulkWriteRowResult result, object? input)
        {
            var where = result.RowNumber.HasValue ? $"row {result.RowNumber}" : $"input {result.Index}";
            var text = result.ErrorText ?? string.Join(", ", result.Errors.Select(e => e.ToString()));
            var details = new Dictionary<string, object?>();
            if (result.Errors.Count > 0 && result.Errors[0].Field != null) details["api_name"] = result.Errors[0].Field;
            var exception = new ZohoApiException(0, result.Code, $"{result.ZohoStatus ?? "no result"}: {text}", details);
            var record = new ErrorRecord(exception, result.Code, ErrorRecords.CategoryOf(exception), input)
            {
                ErrorDetails = new ErrorDetails(SecretRedactor.Redact($"{result.Module} {where} was not written by bulk write job {result.JobId}: {text}")),
            };
            record.ErrorDetails.RecommendedAction = "Fix the row and send it again: the failed rows are the TargetObjects of these errors (-ErrorVariable), and can be piped back to Start-ZcrmBulkWrite.";
            return record;
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
                ThrowTerminatingError(ToErrorRecord(ex, target));
            }
        }
    }
}
