using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>Keeps a saved profile in step with its connection, shared safely with other processes (the logic is Core's <see cref="SharedProfile"/>).</summary>
    internal static class ProfilePersistence
    {
        /// <summary>The saved profile <c>ZohoCrm/&lt;profile&gt;</c> in <paramref name="vault"/>, as the connection's token provider shares it.</summary>
        public static SharedProfile For(string vault, string profile) => new SharedProfile(new VaultProfileStore(vault, profile));

        /// <summary>Saves the whole profile of a connection made with new credentials: it wins over whatever is saved.</summary>
        public static Task SaveWholeAsync(ZcrmSession session, IZcrmLog log, CancellationToken ct)
        {
            var connection = session.Connection;
            var shared = connection.Tokens.Shared ?? For(session.Vault!, session.Profile);
            log.Verbose($"Saving profile '{session.Profile}' to vault '{session.Vault}' as secret '{SavedProfile.SecretName(session.Profile)}'.");
            var text = SavedProfile.Serialize(connection.Settings, connection.Tokens.Current, connection.User, connection.Org);
            return shared.SaveWholeAsync(text, log, ct);
        }
    }

    /// <summary>
    /// A profile secret in a SecretManagement vault. SecretManagement runs as a nested pipeline of the current runspace,
    /// so reads and writes go to the pipeline thread of whichever cmdlet is running this async flow (the cmdlet that
    /// happens to need a token), where vault prompts reach the user's host.
    /// </summary>
    internal sealed class VaultProfileStore : IProfileStore
    {
        private readonly string _vault;
        private readonly string _secretName;

        public VaultProfileStore(string vault, string profile)
        {
            _vault = vault;
            _secretName = SavedProfile.SecretName(profile);
        }

        public string Key => _vault + "\n" + _secretName;

        public Task<string?> ReadAsync(IZcrmLog log, CancellationToken ct)
        {
            var cmdlet = AsyncZcrmCmdlet.Current;
            if (cmdlet == null) return Task.FromResult<string?>(null);
            return cmdlet.OnPipelineThreadAsync(() => SecretVault.TryLoad(_vault, _secretName));
        }

        public Task WriteAsync(string text, IZcrmLog log, CancellationToken ct)
        {
            var cmdlet = AsyncZcrmCmdlet.Current;
            if (cmdlet == null) return Task.CompletedTask;
            return cmdlet.OnPipelineThreadAsync(() =>
            {
                SecretVault.Save(_vault, _secretName, text);
                return true;
            });
        }
    }
}
