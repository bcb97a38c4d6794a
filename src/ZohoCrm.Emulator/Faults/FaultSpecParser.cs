using System.Globalization;

namespace ZohoCrm.Emulator.Faults;

/// <summary>
/// Parses the --fault flag: <c>KIND[:key=value,...]</c> where KIND is 429, 500, 503, drop, slow or expire
/// cut (or a <see cref="FaultKind"/> name) and the keys are count, skip, path, method, retry-after, delay-ms and after-bytes.
/// </summary>
public static class FaultSpecParser
{
    public static FaultRule Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kindText = (colon < 0 ? spec : spec[..colon]).Trim();
        var rule = new FaultRule { Kind = ParseKind(kindText) };
        if (colon < 0)
        {
            return rule;
        }

        foreach (var part in spec[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"Fault option '{part}' is not key=value.");
            }

            var key = part[..eq].Trim().ToLowerInvariant();
            var value = part[(eq + 1)..].Trim();
            switch (key)
            {
                case "count": rule.Count = ParseInt(key, value); break;
                case "skip": rule.Skip = ParseInt(key, value); break;
                case "retry-after": rule.RetryAfterSeconds = ParseInt(key, value); break;
                case "delay-ms": rule.DelayMs = ParseInt(key, value); break;
                case "after-bytes": rule.AfterBytes = ParseInt(key, value); break;
                case "path": rule.PathPrefix = value; break;
                case "method": rule.Method = value.ToUpperInvariant(); break;
                default: throw new FormatException($"Unknown fault option '{key}'.");
            }
        }

        return rule;
    }

    private static FaultKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "429" or "too-many-requests" => FaultKind.TooManyRequests,
        "500" or "internal-error" => FaultKind.InternalError,
        "503" or "service-unavailable" => FaultKind.ServiceUnavailable,
        "drop" => FaultKind.DropConnection,
        "slow" or "delay" => FaultKind.Delay,
        "expire" or "expire-tokens" => FaultKind.ExpireAccessTokens,
        "cut" or "cut-body" => FaultKind.CutBody,
        _ when text.Length > 0 && char.IsLetter(text[0]) && Enum.TryParse<FaultKind>(text, ignoreCase: true, out var kind) => kind,
        _ => throw new FormatException($"Unknown fault kind '{text}'."),
    };

    private static int ParseInt(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new FormatException($"Fault option '{key}' needs a non-negative integer, not '{value}'.");
}
