using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>
    /// Runs a cmdlet's work on the thread pool while the pipeline thread pumps what it posts: objects, errors,
    /// progress, messages and ShouldProcess questions. Only the pipeline thread may call Write* or ShouldProcess.
    /// StopProcessing (Ctrl+C) cancels one token that reaches every HTTP call.
    /// </summary>
    public abstract class AsyncZcrmCmdlet : PSCmdlet
    {
        private static readonly AsyncLocal<AsyncZcrmCmdlet?> RunningCmdlet = new AsyncLocal<AsyncZcrmCmdlet?>();

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private BlockingCollection<Action>? _queue;
        private volatile bool _stopping;

        /// <summary>
        /// The cmdlet whose work is running on this async flow, for code deep in the core: a token refresh reads and saves
        /// the shared profile through the vault, which only the pipeline thread of the cmdlet that needs the token can reach.
        /// </summary>
        internal static AsyncZcrmCmdlet? Current => RunningCmdlet.Value;

        protected CancellationToken StopToken => _stop.Token;

        protected override void StopProcessing()
        {
            _stopping = true;
            _stop.Cancel();
        }

        /// <summary>Runs <paramref name="body"/> to completion, pumping its posts on this (the pipeline) thread.</summary>
        protected void RunAsync(Func<IZcrmLog, CancellationToken, Task> body)
        {
            if (_queue != null) throw new InvalidOperationException("RunAsync is not re-entrant.");
            // Bounded so a fast producer cannot run ahead of a slow pipeline: memory stays flat.
            using var queue = new BlockingCollection<Action>(boundedCapacity: 16);
            _queue = queue;
            var log = PreferenceFilteredLog.For(this, new RedactingLog(new PipelineLog(this)));
            var work = Task.Run(async () =>
            {
                RunningCmdlet.Value = this;
                try { await body(log, _stop.Token).ConfigureAwait(false); }
                finally { queue.CompleteAdding(); }
            });

            Exception? pumpFailure = null;
            try
            {
                foreach (var action in queue.GetConsumingEnumerable())
                {
                    if (pumpFailure != null) continue; // drain, so the worker never blocks on a full queue
                    try { action(); }
                    catch (Exception ex)
                    {
                        // Downstream stopped (Select-Object -First) or the pipeline is stopping: end the work too.
                        pumpFailure = ex;
                        _stop.Cancel();
                    }
                }
            }
            finally
            {
                _queue = null;
            }

            try
            {
                work.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping || pumpFailure != null)
            {
                // cancelled on purpose; the pump failure (if any) is rethrown below
            }

            if (pumpFailure != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(pumpFailure).Throw();
            if (_stopping) throw new PipelineStoppedException();
        }

        /// <summary><see cref="RunAsync"/>, turning any failure into a terminating error about <paramref name="target"/>.</summary>
        protected void Run(Func<IZcrmLog, CancellationToken, Task> body, object? target)
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

        /// <summary>
        /// Exceptions PowerShell uses for flow control (Ctrl+C, Select-Object -First, break/continue/exit in a
        /// downstream script block): they must pass through untouched.
        /// </summary>
        internal static bool IsPipelineControl(Exception ex)
        {
            if (ex is PipelineStoppedException || ex is PipelineClosedException) return true;
            // A WriteError under -ErrorAction Stop: it already carries the error record that stops the command.
            if (ex is ActionPreferenceStopException) return true;
            for (var type = ex.GetType(); type != null; type = type.BaseType)
                if (type.Name == "FlowControlException" || type.Name == "StopUpstreamCommandsException") return true;
            return false;
        }

        /// <summary>Queues <paramref name="action"/> to run on the pipeline thread.</summary>
        protected internal void Post(Action action)
        {
            var queue = _queue ?? throw new InvalidOperationException("Nothing is pumping this cmdlet's output.");
            queue.Add(action, _stop.Token);
        }

        protected void Emit(object? item) => Post(() => WriteObject(item));

        protected void EmitAll(IReadOnlyList<object> items) => Post(() =>
        {
            foreach (var item in items) WriteObject(item);
        });

        protected void EmitError(ErrorRecord error) => Post(() => WriteError(error));

        protected void EmitProgress(ProgressRecord progress) => Post(() => WriteProgress(progress));

        /// <summary>Runs <paramref name="func"/> on the pipeline thread and returns its result to the async flow.</summary>
        protected internal Task<T> OnPipelineThreadAsync<T>(Func<T> func)
        {
            var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try { completion.SetResult(func()); }
                catch (Exception ex) { completion.SetException(ex); }
            });
            return completion.Task;
        }

        protected Task<bool> ShouldProcessAsync(string target, string action) => OnPipelineThreadAsync(() => ShouldProcess(target, action));

        /// <summary>Sends the core's messages to this cmdlet's Verbose, Debug and Warning streams.</summary>
        private sealed class PipelineLog : IZcrmLog
        {
            private readonly AsyncZcrmCmdlet _cmdlet;

            public PipelineLog(AsyncZcrmCmdlet cmdlet) { _cmdlet = cmdlet; }

            public void Verbose(string message) => TryPost(() => _cmdlet.WriteVerbose(message));
            public void Debug(string message) => TryPost(() => _cmdlet.WriteDebug(message));
            public void Warning(string message) => TryPost(() => _cmdlet.WriteWarning(message));

            private void TryPost(Action action)
            {
                var queue = _cmdlet._queue;
                if (queue == null || queue.IsAddingCompleted) return;
                try { queue.Add(action, _cmdlet._stop.Token); }
                catch (OperationCanceledException) { }
                catch (InvalidOperationException) { } // completed while we were adding
            }
        }
    }
}
