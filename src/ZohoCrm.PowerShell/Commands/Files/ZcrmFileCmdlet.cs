using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Files;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Files
{
    /// <summary>Base of the attachment and photo cmdlets: local paths, destinations, per-item errors and transfer progress.</summary>
    public abstract class ZcrmFileCmdlet : ZcrmApiCmdlet
    {
        private int ActivityId => Math.Abs(GetType().Name.GetHashCode() % 100000) + 1;

        protected AttachmentService Attachments => Session.Connection.Attachments;

        protected string ResolvePath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

        /// <summary>
        /// Where a download goes. An existing folder, a path ending in a separator, or a path without an extension that
        /// does not exist yet (created) is a folder, and the file takes Zoho's name, made safe; anything else is the file
        /// itself, in a folder that must exist.
        /// </summary>
        protected DownloadTarget ResolveDestination(string? destination, string fallbackName, bool overwrite, bool create)
        {
            var given = string.IsNullOrEmpty(destination) ? "." : destination!;
            var full = ResolvePath(given);
            if (Directory.Exists(full)) return new DownloadTarget(full, null, fallbackName, overwrite);
            var endsWithSeparator = given.EndsWith("/", StringComparison.Ordinal) || given.EndsWith("\\", StringComparison.Ordinal);
            if (endsWithSeparator || Path.GetExtension(full).Length == 0)
            {
                if (create)
                {
                    try { Directory.CreateDirectory(full); }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        throw new LocalFileException(LocalFileException.WriteFailed, $"Cannot create the folder '{full}': {ex.Message}", full, ex);
                    }
                }
                return new DownloadTarget(full.TrimEnd('/', '\\'), null, fallbackName, overwrite);
            }
            var folder = Path.GetDirectoryName(full) ?? full;
            if (!Directory.Exists(folder))
                throw new LocalFileException(LocalFileException.WriteFailed, $"The folder '{folder}' does not exist.", folder);
            return new DownloadTarget(folder, Path.GetFileName(full), fallbackName, overwrite);
        }

        /// <summary>Runs the work of one item; a failure is a non-terminating error about <paramref name="target"/> and the pipeline goes on.</summary>
        protected void RunItem(Func<IZcrmLog, CancellationToken, Task> body, object? target)
        {
            RunAsync(async (log, ct) =>
            {
                try
                {
                    await body(log, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested) && !IsPipelineControl(ex))
                {
                    EmitError(ErrorRecords.From(ex, target));
                }
            });
        }

        private volatile bool _progressShown;

        /// <summary>
        /// A progress callback for a transfer: nothing for the first quarter second (a transfer that ends sooner needs no
        /// bar, and each update is a hop to the pipeline thread), then at most four updates a second, percent when the
        /// size is known.
        /// </summary>
        protected Action<long, long?> TransferProgress(string activity, string what)
        {
            var watch = Stopwatch.StartNew();
            var last = 0L;
            return (done, total) =>
            {
                var now = watch.ElapsedMilliseconds;
                var complete = total.HasValue && done >= total.Value;
                // The 100% record only closes a bar already shown; anything else waits its quarter second.
                if (complete ? !_progressShown : now - last < 250) return;
                last = now;
                _progressShown = true;
                var status = total.HasValue
                    ? $"{what}: {AttachmentService.FormatSize(done)} of {AttachmentService.FormatSize(total.Value)}"
                    : $"{what}: {AttachmentService.FormatSize(done)}";
                var percent = total.HasValue && total.Value > 0 ? (int)Math.Min(100, done * 100 / total.Value) : -1;
                EmitProgress(new ProgressRecord(ActivityId, activity, status) { PercentComplete = percent });
            };
        }

        /// <summary>Ends the progress bar, if one was shown; on the pipeline thread.</summary>
        protected void CompleteProgress(string activity)
        {
            if (_progressShown) WriteProgress(new ProgressRecord(ActivityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        protected static string Describe(string module, string recordId) => $"{module} record {recordId}";
    }
}
