namespace ZohoCrm.Emulator.Watch;

/// <summary>Every finished delivery, in the order they finished, and a way to wait for some.</summary>
internal sealed class NotificationLog
{
    private readonly List<NotificationDelivery> _deliveries = new();
    private readonly SemaphoreSlim _changed = new(0);

    public IReadOnlyList<NotificationDelivery> Snapshot()
    {
        lock (_deliveries)
        {
            return _deliveries.ToArray();
        }
    }

    public void Add(NotificationDelivery delivery)
    {
        lock (_deliveries)
        {
            _deliveries.Add(delivery);
        }

        _changed.Release();
    }

    public void Clear()
    {
        lock (_deliveries)
        {
            _deliveries.Clear();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the deliveries so far; false when <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitAsync(Func<IReadOnlyList<NotificationDelivery>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Snapshot()))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }

        return true;
    }
}
