using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>What a browser sign-in needs.</summary>
    public sealed class BrowserSignInRequest
    {
        public string ClientId { get; set; } = string.Empty;
        public string ClientSecret { get; set; } = string.Empty;

        /// <summary>Comma-separated scopes (see <see cref="SignInScopes.Join"/>).</summary>
        public string Scopes { get; set; } = SignInScopes.Join(null);

        /// <summary>The accounts server whose consent page opens; the redirect may name the user's own.</summary>
        public Uri AccountsUrl { get; set; } = ZohoEndpoints.AccountsUrlFor(DataCenter.US);

        /// <summary>The registered loopback redirect URI; null listens on a free port of 127.0.0.1.</summary>
        public Uri? RedirectUri { get; set; }

        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
    }

    /// <summary>
    /// Signs a person in through the browser (fact sheet §1.2 with a loopback redirect, RFC 8252): listens on loopback,
    /// opens the consent page (access_type=offline, prompt=consent, a random state), takes the redirect, checks the
    /// state, and exchanges the code at the accounts server the redirect names.
    /// </summary>
    public sealed class BrowserSignIn : IDisposable
    {
        private readonly HttpClient _http;
        private readonly IBrowserLauncher _browser;

        public BrowserSignIn(IBrowserLauncher browser, HttpMessageHandler? handler = null)
        {
            _browser = browser;
            _http = ZohoConnection.CreateHttpClient(handler, 1);
        }

        /// <summary>The consent page URL (fact sheet §1.2). It holds no secret: the client id and the state are public.</summary>
        public static Uri BuildAuthorizationUrl(Uri accountsUrl, string clientId, string scopes, Uri redirectUri, string state)
        {
            var builder = new StringBuilder(accountsUrl.GetLeftPart(UriPartial.Authority)).Append("/oauth/v2/auth")
                .Append("?scope=").Append(Uri.EscapeDataString(scopes))
                .Append("&client_id=").Append(Uri.EscapeDataString(clientId))
                .Append("&response_type=code&access_type=offline")
                .Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri.AbsoluteUri))
                .Append("&prompt=consent")
                .Append("&state=").Append(Uri.EscapeDataString(state));
            return new Uri(builder.ToString());
        }

        /// <summary>A fresh, unguessable state (256 random bits, URL-safe).</summary>
        public static string NewState()
        {
            var bytes = new byte[32];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        /// <summary>
        /// Runs the sign-in. <paramref name="inform"/> receives what the person should read (where the page opened).
        /// Ends with <see cref="SignInException"/> on denial, timeout, a wrong state or no browser.
        /// </summary>
        public async Task<SignInResult> SignInAsync(BrowserSignInRequest request, Action<string> inform, IZcrmLog log, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(request.ClientId)) throw new ZcrmUsageException("ZcrmClientIdMissing", "A client id is required.");
            if (string.IsNullOrEmpty(request.ClientSecret)) throw new ZcrmUsageException("ZcrmClientSecretMissing", "A client secret is required.");
            SecretRedactor.Register(request.ClientSecret);
            Http.UrlPolicy.RequireSecure(request.AccountsUrl, "accounts URL");

            using var listener = LoopbackRedirectListener.Start(request.RedirectUri);
            var state = NewState();
            var url = BuildAuthorizationUrl(request.AccountsUrl, request.ClientId, request.Scopes, listener.RedirectUri, state);
            log.Verbose($"Listening for the sign-in redirect at {listener.RedirectUri}; opening the consent page of {request.AccountsUrl.GetLeftPart(UriPartial.Authority)}.");
            if (!_browser.TryOpen(url, out var problem))
                throw new SignInException(SignInFailure.BrowserUnavailable, $"No web browser could be started to sign in: {problem}.");
            inform($"Sign in to Zoho in the browser window that opened (waiting up to {Describe(request.Timeout)}). If none opened, open this address: {url}");

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(request.Timeout);
            RedirectRequest redirect;
            try
            {
                redirect = await listener.WaitForRedirectAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new SignInException(SignInFailure.TimedOut, $"Nobody completed the sign-in in the browser within {Describe(request.Timeout)}.");
            }

            using (redirect)
            {
                var code = redirect["code"];
                SecretRedactor.Register(code);
                try
                {
                    // The state comes first: a redirect this sign-in did not start is not read any further.
                    if (!string.Equals(redirect["state"], state, StringComparison.Ordinal))
                        throw new SignInException(SignInFailure.StateMismatch, "The sign-in redirect carried a state this sign-in did not send; it was refused (it may be forged or left over from an earlier attempt).");
                    var error = redirect["error"];
                    if (error != null)
                        throw string.Equals(error, "access_denied", StringComparison.OrdinalIgnoreCase)
                            ? new SignInException(SignInFailure.Denied, "The sign-in was denied in the browser (access_denied); nothing was saved.")
                            : new SignInException(SignInFailure.InvalidResponse, $"The accounts server ended the sign-in with the error '{error}'.");
                    if (code == null)
                        throw new SignInException(SignInFailure.InvalidResponse, "The sign-in redirect carried no authorization code.");

                    var accountsUrl = await ChooseAccountsServerAsync(redirect["accounts-server"], redirect["location"], request.AccountsUrl, log, ct).ConfigureAwait(false);
                    var dataCenter = AccountsServers.ParseLocation(redirect["location"]);
                    log.Verbose($"Exchanging the authorization code at {accountsUrl.GetLeftPart(UriPartial.Authority)} (data centre '{redirect["location"] ?? "?"}').");
                    var grant = await new OAuthClient(_http, accountsUrl)
                        .ExchangeGrantCodeAsync(request.ClientId, request.ClientSecret, code, listener.RedirectUri.AbsoluteUri, log, ct).ConfigureAwait(false);
                    await redirect.RespondAsync(true, "Signed in to Zoho CRM", "You can close this tab and return to the terminal.").ConfigureAwait(false);
                    return new SignInResult(grant, accountsUrl, dataCenter, request.Scopes);
                }
                catch (Exception ex)
                {
                    await redirect.RespondAsync(false, "Sign-in failed", SecretRedactor.Redact(ex.Message) + " You can close this tab.").ConfigureAwait(false);
                    throw;
                }
            }
        }

        /// <summary>
        /// The user's data centre wins (the redirect's accounts-server, else its location), but the client secret only
        /// goes to an accounts server it can trust.
        /// </summary>
        private async Task<Uri> ChooseAccountsServerAsync(string? named, string? location, Uri configured, IZcrmLog log, CancellationToken ct)
        {
            if (named == null)
                return location == null ? configured : await AccountsServers.ResolveAsync(location, configured, _http, log, ct).ConfigureAwait(false);
            if (!Uri.TryCreate(named, UriKind.Absolute, out var candidate) || !AccountsServers.IsTrusted(candidate, configured))
                throw new SignInException(SignInFailure.UntrustedAccountsServer, $"The sign-in redirect named the accounts server '{named}', which is not a Zoho data centre's; the code was not sent there.");
            return new Uri(candidate.GetLeftPart(UriPartial.Authority));
        }

        private static string Describe(TimeSpan span) =>
            span.TotalSeconds < 120 ? $"{span.TotalSeconds:0} seconds" : $"{span.TotalMinutes:0.#} minutes";

        public void Dispose() => _http.Dispose();
    }
}
