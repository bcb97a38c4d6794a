using System;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>One downloaded page (one job's file) of a bulk read export, for the caller to stream or save.</summary>
    public sealed class BulkReadPage
    {
        public BulkReadPage(BulkReadJob job, int number, long recordsBefore, BulkReadFile file, FieldTypeMap? types)
        {
            Job = job;
            Number = number;
            RecordsBefore = recordsBefore;
            File = file;
            Types = types;
        }

        /// <summary>The COMPLETED job the file is of.</summary>
        public BulkReadJob Job { get; }

        /// <summary>1 for the first page received, 2 for the next, ...</summary>
        public int Number { get; }

        /// <summary>Records received from the pages before this one.</summary>
        public long RecordsBefore { get; }

        /// <summary>The file; deleted once the handler returns.</summary>
        public BulkReadFile File { get; }

        /// <summary>The module's field kinds, to type the rows; null unless rows were asked for and the file is a CSV.</summary>
        public FieldTypeMap? Types { get; }
    }

    /// <summary>What a multi-page receive hands over as it goes: each page, and the waits for the later pages' jobs.</summary>
    public interface IBulkReadPageHandler
    {
        /// <summary>Streams or saves one page; returns the number of records it held.</summary>
        Task<long> ReceivePageAsync(BulkReadPage page, CancellationToken ct);

        /// <summary>A poll of <paramref name="job"/> (a later page's job) found it in <paramref name="current"/>'s state after <paramref name="elapsed"/>.</summary>
        void OnWaiting(BulkReadJob job, BulkReadJob current, TimeSpan elapsed);

        /// <summary>The wait for <paramref name="job"/> is over (it finished, failed, timed out or was cancelled).</summary>
        void OnWaitEnded(BulkReadJob job);
    }

    /// <summary>
    /// Receives a bulk read export of any size as one operation: downloads a COMPLETED job's file and hands it over,
    /// then, while Zoho reports more records and all pages are wanted, builds the next page's spec, starts its job
    /// (50 credits), waits for it and receives that too, until the last page.
    /// </summary>
    public sealed class BulkReadReceiver
    {
        private readonly BulkReadClient _client;
        private readonly MetadataCache _metadata;

        public BulkReadReceiver(BulkReadClient client, MetadataCache metadata)
        {
            _client = client;
            _metadata = metadata;
        }

        /// <summary>Polls until the job finishes (FAILURE is returned for the caller to report), reporting each poll.</summary>
        public async Task<BulkReadJob> WaitAsync(BulkReadJob job, TimeSpan? timeout, Action<BulkReadJob, TimeSpan>? onPoll, IZcrmLog log, CancellationToken ct)
        {
            var finished = await _client.WaitAsync(job, timeout, onPoll, log, ct).ConfigureAwait(false);
            log.Verbose($"Bulk read job {finished.Id} is {finished.State}" + (finished.RecordCount.HasValue ? $" with {finished.RecordCount} records" + (finished.MoreRecords == true ? " and more after them." : ".") : "."));
            return finished;
        }

        /// <summary>
        /// Receives <paramref name="job"/>'s page and, with <paramref name="allPages"/>, every later one; each page's file
        /// goes to <paramref name="handler"/>, with the module's field kinds when <paramref name="typedRows"/>. Returns the
        /// records received. A job that FAILED (the first or a later one) is a <see cref="BulkReadException.Failed"/>.
        /// </summary>
        public async Task<long> ReceiveAsync(BulkReadJob job, bool allPages, bool typedRows, TimeSpan? timeout, IBulkReadPageHandler handler, IZcrmLog log, CancellationToken ct)
        {
            long records = 0;
            var page = 0;
            FieldTypeMap? types = null;
            while (true)
            {
                if (job.IsFailed) throw BulkReadException.JobFailed(job);
                page++;
                using (var file = await _client.DownloadAsync(job, log, ct).ConfigureAwait(false))
                {
                    log.Verbose($"Downloaded bulk read job {job.Id}: {file.CompressedLength} bytes zipped.");
                    // An iCalendar file has no rows to type: its fields are not read for it.
                    var rowsToType = typedRows && job.FileType != "ics";
                    if (rowsToType) types ??= await TypesOfAsync(job.Module, log, ct).ConfigureAwait(false);
                    records += await handler.ReceivePageAsync(new BulkReadPage(job, page, records, file, rowsToType ? types : null), ct).ConfigureAwait(false);
                }

                if (!allPages || job.MoreRecords != true) break;
                var spec = BulkReadSpec.FromJob(job).NextPage(job);
                var next = await _client.CreateAsync(spec, log, ct).ConfigureAwait(false);
                log.Verbose($"More records follow page {job.Page}: started bulk read job {next.Id} for the next page ({BulkReadClient.CreateCredits} credits).");
                try
                {
                    job = await WaitAsync(next, timeout, (current, elapsed) => handler.OnWaiting(next, current, elapsed), log, ct).ConfigureAwait(false);
                }
                finally
                {
                    handler.OnWaitEnded(next);
                }
            }
            log.Verbose($"Received {records} records in {page} page{(page == 1 ? "" : "s")}.");
            return records;
        }

        /// <summary>Field kinds of the module, so values are typed like a record read's; text when they cannot be read.</summary>
        private async Task<FieldTypeMap> TypesOfAsync(string? module, IZcrmLog log, CancellationToken ct)
        {
            if (module == null) return FieldTypeMap.Empty;
            var read = await _metadata.TryGetFieldsOfAsync(module, log, ct).ConfigureAwait(false);
            if (read.IsReadable) return new FieldTypeMap(read.Value.Fields);
            log.Verbose($"Field metadata of {module} is not readable ({read.RefusedCode}); values stay text.");
            return FieldTypeMap.Empty;
        }
    }
}
