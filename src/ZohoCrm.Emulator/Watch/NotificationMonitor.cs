namespace ZohoCrm.Emulator.Watch;

/// <summary>
/// What tests see of the watch feature (<see cref="ZohoCrmEmulator.Notifications"/>): the live channels, every
/// delivery with its body and outcome, and ways to wait for deliveries or end channels at once.
/// </summary>
public sealed class NotificationMonitor
{
    private readonly WatchService _service;

    internal NotificationMonitor(WatchService service) => _service = service;

    /// <summary>The channels that have not expired, id order.</summary>
    public IReadOnlyList<WatchChannelInfo> Channels => _service.Registry.Snapshot()
        .Select(c => new WatchChannelInfo(c.Id, c.Events.ToArray(), c.NotifyUrl, c.Token, c.Expiry, c.ReturnAffectedFieldValues, c.NotifyOnRelatedAction))
        .ToList();

    /// <summary>Every finished delivery (delivered, or given up after its retries), in the order they finished.</summary>
    public IReadOnlyList<NotificationDelivery> Deliveries => _service.Log.Snapshot();

    public int Delivered => Deliveries.Count(d => d.Succeeded);

    public int Failed => Deliveries.Count(d => !d.Succeeded);

    /// <summary>Sends the open batches now and waits for every delivery started so far to finish.</summary>
    public Task FlushAsync() => _service.Dispatcher.FlushAsync();

    /// <summary>Waits until <paramref name="condition"/> holds for the finished deliveries; false after <paramref name="timeout"/>.</summary>
    public Task<bool> WaitForAsync(Func<IReadOnlyList<NotificationDelivery>, bool> condition, TimeSpan timeout) => _service.Log.WaitAsync(condition, timeout);

    public void ClearDeliveries() => _service.Log.Clear();

    /// <summary>Every channel expires now (the admin endpoint's hook; in-process tests can move the TimeProvider instead).</summary>
    public void ExpireAllChannels() => _service.Registry.ExpireAll();
}
