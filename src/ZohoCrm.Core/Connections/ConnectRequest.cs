using System;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Connections
{
    /// <summary>What a connection is made from: credentials, where the org lives, and anything saved from before.</summary>
    public sealed class ConnectRequest
    {
        public string Profile { get; set; } = "default";
        public string ClientId { get; set; } = string.Empty;
        public string ClientSecret { get; set; } = string.Empty;
        public string? RefreshToken { get; set; }

        /// <summary>When the refresh token was obtained; a saved profile with a later one is newer.</summary>
        public DateTimeOffset? RefreshTokenIssuedAt { get; set; }

        /// <summary>Read back from a saved profile (a reconnect), not given anew.</summary>
        public bool FromSavedProfile { get; set; }

        /// <summary>The saved profile this connection keeps in step with, shared with other processes; null with nothing saved.</summary>
        public SharedProfile? Shared { get; set; }

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
