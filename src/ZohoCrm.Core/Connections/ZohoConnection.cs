using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Connections
{
    /// <summary>One authenticated connection to a Zoho CRM org: one HttpClient, one token provider, one pipeline.</summary>
    public sealed class ZohoConnection : IDisposable
    {
        private readonly HttpClient _http;

        public ZohoConnection(ConnectionSettings settings, AccessToken? cachedToken, HttpMessageHandler? handler = null, SharedProfile? shared = null)
        {
            Settings = settings;
            _http = CreateHttpClient(handler, settings.Resilience.MaxConcurrency);
            OAuth = new OAuthClient(_http, settings.Endpoints.AccountsUrl);
            Tokens = new TokenProvider(OAuth, settings.ClientId, settings.ClientSecret, settings.RefreshToken, cachedToken, shared: shared, refreshTokenIssuedAt: settings.RefreshTokenIssuedAt);
            Api = new ZohoApiClient(_http, settings.Endpoints.ApiDomain, settings.ApiVersion, Tokens, settings.Resilience);
            Metadata = new MetadataCache(Api);
            Records = new RecordService(Api, Metadata);
            Writer = new RecordWriter(Api);
            LeadConverter = new LeadConverter(Api);
            Users = new Org.UserDirectory(Api);
            OrgSettings = new Org.OrgSettings(Api, Metadata);
            Functions = new Org.FunctionClient(Api);
            Related = new Related.RelatedRecordService(Api, Metadata, Writer);
            Tags = new Related.TagService(Api, Writer);
            Attachments = new Files.AttachmentService(Api);
        }

        public ConnectionSettings Settings { get; }
        public OAuthClient OAuth { get; }
        public TokenProvider Tokens { get; }
        public ZohoApiClient Api { get; }
        public MetadataCache Metadata { get; }
        public RecordService Records { get; }
        public RecordWriter Writer { get; }
        public LeadConverter LeadConverter { get; }
        public Org.UserDirectory Users { get; }
        public Org.OrgSettings OrgSettings { get; }
        public Org.FunctionClient Functions { get; }
        public Related.RelatedRecordService Related { get; }
        public Related.TagService Tags { get; }
        public Files.AttachmentService Attachments { get; }
        public ZohoUser? User { get; internal set; }
        public ZohoOrg? Org { get; internal set; }
        public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

        internal static HttpClient CreateHttpClient(HttpMessageHandler? handler, int maxConcurrency)
        {
            handler ??= new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                // Zoho does not redirect API calls; refusing redirects keeps the token from following one anywhere.
                AllowAutoRedirect = false,
                MaxConnectionsPerServer = Math.Max(2, maxConcurrency + 2),
                UseCookies = false,
            };
            return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <summary>
        /// Confirms the connection works with one call: the current user (1 credit). When the token lacks the users
        /// scope, the org is read instead; when it lacks both, the connection stands unverified with a warning.
        /// </summary>
        public async Task ValidateAsync(IZcrmLog log, CancellationToken ct)
        {
            var current = await Readable.TryAsync(() => Api.SendForJsonAsync(new ApiRequest(HttpMethod.Get, "users").AddQuery("type", "CurrentUser"), log, ct)).ConfigureAwait(false);
            if (current.IsReadable)
            {
                if (current.Value?["users"] is JArray users && users.FirstOrDefault() is JObject user) User = ZohoUser.FromJson(user);
                return;
            }
            log.Verbose($"The current user cannot be read ({current.RefusedCode}); checking the org instead.");
            var org = await Readable.TryAsync(() => GetOrgAsync(log, ct)).ConfigureAwait(false);
            if (!org.IsReadable)
                log.Warning("The connection could not be verified: the token has neither the ZohoCRM.users.READ nor the ZohoCRM.org.READ scope. Calls will still be attempted.");
        }

        public async Task<ZohoOrg?> GetOrgAsync(IZcrmLog log, CancellationToken ct)
        {
            var body = await Api.SendForJsonAsync(new ApiRequest(HttpMethod.Get, "org"), log, ct).ConfigureAwait(false);
            if (body?["org"] is JArray orgs && orgs.FirstOrDefault() is JObject org) Org = ZohoOrg.FromJson(org);
            return Org;
        }

        /// <summary>Revokes the refresh token at Zoho; every access token minted from it stops working too.</summary>
        public async Task RevokeAsync(IZcrmLog log, CancellationToken ct)
        {
            await OAuth.RevokeAsync(Tokens.RefreshToken, log, ct).ConfigureAwait(false);
            Tokens.Clear();
        }

        public void Dispose() => _http.Dispose();

        public override string ToString() => Settings.ToString();
    }
}
