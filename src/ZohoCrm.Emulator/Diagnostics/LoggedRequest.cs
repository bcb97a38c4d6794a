namespace ZohoCrm.Emulator.Diagnostics;

/// <summary>One request as the emulator saw it. StatusCode is 0 when the connection was dropped.</summary>
public sealed record LoggedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? Body,
    int StatusCode,
    DateTimeOffset Time)
{
    /// <summary>Request headers (multiple values joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Credits charged for the call (0 for errors and non-API requests).</summary>
    public int Credits { get; init; }

    public double DurationMs { get; init; }

    public bool IsApiCall => Path.StartsWith("/crm/", StringComparison.Ordinal);

    public bool IsTokenCall => Method == "POST" && Path == "/oauth/v2/token";
}
