namespace ZohoCrm.Benchmarks;

/// <summary>Samples the managed heap while a run is going, to report its peak growth over the starting point.</summary>
public sealed class MemorySampler : IDisposable
{
    private readonly long _baseline;
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _baseline = GC.GetTotalMemory(forceFullCollection: true);
        _peak = _baseline;
        _timer = new Timer(_ => Sample(), null, 0, 20);
    }

    public void Sample()
    {
        var now = GC.GetTotalMemory(false);
        long seen;
        do { seen = Interlocked.Read(ref _peak); } while (now > seen && Interlocked.CompareExchange(ref _peak, now, seen) != seen);
    }

    /// <summary>Peak heap above the baseline, in MiB.</summary>
    public double PeakGrowthMiB
    {
        get
        {
            Sample();
            return (Interlocked.Read(ref _peak) - _baseline) / 1024.0 / 1024.0;
        }
    }

    public void Dispose() => _timer.Dispose();
}
