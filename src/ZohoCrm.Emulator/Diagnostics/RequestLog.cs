namespace ZohoCrm.Emulator.Diagnostics;

/// <summary>Every /crm/ and /oauth/ request (and any other non-admin request), in arrival order.</summary>
public sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<LoggedRequest> _entries = new();

    public IReadOnlyList<LoggedRequest> Snapshot()
    {
        lock (_gate)
        {
            return _entries.ToArray();
        }
    }

    public int Count(Func<LoggedRequest, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_gate)
        {
            return _entries.Count(predicate);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <summary>Requests under /crm/.</summary>
    public int ApiCalls => Count(r => r.IsApiCall);

    /// <summary>POST /oauth/v2/token requests.</summary>
    public int TokenCalls => Count(r => r.IsTokenCall);

    internal void Add(LoggedRequest entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }
}
