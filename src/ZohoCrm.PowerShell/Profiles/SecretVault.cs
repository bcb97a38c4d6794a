using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.PowerShell.Profiles
{
    /// <summary>
    /// Saves and loads profiles through SecretManagement's public cmdlets (Get-Secret, Set-Secret, Remove-Secret,
    /// Get-SecretInfo, Get-SecretVault), found at run time, so the module imports without it and works with any
    /// vault extension. The profile is one SecureString secret holding JSON. Pipeline thread only: the cmdlets run
    /// as a nested pipeline of the current runspace, so vault prompts reach the user's host.
    /// </summary>
    internal static class SecretVault
    {
        private const string InstallHint =
            "Install it with: Install-Module Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore -Scope CurrentUser; " +
            "then register a vault: Register-SecretVault -Name ZohoVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault. " +
            "Or connect with -NoPersist to keep the connection in this session only.";

        private static readonly string[] RequiredCommands = { "Get-Secret", "Set-Secret", "Remove-Secret", "Get-SecretInfo", "Get-SecretVault" };

        public static bool IsAvailable()
        {
            var found = Invoke(ps => ps.AddCommand("Get-Command").AddParameter("Name", RequiredCommands).AddParameter("ErrorAction", "Ignore"), throwOnError: false);
            var names = new HashSet<string>(found.Select(c => c.Properties["Name"]?.Value as string ?? string.Empty), StringComparer.OrdinalIgnoreCase);
            return RequiredCommands.All(names.Contains);
        }

        public static void EnsureAvailable()
        {
            if (!IsAvailable())
                throw new ZcrmUsageException("ZcrmSecretManagementMissing", "Saving or loading a profile needs the Microsoft.PowerShell.SecretManagement module, which is not installed or not importable.", InstallHint);
        }

        /// <summary>The vault to write to: the one named, or the default one. Checked before anything is sent to Zoho.</summary>
        public static string ResolveWritableVault(string? vault)
        {
            EnsureAvailable();
            var vaults = Invoke(ps => ps.AddCommand("Get-SecretVault"), throwOnError: true);
            if (!string.IsNullOrEmpty(vault))
            {
                var match = vaults.FirstOrDefault(v => string.Equals(v.Properties["Name"]?.Value as string, vault, StringComparison.OrdinalIgnoreCase));
                if (match == null)
                    throw new ZcrmUsageException("ZcrmVaultNotFound", $"There is no registered SecretManagement vault named '{vault}'.",
                        "Get-SecretVault lists the registered vaults; Register-SecretVault adds one. Or use -NoPersist.");
                return (string)match.Properties["Name"].Value;
            }
            var defaultVault = vaults.FirstOrDefault(v => v.Properties["IsDefault"]?.Value is bool isDefault && isDefault);
            if (defaultVault == null)
                throw new ZcrmUsageException("ZcrmVaultNotFound", "SecretManagement has no default vault to save the profile in.",
                    "Name one with -Vault, make one the default (Set-SecretVaultDefault), register one (Register-SecretVault -Name ZohoVault -ModuleName Microsoft.PowerShell.SecretStore -DefaultVault), or use -NoPersist.");
            return (string)defaultVault.Properties["Name"].Value;
        }

        public static void Save(string vault, string name, string value)
        {
            var secret = new SecureString();
            foreach (var c in value) secret.AppendChar(c);
            secret.MakeReadOnly();
            Invoke(ps => ps.AddCommand("Set-Secret").AddParameter("Name", name).AddParameter("Vault", vault).AddParameter("Secret", secret), throwOnError: true);
        }

        /// <summary>Where the secret is saved: in <paramref name="vault"/> when given, otherwise the default vault first, then any vault.</summary>
        public static string? FindVault(string name, string? vault)
        {
            EnsureAvailable();
            var infos = InvokeTolerant(ps =>
            {
                ps.AddCommand("Get-SecretInfo").AddParameter("Name", name);
                if (!string.IsNullOrEmpty(vault)) ps.AddParameter("Vault", vault);
            });
            var vaults = infos.Where(i => string.Equals(i.Properties["Name"]?.Value as string, name, StringComparison.Ordinal))
                .Select(i => i.Properties["VaultName"]?.Value as string).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct().ToList();
            if (vaults.Count <= 1) return vaults.FirstOrDefault();
            var defaultVault = Invoke(ps => ps.AddCommand("Get-SecretVault"), throwOnError: false)
                .FirstOrDefault(v => v.Properties["IsDefault"]?.Value is bool isDefault && isDefault)?.Properties["Name"]?.Value as string;
            return vaults.FirstOrDefault(v => string.Equals(v, defaultVault, StringComparison.OrdinalIgnoreCase)) ?? vaults[0];
        }

        public static string Load(string vault, string name)
        {
            var results = Invoke(ps => ps.AddCommand("Get-Secret").AddParameter("Name", name).AddParameter("Vault", vault).AddParameter("AsPlainText", true), throwOnError: true);
            var value = results.Select(r => r.BaseObject).FirstOrDefault();
            switch (value)
            {
                case string text:
                    return text;
                case SecureString secure:
                    return new System.Net.NetworkCredential(string.Empty, secure).Password;
                default:
                    throw new ZcrmUsageException("ZcrmSavedProfileUnreadable", $"The secret '{name}' in vault '{vault}' is not a saved ZohoCrm profile.");
            }
        }

        /// <summary>The secret's text, or null when it is not there (or cannot be read now).</summary>
        public static string? TryLoad(string vault, string name)
        {
            var results = Invoke(ps => ps.AddCommand("Get-Secret").AddParameter("Name", name).AddParameter("Vault", vault).AddParameter("AsPlainText", true).AddParameter("ErrorAction", "SilentlyContinue"), throwOnError: false);
            switch (results.Select(r => r.BaseObject).FirstOrDefault())
            {
                case string text:
                    return text;
                case SecureString secure:
                    return new System.Net.NetworkCredential(string.Empty, secure).Password;
                default:
                    return null;
            }
        }

        public static void Remove(string vault, string name)
            => Invoke(ps => ps.AddCommand("Remove-Secret").AddParameter("Name", name).AddParameter("Vault", vault), throwOnError: true);

        /// <summary>
        /// Saved profiles (secret name and vault) whose names start with <paramref name="prefix"/>. With a
        /// <paramref name="timeout"/>, a vault that has not answered by then is stopped (the listing then fails).
        /// </summary>
        public static IReadOnlyList<(string Name, string Vault)> List(string prefix, string? vault, TimeSpan? timeout = null)
        {
            EnsureAvailable();
            var infos = InvokeTolerant(ps =>
            {
                ps.AddCommand("Get-SecretInfo").AddParameter("Name", prefix + "*");
                if (!string.IsNullOrEmpty(vault)) ps.AddParameter("Vault", vault);
            }, timeout);
            return infos.Select(i => (Name: i.Properties["Name"]?.Value as string ?? string.Empty, Vault: i.Properties["VaultName"]?.Value as string ?? string.Empty))
                .Where(i => i.Name.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        }

        /// <summary>
        /// Searching every vault must not fail because one unrelated vault does (a locked SecretStore in a job): what the
        /// others answered is used, and the errors matter only when nothing was found at all.
        /// </summary>
        private static IReadOnlyList<PSObject> InvokeTolerant(Action<System.Management.Automation.PowerShell> build, TimeSpan? timeout = null)
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            build(ps);
            Quiet(ps);
            IReadOnlyList<PSObject> results;
            using var deadline = timeout.HasValue ? new System.Threading.Timer(_ => ps.Stop(), null, timeout.Value, System.Threading.Timeout.InfiniteTimeSpan) : null;
            try
            {
                results = ps.Invoke().Where(r => r != null).ToArray();
            }
            catch (RuntimeException ex)
            {
                throw new ZcrmUsageException("ZcrmVaultOperationFailed", "SecretManagement failed: " + ex.Message);
            }
            if (results.Count == 0 && ps.HadErrors && ps.Streams.Error.Count > 0)
            {
                var messages = ps.Streams.Error.Select(e => e.ErrorDetails?.Message ?? e.Exception?.Message ?? e.ToString()).Distinct();
                throw new ZcrmUsageException("ZcrmVaultOperationFailed", "SecretManagement failed: " + string.Join(" ", messages),
                    "If the profile is in a locked vault, unlock it first (for SecretStore: Unlock-SecretStore), or name the vault with -Vault.");
            }
            return results;
        }

        /// <summary>
        /// SecretManagement's own warnings (several lines on "no extension vaults registered") would print before the
        /// module's error that says the same in its terms, so they are not shown.
        /// </summary>
        private static void Quiet(System.Management.Automation.PowerShell ps)
        {
            foreach (var command in ps.Commands.Commands) command.Parameters.Add("WarningAction", ActionPreference.SilentlyContinue);
        }

        private static IReadOnlyList<PSObject> Invoke(Action<System.Management.Automation.PowerShell> build, bool throwOnError)
        {
            using var ps = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            build(ps);
            Quiet(ps);
            IReadOnlyList<PSObject> results;
            try
            {
                results = ps.Invoke().Where(r => r != null).ToArray();
            }
            catch (RuntimeException ex)
            {
                if (!throwOnError) return Array.Empty<PSObject>();
                throw new ZcrmUsageException("ZcrmVaultOperationFailed", "SecretManagement failed: " + ex.Message);
            }
            if (throwOnError && ps.HadErrors && ps.Streams.Error.Count > 0)
            {
                var first = ps.Streams.Error[0];
                throw new ZcrmUsageException("ZcrmVaultOperationFailed", "SecretManagement failed: " + (first.ErrorDetails?.Message ?? first.Exception?.Message ?? first.ToString()));
            }
            return results;
        }
    }
}
