using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.PowerShell.Profiles
{
    /// <summary>A connected profile in this runspace, and where (if anywhere) it is saved.</summary>
    internal sealed class ZcrmSession
    {
        public ZcrmSession(ZohoConnection connection, string? vault)
        {
            Connection = connection;
            Vault = vault;
        }

        public ZohoConnection Connection { get; }

        /// <summary>The SecretManagement vault holding <c>ZohoCrm/&lt;profile&gt;</c>, or null with -NoPersist.</summary>
        public string? Vault { get; }

        public string Profile => Connection.Settings.Profile;
    }

    /// <summary>
    /// The profiles connected in one runspace. Each runspace (a job, a ForEach-Object -Parallel branch) connects on its
    /// own; a saved profile makes that cheap, since it reuses the vault's access token.
    /// </summary>
    internal sealed class ConnectionRegistry
    {
        private static readonly ConditionalWeakTable<Runspace, ConnectionRegistry> ByRunspace = new ConditionalWeakTable<Runspace, ConnectionRegistry>();
        private static readonly ConnectionRegistry NoRunspace = new ConnectionRegistry();

        private readonly Dictionary<string, ZcrmSession> _sessions = new Dictionary<string, ZcrmSession>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _connectedOrder = new List<string>();
        private string? _current;

        /// <summary>Must be called on a pipeline thread, where the current runspace is known.</summary>
        public static ConnectionRegistry ForCurrentRunspace()
        {
            var runspace = Runspace.DefaultRunspace;
            return runspace == null ? NoRunspace : ByRunspace.GetValue(runspace, _ => new ConnectionRegistry());
        }

        public ZcrmSession? Current
        {
            get
            {
                lock (_sessions) return _current != null && _sessions.TryGetValue(_current, out var s) ? s : null;
            }
        }

        public IReadOnlyList<ZcrmSession> All
        {
            get
            {
                lock (_sessions) return _sessions.Values.OrderBy(s => s.Profile, StringComparer.OrdinalIgnoreCase).ToArray();
            }
        }

        public bool IsCurrent(ZcrmSession session)
        {
            lock (_sessions) return string.Equals(_current, session.Profile, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Adds or replaces a profile and makes it current (the last connected is the default).</summary>
        public void Add(ZcrmSession session)
        {
            ZcrmSession? replaced;
            lock (_sessions)
            {
                _sessions.TryGetValue(session.Profile, out replaced);
                _sessions[session.Profile] = session;
                _connectedOrder.RemoveAll(p => string.Equals(p, session.Profile, StringComparison.OrdinalIgnoreCase));
                _connectedOrder.Add(session.Profile);
                _current = session.Profile;
            }
            if (replaced != null && !ReferenceEquals(replaced.Connection, session.Connection)) replaced.Connection.Dispose();
        }

        public ZcrmSession? Find(string profile)
        {
            lock (_sessions) return _sessions.TryGetValue(profile, out var s) ? s : null;
        }

        public bool Remove(string profile)
        {
            ZcrmSession? removed;
            lock (_sessions)
            {
                if (!_sessions.TryGetValue(profile, out removed)) return false;
                _sessions.Remove(profile);
                _connectedOrder.RemoveAll(p => string.Equals(p, profile, StringComparison.OrdinalIgnoreCase));
                // The most recently connected of those left becomes current.
                if (string.Equals(_current, profile, StringComparison.OrdinalIgnoreCase))
                    _current = _connectedOrder.LastOrDefault();
            }
            removed.Connection.Dispose();
            return true;
        }

        /// <summary>The named profile, or the current one; a clear error naming Connect-Zcrm when there is none.</summary>
        public ZcrmSession Resolve(string? profile)
        {
            if (!string.IsNullOrEmpty(profile))
            {
                return Find(profile!) ?? throw new ZcrmUsageException("ZcrmProfileNotConnected",
                    $"The profile '{profile}' is not connected in this session.",
                    $"Run Connect-Zcrm -Profile {profile} (it loads a saved profile from your vault), or Get-ZcrmConnection to see the connected profiles.");
            }
            return Current ?? throw new ZcrmUsageException("ZcrmNotConnected",
                "You are not connected to Zoho CRM.",
                "Run Connect-Zcrm first: Connect-Zcrm -ClientId <id> -ClientSecret <secret> -RefreshToken <token>, or Connect-Zcrm -Profile <name> for a saved profile. See Get-Help Connect-Zcrm -Examples.");
        }
    }
}
