using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Connections
{
    /// <summary>Turns a <see cref="ConnectRequest"/> into a validated <see cref="ZohoConnection"/>.</summary>
    public static class ConnectionFactory
    {
        /// <summary>Creates the connection and validates it with one call.</summary>
        public static async Task<ZohoConnection> ConnectAsync(ConnectRequest request, IZcrmLog log, CancellationToken ct, HttpMessageHandler? handler = null)
        {
            var connection = await CreateAsync(request, log, ct, handler).ConfigureAwait(false);
            try
            {
                await connection.ValidateAsync(log, ct).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Exchanges a grant code when given, reuses a cached token while it is valid, mints one otherwise. Not yet
        /// validated: after a grant exchange the caller saves the new refresh token first, so a failed validation
        /// cannot lose it (the grant code is spent).
        /// </summary>
        public static async Task<ZohoConnection> CreateAsync(ConnectRequest request, IZcrmLog log, CancellationToken ct, HttpMessageHandler? handler = null)
        {
            if (string.IsNullOrEmpty(request.ClientId)) throw new ZcrmUsageException("ZcrmClientIdMissing", "A client id is required.");
            if (string.IsNullOrEmpty(request.ClientSecret)) throw new ZcrmUsageException("ZcrmClientSecretMissing", "A client secret is required.");
            SecretRedactor.Register(request.ClientSecret);
            SecretRedactor.Register(request.RefreshToken);
            SecretRedactor.Register(request.GrantCode);

            var dataCenter = request.DataCenter ?? (request.AccountsUrl == null ? DataCenter.US : ZohoEndpoints.DataCenterOf(request.AccountsUrl));
            var accountsUrl = UrlPolicy.RequireSecure(request.AccountsUrl ?? ZohoEndpoints.AccountsUrlFor(dataCenter ?? DataCenter.US), "accounts URL");
            if (request.ApiDomain != null) UrlPolicy.RequireSecure(request.ApiDomain, "API domain");

            AccessToken? token = request.CachedToken;
            string? refreshToken = request.RefreshToken;
            Uri? tokenApiDomain = null;

            // A reconnect from a saved profile that others share gets its token through the connection's provider,
            // under the profile's cross-process lock, after reading the profile again.
            var throughSharedProfile = request.Shared != null && request.FromSavedProfile && string.IsNullOrEmpty(request.GrantCode) && request.ApiDomain != null;
            if (throughSharedProfile)
            {
                if (string.IsNullOrEmpty(refreshToken)) throw new ZcrmUsageException("ZcrmRefreshTokenMissing", "A refresh token or a grant code is required.");
                if (token != null && token.IsUsableAt(DateTimeOffset.UtcNow))
                    log.Verbose($"Reusing the saved access token (valid until {token.ExpiresAt:u}); no token request needed.");
            }
            else if (!string.IsNullOrEmpty(request.GrantCode) || token == null || !token.IsUsableAt(DateTimeOffset.UtcNow))
            {
                using var http = ZohoConnection.CreateHttpClient(handler == null ? null : new NonDisposingHandler(handler), 1);
                var oauth = new OAuthClient(http, accountsUrl);
                TokenGrant grant;
                if (!string.IsNullOrEmpty(request.GrantCode))
                {
                    log.Verbose("Exchanging the grant code for a refresh token.");
                    grant = await oauth.ExchangeGrantCodeAsync(request.ClientId, request.ClientSecret, request.GrantCode!, request.RedirectUri, log, ct).ConfigureAwait(false);
                    refreshToken = grant.RefreshToken;
                }
                else
                {
                    if (string.IsNullOrEmpty(refreshToken)) throw new ZcrmUsageException("ZcrmRefreshTokenMissing", "A refresh token or a grant code is required.");
                    grant = await oauth.RefreshAsync(request.ClientId, request.ClientSecret, refreshToken!, log, ct).ConfigureAwait(false);
                }
                token = grant.AccessToken;
                tokenApiDomain = grant.ApiDomain;
            }
            else
            {
                log.Verbose($"Reusing the saved access token (valid until {token.ExpiresAt:u}); no token request needed.");
            }

            // The accounts server names the org's API domain; sandbox and developer orgs use their own domains.
            var apiDomain = request.ApiDomain
                ?? (request.Environment == ZohoEnvironment.Production ? tokenApiDomain : null)
                ?? ZohoEndpoints.ApiDomainFor(dataCenter ?? DataCenter.US, request.Environment);
            var endpoints = new ZohoEndpoints(accountsUrl, apiDomain);

            var settings = new ConnectionSettings(request.Profile, request.ClientId, request.ClientSecret, refreshToken!, endpoints)
            {
                DataCenter = dataCenter ?? ZohoEndpoints.DataCenterOf(apiDomain),
                Environment = request.Environment,
                ApiVersion = request.ApiVersion,
                Scopes = token?.Scopes ?? request.Scopes,
                Resilience = request.Resilience,
                // A refresh token given or obtained now is the newest; one read back keeps the time it was saved with.
                RefreshTokenIssuedAt = request.FromSavedProfile ? request.RefreshTokenIssuedAt : DateTimeOffset.UtcNow,
            };

            var connection = new ZohoConnection(settings, token, handler == null ? null : new NonDisposingHandler(handler), request.Shared);
            if (throughSharedProfile && (token == null || !token.IsUsableAt(DateTimeOffset.UtcNow)))
            {
                try { await connection.Tokens.GetAsync(log, ct).ConfigureAwait(false); }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
            return connection;
        }

        /// <summary>Revokes a saved profile's refresh token without connecting (Disconnect-Zcrm -Revoke of a profile not connected now).</summary>
        public static async Task RevokeAsync(ConnectRequest request, IZcrmLog log, CancellationToken ct, HttpMessageHandler? handler = null)
        {
            if (string.IsNullOrEmpty(request.RefreshToken)) throw new ZcrmUsageException("ZcrmRefreshTokenMissing", "There is no refresh token to revoke.");
            SecretRedactor.Register(request.RefreshToken);
            var accountsUrl = request.AccountsUrl ?? ZohoEndpoints.AccountsUrlFor(request.DataCenter ?? DataCenter.US);
            using var http = ZohoConnection.CreateHttpClient(handler == null ? null : new NonDisposingHandler(handler), 1);
            await new OAuthClient(http, accountsUrl).RevokeAsync(request.RefreshToken!, log, ct).ConfigureAwait(false);
        }

        /// <summary>Lets tests share one handler between several clients.</summary>
        private sealed class NonDisposingHandler : DelegatingHandler
        {
            public NonDisposingHandler(HttpMessageHandler inner) : base(inner) { }
            protected override void Dispose(bool disposing) { }
        }
    }
}
