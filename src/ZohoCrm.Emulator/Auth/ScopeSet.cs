namespace ZohoCrm.Emulator.Auth;

/// <summary>
/// What an endpoint needs, e.g. ZohoCRM + [modules, leads] + READ. A granted scope
/// <c>Service.a.b.OP</c> covers it when a.b is a prefix of the needed path and OP is ALL or the same
/// operation, so ZohoCRM.modules.ALL, ZohoCRM.modules.READ and ZohoCRM.modules.leads.READ all cover reading Leads.
/// </summary>
internal sealed record ScopeRequirement(string Service, string[] Path, string Operation)
{
    public static ScopeRequirement Crm(string operation, params string[] path) => new("ZohoCRM", path, operation);

    public override string ToString() => $"{Service}.{string.Join('.', Path)}.{Operation}";
}

/// <summary>The scopes a token was granted.</summary>
internal sealed class ScopeSet
{
    private readonly (string Service, string[] Path, string Operation)[] _parsed;

    public ScopeSet(IEnumerable<string> scopes)
    {
        Scopes = scopes.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _parsed = Scopes.Select(Parse).Where(p => p.Service.Length > 0).ToArray();
    }

    public IReadOnlyList<string> Scopes { get; }

    /// <summary>Scopes as Zoho's console takes them: separated by commas (or spaces).</summary>
    public static ScopeSet FromText(string? text) =>
        new((text ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Space-separated, as the token response's "scope".</summary>
    public override string ToString() => string.Join(' ', Scopes);

    public bool Covers(ScopeRequirement need)
    {
        foreach (var (service, path, operation) in _parsed)
        {
            if (!string.Equals(service, need.Service, StringComparison.OrdinalIgnoreCase) || path.Length > need.Path.Length)
            {
                continue;
            }

            var prefix = true;
            for (var i = 0; i < path.Length && prefix; i++)
            {
                prefix = string.Equals(path[i], need.Path[i], StringComparison.OrdinalIgnoreCase);
            }

            if (prefix && (string.Equals(operation, "ALL", StringComparison.OrdinalIgnoreCase) ||
                           string.Equals(operation, need.Operation, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Service, string[] Path, string Operation) Parse(string scope)
    {
        var parts = scope.Split('.');
        return parts.Length < 2 ? (string.Empty, Array.Empty<string>(), string.Empty) : (parts[0], parts[1..^1], parts[^1]);
    }
}
