using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;
using ZohoCrm.PowerShell.Infrastructure;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>What the bulk read cmdlets share: the client, waiting with a progress bar, and receiving a job's rows or file.</summary>
    public abstract class ZcrmBulkReadCmdlet : ZcrmApiCmdlet
    {
        public const string JobTypeName = "ZohoCrm.BulkReadJob";

        private const int RowsPerPost = 500;

        internal BulkReadClient Client => new BulkReadClient(Session.Connection.Api);

        private int ActivityId => Math.Abs(GetType().Name.GetHashCode() % 100000) + 1;

        internal static PSObject ToJobObject(BulkReadJob job)
        {
            var item = new PSObject(job);
            item.TypeNames.Insert(0, JobTypeName);
            return item;
        }

        /// <summary>The file -OutFile wrote, with the number of records in it.</summary>
        internal static PSObject ToFileObject(string path, long records)
        {
            var item = new PSObject(new FileInfo(path));
            item.Properties.Add(new PSNoteProperty("RecordCount", records));
            return item;
        }

        /// <summary>An ErrorRecord for a failure, with the bulk read's own ids and categories.</summary>
        internal static ErrorRecord ToErrorRecord(Exception exception, object? target)
        {
            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) exception = aggregate.InnerExceptions[0];
            if (!(exception is BulkReadException bulk)) return ErrorRecords.From(exception, target);
            var category = bulk.ErrorId switch
            {
                BulkReadException.Failed => ErrorCategory.InvalidResult,
                BulkReadException.TimedOut => ErrorCategory.OperationTimeout,
                BulkReadException.DownloadExpired => ErrorCategory.ResourceUnavailable,
                _ => ErrorCategory.InvalidOperation,
            };
            var record = new ErrorRecord(bulk, bulk.ErrorId, category, target ?? (object?)bulk.Job?.Id)
            {
                ErrorDetails = new ErrorDetails(bulk.Message),
            };
            if (bulk.RecommendedAction != null) record.ErrorDetails.RecommendedAction = bulk.RecommendedAction;
            return record;
        }

        /// <summary>Runs the body; a failure is one terminating error (bulk read failures keep their own ids).</summary>
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

        /// <summary>Polls until the job finishes, with a progress bar; FAILURE is returned for the caller to report.</summary>
        internal async Task<BulkReadJob> WaitForAsync(BulkReadJob job, int? timeoutSeconds, IZcrmLog log, CancellationToken ct)
        {
            var activity = $"Waiting for bulk read job {job.Id}" + (job.Module != null ? $" ({job.Module})" : "");
            try
            {
                var finished = await Client.WaitAsync(job, timeoutSeconds.HasValue ? TimeSpan.FromSeconds(timeoutSeconds.Value) : (TimeSpan?)null,
                    (current, elapsed) => EmitProgress(new ProgressRecord(ActivityId, activity, $"{current.State} - {elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s")),
                    log, ct).ConfigureAwait(false);
                log.Verbose($"Bulk read job {finished.Id} is {finished.State}" + (finished.RecordCount.HasValue ? $" with {finished.RecordCount} records" + (finished.MoreRecords == true ? " and more after them." : ".") : "."));
                return finished;
            }
            finally
            {
                if (!ct.IsCancellationRequested) EmitProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>
        /// Downloads a COMPLETED job and streams its rows to the pipeline as typed records (or, with
        /// <paramref name="outFile"/>, writes its CSV there); with <paramref name="all"/> starts, waits for and receives
        /// the next page's job while Zoho reports more records. Returns the rows received.
        /// </summary>
        internal async Task<long> ReceiveAsync(BulkReadJob job, OutputFile? outFile, bool all, int? timeoutSeconds, IZcrmLog log, CancellationToken ct)
        {
            var activity = $"Receiving bulk read job {job.Id}" + (job.Module != null ? $" ({job.Module})" : "");
            long rows = 0;
            var page = 0;
            FieldTypeMap? types = null;
            try
            {
                while (true)
                {
                    if (job.IsFailed) throw BulkReadException.JobFailed(job);
                    page++;
                    using (var file = await Client.DownloadAsync(job, log, ct).ConfigureAwait(false))
                    {
                        log.Verbose($"Downloaded bulk read job {job.Id}: {file.CompressedLength} bytes zipped.");
                        if (outFile != null)
                        {
                            await outFile.AppendAsync(file, ct).ConfigureAwait(false);
                            rows += job.RecordCount ?? 0;
                            EmitProgress(new ProgressRecord(ActivityId, activity, $"Page {page} - {rows} records written to {outFile.Path}"));
                        }
                        else
                        {
                            if (job.FileType == "ics")
                                throw new ZcrmUsageException("ZcrmIcsNeedsOutFile", $"Bulk read job {job.Id} exported an iCalendar file, which has no rows to stream.", "Save it with -OutFile.");
                            types ??= await TypesOfAsync(job.Module, log, ct).ConfigureAwait(false);
                            rows += await StreamRowsAsync(file, job, types, rows, activity, log, ct).ConfigureAwait(false);
                        }
                    }

                    if (!all || job.MoreRecords != true) break;
                    var spec = BulkReadSpec.FromJob(job).NextPage(job);
                    var next = await Client.CreateAsync(spec, log, ct).ConfigureAwait(false);
                    log.Verbose($"More records follow page {job.Page}: started bulk read job {next.Id} for the next page (50 credits).");
                    job = await WaitForAsync(next, timeoutSeconds, log, ct).ConfigureAwait(false);
                }
                log.Verbose($"Received {rows} records in {page} page{(page == 1 ? "" : "s")}.");
                return rows;
            }
            finally
            {
                if (!ct.IsCancellationRequested) EmitProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>
        /// Streams the file's rows as records. The next batch is unzipped and split into cells on another thread while
        /// this one goes down the pipeline, so the two costs overlap; the pump holds only a few batches, so memory stays flat.
        /// </summary>
        private async Task<long> StreamRowsAsync(BulkReadFile file, BulkReadJob job, FieldTypeMap types, long before, string activity, IZcrmLog log, CancellationToken ct)
        {
            using var reader = new BulkCsvRecordReader(new ReadAheadTextReader(file.OpenText()), job.Module ?? "Unknown", types);
            var shape = RecordShape.ForBulkRows(reader.Schema);
            var next = Task.Run(() => ReadBatch(reader, shape, ct), ct);
            try
            {
                while (true)
                {
                    var rows = await next.ConfigureAwait(false);
                    if (rows.Length == 0) return reader.RecordsRead;
                    var read = reader.RecordsRead;
                    next = Task.Run(() => ReadBatch(reader, shape, ct), ct);
                    var percent = job.RecordCount > 0 ? (int)Math.Min(100, read * 100 / job.RecordCount.Value) : -1;
                    var status = $"Page {job.Page} - {before + read} records";
                    Post(() =>
                    {
                        // Wrapped once here, so every later stage shares the one wrapper and its cached members.
                        foreach (var row in rows) WriteObject(PSObject.AsPSObject(row));
                        WriteProgress(new ProgressRecord(ActivityId, activity, status) { PercentComplete = percent });
                    });
                }
            }
            finally
            {
                // The reader is disposed only once the batch being read ahead has finished with it.
                try { await next.ConfigureAwait(false); }
                catch (Exception) { }
            }
        }

        private static AdaptedRecord[] ReadBatch(BulkCsvRecordReader reader, RecordShape shape, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var batch = new List<AdaptedRecord>(RowsPerPost);
            while (batch.Count < RowsPerPost && reader.ReadCells() is { } cells) batch.Add(shape.Create(cells));
            return batch.ToArray();
        }

        /// <summary>Field kinds of the module, so values are typed like Get-ZcrmRecord's; text when they cannot be read.</summary>
        private async Task<FieldTypeMap> TypesOfAsync(string? module, IZcrmLog log, CancellationToken ct)
        {
            if (module == null) return FieldTypeMap.Empty;
            var read = await Session.Connection.Metadata.TryGetFieldsOfAsync(module, log, ct).ConfigureAwait(false);
            if (read.IsReadable) return new FieldTypeMap(read.Value.Fields);
            log.Verbose($"Field metadata of {module} is not readable ({read.RefusedCode}); values stay text.");
            return FieldTypeMap.Empty;
        }

        /// <summary>The CSV file -OutFile names: created by the first page, later pages (and jobs) appended without their header.</summary>
        internal sealed class OutputFile : IDisposable
        {
            private readonly FileStream _stream;
            private bool _hasHeader;

            public OutputFile(string path)
            {
                Path = path;
                _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 81920, useAsync: true);
            }

            public string Path { get; }

            public async Task AppendAsync(BulkReadFile file, CancellationToken ct)
            {
                await file.CopyToAsync(_stream, skipHeader: _hasHeader, ct).ConfigureAwait(false);
                _hasHeader = true;
                await _stream.FlushAsync(ct).ConfigureAwait(false);
            }

            public void Dispose() => _stream.Dispose();
        }
    }
}
