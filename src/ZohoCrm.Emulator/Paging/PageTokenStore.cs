using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ZohoCrm.Emulator.Paging;

/// <summary>The parameters a page token is bound to, in normalised form.</summary>
internal sealed record QueryShape(
    string Module,
    string Fields,
    string SortBy,
    string SortOrder,
    string? Cvid,
    string Converted,
    string Approved,
    int PerPage,
    string? Ids,
    DateTimeOffset? ModifiedSince);

/// <summary>Where a page token starts: after the record with key <see cref="After"/> (null: at the beginning).</summary>
internal sealed record PageTokenState(
    string Token,
    QueryShape Shape,
    (long Primary, long Id)? After,
    int Position,
    string? Previous,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Page tokens are opaque strings that name server-side state, so they can be bound to their query,
/// expire, and stay stable while records change (keyset paging).
/// </summary>
internal sealed class PageTokenStore
{
    private readonly ConcurrentDictionary<string, PageTokenState> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private int _created;

    public PageTokenStore(TimeProvider clock, TimeSpan lifetime)
    {
        _clock = clock;
        _lifetime = lifetime;
    }

    public PageTokenState Create(QueryShape shape, (long Primary, long Id)? after, int position, string? previous)
    {
        if (Interlocked.Increment(ref _created) % 1000 == 0)
        {
            var now = _clock.GetUtcNow();
            foreach (var (key, value) in _tokens)
            {
                if (value.ExpiresAt <= now)
                {
                    _tokens.TryRemove(key, out _);
                }
            }
        }

        var state = new PageTokenState(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            shape,
            after,
            position,
            previous,
            _clock.GetUtcNow() + _lifetime);
        _tokens[state.Token] = state;
        return state;
    }

    /// <summary>The token's state; null when unknown. <paramref name="expired"/> is set for a known token past its expiry.</summary>
    public PageTokenState? Find(string token, out bool expired)
    {
        expired = false;
        if (!_tokens.TryGetValue(token, out var state))
        {
            return null;
        }

        if (state.ExpiresAt <= _clock.GetUtcNow())
        {
            expired = true;
            return null;
        }

        return state;
    }
}
