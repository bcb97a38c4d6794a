namespace ZohoCrm.Emulator.Faults;

/// <summary>The active fault rules and their counters.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<ActiveRule> _rules = new();

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _rules.Add(new ActiveRule(rule));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rules that are still active (not used up).</summary>
    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_gate)
            {
                return _rules.Where(r => !r.UsedUp).Select(r => r.Rule).ToList();
            }
        }
    }

    /// <summary>
    /// The faults that fire for this request, in rule order. Delay, ExpireAccessTokens and CutBody do not end the
    /// request, so evaluation goes on past them; the first terminal fault ends it.
    /// </summary>
    internal IReadOnlyList<FaultRule> Match(string method, string path)
    {
        List<FaultRule>? fired = null;
        lock (_gate)
        {
            foreach (var active in _rules)
            {
                var rule = active.Rule;
                if (active.UsedUp || !Matches(rule, method, path))
                {
                    continue;
                }

                if (active.Skipped < rule.Skip)
                {
                    active.Skipped++;
                    continue;
                }

                active.Fired++;
                (fired ??= new List<FaultRule>()).Add(rule);
                if (rule.Kind is not (FaultKind.Delay or FaultKind.ExpireAccessTokens or FaultKind.CutBody))
                {
                    break;
                }
            }

            _rules.RemoveAll(r => r.UsedUp);
        }

        return fired ?? (IReadOnlyList<FaultRule>)Array.Empty<FaultRule>();
    }

    private static bool Matches(FaultRule rule, string method, string path) =>
        (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase)) &&
        (rule.PathPrefix is null || path.StartsWith(rule.PathPrefix, StringComparison.Ordinal));

    private sealed class ActiveRule(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int Skipped { get; set; }

        public int Fired { get; set; }

        public bool UsedUp => Rule.Count > 0 && Fired >= Rule.Count;
    }
}
