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

        /// <summary>
        /// How long after a save under the lock a read that returns an older revision reads again (SecretStore keeps
        /// what a process read and reloads it about 5 s after another process writes the file).
        /// </summary>
        public TimeSpan StaleReadWait { get; set; } = TimeSpan.FromSeconds(10);

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
        /// What is saved now, read with <paramref name="held"/>: when the vault returns an older revision than the last
        /// one saved under the lock (a vault that serves what this process read earlier, as SecretStore does for a few
        /// seconds after another process writes), it is read again until that save is <see cref="StaleReadWait"/> old.
        /// An older revision after that is what the vault holds (restored, or written over), and is taken as it is.
        /// </summary>
        public async Task<SavedProfileState?> ReadStateAsync(ProfileLockHandle held, IZcrmLog log, CancellationToken ct)
        {
            var saved = await ReadStateAsync(log, ct).ConfigureAwait(false);
            if (saved == null || !held.TryReadLastSave(out var expected, out var savedAt) || saved.Revision >= expected) return saved;
            var until = savedAt + StaleReadWait;
            if (DateTimeOffset.UtcNow >= until) return saved;
            log.Verbose($"The vault returned revision {saved.Revision} of the profile, older than revision {expected} another process saved {(DateTimeOffset.UtcNow - savedAt).TotalSeconds:0} s ago; reading it again for up to {(until - DateTimeOffset.UtcNow).TotalSeconds:0} s.");
            var started = DateTimeOffset.UtcNow;
            while (DateTimeOffset.UtcNow < until)
            {
                await Task.Delay(PollInterval, ct).ConfigureAwait(false);
                saved = await ReadStateAsync(log, ct).ConfigureAwait(false);
                if (saved == null || saved.Revision >= expected)
                {
                    log.Verbose($"The vault returned the current profile after {(DateTimeOffset.UtcNow - started).TotalMilliseconds:0} ms.");
                    return saved;
                }
            }
            log.Verbose("The vault still returns an older copy of the profile; going on with it.");
            return saved;
        }

        /// <summary>
        /// Saves a freshly minted access token: only the token part, and only while the saved refresh token is
        /// <paramref name="mintedFrom"/>. Call with the lock held (passed as <paramref name="held"/>, it records the revision saved).
        /// </summary>
        public async Task<TokenSaveOutcome> SaveTokenAsync(string mintedFrom, AccessToken token, IZcrmLog log, CancellationToken ct, ProfileLockHandle? held = null)
        {
            var text = await Store.ReadAsync(log, ct).ConfigureAwait(false);
            if (text == null) return TokenSaveOutcome.NoProfile;
            SavedProfileState state;
            try { state = SavedProfile.ReadState(text); }
            catch (ZcrmUsageException) { return TokenSaveOutcome.NoProfile; }
            if (!string.Equals(state.RefreshToken, mintedFrom, StringComparison.Ordinal)) return TokenSaveOutcome.Superseded;
            await Store.WriteAsync(SavedProfile.WithToken(text, token), log, ct).ConfigureAwait(false);
            held?.RecordSave(state.Revision + 1);
            return TokenSaveOutcome.Saved;
        }

        /// <summary>
        /// A whole profile from a connection with new credentials: it always wins, one revision above what is saved (or
        /// was last saved under the lock, should the vault still serve an older copy).
        /// </summary>
        public async Task<long> SaveWholeAsync(string text, IZcrmLog log, CancellationToken ct)
        {
            using var held = await LockAsync(log, ct).ConfigureAwait(false);
            var saved = await ReadStateAsync(log, ct).ConfigureAwait(false);
            var revision = (saved?.Revision ?? 0) + 1;
            if (held.TryReadLastSave(out var lastSaved, out _) && lastSaved >= revision) revision = lastSaved + 1;
            await Store.WriteAsync(SavedProfile.WithRevision(text, revision), log, ct).ConfigureAwait(false);
            held.RecordSave(revision);
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
