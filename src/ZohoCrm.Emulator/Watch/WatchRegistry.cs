namespace ZohoCrm.Emulator.Watch;

/// <summary>The org's channels. A channel past its expiry is gone: it is dropped the next time anyone looks.</summary>
internal sealed class WatchRegistry
{
    private readonly Dictionary<long, WatchChannelState> _channels = new();
    private readonly TimeProvider _clock;

    public WatchRegistry(TimeProvider clock) => _clock = clock;

    /// <summary>Copies of the live channels, id order.</summary>
    public IReadOnlyList<WatchChannelState> Snapshot()
    {
        lock (_channels)
        {
            Purge();
            return _channels.Values.OrderBy(c => c.Id).Select(c => c.Clone()).ToList();
        }
    }

    public int Count
    {
        get
        {
            lock (_channels)
            {
                Purge();
                return _channels.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="change"/> on the live channel (null when there is none) under the registry's lock.</summary>
    public T Update<T>(long id, Func<WatchChannelState?, T> change)
    {
        lock (_channels)
        {
            Purge();
            return change(_channels.GetValueOrDefault(id));
        }
    }

    /// <summary>Must be called inside <see cref="Update{T}"/>.</summary>
    public void Put(WatchChannelState channel) => _channels[channel.Id] = channel;

    /// <summary>Must be called inside <see cref="Update{T}"/>, or on its own.</summary>
    public bool Remove(long id)
    {
        lock (_channels)
        {
            return _channels.Remove(id);
        }
    }

    /// <summary>Test hook: every channel expires now.</summary>
    public void ExpireAll()
    {
        lock (_channels)
        {
            var now = _clock.GetUtcNow();
            foreach (var channel in _channels.Values)
            {
                channel.Expiry = now;
            }

            Purge();
        }
    }

    /// <summary>Counts a delivery that failed for good; true when the channel is now disabled.</summary>
    public bool RecordFailure(long id, int disableAfter)
    {
        lock (_channels)
        {
            if (!_channels.TryGetValue(id, out var channel))
            {
                return false;
            }

            channel.ConsecutiveFailures++;
            if (disableAfter > 0 && channel.ConsecutiveFailures >= disableAfter)
            {
                _channels.Remove(id);
                return true;
            }

            return false;
        }
    }

    public void RecordSuccess(long id)
    {
        lock (_channels)
        {
            if (_channels.TryGetValue(id, out var channel))
            {
                channel.ConsecutiveFailures = 0;
            }
        }
    }

    private void Purge()
    {
        var now = _clock.GetUtcNow();
        foreach (var expired in _channels.Values.Where(c => c.Expiry <= now).Select(c => c.Id).ToList())
        {
            _channels.Remove(expired);
        }
    }
}
