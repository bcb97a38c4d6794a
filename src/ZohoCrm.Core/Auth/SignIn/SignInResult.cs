using System;
using ZohoCrm.Core.Connections;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>What a person sign-in produced: the tokens and the accounts server of the user's data centre.</summary>
    public sealed class SignInResult
    {
        public SignInResult(TokenGrant grant, Uri accountsUrl, DataCenter? dataCenter, string requestedScopes)
        {
            Grant = grant;
            AccountsUrl = accountsUrl;
            DataCenter = dataCenter;
            RequestedScopes = requestedScopes;
        }

        public TokenGrant Grant { get; }

        /// <summary>The accounts server that issued the tokens (the user's data centre): refreshes go there.</summary>
        public Uri AccountsUrl { get; }

        public DataCenter? DataCenter { get; }

        public string RequestedScopes { get; }

        /// <summary>
        /// Fills a connect request so that the connection uses these tokens without another token call; the user's
        /// data centre wins over the one asked for.
        /// </summary>
        public void ApplyTo(ConnectRequest request)
        {
            request.GrantCode = null;
            request.RefreshToken = Grant.RefreshToken;
            request.CachedToken = Grant.AccessToken;
            request.AccountsUrl = AccountsUrl;
            if (DataCenter != null) request.DataCenter = DataCenter;
            if (request.ApiDomain == null && request.Environment == ZohoEnvironment.Production) request.ApiDomain = Grant.ApiDomain;
            request.Scopes = Grant.AccessToken.Scopes ?? RequestedScopes;
        }

        public override string ToString() => $"signed in at {AccountsUrl.GetLeftPart(UriPartial.Authority)}";
    }
}
