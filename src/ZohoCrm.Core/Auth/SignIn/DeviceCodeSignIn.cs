using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>What a device-code sign-in needs.</summary>
    public sealed class DeviceCodeSignInRequest
    {
        public string ClientId { get; set; } = string.Empty;
        public string ClientSecret { get; set; } = string.Empty;
        public string Scopes { get; set; } = SignInScopes.Join(null);
        public Uri AccountsUrl { get; set; } = ZohoEndpoints.AccountsUrlFor(DataCenter.US);
    }

    /// <summary>What the person is shown: where to go and which code to type. Neither is a secret.</summary>
    public sealed class DeviceCodePrompt
    {
        public DeviceCodePrompt(string verificationUrl, string userCode, TimeSpan expiresIn)
        {
            VerificationUrl = verificationUrl;
            UserCode = userCode;
            ExpiresIn = expiresIn;
        }

        public string VerificationUrl { get; }
        public string UserCode { get; }
        public TimeSpan ExpiresIn { get; }
    }

    /// <summary>
    /// Signs a person in with a device code (fact sheet §1.2a): asks for a user code, shows it, then polls no faster than
    /// the interval (30 s unless Zoho says otherwise), doubling it on slow_down, moving to the user's data centre on
    /// other_dc, and ending on approval, access_denied or expiry.
    /// </summary>
    public sealed class DeviceCodeSignIn : IDisposable
    {
        /// <summary>Zoho's rule: at most one poll per 30 seconds, used when the answer names no interval.</summary>
        public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

        private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
        private const int MaxConsecutiveNetworkFailures = 3;

        private readonly HttpClient _http;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly Func<DateTimeOffset> _clock;

        public DeviceCodeSignIn(HttpMessageHandler? handler = null, Func<TimeSpan, CancellationToken, Task>? delay = null, Func<DateTimeOffset>? clock = null)
        {
            _http = ZohoConnection.CreateHttpClient(handler, 1);
            _delay = delay ?? Task.Delay;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        public async Task<SignInResult> SignInAsync(DeviceCodeSignInRequest request, Action<DeviceCodePrompt> show, IZcrmLog log, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(request.ClientId)) throw new ZcrmUsageException("ZcrmClientIdMissing", "A client id is required.");
            if (string.IsNullOrEmpty(request.ClientSecret)) throw new ZcrmUsageException("ZcrmClientSecretMissing", "A client secret is required.");
            SecretRedactor.Register(request.ClientSecret);
            var accounts = Http.UrlPolicy.RequireSecure(request.AccountsUrl, "accounts URL");

            // Initiation: the parameters in the query string, as Zoho documents it; none of them is secret.
            var initiation = new StringBuilder(accounts.GetLeftPart(UriPartial.Authority)).Append("/oauth/v3/device/code")
                .Append("?client_id=").Append(Uri.EscapeDataString(request.ClientId))
                .Append("&grant_type=device_request")
                .Append("&scope=").Append(Uri.EscapeDataString(request.Scopes))
                .Append("&access_type=offline&prompt=consent");
            var started = await PostAsync(new Uri(initiation.ToString()), null, "device code", log, ct).ConfigureAwait(false);
            ThrowOnError(started);
            var deviceCode = (string?)started["device_code"];
            var userCode = (string?)started["user_code"];
            var verificationUrl = (string?)started["verification_url"] ?? (string?)started["verification_uri"];
            if (deviceCode == null || userCode == null || verificationUrl == null)
                throw new SignInException(SignInFailure.InvalidResponse, "The accounts server's device-code answer lacks device_code, user_code or verification_url.");
            SecretRedactor.Register(deviceCode);
            var expiresIn = TimeSpan.FromSeconds(Math.Max(1, (double?)started["expires_in"] ?? 300));
            var interval = (double?)started["interval"] is double seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultInterval;
            var deadline = _clock() + expiresIn;
            show(new DeviceCodePrompt(verificationUrl, userCode, expiresIn));

            DataCenter? dataCenter = null;
            var networkFailures = 0;
            while (true)
            {
                await _delay(interval, ct).ConfigureAwait(false);
                if (_clock() >= deadline) throw Expired(expiresIn);

                var form = new List<KeyValuePair<string, string>>
                {
                    new KeyValuePair<string, string>("client_id", request.ClientId),
                    new KeyValuePair<string, string>("client_secret", request.ClientSecret),
                    new KeyValuePair<string, string>("grant_type", "device_token"),
                    new KeyValuePair<string, string>("code", deviceCode),
                };
                JObject answer;
                try
                {
                    answer = await PostAsync(new Uri(accounts, "/oauth/v3/device/token"), form, "device token poll", log, ct).ConfigureAwait(false);
                    networkFailures = 0;
                }
                catch (ZohoTransportException) when (++networkFailures < MaxConsecutiveNetworkFailures)
                {
                    continue; // the next poll, an interval later, asks again
                }

                if (answer["access_token"] != null)
                {
                    var grant = ReadGrant(answer);
                    return new SignInResult(grant, accounts, dataCenter, request.Scopes);
                }

                var error = (string?)answer["error"];
                switch (error)
                {
                    case "authorization_pending":
                        log.Verbose("The sign-in is not approved yet.");
                        continue;
                    case "slow_down":
                        interval = TimeSpan.FromTicks(Math.Min(MaxInterval.Ticks, interval.Ticks * 2));
                        log.Verbose($"The accounts server asked to poll less often; polling every {interval.TotalSeconds:0} s from now on.");
                        continue;
                    case "access_denied":
                        throw new SignInException(SignInFailure.Denied, "The sign-in was denied (access_denied); nothing was saved.");
                    case "expired":
                        throw Expired(expiresIn);
                    case "other_dc":
                        var location = (string?)answer["user_location"];
                        if (string.IsNullOrEmpty(location))
                            throw new SignInException(SignInFailure.UnknownDataCenter, "The accounts server said the user lives in another data centre but did not name it.");
                        accounts = await AccountsServers.ResolveAsync(location!, accounts, _http, log, ct).ConfigureAwait(false);
                        dataCenter = AccountsServers.ParseLocation(location);
                        log.Verbose($"The user's data centre is '{location}'; polling its accounts server {accounts.GetLeftPart(UriPartial.Authority)} from now on.");
                        continue;
                    default:
                        ThrowOnError(answer);
                        throw new SignInException(SignInFailure.InvalidResponse, "The accounts server answered the poll with neither tokens nor an error.");
                }
            }
        }

        private static SignInException Expired(TimeSpan lifetime) =>
            new SignInException(SignInFailure.Expired, $"The device code expired before the sign-in was approved (it was valid for {lifetime.TotalMinutes:0.#} minutes); nothing was saved.");

        private TokenGrant ReadGrant(JObject body)
        {
            var value = (string)body["access_token"]!;
            SecretRedactor.Register(value);
            var refresh = (string?)body["refresh_token"];
            SecretRedactor.Register(refresh);
            if (string.IsNullOrEmpty(refresh))
                throw new ZohoAuthException("no_refresh_token", "The accounts server approved the sign-in but returned no refresh token (access_type=offline was asked for).");
            var lifetime = OAuthClient.ReadLifetime(body);
            var apiDomain = Uri.TryCreate((string?)body["api_domain"], UriKind.Absolute, out var api) ? api : null;
            return new TokenGrant(new AccessToken(value, _clock() + lifetime, lifetime, (string?)body["scope"]), refresh, apiDomain);
        }

        private static void ThrowOnError(JObject body)
        {
            var error = (string?)body["error"];
            if (error == null) return;
            var description = (string?)body["error_description"];
            var hint = error switch
            {
                "invalid_client" => "The client id is unknown to this data centre, or it is not a client that may use device sign-in (\"Non-browser Applications\" in the API console).",
                "invalid_client_secret" => "The client secret does not match the client id.",
                "invalid_scope" => "The accounts server refused the scopes asked for.",
                _ => "The accounts server refused the device sign-in.",
            };
            throw new ZohoAuthException(error, string.IsNullOrEmpty(description) ? $"{hint} (error: {error})" : $"{hint} (error: {error}: {description})");
        }

        private async Task<JObject> PostAsync(Uri url, List<KeyValuePair<string, string>>? form, string what, IZcrmLog log, CancellationToken ct)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(RequestTimeout);
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = form == null ? new ByteArrayContent(Array.Empty<byte>()) : new FormUrlEncodedContent(form),
                };
                message.Headers.Accept.ParseAdd("application/json");
                using var response = await _http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                log.Verbose($"POST {url.GetLeftPart(UriPartial.Path)} ({what}) -> {(int)response.StatusCode}");
                try
                {
                    // Zoho Accounts answers errors with an "error" key, usually on HTTP 200: the body decides.
                    if (JToken.Parse(text) is JObject body) return body;
                }
                catch (Newtonsoft.Json.JsonException) { }
                throw new ZohoAuthException("http_" + (int)response.StatusCode, $"The Zoho accounts server answered HTTP {(int)response.StatusCode} without a JSON body.", (int)response.StatusCode);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException))
            {
                throw new ZohoTransportException($"The Zoho accounts server at {url.GetLeftPart(UriPartial.Authority)} could not be reached ({ex.Message}).", ex, outcomeUnknown: true);
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
