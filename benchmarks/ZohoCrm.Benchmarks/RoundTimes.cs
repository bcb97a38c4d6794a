using System.Globalization;

namespace ZohoCrm.Benchmarks;

/// <summary>The timed rounds of one side of a benchmark: the best rate, the median round and every round's time.</summary>
public sealed class RoundTimes
{
    private readonly List<double> _milliseconds = new();

    /// <summary>Items per second of the fastest round.</summary>
    public double BestRate { get; private set; }

    public void Add(TimeSpan elapsed, long items)
    {
        _milliseconds.Add(elapsed.TotalMilliseconds);
        BestRate = Math.Max(BestRate, items / elapsed.TotalSeconds);
    }

    public double MedianMilliseconds => _milliseconds.Order().ElementAt(_milliseconds.Count / 2);

    public override string ToString() => string.Join(" ", _milliseconds.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)));
}
