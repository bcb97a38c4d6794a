using System;
using System.Collections.Generic;
using System.Collections;
using System.Linq;
using System.Management.Automation.Language;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.PowerShell.Profiles;

namespace ZohoCrm.PowerShell.Completers
{
    /// <summary>Shared by the completers: read the session's metadata cache first, call Zoho only under a short timeout so Tab never hangs.</summary>
    internal static class CompletionSupport
    {
        private static readonly TimeSpan ServerTimeout = TimeSpan.FromSeconds(2);

        public static readonly string[] StandardModules =
        {
            "Leads", "Contacts", "Accounts", "Deals", "Tasks", "Events", "Calls", "Products", "Quotes", "Sales_Orders",
            "Purchase_Orders", "Invoices", "Campaigns", "Vendors", "Price_Books", "Cases", "Solutions", "Notes",
        };

        public static ZcrmSession? SessionFor(IDictionary fakeBoundParameters)
        {
            var registry = ConnectionRegistry.ForCurrentRunspace();
            var profile = fakeBoundParameters?["Profile"] as string;
            return string.IsNullOrEmpty(profile) ? registry.Current : registry.Find(profile!);
        }

        public static T? WithTimeout<T>(Func<CancellationToken, Task<T>> fetch) where T : class
        {
            using var cts = new CancellationTokenSource(ServerTimeout);
            try
            {
                var task = Task.Run(() => fetch(cts.Token));
                return task.Wait(ServerTimeout) ? task.Result : null;
            }
            catch (Exception)
            {
                return null;
            }
        }

        public static IEnumerable<CompletionResult> Complete(IEnumerable<string> names, string wordToComplete, Func<string, string>? tooltip = null)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            return names.Where(n => pattern.IsMatch(n)).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, tooltip?.Invoke(n) ?? n));
        }

        private static string Quote(string name) => name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', ';', ',' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
    }

    /// <summary>Completes connected profile names (the profiles an API cmdlet's -Profile can use).</summary>
    public sealed class ProfileCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => CompletionSupport.Complete(ConnectionRegistry.ForCurrentRunspace().All.Select(s => s.Profile), wordToComplete);
    }

    /// <summary>
    /// Completes connected profiles and the profiles saved in SecretManagement vaults (Connect-Zcrm -Profile, ...). The
    /// vaults are asked through SecretManagement's Get-SecretInfo, in the -Vault given if any, and a vault that has not
    /// answered within a second and a half is given up on: Tab then offers the connected profiles only.
    /// </summary>
    public sealed class SavedProfileCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan VaultTimeout = TimeSpan.FromSeconds(1.5);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var where = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var session in ConnectionRegistry.ForCurrentRunspace().All) where[session.Profile] = "connected";
            try
            {
                var vault = fakeBoundParameters?["Vault"] as string;
                foreach (var (name, savedIn) in SecretVault.List(Core.Connections.SavedProfile.SecretPrefix, vault, VaultTimeout))
                {
                    var profile = name.Substring(Core.Connections.SavedProfile.SecretPrefix.Length);
                    if (profile.Length > 0 && !where.ContainsKey(profile)) where[profile] = "saved in vault " + savedIn;
                }
            }
            catch (Exception)
            {
                // No SecretManagement, a locked or slow vault: complete what is connected.
            }
            return CompletionSupport.Complete(where.Keys, wordToComplete, n => $"{n} ({where[n]})");
        }
    }

    /// <summary>Completes module API names from the connection's metadata, or the standard modules when not connected.</summary>
    public sealed class ModuleNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = CompletionSupport.SessionFor(fakeBoundParameters);
            IEnumerable<string> names = CompletionSupport.StandardModules;
            if (session != null)
            {
                var metadata = session.Connection.Metadata;
                var modules = metadata.TryGetModules(out var cached) ? cached : CompletionSupport.WithTimeout(ct => metadata.GetModulesAsync(NullLog.Instance, ct));
                if (modules != null && modules.Count > 0) names = modules.Where(m => m.ApiSupported).Select(m => m.ApiName);
            }
            return CompletionSupport.Complete(names, wordToComplete);
        }
    }

    /// <summary>Completes field API names of the module given in -Module (or taken from the command's position 0).</summary>
    public sealed class FieldNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = CompletionSupport.SessionFor(fakeBoundParameters);
            var module = fakeBoundParameters?["Module"] as string;
            if (session == null || string.IsNullOrEmpty(module)) return Array.Empty<CompletionResult>();
            var metadata = session.Connection.Metadata;
            var fields = metadata.TryGetFields(module!, out var cached) ? cached : CompletionSupport.WithTimeout(ct => metadata.GetFieldsAsync(module!, NullLog.Instance, ct));
            if (fields == null) return Array.Empty<CompletionResult>();
            var labels = fields.ToDictionary(f => f.ApiName, f => $"{f.Label} ({f.DataType})", StringComparer.Ordinal);
            return CompletionSupport.Complete(fields.Select(f => f.ApiName), wordToComplete, n => labels.TryGetValue(n, out var l) ? l : n);
        }
    }
}
