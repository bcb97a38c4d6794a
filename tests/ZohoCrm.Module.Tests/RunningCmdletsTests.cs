using System.Collections.Concurrent;
using Xunit;
using ZohoCrm.PowerShell.Cmdlets;

namespace ZohoCrm.Module.Tests;

/// <summary>
/// How vault work from a connection's background flow reaches a pipeline thread: through the innermost running
/// cmdlet's pump, or any pump that runs after an outer one was blocked. The pumps are stand-ins, each pumping on a
/// thread of its own as a cmdlet's RunAsync pumps on the pipeline thread.
/// </summary>
public sealed class RunningCmdletsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<Pump> _pumps = new();

    public void Dispose()
    {
        foreach (var pump in _pumps) pump.Dispose();
    }

    private Pump NewPump()
    {
        var pump = new Pump();
        _pumps.Add(pump);
        return pump;
    }

    [Fact]
    public async Task Work_runs_on_the_innermost_running_pump()
    {
        var cmdlets = new RunningCmdlets();
        var outer = NewPump();
        var inner = NewPump();
        using var outerRuns = cmdlets.Enter(outer);
        using var innerRuns = cmdlets.Enter(inner);

        var thread = await cmdlets.InvokeAsync(() => Environment.CurrentManagedThreadId, -1, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(inner.ThreadId, thread);
    }

    [Fact]
    public async Task With_no_running_cmdlet_nothing_runs_and_the_fallback_is_returned()
    {
        var cmdlets = new RunningCmdlets();
        var ran = false;

        var result = await cmdlets.InvokeAsync(() => { ran = true; return "read"; }, "none", CancellationToken.None).WaitAsync(Patience);

        Assert.Equal("none", result);
        Assert.False(ran);
    }

    [Fact]
    public async Task Work_an_outer_pump_got_before_an_inner_cmdlet_blocked_it_is_run_by_the_inner_pump()
    {
        // An outer cmdlet's token refresh asks for the vault; the outer pump is then inside WriteObject, running an
        // inner cmdlet that needs the same token. The inner pump must run the outer's vault read, or both wait forever.
        var cmdlets = new RunningCmdlets();
        var outer = NewPump();
        using var outerRuns = cmdlets.Enter(outer);
        using var blocked = outer.Block();

        var read = cmdlets.InvokeAsync(() => Environment.CurrentManagedThreadId, -1, CancellationToken.None);
        var inner = NewPump();
        using var innerRuns = cmdlets.Enter(inner);

        Assert.Equal(inner.ThreadId, await read.WaitAsync(Patience));
    }

    [Fact]
    public async Task Work_a_stopped_inner_pump_did_not_run_goes_to_the_next_one_out()
    {
        var cmdlets = new RunningCmdlets();
        var outer = NewPump();
        using var outerRuns = cmdlets.Enter(outer);
        var inner = NewPump();
        var innerRuns = cmdlets.Enter(inner);
        using var stuck = inner.Block();

        var read = cmdlets.InvokeAsync(() => Environment.CurrentManagedThreadId, -1, CancellationToken.None);
        innerRuns.Dispose();

        Assert.Equal(outer.ThreadId, await read.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_and_its_work_is_not_run_later()
    {
        var cmdlets = new RunningCmdlets();
        var pump = NewPump();
        using var runs = cmdlets.Enter(pump);
        var blocked = pump.Block();
        using var stop = new CancellationTokenSource();
        var ran = false;

        var read = cmdlets.InvokeAsync(() => { ran = true; return 1; }, -1, stop.Token);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Patience));

        blocked.Dispose();
        Assert.Equal(0, await cmdlets.InvokeAsync(() => 0, -1, CancellationToken.None).WaitAsync(Patience)); // the pump has run what was queued before
        Assert.False(ran);
    }

    /// <summary>A stand-in for a cmdlet's pump: runs posted actions in order on its own thread until disposed.</summary>
    private sealed class Pump : IPipelinePump, IDisposable
    {
        private readonly BlockingCollection<Action> _queue = new();
        private readonly Thread _thread;
        private volatile int _threadId;

        public Pump()
        {
            var started = new ManualResetEventSlim();
            _thread = new Thread(() =>
            {
                _threadId = Environment.CurrentManagedThreadId;
                started.Set();
                foreach (var action in _queue.GetConsumingEnumerable()) action();
            }) { IsBackground = true };
            _thread.Start();
            started.Wait();
        }

        public int ThreadId => _threadId;

        public bool TryPost(Action action)
        {
            try { return !_queue.IsAddingCompleted && _queue.TryAdd(action); }
            catch (InvalidOperationException) { return false; }
        }

        /// <summary>Holds the pump inside an action (as WriteObject running a downstream cmdlet) until disposed.</summary>
        public IDisposable Block()
        {
            var release = new ManualResetEventSlim();
            var inside = new ManualResetEventSlim();
            _queue.Add(() => { inside.Set(); release.Wait(); });
            inside.Wait();
            return new Release(release);
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
        }

        private sealed class Release(ManualResetEventSlim release) : IDisposable
        {
            public void Dispose() => release.Set();
        }
    }
}
