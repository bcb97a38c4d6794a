using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>What the bulk read cmdlets share: the client, waiting with a progress bar, and receiving a job's rows or file.</summary>
    public abstract class ZcrmBulkReadCmdlet : ZcrmApiCmdlet
    {
        public const string JobTypeName = "ZohoCrm.BulkReadJob";

        // Rows are read ahead in small batches, at most two waiting for the pipeline: rows queued further ahead outlive
        // the runtime's collections of young objects, and copying them cost a slow consumer (every field of 9,000 rows
        // read) 70 of its 530 ms with 16 batches of 500 allowed to wait; 2 of 100: 11 ms (Compare-Routes.ps1).
        private const int RowsPerBatch = 100;
        private const int BatchesWaiting = 2;
        private const int RowsPerProgress = 1000;

        internal BulkReadClient Client => new BulkReadClient(Session.Connection.Api);

        private BulkReadReceiver Receiver => new BulkReadReceiver(Client, Session.Connection.Metadata);

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

        /// <summary>Runs the body; a failure is one terminating error (bulk read failures keep their own ids).</summary>
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

        /// <summary>Polls until the job finishes, with a progress bar; FAILURE is returned for the caller to report.</summary>
        internal async Task<BulkReadJob> WaitForAsync(BulkReadJob job, int? timeoutSeconds, IZcrmLog log, CancellationToken ct)
        {
            try
            {
                return await Receiver.WaitAsync(job, TimeoutOf(timeoutSeconds), (current, elapsed) => ShowWaiting(job, current, elapsed), log, ct).ConfigureAwait(false);
            }
            finally
            {
                EndWaiting(job, ct);
            }
        }

        private static TimeSpan? TimeoutOf(int? seconds) => seconds.HasValue ? TimeSpan.FromSeconds(seconds.Value) : (TimeSpan?)null;

        private static string WaitingActivity(BulkReadJob job) => $"Waiting for bulk read job {job.Id}" + (job.Module != null ? $" ({job.Module})" : "");

        private void ShowWaiting(BulkReadJob job, BulkReadJob current, TimeSpan elapsed) =>
            EmitProgress(new ProgressRecord(ActivityId, WaitingActivity(job), $"{current.State} - {elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"));

        private void EndWaiting(BulkReadJob job, CancellationToken ct)
        {
            if (!ct.IsCancellationRequested) EmitProgress(new ProgressRecord(ActivityId, WaitingActivity(job), "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>
        /// Receives a COMPLETED job (and with <paramref name="all"/> every later page) through
        /// <see cref="BulkReadReceiver"/>: its rows go to the pipeline as typed records, or with <paramref name="outFile"/>
        /// its CSV goes there. Returns the rows received.
        /// </summary>
        internal async Task<long> ReceiveAsync(BulkReadJob job, OutputFile? outFile, bool all, int? timeoutSeconds, IZcrmLog log, CancellationToken ct)
        {
            var activity = $"Receiving bulk read job {job.Id}" + (job.Module != null ? $" ({job.Module})" : "");
            try
            {
                return await Receiver.ReceiveAsync(job, all, typedRows: outFile == null, TimeoutOf(timeoutSeconds), new PageWriter(this, outFile, activity, log, ct), log, ct).ConfigureAwait(false);
            }
            finally
            {
                if (!ct.IsCancellationRequested) EmitProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Writes what the receive hands over: a page's rows to the pipeline or its CSV to -OutFile, and progress.</summary>
        private sealed class PageWriter : IBulkReadPageHandler
        {
            private readonly ZcrmBulkReadCmdlet _cmdlet;
            private readonly OutputFile? _outFile;
            private readonly string _activity;
            private readonly IZcrmLog _log;
            private readonly CancellationToken _ct;

            public PageWriter(ZcrmBulkReadCmdlet cmdlet, OutputFile? outFile, string activity, IZcrmLog log, CancellationToken ct)
            {
                _cmdlet = cmdlet;
                _outFile = outFile;
                _activity = activity;
                _log = log;
                _ct = ct;
            }

            public async Task<long> ReceivePageAsync(BulkReadPage page, CancellationToken ct)
            {
                var job = page.Job;
                if (_outFile != null)
                {
                    await _outFile.AppendAsync(page.File, ct).ConfigureAwait(false);
                    var records = job.RecordCount ?? 0;
                    _cmdlet.EmitProgress(new ProgressRecord(_cmdlet.ActivityId, _activity, $"Page {page.Number} - {page.RecordsBefore + records} records written to {_outFile.Path}"));
                    return records;
                }
                if (job.FileType == "ics")
                    throw new ZcrmUsageException("ZcrmIcsNeedsOutFile", $"Bulk read job {job.Id} exported an iCalendar file, which has no rows to stream.", "Save it with -OutFile.");
                return await _cmdlet.StreamRowsAsync(page.File, job, page.Types ?? FieldTypeMap.Empty, page.RecordsBefore, _activity, _log, ct).ConfigureAwait(false);
            }

            public void OnWaiting(BulkReadJob job, BulkReadJob current, TimeSpan elapsed) => _cmdlet.ShowWaiting(job, current, elapsed);

            public void OnWaitEnded(BulkReadJob job) => _cmdlet.EndWaiting(job, _ct);
        }

        /// <summary>
        /// Streams the file's rows as records. The next batch is unzipped and split into cells on another thread while
        /// this one goes down the pipeline, so the two costs overlap; a slow consumer holds back the reading (see
        /// <see cref="BatchesWaiting"/>), so memory stays flat. A row becomes its object on the pipeline thread, as it is
        /// written (lean when the rows end the pipeline): built on the read-ahead thread, the same objects took PowerShell
        /// twice as long to read every field of (measured with benchmarks/pwsh/Compare-Routes.ps1).
        /// </summary>
        private async Task<long> StreamRowsAsync(BulkReadFile file, BulkReadJob job, FieldTypeMap types, long before, string activity, IZcrmLog log, CancellationToken ct)
        {
            using var reader = new BulkCsvRecordReader(new ReadAheadTextReader(file.OpenText()), job.Module ?? "Unknown", types);
            var shape = RecordShape.ForBulkRows(reader.Schema);
            var next = Task.Run(() => ReadBatch(reader, ct), ct);
            var writes = new BoundedWrites(this, BatchesWaiting);
            long progressAt = 0;
            try
            {
                while (true)
                {
                    var rows = await next.ConfigureAwait(false);
                    if (rows.Length == 0) return reader.RecordsRead;
                    var read = reader.RecordsRead;
                    ProgressRecord? progress = null;
                    if (read - progressAt >= RowsPerProgress)
                    {
                        progressAt = read;
                        var percent = job.RecordCount > 0 ? (int)Math.Min(100, read * 100 / job.RecordCount.Value) : -1;
                        progress = new ProgressRecord(ActivityId, activity, $"Page {job.Page} - {before + read} records") { PercentComplete = percent };
                    }
                    await writes.PostAsync(() =>
                    {
                        var lean = RecordsEndPipeline;
                        foreach (var row in rows) WriteObject(shape.Create(row, lean));
                        if (progress != null) WriteProgress(progress);
                    }, ct).ConfigureAwait(false);
                    next = Task.Run(() => ReadBatch(reader, ct), ct);
                }
            }
            finally
            {
                // The reader is disposed only once the batch being read ahead has finished with it.
                try { await next.ConfigureAwait(false); }
                catch (Exception) { }
            }
        }

        private static string[][] ReadBatch(BulkCsvRecordReader reader, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var batch = new List<string[]>(RowsPerBatch);
            while (batch.Count < RowsPerBatch && reader.ReadCells() is { } cells) batch.Add(cells);
            return batch.ToArray();
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
