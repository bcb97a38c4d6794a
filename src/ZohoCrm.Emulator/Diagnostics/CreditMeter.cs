namespace ZohoCrm.Emulator.Diagnostics;

/// <summary>
/// API credits over a rolling 24-hour window (fact sheet §8.1). Charges are kept per minute so the window
/// can roll without remembering every call.
/// </summary>
public sealed class CreditMeter
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private readonly object _gate = new();
    private readonly List<(DateTimeOffset Minute, long Credits)> _buckets = new();
    private readonly TimeProvider _clock;
    private long _total;
    private long _lifetime;

    internal CreditMeter(long dailyLimit, TimeProvider clock)
    {
        DailyLimit = dailyLimit;
        _clock = clock;
    }

    /// <summary>Credits per 24 hours; 0 means unlimited.</summary>
    public long DailyLimit { get; set; }

    /// <summary>Credits used in the last 24 hours.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
            {
                Roll();
                return _total;
            }
        }
    }

    /// <summary>Credits charged since start (or the last <see cref="Reset"/>), ignoring the window.</summary>
    public long TotalCharged
    {
        get
        {
            lock (_gate)
            {
                return _lifetime;
            }
        }
    }

    public long Remaining => DailyLimit <= 0 ? long.MaxValue : Math.Max(0, DailyLimit - Used);

    public void Reset()
    {
        lock (_gate)
        {
            _buckets.Clear();
            _total = 0;
            _lifetime = 0;
        }
    }

    /// <summary>Adds credits as if calls had been made (to test the daily limit).</summary>
    public void Charge(long credits)
    {
        if (credits <= 0)
        {
            return;
        }

        lock (_gate)
        {
            Roll();
            var now = _clock.GetUtcNow();
            var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            if (_buckets.Count > 0 && _buckets[^1].Minute == minute)
            {
                _buckets[^1] = (minute, _buckets[^1].Credits + credits);
            }
            else
            {
                _buckets.Add((minute, credits));
            }

            _total += credits;
            _lifetime += credits;
        }
    }

    /// <summary>True when a call of this cost would go past the daily limit.</summary>
    internal bool WouldExceed(int cost) => DailyLimit > 0 && Used + cost > DailyLimit;

    private void Roll()
    {
        var cutoff = _clock.GetUtcNow() - Window;
        var expired = 0;
        while (expired < _buckets.Count && _buckets[expired].Minute + TimeSpan.FromMinutes(1) <= cutoff)
        {
            _total -= _buckets[expired].Credits;
            expired++;
        }

        _buckets.RemoveRange(0, expired);
    }
}
