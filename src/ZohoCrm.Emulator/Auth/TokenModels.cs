namespace ZohoCrm.Emulator.Auth;

internal sealed class GrantCode
{
    public required string Code { get; init; }

    public required ScopeSet Scopes { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public bool Used { get; set; }

    /// <summary>The data centre whose accounts server exchanges it; null is the emulator's own.</summary>
    public string? Location { get; init; }
}

internal sealed class RefreshTokenEntry
{
    public required string Token { get; init; }

    public required ScopeSet Scopes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The data centre whose accounts server refreshes it; null is the emulator's own.</summary>
    public string? Location { get; init; }

    /// <summary>Access tokens minted from this refresh token, oldest first.</summary>
    public List<AccessTokenEntry> AccessTokens { get; } = new();

    /// <summary>Times of recent mints, for the per-window limit.</summary>
    public Queue<DateTimeOffset> Mints { get; } = new();
}

internal sealed class AccessTokenEntry
{
    public required string Token { get; init; }

    public required ScopeSet Scopes { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public RefreshTokenEntry? RefreshToken { get; init; }
}

/// <summary>Outcome of a token request: a token body or a Zoho Accounts error body.</summary>
internal sealed record TokenResult(int StatusCode, IReadOnlyDictionary<string, object?> Body);
