using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Auth
{
    /// <summary>
    /// Talks to the Zoho accounts server: exchanges a grant code, refreshes an access token, revokes a refresh token.
    /// Secrets go in the form body, never in the URL, so nothing sensitive can reach a log line.
    /// </summary>
    public sealed class OAuthClient
    {
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
        private readonly HttpClient _http;
        private readonly Uri _accountsUrl;
        private readonly Func<DateTimeOffset> _clock;

        public OAuthClient(HttpClient http, Uri accountsUrl, Func<DateTimeOffset>? clock = null)
        {
            _http = http;
            _accountsUrl = UrlPolicy.RequireSecure(accountsUrl, "accounts URL");
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public async Task<TokenGrant> ExchangeGrantCodeAsync(string clientId, string clientSecret, string grantCode, string? redirectUri, IZcrmLog log, CancellationToken ct)
        {
            SecretRedactor.Register(grantCode);
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("grant_type", "authorization_code"),
                new KeyValuePair<string, string>("client_id", clientId),
                new KeyValuePair<string, string>("client_secret", clientSecret),
                new KeyValuePair<string, string>("code", grantCode),
            };
            if (!string.IsNullOrEmpty(redirectUri)) form.Add(new KeyValuePair<string, string>("redirect_uri", redirectUri!));

            // A grant code is single-use: only a request that never left this machine may be sent again.
            var body = await PostTokenEndpointAsync("/oauth/v2/token", form, "grant_type=authorization_code", retryWhenOutcomeUnknown: false, log, ct).ConfigureAwait(false);
            var token = ReadAccessToken(body);
            var refresh = (string?)body["refresh_token"];
            SecretRedactor.Register(refresh);
            if (string.IsNullOrEmpty(refresh))
                throw new ZohoAuthException("no_refresh_token", "The accounts server exchanged the grant code but returned no refresh token. Generate a Self Client code (which is always offline), or use access_type=offline for a server-based client.");
            return new TokenGrant(token, refresh, ReadApiDomain(body));
        }

        public async Task<TokenGrant> RefreshAsync(string clientId, string clientSecret, string refreshToken, IZcrmLog log, CancellationToken ct)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("grant_type", "refresh_token"),
                new KeyValuePair<string, string>("client_id", clientId),
                new KeyValuePair<string, string>("client_secret", clientSecret),
                new KeyValuePair<string, string>("refresh_token", refreshToken),
            };
            // Minting again after an unknown outcome costs at most one extra token of the 10-per-10-minutes budget.
            var body = await PostTokenEndpointAsync("/oauth/v2/token", form, "grant_type=refresh_token", retryWhenOutcomeUnknown: true, log, ct).ConfigureAwait(false);
            return new TokenGrant(ReadAccessToken(body), null, ReadApiDomain(body));
        }

        public async Task RevokeAsync(string refreshToken, IZcrmLog log, CancellationToken ct)
        {
            var form = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("token", refreshToken) };
            await PostTokenEndpointAsync("/oauth/v2/token/revoke", form, "revoke", retryWhenOutcomeUnknown: true, log, ct, expectToken: false).ConfigureAwait(false);
        }

        private async Task<JObject> PostTokenEndpointAsync(string path, List<KeyValuePair<string, string>> form, string what, bool retryWhenOutcomeUnknown,
            IZcrmLog log, CancellationToken ct, bool expectToken = true)
        {
            var url = new Uri(_accountsUrl, path);
            const int maxAttempts = 3;
            for (var attempt = 1; ; attempt++)
            {
                var watch = Stopwatch.StartNew();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(RequestTimeout);
                HttpResponseMessage response;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
                    request.Headers.Accept.ParseAdd("application/json");
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException))
                {
                    var notSent = TransientFaults.FailedBeforeSending(ex);
                    var reason = ex is OperationCanceledException ? $"timed out after {RequestTimeout.TotalSeconds:0} s" : TransientFaults.Describe(ex);
                    log.Verbose($"POST {url.GetLeftPart(UriPartial.Path)} ({what}) failed: {reason}");
                    if (attempt < maxAttempts && (notSent || retryWhenOutcomeUnknown))
                    {
                        await Task.Delay(TimeSpan.FromSeconds(attempt), ct).ConfigureAwait(false);
                        continue;
                    }
                    throw new ZohoTransportException($"The Zoho accounts server at {_accountsUrl.GetLeftPart(UriPartial.Authority)} could not be reached ({reason}).", ex, outcomeUnknown: !notSent);
                }

                using (response)
                {
                    var text = response.Content == null ? string.Empty : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    log.Verbose($"POST {url.GetLeftPart(UriPartial.Path)} ({what}) -> {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms");
                    JObject? body = null;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        try { body = JObject.Parse(text); }
                        catch (Exception) { body = null; }
                    }

                    // Errors usually come as HTTP 200 with an "error" key, so the body decides, not the status.
                    if (body?["error"] != null)
                    {
                        var error = (string?)body["error"] ?? "unknown";
                        var description = (string?)body["error_description"];
                        throw Refusal(error, description, (int)response.StatusCode);
                    }

                    if ((int)response.StatusCode >= 500 && attempt < maxAttempts && retryWhenOutcomeUnknown)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(attempt), ct).ConfigureAwait(false);
                        continue;
                    }

                    if (!response.IsSuccessStatusCode)
                        throw new ZohoAuthException("http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
                            $"The Zoho accounts server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", (int)response.StatusCode);

                    if (expectToken && body?["access_token"] == null)
                        throw new ZohoAuthException("invalid_response", "The Zoho accounts server answered without an access token.", (int)response.StatusCode);
                    return body ?? new JObject();
                }
            }
        }

        /// <summary>Zoho's window for access-token mints per refresh token (fact sheet §1.6).</summary>
        public static readonly TimeSpan MintWindow = TimeSpan.FromMinutes(10);

        private ZohoAuthException Refusal(string error, string? description, int status)
        {
            var message = DescribeOAuthError(error, description);
            var exception = new ZohoAuthException(error, message, status);
            if (!exception.IsThrottled) return exception;
            // Zoho blocks further mints for the rest of its window; say when trying again makes sense.
            var retryAt = _clock() + MintWindow;
            var throttled = new ZohoAuthException(error, $"{message} Try again after {retryAt:HH:mm} UTC.", status)
            {
                RetryAfter = MintWindow,
                Remedy = Remedy.WaitForTokenLimit(retryAt),
            };
            return throttled;
        }

        private AccessToken ReadAccessToken(JObject body)
        {
            var value = (string?)body["access_token"] ?? throw new ZohoAuthException("invalid_response", "The Zoho accounts server answered without an access token.");
            SecretRedactor.Register(value);
            var lifetime = ReadLifetime(body);
            return new AccessToken(value, _clock() + lifetime, lifetime, (string?)body["scope"]);
        }

        /// <summary>expires_in is seconds today; old answers gave milliseconds plus expires_in_sec (fact sheet §1.4).</summary>
        internal static TimeSpan ReadLifetime(JObject body)
        {
            var seconds = (double?)body["expires_in_sec"];
            if (seconds == null)
            {
                var raw = (double?)body["expires_in"] ?? 3600;
                seconds = raw > 86400 ? raw / 1000 : raw;
            }
            return TimeSpan.FromSeconds(Math.Max(1, seconds.Value));
        }

        private static Uri? ReadApiDomain(JObject body)
        {
            var text = (string?)body["api_domain"];
            if (string.IsNullOrEmpty(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri)) return null;
            return uri;
        }

        /// <summary>What the refusal means, in one sentence; what to do about it is the caller's to say (by the error code).</summary>
        private static string DescribeOAuthError(string error, string? description)
        {
            string meaning;
            switch (error)
            {
                case "invalid_code":
                    meaning = "The Zoho accounts server refused the grant code or refresh token: it is invalid, expired, already used, revoked, or from another data centre.";
                    break;
                case "invalid_client":
                    meaning = "The Zoho accounts server does not know the client id in this data centre.";
                    break;
                case "invalid_client_secret":
                    meaning = "The client secret does not match the client id.";
                    break;
                case "invalid_redirect_uri":
                    meaning = "The redirect URI does not match the one registered for the client.";
                    break;
                case "Access Denied":
                    meaning = "Zoho is throttling token requests (at most 10 access tokens per refresh token every 10 minutes).";
                    break;
                default:
                    meaning = $"The Zoho accounts server refused the request ({error}).";
                    break;
            }
            return string.IsNullOrEmpty(description) ? meaning : $"{meaning} Zoho says: {description}";
        }
    }
}
