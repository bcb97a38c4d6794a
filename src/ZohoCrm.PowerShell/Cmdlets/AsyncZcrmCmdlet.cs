using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>
    /// Runs a cmdlet's work on the thread pool while the pipeline thread pumps what it posts: objects, errors,
    /// progress, messages and ShouldProcess questions. Only the pipeline thread may call Write* or ShouldProcess.
    /// StopProcessing (Ctrl+C) cancels one token that reaches every HTTP call.
    /// </summary>
    public abstract class AsyncZcrmCmdlet : PSCmdlet, IPipelinePump
    {
        private readonly object _stopLock = new object();
        private CancellationTokenSource? _stop;
        private BlockingCollection<Action>? _queue;
        private CancellationToken _runToken;
        private volatile bool _stopping;

        protected override void StopProcessing()
        {
            _stopping = true;
            CancelRun();
        }

        /// <summary>
        /// Runs <paramref name="body"/> to completion, pumping its posts on this (the pipeline) thread. While it runs, this
        /// cmdlet is one of the runspace's <see cref="RunningCmdlets"/>, through which a saved profile reaches the vault.
        /// </summary>
        protected void RunAsync(Func<IZcrmLog, CancellationToken, Task> body)
        {
            if (_queue != null) throw new InvalidOperationException("RunAsync is not re-entrant.");
            // One token source per run, disposed with it; StopProcessing (from another thread) cancels it under the lock.
            using var stop = new CancellationTokenSource();
            lock (_stopLock) _stop = stop;
            if (_stopping) stop.Cancel();
            // Bounded so a fast producer cannot run ahead of a slow pipeline: memory stays flat.
            using var queue = new BlockingCollection<Action>(boundedCapacity: 16);
            _queue = queue;
            _runToken = stop.Token;
            var log = PreferenceFilteredLog.For(this, new RedactingLog(new PipelineLog(this, queue, stop.Token)));
            using var running = RunningCmdlets.ForCurrentRunspace().Enter(this);
            var work = Task.Run(async () =>
            {
                try { await body(log, stop.Token).ConfigureAwait(false); }
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
                        CancelRun();
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
            finally
            {
                lock (_stopLock) _stop = null;
                _runToken = new CancellationToken(canceled: true);
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

        private void CancelRun()
        {
            lock (_stopLock) _stop?.Cancel();
        }

        /// <summary>Queues <paramref name="action"/> to run on the pipeline thread.</summary>
        protected internal void Post(Action action)
        {
            var queue = _queue ?? throw new InvalidOperationException("Nothing is pumping this cmdlet's output.");
            queue.Add(action, _runToken);
        }

        /// <summary>
        /// Writes queued for the pipeline thread, at most a given number waiting at once: a producer that gets ahead of a
        /// slow consumer waits instead of piling its output up in memory, where it would also outlive the runtime's cheap
        /// collections of young objects.
        /// </summary>
        protected sealed class BoundedWrites
        {
            private readonly AsyncZcrmCmdlet _cmdlet;
            private readonly SemaphoreSlim _room; // not disposed: queued writes release it after the producer is done

            public BoundedWrites(AsyncZcrmCmdlet cmdlet, int waiting)
            {
                _cmdlet = cmdlet;
                _room = new SemaphoreSlim(waiting);
            }

            /// <summary>Queues <paramref name="write"/> once fewer writes than the limit wait for the pipeline thread.</summary>
            public async Task PostAsync(Action write, CancellationToken ct)
            {
                await _room.WaitAsync(ct).ConfigureAwait(false);
                _cmdlet.Post(() =>
                {
                    try { write(); }
                    finally { _room.Release(); }
                });
            }
        }

        bool IPipelinePump.TryPost(Action action) => TryPost(action);

        /// <summary>
        /// Queues <paramref name="action"/> for this cmdlet's pump, for work that is not this cmdlet's own; false when the
        /// pump takes nothing more (the work finished or is being stopped).
        /// </summary>
        internal bool TryPost(Action action)
        {
            var queue = _queue;
            if (queue == null) return false;
            try { return !queue.IsAddingCompleted && queue.TryAdd(action, Timeout.Infinite, _runToken); }
            catch (OperationCanceledException) { return false; }
            catch (InvalidOperationException) { return false; } // completed (or the run ended) while we were adding
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
            private readonly BlockingCollection<Action> _queue;
            private readonly CancellationToken _stop;

            public PipelineLog(AsyncZcrmCmdlet cmdlet, BlockingCollection<Action> queue, CancellationToken stop)
            {
                _cmdlet = cmdlet;
                _queue = queue;
                _stop = stop;
            }

            public void Verbose(string message) => TryPost(() => _cmdlet.WriteVerbose(message));
            public void Debug(string message) => TryPost(() => _cmdlet.WriteDebug(message));
            public void Warning(string message) => TryPost(() => _cmdlet.WriteWarning(message));

            private void TryPost(Action action)
            {
                try
                {
                    if (!_queue.IsAddingCompleted) _queue.Add(action, _stop);
                }
                catch (OperationCanceledException) { }
                catch (InvalidOperationException) { } // completed (or the run ended) while we were adding
            }
        }
    }
}
