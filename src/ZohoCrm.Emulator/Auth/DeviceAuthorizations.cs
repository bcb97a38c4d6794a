using System.Security.Cryptography;

namespace ZohoCrm.Emulator.Auth;

internal enum DeviceAuthorizationStatus
{
    Pending,
    Approved,
    Denied,
}

/// <summary>One device authorization (fact sheet §1.2a): the code the user types and the code the client polls with.</summary>
internal sealed class DeviceAuthorization
{
    public required string DeviceCode { get; init; }

    public required string UserCode { get; init; }

    public required string Scopes { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? LastPollAt { get; set; }

    public int Polls { get; set; }

    public DeviceAuthorizationStatus Status { get; set; }

    /// <summary>The user's data centre, known once the user has signed in and approved.</summary>
    public string? Location { get; set; }

    /// <summary>The grant behind the approval, exchanged by the first poll at the user's data centre.</summary>
    public string? GrantCode { get; set; }
}

/// <summary>
/// Device authorization (fact sheet §1.2a): /oauth/v3/device/code starts one, the user approves or denies it
/// (a test does so through /__emulator/device-authorizations), and /oauth/v3/device/token answers each poll with
/// authorization_pending, slow_down (two polls within the interval), access_denied, expired, other_dc, or tokens.
/// </summary>
internal sealed class DeviceAuthorizations
{
    private const string UserCodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly object _gate = new();
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly TokenStore _tokens;
    private readonly List<DeviceAuthorization> _all = new();

    public DeviceAuthorizations(EmulatorOptions options, TimeProvider clock, TokenStore tokens)
    {
        _options = options;
        _clock = clock;
        _tokens = tokens;
    }

    public DeviceAuthorization Start(string scopes)
    {
        var now = _clock.GetUtcNow();
        var authorization = new DeviceAuthorization
        {
            DeviceCode = "1004." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserCode = new string(Enumerable.Range(0, 8).Select(_ => UserCodeAlphabet[RandomNumberGenerator.GetInt32(UserCodeAlphabet.Length)]).ToArray()),
            Scopes = scopes,
            IssuedAt = now,
            ExpiresAt = now + TimeSpan.FromSeconds(_options.DeviceCodeLifetimeSeconds),
        };
        lock (_gate)
        {
            _all.Add(authorization);
        }

        return authorization;
    }

    public IReadOnlyList<DeviceAuthorization> Snapshot()
    {
        lock (_gate)
        {
            return _all.ToArray();
        }
    }

    /// <summary>
    /// The user's decision on the code they typed (null: the most recent pending one). Approving signs the user in
    /// at <paramref name="location"/> (null: the emulator's own data centre). False when there is no such pending code.
    /// </summary>
    public bool Decide(string? userCode, bool approve, string? location)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var authorization = _all.LastOrDefault(a =>
                a.Status == DeviceAuthorizationStatus.Pending && a.ExpiresAt > now &&
                (userCode is null || string.Equals(a.UserCode, userCode, StringComparison.OrdinalIgnoreCase)));
            if (authorization is null)
            {
                return false;
            }

            if (!approve)
            {
                authorization.Status = DeviceAuthorizationStatus.Denied;
                return true;
            }

            authorization.Location = location ?? _options.PrimaryLocation;
            authorization.GrantCode = _tokens.IssueGrantCode(authorization.Scopes, authorization.ExpiresAt - now, authorization.Location);
            authorization.Status = DeviceAuthorizationStatus.Approved;
            return true;
        }
    }

    /// <summary>One poll at the accounts server of <paramref name="servingLocation"/> (null: the emulator's own).</summary>
    public TokenResult Poll(string? clientId, string? clientSecret, string? deviceCode, string? servingLocation)
    {
        if (_tokens.CheckClient(clientId, clientSecret) is { } clientError)
        {
            return clientError;
        }

        string grantCode;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var authorization = deviceCode is null ? null : _all.FirstOrDefault(a => a.DeviceCode == deviceCode);
            if (authorization is null || (authorization.Status == DeviceAuthorizationStatus.Approved && authorization.GrantCode is null))
            {
                return TokenStore.Error("invalid_code");
            }

            if (now >= authorization.ExpiresAt)
            {
                return TokenStore.Error("expired");
            }

            var previous = authorization.LastPollAt;
            authorization.LastPollAt = now;
            authorization.Polls++;
            if (previous is { } last && now - last < TimeSpan.FromSeconds(_options.DevicePollIntervalSeconds))
            {
                return TokenStore.Error("slow_down");
            }

            switch (authorization.Status)
            {
                case DeviceAuthorizationStatus.Pending:
                    return TokenStore.Error("authorization_pending");
                case DeviceAuthorizationStatus.Denied:
                    return TokenStore.Error("access_denied");
            }

            var serving = servingLocation ?? _options.PrimaryLocation;
            if (!string.Equals(authorization.Location, serving, StringComparison.OrdinalIgnoreCase))
            {
                return new TokenResult(200, new Dictionary<string, object?> { ["error"] = "other_dc", ["user_location"] = authorization.Location });
            }

            grantCode = authorization.GrantCode!;
            authorization.GrantCode = null;
        }

        return _tokens.ExchangeCode(clientId, clientSecret, grantCode, redirectUri: null, servingLocation);
    }
}
