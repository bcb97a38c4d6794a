using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Files
{
    /// <summary>
    /// Streams a response body to disk: into a temporary file in the destination folder, renamed to its final name only
    /// once every byte has arrived. A cut transfer deletes the temporary file and fails with an IOException, which the
    /// pipeline retries from the start; a local problem (disk full, name taken) is a <see cref="LocalFileException"/>,
    /// which it does not.
    /// </summary>
    internal static class FileDownload
    {
        private const int BufferSize = 128 * 1024;
        private const string PartialSuffix = ".zcrm-partial";
        private static readonly char[] Separators = { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };

        public static async Task<SavedFile> SaveAsync(ApiResponse response, DownloadTarget target, TimeSpan idleTimeout, Action<long, long?>? progress, CancellationToken ct)
        {
            var serverName = ContentDisposition.FileNameOf(response.GetHeader("Content-Disposition"));
            var name = target.FileName ?? SafeFileName.From(serverName ?? target.FallbackName, target.FallbackName);
            var folder = Path.GetFullPath(target.Folder);
            var final = Path.GetFullPath(Path.Combine(folder, name));
            // The safe name has no separators, so this only guards against a name given by a caller going astray.
            if (!string.Equals(Path.GetDirectoryName(final)?.TrimEnd(Separators), folder.TrimEnd(Separators), StringComparison.Ordinal))
                throw new LocalFileException(LocalFileException.WriteFailed, $"The file name '{name}' does not stay inside '{folder}'.", final);
            if (!target.Overwrite && File.Exists(final))
                throw new LocalFileException(LocalFileException.FileExists, $"The file '{final}' exists already.", final);

            long? total = long.TryParse(response.GetHeader("Content-Length"), out var declared) ? declared : (long?)null;
            var temp = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + PartialSuffix);
            long written = 0;
            try
            {
                FileStream file;
                // Synchronous writes: this runs on a pool thread already, and the page cache takes them at memory speed.
                try { file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None); }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new LocalFileException(LocalFileException.WriteFailed, $"Cannot create a file in '{folder}': {ex.Message}", folder, ex);
                }
                using (file)
                using (var body = await response.OpenStreamAsync().ConfigureAwait(false))
                {
                    written = await CopyAsync(body, file, idleTimeout, done => progress?.Invoke(done, total), ct).ConfigureAwait(false);
                    try { file.Flush(); }
                    catch (IOException ex) { throw new LocalFileException(LocalFileException.WriteFailed, $"Cannot write '{final}': {ex.Message}", final, ex); }
                }
                if (total.HasValue && written != total.Value)
                    throw new IOException($"The download ended after {written} of {total.Value} bytes.");

                Publish(temp, final, target.Overwrite);
                return new SavedFile(final, written, response.MediaType, serverName);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>Copies until the end of <paramref name="from"/>; a stall longer than <paramref name="idleTimeout"/> fails it. Write errors become <see cref="LocalFileException"/>.</summary>
        public static async Task<long> CopyAsync(Stream from, Stream to, TimeSpan idleTimeout, Action<long>? progress, CancellationToken ct)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var buffer = new byte[BufferSize];
            long done = 0;
            while (true)
            {
                idle.CancelAfter(idleTimeout);
                int read;
                try { read = await from.ReadAsync(buffer, 0, buffer.Length, idle.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new IOException($"The download stalled for {idleTimeout.TotalSeconds:0} s.");
                }
                if (read == 0) return done;
                try { to.Write(buffer, 0, read); }
                catch (IOException ex) { throw new LocalFileException(LocalFileException.WriteFailed, "Cannot write the downloaded file: " + ex.Message, (to as FileStream)?.Name, ex); }
                done += read;
                progress?.Invoke(done);
            }
        }

        private static void Publish(string temp, string final, bool overwrite)
        {
            try
            {
                if (overwrite && File.Exists(final)) File.Replace(temp, final, null);
                else File.Move(temp, final);
            }
            catch (IOException ex) when (!overwrite && File.Exists(final))
            {
                throw new LocalFileException(LocalFileException.FileExists, $"The file '{final}' exists already.", final, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new LocalFileException(LocalFileException.WriteFailed, $"Cannot create '{final}': {ex.Message}", final, ex);
            }
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { }
        }
    }
}
