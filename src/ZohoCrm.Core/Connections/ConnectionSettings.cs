using System;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Connections
{
    /// <summary>Everything needed to talk to one Zoho org as one client. <see cref="ToString"/> shows no secret.</summary>
    public sealed class ConnectionSettings
    {
        public ConnectionSettings(string profile, string clientId, string clientSecret, string refreshToken, ZohoEndpoints endpoints)
        {
            Profile = profile;
            ClientId = clientId;
            ClientSecret = clientSecret;
            RefreshToken = refreshToken;
            Endpoints = endpoints;
        }

        public string Profile { get; }
        public string ClientId { get; }
        public string ClientSecret { get; }
        public string RefreshToken { get; }

        /// <summary>When the refresh token was obtained or given; null for profiles saved before this was recorded.</summary>
        public DateTimeOffset? RefreshTokenIssuedAt { get; set; }
        public ZohoEndpoints Endpoints { get; }
        public DataCenter? DataCenter { get; set; }
        public ZohoEnvironment Environment { get; set; } = ZohoEnvironment.Production;
        public string ApiVersion { get; set; } = ZohoEndpoints.DefaultApiVersion;
        public string? Scopes { get; set; }
        public ResilienceOptions Resilience { get; set; } = new ResilienceOptions();

        public override string ToString() => $"{Profile} ({Endpoints.ApiDomain})";
    }
}
