using System;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Connections
{
    /// <summary>What became of a refreshed token offered to the saved profile.</summary>
    public enum TokenSaveOutcome
    {
        /// <summary>The token part was replaced; everything else stayed as saved.</summary>
        Saved,

        /// <summary>The profile holds another (newer) refresh token now; nothing was written.</summary>
        Superseded,

        /// <summary>The profile is gone (removed) or unreadable; it is not recreated from a token refresh.</summary>
        NoProfile,
    }

    /// <summary>
    /// One saved profile as many processes share it: a lock per profile across processes, reads of what is saved now,
    /// and read-modify-write saves that never move the profile backwards (a refresh writes only the token part, and only
    /// while the saved refresh token is the one the token was minted from; a whole profile written by a new connection
    /// always wins, with a revision above the saved one).
    /// </summary>
    public sealed class SharedProfile
    {
        /// <summary>Seconds a throttled mint waits for another process's token (overrides <see cref="ThrottledWait"/>).</summary>
        public const string ThrottledWaitVariable = "ZCRM_THROTTLED_TOKEN_WAIT_SECONDS";

        private readonly string? _lockFolder;

        public SharedProfile(IProfileStore store, string? lockFolder = null)
        {
            Store = store ?? throw new ArgumentNullException(nameof(store));
            _lockFolder = lockFolder;
            var seconds = Environment.GetEnvironmentVariable(ThrottledWaitVariable);
            if (double.TryParse(seconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var wait) && wait >= 0)
                ThrottledWait = TimeSpan.FromSeconds(wait);
        }

        public IProfileStore Store { get; }

        public TimeSpan LockTimeout { get; set; } = ProfileLock.DefaultTimeout;

        /// <summary>How long a mint Zoho refused as throttled waits for a token another process saves.</summary>
        public TimeSpan ThrottledWait { get; set; } = TimeSpan.FromSeconds(60);

        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

        public Task<ProfileLockHandle> LockAsync(IZcrmLog log, CancellationToken ct) => ProfileLock.AcquireAsync(Store.Key, LockTimeout, log, ct, _lockFolder);

        /// <summary>What is saved now; null when nothing (readable) is.</summary>
        public async Task<SavedProfileState?> ReadStateAsync(IZcrmLog log, CancellationToken ct)
        {
            var text = await Store.ReadAsync(log, ct).ConfigureAwait(false);
            if (text == null) return null;
            try { return SavedProfile.ReadState(text); }
            catch (ZcrmUsageException) { return null; }
        }

        /// <summary>
        /// Saves a freshly minted access token: only the token part, and only while the saved refresh token is
        /// <paramref name="mintedFrom"/>. Call with the lock held.
        /// </summary>
        public async Task<TokenSaveOutcome> SaveTokenAsync(string mintedFrom, AccessToken token, IZcrmLog log, CancellationToken ct)
        {
            var text = await Store.ReadAsync(log, ct).ConfigureAwait(false);
            if (text == null) return TokenSaveOutcome.NoProfile;
            SavedProfileState state;
            try { state = SavedProfile.ReadState(text); }
            catch (ZcrmUsageException) { return TokenSaveOutcome.NoProfile; }
            if (!string.Equals(state.RefreshToken, mintedFrom, StringComparison.Ordinal)) return TokenSaveOutcome.Superseded;
            await Store.WriteAsync(SavedProfile.WithToken(text, token), log, ct).ConfigureAwait(false);
            return TokenSaveOutcome.Saved;
        }

        /// <summary>A whole profile from a connection with new credentials: it always wins, one revision above what is saved.</summary>
        public async Task<long> SaveWholeAsync(string text, IZcrmLog log, CancellationToken ct)
        {
            using var held = await LockAsync(log, ct).ConfigureAwait(false);
            var saved = await ReadStateAsync(log, ct).ConfigureAwait(false);
            var revision = (saved?.Revision ?? 0) + 1;
            await Store.WriteAsync(SavedProfile.WithRevision(text, revision), log, ct).ConfigureAwait(false);
            return revision;
        }

        /// <summary>Whether a saved refresh token should replace a process's own: it is another one, and not older.</summary>
        public static bool IsNewerRefreshToken(SavedProfileState saved, string ownRefreshToken, DateTimeOffset? ownIssuedAt)
        {
            if (string.IsNullOrEmpty(saved.RefreshToken) || string.Equals(saved.RefreshToken, ownRefreshToken, StringComparison.Ordinal)) return false;
            if (ownIssuedAt == null) return true; // ours predates issue times: whoever saved another one since is newer
            return saved.RefreshTokenIssuedAt != null && saved.RefreshTokenIssuedAt.Value >= ownIssuedAt.Value;
        }
    }
}
