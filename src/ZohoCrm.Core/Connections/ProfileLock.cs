using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Connections
{
    /// <summary>
    /// A lock one process at a time holds for one saved profile: a file in a per-user folder opened with
    /// FileShare.None (Windows share modes; flock on Linux and macOS), so it is released when the process dies.
    /// Waiting polls, bounded; where no folder can be used, or the wait runs out, the caller goes on with only its
    /// in-process lock (a token may then be minted twice, which is better than failing).
    /// </summary>
    public static class ProfileLock
    {
        /// <summary>Set to "off" to skip the cross-process lock (the benchmark's baseline).</summary>
        public const string DisableVariable = "ZCRM_PROFILE_LOCK";

        /// <summary>Overrides the folder of the lock files.</summary>
        public const string FolderVariable = "ZCRM_PROFILE_LOCK_DIR";

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        private static readonly ThreadLocal<Random> Jitter = new ThreadLocal<Random>(() => new Random(Guid.NewGuid().GetHashCode()));

        public static bool IsDisabled => string.Equals(Environment.GetEnvironmentVariable(DisableVariable), "off", StringComparison.OrdinalIgnoreCase);

        /// <summary>The per-user folder for lock files, created if needed; null when none can be used.</summary>
        public static string? ResolveFolder()
        {
            var overridden = Environment.GetEnvironmentVariable(FolderVariable);
            if (!string.IsNullOrEmpty(overridden)) return TryCreate(overridden!);
            string? local = null;
            try { local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify); }
            catch (PlatformNotSupportedException) { }
            if (!string.IsNullOrEmpty(local) && TryCreate(Path.Combine(local!, "ZohoCrm.PowerShell", "locks")) is string fromLocal) return fromLocal;
            // No profile folder (a service account, a locked-down sandbox): a per-user folder under the temp folder.
            string user;
            try { user = Environment.UserName; }
            catch (Exception) { user = "user"; }
            return TryCreate(Path.Combine(Path.GetTempPath(), "ZohoCrm.PowerShell-" + Sanitize(user), "locks"));
        }

        /// <summary>The lock file of <paramref name="key"/> (vault and profile): a hash, so no name or secret shows in the file system.</summary>
        public static string FileNameFor(string key)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
            var builder = new StringBuilder("profile-");
            for (var i = 0; i < 12; i++) builder.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return builder.Append(".lock").ToString();
        }

        /// <summary>Waits (polling, up to <paramref name="timeout"/>) for the lock of <paramref name="key"/>.</summary>
        public static async Task<ProfileLockHandle> AcquireAsync(string key, TimeSpan timeout, IZcrmLog log, CancellationToken ct, string? folder = null)
        {
            if (folder == null && IsDisabled) return ProfileLockHandle.NotHeld("the cross-process lock is turned off");
            folder ??= ResolveFolder();
            if (folder == null)
            {
                log.Verbose("No folder for the profile lock can be used; other processes on this profile are not coordinated with.");
                return ProfileLockHandle.NotHeld("no lock folder");
            }

            var path = Path.Combine(folder, FileNameFor(key));
            var started = DateTimeOffset.UtcNow;
            var waited = false;
            while (true)
            {
                try
                {
                    var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    if (waited) log.Verbose($"Got the profile lock after {(DateTimeOffset.UtcNow - started).TotalMilliseconds:0} ms.");
                    return new ProfileLockHandle(stream);
                }
                catch (UnauthorizedAccessException)
                {
                    log.Verbose("The profile lock file cannot be opened; other processes on this profile are not coordinated with.");
                    return ProfileLockHandle.NotHeld("lock file not accessible");
                }
                catch (DirectoryNotFoundException)
                {
                    return ProfileLockHandle.NotHeld("lock folder gone");
                }
                catch (IOException)
                {
                    // Held by another process (a sharing violation on Windows, flock on Unix).
                }

                if (DateTimeOffset.UtcNow - started >= timeout)
                {
                    log.Warning($"Another process held the profile lock for more than {timeout.TotalSeconds:0} s; going on without it.");
                    return ProfileLockHandle.NotHeld("timed out");
                }
                if (!waited) log.Verbose("Another process holds the profile lock (it is getting a token); waiting for it.");
                waited = true;
                await Task.Delay(20 + Jitter.Value!.Next(40), ct).ConfigureAwait(false);
            }
        }

        private static string? TryCreate(string folder)
        {
            try
            {
                Directory.CreateDirectory(folder);
                return folder;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                return null;
            }
        }

        private static string Sanitize(string name)
        {
            var builder = new StringBuilder();
            foreach (var c in name) builder.Append(char.IsLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
            return builder.Length == 0 ? "user" : builder.ToString();
        }
    }

    /// <summary>A held profile lock (released on dispose), or the note of why none is held.</summary>
    public sealed class ProfileLockHandle : IDisposable
    {
        private FileStream? _stream;

        internal ProfileLockHandle(FileStream stream) { _stream = stream; }

        private ProfileLockHandle(string reason) { NotHeldReason = reason; }

        internal static ProfileLockHandle NotHeld(string reason) => new ProfileLockHandle(reason);

        /// <summary>Whether other processes are kept out (false: only the in-process lock applies).</summary>
        public bool IsHeld => _stream != null;

        public string? NotHeldReason { get; }

        /// <summary>
        /// The profile revision last saved under this lock, by any process, and when (the lock file holds these two
        /// numbers and nothing else); false when none was recorded or no lock is held.
        /// </summary>
        public bool TryReadLastSave(out long revision, out DateTimeOffset savedAt)
        {
            revision = 0;
            savedAt = default;
            var stream = _stream;
            if (stream == null) return false;
            try
            {
                stream.Position = 0;
                var buffer = new byte[64];
                var length = stream.Read(buffer, 0, buffer.Length);
                var parts = Encoding.ASCII.GetString(buffer, 0, length).Split(' ');
                if (parts.Length != 2
                    || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out revision)
                    || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                    || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
                savedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is NotSupportedException)
            {
                return false;
            }
        }

        /// <summary>Records in the lock file the revision just saved, so the next holder can tell a vault that serves an older copy.</summary>
        public void RecordSave(long revision)
        {
            var stream = _stream;
            if (stream == null) return;
            try
            {
                var text = revision.ToString(CultureInfo.InvariantCulture) + " " + DateTimeOffset.UtcNow.UtcTicks.ToString(CultureInfo.InvariantCulture);
                var bytes = Encoding.ASCII.GetBytes(text);
                stream.Position = 0;
                stream.SetLength(0);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is NotSupportedException)
            {
            }
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref _stream, null)?.Dispose();
        }
    }
}
