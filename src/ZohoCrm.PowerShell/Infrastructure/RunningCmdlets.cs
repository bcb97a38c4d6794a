using System;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>
    /// The cmdlets of one runspace whose work is running now, each pumping the runspace's pipeline thread. Code that
    /// must run on a pipeline thread but is called from a connection's background flow (the vault, for a token refresh
    /// that any cmdlet's HTTP call may start) is handed this where the connection is made and runs there.
    /// </summary>
    /// <remarks>
    /// The work goes to the innermost running cmdlet: in a pipeline of several of ours, an outer cmdlet's pump is inside
    /// its WriteObject, which is running the inner one, so only the innermost pump is taking work right now. That holds
    /// even when the token is needed by an outer cmdlet's flow while an inner one pumps.
    /// </remarks>
    internal sealed class RunningCmdlets
    {
        private static readonly ConditionalWeakTable<Runspace, RunningCmdlets> ByRunspace = new ConditionalWeakTable<Runspace, RunningCmdlets>();
        private static readonly RunningCmdlets NoRunspace = new RunningCmdlets();

        private readonly List<AsyncZcrmCmdlet> _running = new List<AsyncZcrmCmdlet>();

        /// <summary>Must be called on a pipeline thread, where the current runspace is known.</summary>
        public static RunningCmdlets ForCurrentRunspace()
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new RunningCmdlets());
        }

        /// <summary>Adds <paramref name="cmdlet"/> while its work runs; disposing the result takes it out again.</summary>
        public IDisposable Enter(AsyncZcrmCmdlet cmdlet)
        {
            lock (_running) _running.Add(cmdlet);
            return new Exit(this, cmdlet);
        }

        /// <summary>
        /// Runs <paramref name="func"/> on the pipeline thread of the innermost running cmdlet and returns its result;
        /// <paramref name="whenNoneRuns"/> when no cmdlet of the runspace is running (nothing can reach the pipeline then).
        /// </summary>
        public Task<T> InvokeAsync<T>(Func<T> func, T whenNoneRuns, CancellationToken ct)
        {
            var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Run()
            {
                if (completion.Task.IsCompleted) return;
                try { completion.TrySetResult(func()); }
                catch (Exception ex) { completion.TrySetException(ex); }
            }

            AsyncZcrmCmdlet[] running;
            lock (_running) running = _running.ToArray();
            for (var i = running.Length - 1; i >= 0; i--)
            {
                if (!running[i].TryPost(Run)) continue;
                // A pump that stops (Ctrl+C, Select-Object -First) drops what it has not run; the caller's token ends the wait then.
                var registration = ct.Register(() => completion.TrySetCanceled(ct));
                completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                return completion.Task;
            }
            return Task.FromResult(whenNoneRuns);
        }

        private sealed class Exit : IDisposable
        {
            private readonly RunningCmdlets _owner;
            private AsyncZcrmCmdlet? _cmdlet;

            public Exit(RunningCmdlets owner, AsyncZcrmCmdlet cmdlet)
            {
                _owner = owner;
                _cmdlet = cmdlet;
            }

            public void Dispose()
            {
                var cmdlet = Interlocked.Exchange(ref _cmdlet, null);
                if (cmdlet == null) return;
                lock (_owner._running) _owner._running.Remove(cmdlet);
            }
        }
    }
}
