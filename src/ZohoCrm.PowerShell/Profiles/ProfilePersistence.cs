using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.PowerShell.Cmdlets;

namespace ZohoCrm.PowerShell.Profiles
{
    /// <summary>Keeps a saved profile in step with its connection, shared safely with other processes (the logic is Core's <see cref="SharedProfile"/>).</summary>
    internal static class ProfilePersistence
    {
        /// <summary>
        /// The saved profile <c>ZohoCrm/&lt;profile&gt;</c> in <paramref name="vault"/>, as the connection's token provider
        /// shares it. The vault is reached on the pipeline thread of whichever of <paramref name="cmdlets"/> (the
        /// runspace the connection is made in) is running when a token is needed.
        /// </summary>
        public static SharedProfile For(string vault, string profile, RunningCmdlets cmdlets) => new SharedProfile(new VaultProfileStore(vault, profile, cmdlets));

        /// <summary>Saves the whole profile of a connection made with new credentials: it wins over whatever is saved.</summary>
        public static Task SaveWholeAsync(ZcrmSession session, RunningCmdlets cmdlets, IZcrmLog log, CancellationToken ct)
        {
            var connection = session.Connection;
            var shared = connection.Tokens.Shared ?? For(session.Vault!, session.Profile, cmdlets);
            log.Verbose($"Saving profile '{session.Profile}' to vault '{session.Vault}' as secret '{SavedProfile.SecretName(session.Profile)}'.");
            var text = SavedProfile.Serialize(connection.Settings, connection.Tokens.Current, connection.User, connection.Org);
            return shared.SaveWholeAsync(text, log, ct);
        }
    }

    /// <summary>
    /// A profile secret in a SecretManagement vault. SecretManagement runs as a nested pipeline of the runspace, so reads
    /// and writes go to the pipeline thread of a cmdlet running in it (the one pumping now), where vault prompts reach
    /// the user's host. With no cmdlet running nothing is read or written, as the vault cannot be reached.
    /// </summary>
    internal sealed class VaultProfileStore : IProfileStore
    {
        private readonly string _vault;
        private readonly string _secretName;
        private readonly RunningCmdlets _cmdlets;

        public VaultProfileStore(string vault, string profile, RunningCmdlets cmdlets)
        {
            _vault = vault;
            _secretName = SavedProfile.SecretName(profile);
            _cmdlets = cmdlets;
        }

        public string Key => _vault + "\n" + _secretName;

        public Task<string?> ReadAsync(IZcrmLog log, CancellationToken ct) =>
            _cmdlets.InvokeAsync(() => SecretVault.TryLoad(_vault, _secretName), whenNoneRuns: null, ct);

        public Task WriteAsync(string text, IZcrmLog log, CancellationToken ct) =>
            _cmdlets.InvokeAsync(() =>
            {
                SecretVault.Save(_vault, _secretName, text);
                return true;
            }, whenNoneRuns: false, ct);
    }
}
