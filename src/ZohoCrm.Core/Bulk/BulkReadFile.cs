using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// A downloaded bulk read result: the zip on disk in a temporary file (deleted when disposed), read through
    /// ZipArchive so the CSV streams out of it and is never held whole in memory.
    /// </summary>
    public sealed class BulkReadFile : IDisposable
    {
        private const int CopyBuffer = 81920;
        private readonly FileStream _zip;
        private ZipArchive? _archive;

        private BulkReadFile(FileStream zip, string jobId)
        {
            _zip = zip;
            JobId = jobId;
        }

        public string JobId { get; }

        public long CompressedLength => _zip.Length;

        internal static BulkReadFile CreateTemp(string jobId)
        {
            var path = Path.Combine(Path.GetTempPath(), "zcrm-bulk-" + Guid.NewGuid().ToString("N") + ".zip");
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBuffer, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            return new BulkReadFile(stream, jobId);
        }

        /// <summary>Copies the body into the file; a stall longer than <paramref name="idleTimeout"/> fails the copy.</summary>
        internal async Task FillAsync(Stream body, TimeSpan idleTimeout, CancellationToken ct)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var buffer = new byte[CopyBuffer];
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                var read = await body.ReadAsync(buffer, 0, buffer.Length, idle.Token).ConfigureAwait(false);
                if (read == 0) break;
                await _zip.WriteAsync(buffer, 0, read, ct).ConfigureAwait(false);
            }
            await _zip.FlushAsync(ct).ConfigureAwait(false);
            _zip.Position = 0;
            try
            {
                _archive = new ZipArchive(_zip, ZipArchiveMode.Read, leaveOpen: true);
                _ = Entry;
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"The result of bulk read job {JobId} is not a zip file ({ex.Message}).", ex);
            }
        }

        /// <summary><c>{job id}.csv</c> (or .ics), else the zip's only file.</summary>
        public ZipArchiveEntry Entry
        {
            get
            {
                var archive = _archive ?? throw new InvalidOperationException("The file has not been downloaded.");
                var entry = archive.Entries.FirstOrDefault(e => e.Name == JobId + ".csv" || e.Name == JobId + ".ics")
                    ?? archive.Entries.FirstOrDefault(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || e.Name.EndsWith(".ics", StringComparison.OrdinalIgnoreCase))
                    ?? archive.Entries.FirstOrDefault();
                return entry ?? throw new InvalidDataException($"The result of bulk read job {JobId} is an empty zip file.");
            }
        }

        /// <summary>The unzipped text, decoded as UTF-8 (a byte order mark is skipped).</summary>
        public TextReader OpenText() => new StreamReader(Entry.Open(), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

        /// <summary>
        /// Writes the unzipped file to <paramref name="destination"/>; with <paramref name="skipHeader"/> its first line
        /// (and any byte order mark) is left out, to append a later page to a file that has the header already. The
        /// copy always ends with a line break, so a later page can follow it.
        /// </summary>
        public async Task CopyToAsync(Stream destination, bool skipHeader, CancellationToken ct)
        {
            using var source = Entry.Open();
            var buffer = new byte[CopyBuffer];
            var skipping = skipHeader;
            var atStart = true;
            var last = (byte)'\n';
            int read;
            while ((read = await source.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false)) > 0)
            {
                var offset = 0;
                if (atStart && skipHeader && read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) offset = 3;
                atStart = false;
                if (skipping)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', offset, read - offset);
                    if (newline < 0) continue;
                    offset = newline + 1;
                    skipping = false;
                }
                if (read > offset) last = buffer[read - 1];
                await destination.WriteAsync(buffer, offset, read - offset, ct).ConfigureAwait(false);
            }
            if (last != (byte)'\n') await destination.WriteAsync(new[] { (byte)'\r', (byte)'\n' }, 0, 2, ct).ConfigureAwait(false);
        }

        public void Dispose()
        {
            _archive?.Dispose();
            _zip.Dispose();
        }
    }
}
