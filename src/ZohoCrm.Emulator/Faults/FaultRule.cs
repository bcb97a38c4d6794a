namespace ZohoCrm.Emulator.Faults;

/// <summary>
/// One fault: among the requests that match <see cref="PathPrefix"/> and <see cref="Method"/>, the first
/// <see cref="Skip"/> pass untouched and the next <see cref="Count"/> get the fault (Count 0 or less: all of them).
/// </summary>
public sealed class FaultRule
{
    public FaultKind Kind { get; set; }

    /// <summary>Ordinal prefix of the request path, e.g. "/crm/v8/Leads"; null matches every /crm/ and /oauth/ path.</summary>
    public string? PathPrefix { get; set; }

    /// <summary>HTTP method (case-insensitive); null matches all.</summary>
    public string? Method { get; set; }

    public int Skip { get; set; }

    public int Count { get; set; } = 1;

    public int? RetryAfterSeconds { get; set; }

    public int DelayMs { get; set; }

    /// <summary>For <see cref="FaultKind.CutBody"/>: body bytes sent before the cut; null: half the body.</summary>
    public long? AfterBytes { get; set; }

    public override string ToString() =>
        $"{Kind} path={PathPrefix ?? "*"} method={Method ?? "*"} skip={Skip} count={Count} retry-after={RetryAfterSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} delay-ms={DelayMs}";
}
