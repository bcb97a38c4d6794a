using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using System.Threading;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>A pump that runs posted actions on a pipeline thread (a running <see cref="AsyncZcrmCmdlet"/>).</summary>
    internal interface IPipelinePump
    {
        /// <summary>Queues <paramref name="action"/>; false when the pump takes nothing more.</summary>
        bool TryPost(Action action);
    }

    /// <summary>
    /// The cmdlets of one runspace whose work is running now, each pumping the runspace's pipeline thread. Code that
    /// must run on a pipeline thread but is called from a connection's background flow (the vault, for a token refresh
    /// that any cmdlet's HTTP call may start) is handed this where the connection is made, and runs there.
    /// </summary>
    /// <remarks>
    /// Work goes to the innermost running cmdlet: in a pipeline of several of ours, an outer cmdlet's pump is inside
    /// its WriteObject, which is running the inner one, so only the innermost pump is taking work. The work waits in
    /// one queue of the runspace, and any pump that is told to takes all of it: so work an outer pump got just before
    /// an inner cmdlet started (and blocked it) is run by the inner one, which may itself be waiting for that token.
    /// </remarks>
    internal sealed class RunningCmdlets
    {
        private static readonly ConditionalWeakTable<Runspace, RunningCmdlets> ByRunspace = new ConditionalWeakTable<Runspace, RunningCmdlets>();
        private static readonly RunningCmdlets NoRunspace = new RunningCmdlets();

        private readonly List<IPipelinePump> _running = new List<IPipelinePump>();
        private readonly ConcurrentQueue<Action> _work = new ConcurrentQueue<Action>();

        /// <summary>Must be called on a pipeline thread, where the current runspace is known.</summary>
        public static RunningCmdlets ForCurrentRunspace()
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new RunningCmdlets());
        }

        /// <summary>Adds <paramref name="pump"/> while its cmdlet's work runs; disposing the result takes it out again.</summary>
        public IDisposable Enter(IPipelinePump pump)
        {
            lock (_running) _running.Add(pump);
            // Work waiting for an outer pump, which this cmdlet now blocks, is this pump's to run.
            if (!_work.IsEmpty) pump.TryPost(RunWaitingWork);
            return new Exit(this, pump);
        }

        /// <summary>
        /// Runs <paramref name="func"/> on the pipeline thread of the innermost running cmdlet and returns its result;
        /// <paramref name="whenNoneRuns"/> when no cmdlet of the runspace is running (nothing can reach the pipeline then).
        /// The wait ends with <paramref name="ct"/> (a pump that stops drops what it has not run).
        /// </summary>
        public Task<T> InvokeAsync<T>(Func<T> func, T whenNoneRuns, CancellationToken ct)
        {
            var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Enqueue(() =>
            {
                if (completion.Task.IsCompleted) return; // cancelled, or answered as not reachable
                try { completion.TrySetResult(func()); }
                catch (Exception ex) { completion.TrySetException(ex); }
            });
            if (!TellInnermost())
            {
                completion.TrySetResult(whenNoneRuns);
                return completion.Task;
            }
            if (ct.CanBeCanceled)
            {
                var registration = ct.Register(() => completion.TrySetCanceled(ct));
                completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            return completion.Task;
        }

        /// <summary>Tells the innermost pump that takes work to run the waiting work; false when none does.</summary>
        private bool TellInnermost()
        {
            IPipelinePump[] running;
            lock (_running) running = _running.ToArray();
            for (var i = running.Length - 1; i >= 0; i--)
                if (running[i].TryPost(RunWaitingWork)) return true;
            return false;
        }

        private void RunWaitingWork()
        {
            while (_work.TryDequeue(out var work)) work();
        }

        private sealed class Exit : IDisposable
        {
            private readonly RunningCmdlets _owner;
            private IPipelinePump? _pump;

            public Exit(RunningCmdlets owner, IPipelinePump pump)
            {
                _owner = owner;
                _pump = pump;
            }

            public void Dispose()
            {
                var pump = Interlocked.Exchange(ref _pump, null);
                if (pump == null) return;
                lock (_owner._running) _owner._running.Remove(pump);
                // Work this pump was told of but did not run (it stopped) goes to the next one out.
                if (!_owner._work.IsEmpty) _owner.TellInnermost();
            }
        }
    }
}
