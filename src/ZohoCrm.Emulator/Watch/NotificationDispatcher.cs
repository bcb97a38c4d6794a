using System.Text;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Hosting;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Watch;

/// <summary>
/// Turns the store's record changes into notifications: each change is added to a batch per channel, module and
/// operation; a batch is POSTed when its window closes (or it is full), off the request thread, to the channel's
/// notify_url. A channel's notifications go out one after another, in order; a failed delivery is retried with a
/// doubling delay. Expired channels get nothing.
/// </summary>
internal sealed class NotificationDispatcher : IDisposable
{
    private readonly EmulatorState _state;
    private readonly WatchRegistry _registry;
    private readonly NotificationLog _log;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<(long, string, string), NotificationBatch> _batches = new();
    private readonly Dictionary<long, Task> _tails = new();
    private long _opened;

    public NotificationDispatcher(EmulatorState state, WatchRegistry registry, NotificationLog log)
    {
        _state = state;
        _registry = registry;
        _log = log;
        // No proxy: notify URLs in tests are loopback listeners, and a proxy from the environment must not see them.
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        state.Store.RecordChanged += OnRecordChanged;
    }

    /// <summary>Sends every open batch now and waits until every delivery so far has finished (retries included).</summary>
    public async Task FlushAsync()
    {
        lock (_batches)
        {
            foreach (var batch in _batches.Values.OrderBy(b => b.Sequence))
            {
                Schedule(batch);
            }

            _batches.Clear();
        }

        Task[] tails;
        lock (_tails)
        {
            tails = _tails.Values.ToArray();
        }

        await Task.WhenAll(tails).ConfigureAwait(false);
    }

    private void OnRecordChanged(RecordChange change)
    {
        // Called on the writing request's thread: a failure here must never fail the write.
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var operation = change.Operation switch
            {
                RecordOperation.Insert => "create",
                RecordOperation.Update => "edit",
                _ => "delete",
            };
            if (change.Operation == RecordOperation.Update && change.ChangedFields.Contains("$converted") && !_state.Options.NotifyLeadConversion)
            {
                return;
            }

            var channels = _registry.Snapshot();
            if (channels.Count == 0)
            {
                return;
            }

            var fields = change.Operation == RecordOperation.Update ? change.ChangedFields : null;
            foreach (var channel in channels.Where(c => c.Watches(change.Module, operation) && ConditionsAllow(c, change.Module, operation, change.ChangedFields)))
            {
                Add(channel.Id, change.Module, operation, change.Id, fields);
            }

            if (change.Operation != RecordOperation.Delete && channels.Any(c => c.NotifyOnRelatedAction))
            {
                foreach (var (parentModule, parentId) in Parents(change.Module, change.Id))
                {
                    foreach (var channel in channels.Where(c => c.NotifyOnRelatedAction && c.Watches(parentModule, "edit")))
                    {
                        Add(channel.Id, parentModule, "edit", parentId, null);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.Add(new NotificationDelivery(0, string.Empty, change.Module, change.Operation.ToString(), [ZohoIds.Format(change.Id)], string.Empty, 0, null, false, "not queued: " + ex.Message, _state.Clock.GetUtcNow()));
        }
    }

    /// <summary>v6+ field_selection: an edit notifies only when a selected field changed (all of them for "and").</summary>
    private static bool ConditionsAllow(WatchChannelState channel, string module, string operation, IReadOnlyList<string> changed)
    {
        if (operation != "edit")
        {
            return true;
        }

        foreach (var condition in channel.ConditionsFor(module))
        {
            var selection = condition?["field_selection"];
            if (selection is null)
            {
                continue;
            }

            var names = new List<string>();
            Collect(selection, names);
            if (names.Count == 0)
            {
                continue;
            }

            var all = string.Equals(selection["group_operator"]?.GetValue<string>(), "and", StringComparison.OrdinalIgnoreCase);
            var met = all ? names.All(n => changed.Contains(n, StringComparer.Ordinal)) : names.Any(n => changed.Contains(n, StringComparer.Ordinal));
            if (!met)
            {
                return false;
            }
        }

        return true;

        static void Collect(System.Text.Json.Nodes.JsonNode node, List<string> names)
        {
            if (node["field"]?["api_name"]?.GetValue<string>() is { } name)
            {
                names.Add(name);
            }

            foreach (var child in node["group"]?.AsArray() ?? [])
            {
                if (child is not null)
                {
                    Collect(child, names);
                }
            }
        }
    }

    /// <summary>The records a record looks up (its Account, Contact …): their subscribers hear of related actions.</summary>
    private IEnumerable<(string Module, long Id)> Parents(string module, long id)
    {
        var set = _state.Store.Records(module);
        if (set is null)
        {
            return [];
        }

        var parents = new List<(string, long)>();
        lock (set.Gate)
        {
            var record = set.Find(id);
            if (record is null)
            {
                return parents;
            }

            foreach (var field in set.Module.Fields.Where(f => f.DataType == FieldDataType.Lookup && f.LookupModule is not null))
            {
                if (set.GetValue(record, field) is LookupValue lookup && !parents.Contains((field.LookupModule!, lookup.Id)))
                {
                    parents.Add((field.LookupModule!, lookup.Id));
                }
            }
        }

        return parents;
    }

    private void Add(long channelId, string module, string operation, long id, IReadOnlyList<string>? fields)
    {
        var key = (channelId, module, operation);
        lock (_batches)
        {
            if (!_batches.TryGetValue(key, out var batch))
            {
                _batches[key] = batch = new NotificationBatch(channelId, module, operation, ++_opened);
                _ = CloseLaterAsync(key, batch);
            }

            batch.Add(id, fields);
            if (batch.Ids.Count >= Math.Max(1, _state.Options.NotificationMaxIdsPerBatch))
            {
                _batches.Remove(key);
                ScheduleAfterOlder(batch);
            }
        }
    }

    private async Task CloseLaterAsync((long, string, string) key, NotificationBatch batch)
    {
        try
        {
            await Task.Delay(_state.Options.NotificationBatchWindow, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_batches)
        {
            // Sent already (full, or flushed): a newer batch under the same key has its own timer.
            if (!_batches.TryGetValue(key, out var current) || !ReferenceEquals(current, batch))
            {
                return;
            }

            _batches.Remove(key);
            ScheduleAfterOlder(batch);
        }
    }

    /// <summary>
    /// Sends <paramref name="batch"/> after the still open batches of its channel that were opened before it, so a
    /// channel's notifications leave in the order of their first changes even when two windows' timers run out of
    /// order. Called holding the batches' lock, so no other batch can be scheduled in between.
    /// </summary>
    private void ScheduleAfterOlder(NotificationBatch batch)
    {
        var older = _batches.Where(open => open.Value.ChannelId == batch.ChannelId && open.Value.Sequence < batch.Sequence)
            .OrderBy(open => open.Value.Sequence).ToList();
        foreach (var open in older)
        {
            _batches.Remove(open.Key);
            Schedule(open.Value);
        }

        Schedule(batch);
    }

    private void Schedule(NotificationBatch batch)
    {
        lock (_tails)
        {
            var previous = _tails.GetValueOrDefault(batch.ChannelId) ?? Task.CompletedTask;
            _tails[batch.ChannelId] = previous.ContinueWith(_ => DeliverSafelyAsync(batch), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task DeliverSafelyAsync(NotificationBatch batch)
    {
        try
        {
            await DeliverAsync(batch).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.Add(new NotificationDelivery(batch.ChannelId, string.Empty, batch.Module, batch.Operation, batch.Ids.Select(ZohoIds.Format).ToArray(), string.Empty, 0, null, false, "not delivered: " + ex.Message, _state.Clock.GetUtcNow()));
        }
    }

    private async Task DeliverAsync(NotificationBatch batch)
    {
        var channel = _registry.Update(batch.ChannelId, c => c?.Clone());
        if (channel is null || _stopping.IsCancellationRequested)
        {
            return; // unregistered or expired since the change
        }

        var body = EmulatorJson.ToText(NotificationPayload.Build(batch, channel, _state));
        var ids = batch.Ids.Select(ZohoIds.Format).ToArray();
        var options = _state.Options;
        int? status = null;
        string? error = null;
        var attempts = 0;
        while (true)
        {
            attempts++;
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                attempt.CancelAfter(options.NotificationTimeout);
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await _http.PostAsync(channel.NotifyUrl, content, attempt.Token).ConfigureAwait(false);
                    status = (int)response.StatusCode;
                    error = response.IsSuccessStatusCode ? null : $"HTTP {status}";
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
                {
                    status = null;
                    error = ex is OperationCanceledException ? $"no answer within {options.NotificationTimeout.TotalSeconds:0.#} s" : ex.Message;
                }
            }

            if (error is null || attempts > options.NotificationRetries)
            {
                break;
            }

            try
            {
                await Task.Delay(options.NotificationRetryDelay * Math.Pow(2, attempts - 1), _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (error is null)
        {
            _registry.RecordSuccess(channel.Id);
        }
        else
        {
            _registry.RecordFailure(channel.Id, options.WatchDisableAfterFailedDeliveries);
        }

        _log.Add(new NotificationDelivery(channel.Id, channel.NotifyUrl, batch.Module, batch.Operation, ids, body, attempts, status, error is null, error, _state.Clock.GetUtcNow()));
    }

    public void Dispose()
    {
        _state.Store.RecordChanged -= OnRecordChanged;
        _stopping.Cancel();
        _http.Dispose();
    }
}
