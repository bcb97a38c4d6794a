using System;
using ZohoCrm.Core.Connections;
using ZohoCrm.PowerShell.Profiles;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>What Connect-Zcrm and Get-ZcrmConnection show about a connection. It holds no secret.</summary>
    public sealed class ZcrmConnectionInfo
    {
        internal ZcrmConnectionInfo(ZcrmSession session, bool isCurrent)
        {
            var connection = session.Connection;
            var settings = connection.Settings;
            Profile = settings.Profile;
            IsCurrent = isCurrent;
            User = connection.User?.FullName;
            UserEmail = connection.User?.Email;
            UserId = connection.User?.Id;
            Role = connection.User?.Role;
            OrgName = connection.Org?.CompanyName;
            OrgId = connection.Org?.Id;
            Edition = connection.Org?.Edition;
            DataCenter = settings.DataCenter?.ToString();
            Environment = settings.Environment.ToString();
            AccountsUrl = settings.Endpoints.AccountsUrl.ToString();
            ApiDomain = settings.Endpoints.ApiDomain.ToString();
            ApiVersion = settings.ApiVersion;
            Scopes = string.IsNullOrWhiteSpace(settings.Scopes) ? Array.Empty<string>() : settings.Scopes!.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries);
            TokenExpiresAt = connection.Tokens.Current?.ExpiresAt.ToLocalTime();
            Vault = session.Vault;
            MaxConcurrency = settings.Resilience.MaxConcurrency;
            ApiCalls = connection.Api.CallCount;
            CreditsUsed = connection.Api.CreditsUsed;
            ConnectedAt = connection.ConnectedAt.ToLocalTime();
        }

        public string Profile { get; }
        public bool IsCurrent { get; }
        public string? User { get; }
        public string? UserEmail { get; }
        public string? UserId { get; }
        public string? Role { get; }
        public string? OrgName { get; }
        public string? OrgId { get; }
        public string? Edition { get; }
        public string? DataCenter { get; }
        public string Environment { get; }
        public string AccountsUrl { get; }
        public string ApiDomain { get; }
        public string ApiVersion { get; }
        public string[] Scopes { get; }
        public DateTimeOffset? TokenExpiresAt { get; }

        /// <summary>The SecretManagement vault the profile is saved in; empty when it lives only in this session.</summary>
        public string? Vault { get; }

        public bool Persisted => !string.IsNullOrEmpty(Vault);
        public int MaxConcurrency { get; }

        /// <summary>Calls made through this connection in this session.</summary>
        public long ApiCalls { get; }

        /// <summary>API credits those calls cost, by Zoho's published table.</summary>
        public long CreditsUsed { get; }

        public DateTimeOffset ConnectedAt { get; }

        public override string ToString() => Profile;
    }

    /// <summary>A profile saved in a vault (Get-ZcrmConnection -ListAvailable).</summary>
    public sealed class ZcrmSavedProfile
    {
        public ZcrmSavedProfile(string profile, string vault, bool connected)
        {
            Profile = profile;
            Vault = vault;
            Connected = connected;
        }

        public string Profile { get; }
        public string Vault { get; }
        public bool Connected { get; }
        public override string ToString() => Profile;
    }
}
