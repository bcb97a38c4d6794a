using System;

namespace ZohoCrm.Core.Auth
{
    /// <summary>An OAuth access token and when it stops working. <see cref="ToString"/> never shows the value.</summary>
    public sealed class AccessToken
    {
        public AccessToken(string value, DateTimeOffset expiresAt, TimeSpan lifetime, string? scopes)
        {
            Value = value ?? throw new ArgumentNullException(nameof(value));
            ExpiresAt = expiresAt;
            Lifetime = lifetime <= TimeSpan.Zero ? TimeSpan.FromHours(1) : lifetime;
            Scopes = scopes;
        }

        public string Value { get; }

        public DateTimeOffset ExpiresAt { get; }

        public TimeSpan Lifetime { get; }

        /// <summary>Space-separated scopes as the accounts server reported them, when it did.</summary>
        public string? Scopes { get; }

        /// <summary>
        /// Refresh this long before expiry: a minute for a normal one-hour token (the SDK waits until 5 s; a minute
        /// leaves room for slow calls), proportionally less for short-lived tokens.
        /// </summary>
        public TimeSpan RefreshMargin => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(60).Ticks, Lifetime.Ticks / 10));

        public bool IsUsableAt(DateTimeOffset now) => now < ExpiresAt - RefreshMargin;

        public override string ToString() => $"access token (expires {ExpiresAt:u})";
    }

    /// <summary>What the token endpoint answered for an authorization-code grant: a refresh token and a first access token.</summary>
    public sealed class TokenGrant
    {
        public TokenGrant(AccessToken accessToken, string? refreshToken, Uri? apiDomain)
        {
            AccessToken = accessToken;
            RefreshToken = refreshToken;
            ApiDomain = apiDomain;
        }

        public AccessToken AccessToken { get; }

        public string? RefreshToken { get; }

        /// <summary>The API domain the accounts server named for this org (fact sheet: always prefer it).</summary>
        public Uri? ApiDomain { get; }

        public override string ToString() => "token grant";
    }
}
