using System;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Auth
{
    /// <summary>
    /// Hands out a valid access token, refreshing it shortly before expiry or when Zoho rejects it. Every caller of a
    /// connection shares one refresh: Zoho caps minting at 10 tokens per refresh token per 10 minutes.
    /// </summary>
    public sealed class TokenProvider
    {
        private readonly OAuthClient _oauth;
        private readonly string _clientId;
        private readonly string _clientSecret;
        private readonly string _refreshToken;
        private readonly Func<DateTimeOffset> _clock;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private AccessToken? _current;

        public TokenProvider(OAuthClient oauth, string clientId, string clientSecret, string refreshToken, AccessToken? cached, Func<DateTimeOffset>? clock = null)
        {
            _oauth = oauth;
            _clientId = clientId;
            _clientSecret = clientSecret;
            _refreshToken = refreshToken;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _current = cached;
            SecretRedactor.Register(clientSecret);
            SecretRedactor.Register(refreshToken);
            SecretRedactor.Register(cached?.Value);
        }

        /// <summary>Raised after a new access token was minted, so that it can be saved for the next process.</summary>
        public event Func<AccessToken, Task>? Refreshed;

        public AccessToken? Current => _current;

        public int RefreshCount { get; private set; }

        public Task<AccessToken> GetAsync(IZcrmLog log, CancellationToken ct)
        {
            var token = _current;
            if (token != null && token.IsUsableAt(_clock())) return Task.FromResult(token);
            return RefreshAsync(token, log, ct);
        }

        /// <summary>Mints a new token unless another caller already replaced <paramref name="stale"/> with a usable one.</summary>
        public async Task<AccessToken> RefreshAsync(AccessToken? stale, IZcrmLog log, CancellationToken ct)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var current = _current;
                if (current != null && !ReferenceEquals(current, stale) && current.IsUsableAt(_clock())) return current;

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
                        catch (Exception ex) { log.Warning("The new access token could not be saved: " + ex.Message); }
                    }
                }
                return grant.AccessToken;
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>Forgets the cached token (after revoking), so no later call uses it.</summary>
        public void Clear() => _current = null;
    }
}
