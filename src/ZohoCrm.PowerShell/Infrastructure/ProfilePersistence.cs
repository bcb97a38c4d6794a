using System.Threading.Tasks;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Connections;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>Keeps a saved profile in step with its connection: every newly minted access token is written back.</summary>
    internal static class ProfilePersistence
    {
        public static void Save(ZcrmSession session)
        {
            var connection = session.Connection;
            var text = SavedProfile.Serialize(connection.Settings, connection.Tokens.Current, connection.User, connection.Org);
            SecretVault.Save(session.Vault!, SavedProfile.SecretName(session.Profile), text);
        }

        /// <summary>
        /// After a refresh, saves the new token through whichever cmdlet is running (the vault is reached through its
        /// pipeline thread), so the next process reuses it instead of minting another.
        /// </summary>
        public static void SaveTokensAsTheyChange(ZcrmSession session)
        {
            if (string.IsNullOrEmpty(session.Vault)) return;
            session.Connection.Tokens.Refreshed += token => SaveFromAnyCmdletAsync(session, token);
        }

        private static Task SaveFromAnyCmdletAsync(ZcrmSession session, AccessToken token)
        {
            var cmdlet = AsyncZcrmCmdlet.Current;
            if (cmdlet == null) return Task.CompletedTask;
            return cmdlet.OnPipelineThreadAsync(() =>
            {
                Save(session);
                return true;
            });
        }
    }
}
