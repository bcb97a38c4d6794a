using System;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Connections
{
    /// <summary>
    /// The one secret a profile is saved as (<c>ZohoCrm/&lt;profile&gt;</c>): credentials, where the org lives, and the
    /// current access token with its expiry, so the next process reuses the token instead of minting one.
    /// </summary>
    public static class SavedProfile
    {
        public const string SecretPrefix = "ZohoCrm/";
        private const int SchemaVersion = 1;

        public static string SecretName(string profile) => SecretPrefix + profile;

        public static string Serialize(ConnectionSettings settings, AccessToken? token, ZohoUser? user, ZohoOrg? org, long revision = 0)
        {
            var json = new JObject
            {
                ["schema"] = SchemaVersion,
                ["revision"] = revision,
                ["profile"] = settings.Profile,
                ["clientId"] = settings.ClientId,
                ["clientSecret"] = settings.ClientSecret,
                ["refreshToken"] = settings.RefreshToken,
                ["refreshTokenIssuedAt"] = settings.RefreshTokenIssuedAt?.ToString("o", CultureInfo.InvariantCulture),
                ["dataCenter"] = settings.DataCenter?.ToString(),
                ["environment"] = settings.Environment.ToString(),
                ["accountsUrl"] = settings.Endpoints.AccountsUrl.ToString(),
                ["apiDomain"] = settings.Endpoints.ApiDomain.ToString(),
                ["apiVersion"] = settings.ApiVersion,
                ["scopes"] = settings.Scopes,
                ["maxConcurrency"] = settings.Resilience.MaxConcurrency,
                ["maxRetries"] = settings.Resilience.MaxRetries,
            };
            if (token != null) SetToken(json, token);
            if (user != null) json["user"] = user.ToJson();
            if (org != null) json["org"] = org.ToJson();
            return json.ToString(Formatting.None);
        }

        private static void SetToken(JObject json, AccessToken token)
        {
            json["accessToken"] = token.Value;
            json["accessTokenExpiresAt"] = token.ExpiresAt.ToString("o", CultureInfo.InvariantCulture);
            json["accessTokenLifetimeSeconds"] = (long)token.Lifetime.TotalSeconds;
        }

        /// <summary>
        /// The parts of a saved profile that decide which process's copy is newer: its refresh token with when it was
        /// issued, its revision, and its access token. Profiles saved before revisions existed read as revision 0 with
        /// no issue time (older than any profile that has one).
        /// </summary>
        public static SavedProfileState ReadState(string secretText)
        {
            var json = ParseJson(secretText);
            return new SavedProfileState(
                (string?)json["refreshToken"],
                ReadTime(json["refreshTokenIssuedAt"]),
                (long?)json["revision"] ?? 0,
                ReadToken(json, (string?)json["scopes"]));
        }

        /// <summary>The saved text with only its access token replaced and its revision raised; everything else kept as the vault had it.</summary>
        public static string WithToken(string secretText, AccessToken token)
        {
            var json = ParseJson(secretText);
            SetToken(json, token);
            json["revision"] = ((long?)json["revision"] ?? 0) + 1;
            return json.ToString(Formatting.None);
        }

        /// <summary>The saved text with its revision set (a whole profile written over an older one).</summary>
        public static string WithRevision(string secretText, long revision)
        {
            var json = ParseJson(secretText);
            json["revision"] = revision;
            return json.ToString(Formatting.None);
        }

        private static JObject ParseJson(string secretText)
        {
            JObject json;
            try
            {
                // Times stay text, so a read-modify-write gives back exactly what it read.
                using var reader = new JsonTextReader(new System.IO.StringReader(secretText)) { DateParseHandling = DateParseHandling.None };
                json = JObject.Load(reader);
            }
            catch (JsonException) { throw new ZcrmUsageException("ZcrmSavedProfileUnreadable", "The saved profile is not in the format this module writes.", Remedy.ReplaceSavedProfile); }
            if ((int?)json["schema"] != SchemaVersion)
                throw new ZcrmUsageException("ZcrmSavedProfileUnreadable", "The saved profile was written by a different version of the module.", Remedy.ReplaceSavedProfile);
            return json;
        }

        private static DateTimeOffset? ReadTime(JToken? value)
        {
            if (value == null || value.Type == JTokenType.Null) return null;
            return DateTimeOffset.TryParse((string?)value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : (DateTimeOffset?)null;
        }

        private static AccessToken? ReadToken(JObject json, string? scopes)
        {
            var tokenValue = (string?)json["accessToken"];
            var expires = ReadTime(json["accessTokenExpiresAt"]);
            if (string.IsNullOrEmpty(tokenValue) || expires == null) return null;
            var lifetime = TimeSpan.FromSeconds((long?)json["accessTokenLifetimeSeconds"] ?? 3600);
            return new AccessToken(tokenValue!, expires.Value, lifetime, scopes);
        }

        /// <summary>Reads a saved profile back into a request that reconnects without a grant and, while it lasts, without minting a token.</summary>
        public static ConnectRequest Parse(string secretText, out ZohoUser? user, out ZohoOrg? org)
        {
            var json = ParseJson(secretText);
            var request = new ConnectRequest
            {
                Profile = (string?)json["profile"] ?? "default",
                ClientId = (string?)json["clientId"] ?? string.Empty,
                ClientSecret = (string?)json["clientSecret"] ?? string.Empty,
                RefreshToken = (string?)json["refreshToken"],
                RefreshTokenIssuedAt = ReadTime(json["refreshTokenIssuedAt"]),
                FromSavedProfile = true,
                Environment = Enum.TryParse<ZohoEnvironment>((string?)json["environment"], out var env) ? env : ZohoEnvironment.Production,
                AccountsUrl = Uri.TryCreate((string?)json["accountsUrl"], UriKind.Absolute, out var accounts) ? accounts : null,
                ApiDomain = Uri.TryCreate((string?)json["apiDomain"], UriKind.Absolute, out var api) ? api : null,
                ApiVersion = (string?)json["apiVersion"] ?? ZohoEndpoints.DefaultApiVersion,
                Scopes = (string?)json["scopes"],
                Resilience = new ResilienceOptions
                {
                    MaxConcurrency = (int?)json["maxConcurrency"] ?? new ResilienceOptions().MaxConcurrency,
                    MaxRetries = (int?)json["maxRetries"] ?? new ResilienceOptions().MaxRetries,
                },
            };
            if (Enum.TryParse<DataCenter>((string?)json["dataCenter"], out var dc)) request.DataCenter = dc;

            request.CachedToken = ReadToken(json, request.Scopes);
            user = json["user"] is JObject u ? ZohoUser.FromSaved(u) : null;
            org = json["org"] is JObject o ? ZohoOrg.FromSaved(o) : null;
            return request;
        }
    }

    /// <summary>What a saved profile holds that decides whether it is newer than a process's own copy.</summary>
    public sealed class SavedProfileState
    {
        public SavedProfileState(string? refreshToken, DateTimeOffset? refreshTokenIssuedAt, long revision, AccessToken? accessToken)
        {
            RefreshToken = refreshToken;
            RefreshTokenIssuedAt = refreshTokenIssuedAt;
            Revision = revision;
            AccessToken = accessToken;
        }

        public string? RefreshToken { get; }

        /// <summary>When the refresh token was obtained (a grant exchange) or given to Connect; null in profiles saved before it existed.</summary>
        public DateTimeOffset? RefreshTokenIssuedAt { get; }

        /// <summary>Raised by every save, so two copies of one profile can be told apart.</summary>
        public long Revision { get; }

        public AccessToken? AccessToken { get; }

        public override string ToString() => $"saved profile revision {Revision}";
    }
}
