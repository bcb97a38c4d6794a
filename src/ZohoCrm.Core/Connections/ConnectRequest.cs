using System;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Connections
{
    /// <summary>What Connect-Zcrm was given: credentials, where the org lives, and anything saved from before.</summary>
    public sealed class ConnectRequest
    {
        public string Profile { get; set; } = "default";
        public string ClientId { get; set; } = string.Empty;
        public string ClientSecret { get; set; } = string.Empty;
        public string? RefreshToken { get; set; }

        /// <summary>A Self Client grant code, exchanged once for a refresh token.</summary>
        public string? GrantCode { get; set; }

        public string? RedirectUri { get; set; }
        public DataCenter? DataCenter { get; set; }
        public ZohoEnvironment Environment { get; set; } = ZohoEnvironment.Production;
        public Uri? AccountsUrl { get; set; }
        public Uri? ApiDomain { get; set; }
        public string ApiVersion { get; set; } = ZohoEndpoints.DefaultApiVersion;
        public ResilienceOptions Resilience { get; set; } = new ResilienceOptions();

        /// <summary>An access token saved by an earlier session; reused while it is valid, so no token is minted.</summary>
        public AccessToken? CachedToken { get; set; }

        public string? Scopes { get; set; }

        public override string ToString() => Profile;
    }
}
