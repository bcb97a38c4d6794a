using System;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Auth
{
    /// <summary>
    /// Hands out a valid access token, refreshing it shortly before expiry or when Zoho rejects it. Every caller of a
    /// connection shares one refresh: Zoho caps minting at 10 tokens per refresh token per 10 minutes. With a saved
    /// profile, processes share one refresh too: the mint happens under the profile's cross-process lock, after
    /// reading the profile again, so a token another process just saved is used instead of minting one.
    /// </summary>
    public sealed class TokenProvider
    {
        private readonly OAuthClient _oauth;
        private readonly string _clientId;
        private readonly string _clientSecret;
        private readonly SharedProfile? _shared;
        private readonly Func<DateTimeOffset> _clock;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private string _refreshToken;
        private DateTimeOffset? _refreshTokenIssuedAt;
        private AccessToken? _current;

        public TokenProvider(OAuthClient oauth, string clientId, string clientSecret, string refreshToken, AccessToken? cached, Func<DateTimeOffset>? clock = null,
            SharedProfile? shared = null, DateTimeOffset? refreshTokenIssuedAt = null)
        {
            _oauth = oauth;
            _clientId = clientId;
            _clientSecret = clientSecret;
            _refreshToken = refreshToken;
            _refreshTokenIssuedAt = refreshTokenIssuedAt;
            _shared = shared;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _current = cached;
            SecretRedactor.Register(clientSecret);
            SecretRedactor.Register(refreshToken);
            SecretRedactor.Register(cached?.Value);
        }

        /// <summary>Raised after a new access token was minted.</summary>
        public event Func<AccessToken, Task>? Refreshed;

        public AccessToken? Current => _current;

        /// <summary>The refresh token in use: the one connected with, or a newer one another process saved to the profile since.</summary>
        public string RefreshToken => _refreshToken;

        public DateTimeOffset? RefreshTokenIssuedAt => _refreshTokenIssuedAt;

        public SharedProfile? Shared => _shared;

        /// <summary>Tokens this provider minted itself (not those taken from the saved profile).</summary>
        public int RefreshCount { get; private set; }

        public Task<AccessToken> GetAsync(IZcrmLog log, CancellationToken ct)
        {
            var token = _current;
            if (token != null && token.IsUsableAt(_clock())) return Task.FromResult(token);
            return RefreshAsync(token, log, ct);
        }

        /// <summary>Mints a new token unless another caller (or process) already replaced <paramref name="stale"/> with a usable one.</summary>
        public async Task<AccessToken> RefreshAsync(AccessToken? stale, IZcrmLog log, CancellationToken ct)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var current = _current;
                if (current != null && !ReferenceEquals(current, stale) && current.IsUsableAt(_clock())) return current;
                if (_shared == null) return await MintAsync(stale, log, ct).ConfigureAwait(false);

                ZohoAuthException? throttled = null;
                using (var held = await _shared.LockAsync(log, ct).ConfigureAwait(false))
                {
                    var saved = await _shared.ReadStateAsync(held, log, ct).ConfigureAwait(false);
                    if (TryTakeSaved(saved, stale, log) is AccessToken taken) return taken;
                    AccessToken? minted = null;
                    try
                    {
                        minted = await MintAsync(stale, log, ct).ConfigureAwait(false);
                    }
                    catch (ZohoAuthException ex) when (ex.IsThrottled)
                    {
                        throttled = ex;
                    }
                    if (minted != null)
                    {
                        await SaveAsync(minted, held, log, ct).ConfigureAwait(false);
                        return minted;
                    }
                }
                // Outside the lock, so the process that got a token can save it.
                return await WaitForSavedTokenAsync(stale, throttled!, log, ct).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Forgets the cached token (after revoking), so no later call uses it.</summary>
        public void Clear() => _current = null;

        private async Task<AccessToken> MintAsync(AccessToken? stale, IZcrmLog log, CancellationToken ct)
        {
            log.Verbose(stale == null ? "Requesting an access token." : $"Refreshing the access token (the previous one {(stale.IsUsableAt(_clock()) ? "was rejected by Zoho" : "expires at " + stale.ExpiresAt.ToString("u"))}).");
            var grant = await _oauth.RefreshAsync(_clientId, _clientSecret, _refreshToken, log, ct).ConfigureAwait(false);
            _current = grant.AccessToken;
            RefreshCount++;
            var handlers = Refreshed;
            if (handlers != null)
            {
                foreach (Func<AccessToken, Task> handler in handlers.GetInvocationList())
                {
                    try { await handler(grant.AccessToken).ConfigureAwait(false); }
                    catch (Exception ex) { log.Warning("A handler of the new access token failed: " + ex.Message); }
                }
            }
            return grant.AccessToken;
        }

        private async Task SaveAsync(AccessToken minted, ProfileLockHandle held, IZcrmLog log, CancellationToken ct)
        {
            try
            {
                var outcome = await _shared!.SaveTokenAsync(_refreshToken, minted, log, ct, held).ConfigureAwait(false);
                switch (outcome)
                {
                    case TokenSaveOutcome.Saved:
                        log.Verbose("Saved the new access token to the profile (only the token; the rest stays as saved).");
                        break;
                    case TokenSaveOutcome.Superseded:
                        log.Verbose("The saved profile holds a newer refresh token than this session's, so the new access token was not saved over it.");
                        break;
                    default:
                        log.Verbose("The saved profile could not be read (removed, or its vault is locked or cannot be reached), so the new access token was kept in this session only.");
                        break;
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                log.Warning("The new access token could not be saved to the profile: " + SecretRedactor.Redact(ex.Message));
            }
        }

        /// <summary>
        /// Takes what another process saved, when it is better than <paramref name="stale"/>: a newer refresh token
        /// (from a new connection) and, while it is valid, the saved access token.
        /// </summary>
        private AccessToken? TryTakeSaved(SavedProfileState? saved, AccessToken? stale, IZcrmLog log)
        {
            if (saved == null) return null;
            if (SharedProfile.IsNewerRefreshToken(saved, _refreshToken, _refreshTokenIssuedAt))
            {
                SecretRedactor.Register(saved.RefreshToken);
                _refreshToken = saved.RefreshToken!;
                _refreshTokenIssuedAt = saved.RefreshTokenIssuedAt;
                log.Verbose("The saved profile has a newer refresh token (from a later connection); using it from now on.");
            }
            if (!string.Equals(saved.RefreshToken, _refreshToken, StringComparison.Ordinal)) return null;
            var token = saved.AccessToken;
            if (token == null || !token.IsUsableAt(_clock())) return null;
            if (stale != null && string.Equals(token.Value, stale.Value, StringComparison.Ordinal)) return null;
            if (_current != null && string.Equals(token.Value, _current.Value, StringComparison.Ordinal) && !ReferenceEquals(_current, stale)) return _current;
            SecretRedactor.Register(token.Value);
            _current = token;
            log.Verbose($"Using the access token another process saved to the profile (valid until {token.ExpiresAt:u}); no token requested.");
            return token;
        }

        private async Task<AccessToken> WaitForSavedTokenAsync(AccessToken? stale, ZohoAuthException throttled, IZcrmLog log, CancellationToken ct)
        {
            var wait = _shared!.ThrottledWait;
            var started = _clock();
            log.Verbose($"Zoho refused a new access token (too many token requests). Waiting up to {wait.TotalSeconds:0} s for a token another process saves to the profile.");
            while (_clock() - started < wait)
            {
                var pause = _shared.PollInterval < wait - (_clock() - started) ? _shared.PollInterval : wait - (_clock() - started);
                if (pause > TimeSpan.Zero) await Task.Delay(pause, ct).ConfigureAwait(false);
                var saved = await _shared.ReadStateAsync(log, ct).ConfigureAwait(false);
                if (TryTakeSaved(saved, stale, log) is AccessToken taken) return taken;
                log.Verbose($"No new token in the profile yet ({(_clock() - started).TotalSeconds:0} of {wait.TotalSeconds:0} s).");
            }
            throw throttled;
        }
    }
}
