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

        public static string Serialize(ConnectionSettings settings, AccessToken? token, ZohoUser? user, ZohoOrg? org)
        {
            var json = new JObject
            {
                ["schema"] = SchemaVersion,
                ["profile"] = settings.Profile,
                ["clientId"] = settings.ClientId,
                ["clientSecret"] = settings.ClientSecret,
                ["refreshToken"] = settings.RefreshToken,
                ["dataCenter"] = settings.DataCenter?.ToString(),
                ["environment"] = settings.Environment.ToString(),
                ["accountsUrl"] = settings.Endpoints.AccountsUrl.ToString(),
                ["apiDomain"] = settings.Endpoints.ApiDomain.ToString(),
                ["apiVersion"] = settings.ApiVersion,
                ["scopes"] = settings.Scopes,
                ["maxConcurrency"] = settings.Resilience.MaxConcurrency,
                ["maxRetries"] = settings.Resilience.MaxRetries,
            };
            if (token != null)
            {
                json["accessToken"] = token.Value;
                json["accessTokenExpiresAt"] = token.ExpiresAt.ToString("o", CultureInfo.InvariantCulture);
                json["accessTokenLifetimeSeconds"] = (long)token.Lifetime.TotalSeconds;
            }
            if (user != null) json["user"] = user.ToJson();
            if (org != null) json["org"] = org.ToJson();
            return json.ToString(Formatting.None);
        }

        /// <summary>Reads a saved profile back into a request that reconnects without a grant and, while it lasts, without minting a token.</summary>
        public static ConnectRequest Parse(string secretText, out ZohoUser? user, out ZohoOrg? org)
        {
            JObject json;
            try { json = JObject.Parse(secretText); }
            catch (JsonException) { throw new ZcrmUsageException("ZcrmSavedProfileUnreadable", "The saved profile is not in the format this module writes.", "Connect again with -ClientId/-ClientSecret/-RefreshToken to overwrite it."); }
            if ((int?)json["schema"] != SchemaVersion)
                throw new ZcrmUsageException("ZcrmSavedProfileUnreadable", "The saved profile was written by a different version of the module.", "Connect again with -ClientId/-ClientSecret/-RefreshToken to overwrite it.");

            var request = new ConnectRequest
            {
                Profile = (string?)json["profile"] ?? "default",
                ClientId = (string?)json["clientId"] ?? string.Empty,
                ClientSecret = (string?)json["clientSecret"] ?? string.Empty,
                RefreshToken = (string?)json["refreshToken"],
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

            var tokenValue = (string?)json["accessToken"];
            if (!string.IsNullOrEmpty(tokenValue) && DateTimeOffset.TryParse((string?)json["accessTokenExpiresAt"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
            {
                var lifetime = TimeSpan.FromSeconds((long?)json["accessTokenLifetimeSeconds"] ?? 3600);
                request.CachedToken = new AccessToken(tokenValue!, expires, lifetime, request.Scopes);
            }
            user = json["user"] is JObject u ? ZohoUser.FromSaved(u) : null;
            org = json["org"] is JObject o ? ZohoOrg.FromSaved(o) : null;
            return request;
        }
    }
}
