using System.Security.Cryptography;

namespace ZohoCrm.Emulator.Auth;

/// <summary>
/// Zoho Accounts in miniature: one client, grant codes, refresh and access tokens, and the limits of
/// fact sheet §1.6.
/// </summary>
internal sealed class TokenStore
{
    public const string AccessDeniedDescription = "You have made too many requests continuously. Please try again after some time.";

    private readonly object _gate = new();
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, GrantCode> _codes = new(StringComparer.Ordinal);
    private readonly List<RefreshTokenEntry> _refreshTokens = new();
    private readonly Dictionary<string, AccessTokenEntry> _accessTokens = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _refreshTokenCreations = new();
    private readonly Queue<DateTimeOffset> _codeIssues = new();

    public TokenStore(EmulatorOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _refreshTokens.Add(new RefreshTokenEntry
        {
            Token = options.RefreshToken,
            Scopes = ScopeSet.FromText(EmulatorOptions.DefaultScopes),
            CreatedAt = clock.GetUtcNow(),
        });
    }

    private int _mints;
    private int _deniedMints;

    /// <summary>Access tokens issued (by either grant) since the start.</summary>
    public int MintCount => Volatile.Read(ref _mints);

    /// <summary>Token requests refused as throttled ("Access Denied") since the start.</summary>
    public int DeniedMintCount => Volatile.Read(ref _deniedMints);

    /// <summary>The api_domain of token responses (the emulator's own URL).</summary>
    public string ApiDomain { get; set; } = "http://127.0.0.1";

    public int RefreshTokenCount
    {
        get
        {
            lock (_gate)
            {
                return _refreshTokens.Count;
            }
        }
    }

    /// <summary>Like the API console's Self Client "Generate Code"; throws when codes are asked for too fast.</summary>
    public string IssueGrantCode(string scopes, TimeSpan lifetime, string? location = null)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            Trim(_codeIssues, now - TimeSpan.FromMinutes(1));
            if (_options.GrantCodesPerMinute > 0 && _codeIssues.Count >= _options.GrantCodesPerMinute)
            {
                throw new InvalidOperationException($"Grant codes are limited to {_options.GrantCodesPerMinute} per minute.");
            }

            _codeIssues.Enqueue(now);
            var code = "1000." + Hex(16) + "." + Hex(16);
            _codes[code] = new GrantCode { Code = code, Scopes = ScopeSet.FromText(scopes), ExpiresAt = now + lifetime, Location = location };
            return code;
        }
    }

    /// <summary>A code exchanged at another data centre's accounts server is unknown there (invalid_code), as in Zoho.</summary>
    public TokenResult ExchangeCode(string? clientId, string? clientSecret, string? code, string? redirectUri, string? location = null)
    {
        if (CheckClient(clientId, clientSecret) is { } clientError)
        {
            return clientError;
        }

        if (_options.RedirectUri is not null && redirectUri is not null && redirectUri != _options.RedirectUri)
        {
            return Error(_options.RedirectUriMismatchError);
        }

        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            if (code is null || !_codes.TryGetValue(code, out var grant) || grant.Used || grant.ExpiresAt <= now || !SameLocation(grant.Location, location))
            {
                return Error("invalid_code");
            }

            Trim(_refreshTokenCreations, now - TimeSpan.FromMinutes(1));
            if (_options.RefreshTokenCreationsPerMinute > 0 && _refreshTokenCreations.Count >= _options.RefreshTokenCreationsPerMinute)
            {
                return AccessDenied();
            }

            if (_refreshTokens.Count >= _options.RefreshTokenLimit)
            {
                if (_options.RefreshTokenLimitBehavior == RefreshTokenLimitBehavior.Error)
                {
                    return AccessDenied();
                }

                while (_refreshTokens.Count >= _options.RefreshTokenLimit)
                {
                    RemoveRefreshToken(_refreshTokens[0]);
                }
            }

            grant.Used = true;
            _refreshTokenCreations.Enqueue(now);
            var refresh = new RefreshTokenEntry { Token = "1000." + Hex(16) + "." + Hex(16), Scopes = grant.Scopes, CreatedAt = now, Location = grant.Location };
            _refreshTokens.Add(refresh);
            var access = Mint(refresh, now);
            return Success(access, refresh.Token);
        }
    }

    public TokenResult Refresh(string? clientId, string? clientSecret, string? refreshToken, string? location = null)
    {
        if (CheckClient(clientId, clientSecret) is { } clientError)
        {
            return clientError;
        }

        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            var entry = refreshToken is null ? null : _refreshTokens.FirstOrDefault(r => r.Token == refreshToken && SameLocation(r.Location, location));
            if (entry is null)
            {
                return Error("invalid_code");
            }

            Trim(entry.Mints, now - _options.TokenMintWindow);
            if (_options.TokenMintsPerWindow > 0 && entry.Mints.Count >= _options.TokenMintsPerWindow)
            {
                return AccessDenied();
            }

            return Success(Mint(entry, now), null);
        }
    }

    /// <summary>Revokes a refresh token (and, by default, its access tokens) or a single access token.</summary>
    public void Revoke(string token)
    {
        lock (_gate)
        {
            var refresh = _refreshTokens.FirstOrDefault(r => r.Token == token);
            if (refresh is not null)
            {
                _refreshTokens.Remove(refresh);
                if (_options.RevokeInvalidatesAccessTokens)
                {
                    foreach (var access in refresh.AccessTokens)
                    {
                        _accessTokens.Remove(access.Token);
                    }
                }

                return;
            }

            if (_accessTokens.Remove(token, out var removed))
            {
                removed.RefreshToken?.AccessTokens.Remove(removed);
            }
        }
    }

    /// <summary>The live access token, or null when it is unknown, revoked or expired.</summary>
    public AccessTokenEntry? Validate(string accessToken)
    {
        lock (_gate)
        {
            return _accessTokens.TryGetValue(accessToken, out var entry) && entry.ExpiresAt > _clock.GetUtcNow() ? entry : null;
        }
    }

    public void ExpireAllAccessTokens()
    {
        lock (_gate)
        {
            _accessTokens.Clear();
            foreach (var refresh in _refreshTokens)
            {
                refresh.AccessTokens.Clear();
            }
        }
    }

    private AccessTokenEntry Mint(RefreshTokenEntry refresh, DateTimeOffset now)
    {
        Interlocked.Increment(ref _mints);
        refresh.Mints.Enqueue(now);
        refresh.AccessTokens.RemoveAll(a =>
        {
            var expired = a.ExpiresAt <= now;
            if (expired)
            {
                _accessTokens.Remove(a.Token);
            }

            return expired;
        });
        while (_options.ActiveAccessTokensPerRefreshToken > 0 && refresh.AccessTokens.Count >= _options.ActiveAccessTokensPerRefreshToken)
        {
            _accessTokens.Remove(refresh.AccessTokens[0].Token);
            refresh.AccessTokens.RemoveAt(0);
        }

        var access = new AccessTokenEntry
        {
            Token = "1000." + Hex(16) + "." + Hex(16),
            Scopes = refresh.Scopes,
            ExpiresAt = now + TimeSpan.FromSeconds(_options.TokenLifetimeSeconds),
            RefreshToken = refresh,
        };
        refresh.AccessTokens.Add(access);
        _accessTokens[access.Token] = access;
        return access;
    }

    private void RemoveRefreshToken(RefreshTokenEntry entry)
    {
        _refreshTokens.Remove(entry);
        foreach (var access in entry.AccessTokens)
        {
            _accessTokens.Remove(access.Token);
        }
    }

    public TokenResult? CheckClient(string? clientId, string? clientSecret)
    {
        if (clientId != _options.ClientId)
        {
            return Error("invalid_client");
        }

        return clientSecret != _options.ClientSecret ? Error("invalid_client_secret") : null;
    }

    private TokenResult Success(AccessTokenEntry access, string? refreshToken)
    {
        var body = new Dictionary<string, object?> { ["access_token"] = access.Token };
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }

        if (_options.IncludeScopeInTokenResponse)
        {
            body["scope"] = access.Scopes.ToString();
        }

        body["api_domain"] = ApiDomain;
        body["token_type"] = "Bearer";
        body["expires_in"] = _options.TokenLifetimeSeconds;
        return new TokenResult(200, body);
    }

    public static TokenResult Error(string error) => new(200, new Dictionary<string, object?> { ["error"] = error });

    private TokenResult AccessDenied()
    {
        Interlocked.Increment(ref _deniedMints);
        return AccessDeniedBody();
    }

    private TokenResult AccessDeniedBody() => new(
        _options.AccessDeniedStatusCode,
        new Dictionary<string, object?>
        {
            ["error_description"] = AccessDeniedDescription,
            ["error"] = "Access Denied",
            ["status"] = "failure",
        });

    /// <summary>Null stands for the emulator's own data centre.</summary>
    private bool SameLocation(string? a, string? b) =>
        string.Equals(a ?? _options.PrimaryLocation, b ?? _options.PrimaryLocation, StringComparison.OrdinalIgnoreCase);

    private static void Trim(Queue<DateTimeOffset> times, DateTimeOffset cutoff)
    {
        while (times.Count > 0 && times.Peek() <= cutoff)
        {
            times.Dequeue();
        }
    }

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
