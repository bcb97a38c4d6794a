using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>
    /// Which accounts server a sign-in may move to: the client secret goes there, so only a Zoho data centre's
    /// accounts server (fact sheet §1.1) or, when the configured one is not Zoho's (a local emulator), one on that host.
    /// </summary>
    public static class AccountsServers
    {
        public static bool IsZohoAccountsHost(Uri url) =>
            Enum.GetValues(typeof(DataCenter)).Cast<DataCenter>()
                .Any(dc => string.Equals(ZohoEndpoints.AccountsUrlFor(dc).Host, url.Host, StringComparison.OrdinalIgnoreCase));

        public static bool IsTrusted(Uri candidate, Uri configured)
        {
            if (!candidate.IsAbsoluteUri) return false;
            var secure = candidate.Scheme == Uri.UriSchemeHttps || (candidate.Scheme == Uri.UriSchemeHttp && UrlPolicy.IsLoopback(candidate));
            if (!secure) return false;
            if (candidate.Scheme == Uri.UriSchemeHttps && IsZohoAccountsHost(candidate)) return true;
            return !IsZohoAccountsHost(configured) && string.Equals(candidate.Host, configured.Host, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The data centre a redirect's <c>location</c> or an other_dc answer's <c>user_location</c> names.</summary>
        public static DataCenter? ParseLocation(string? location) =>
            !string.IsNullOrWhiteSpace(location) && Enum.TryParse<DataCenter>(location!.Trim(), ignoreCase: true, out var dc) && Enum.IsDefined(typeof(DataCenter), dc) ? dc : (DataCenter?)null;

        /// <summary>
        /// The accounts server of <paramref name="location"/>: from the data-centre table when <paramref name="current"/>
        /// is Zoho's, otherwise from the current server's <c>/oauth/serverinfo</c> list (a local emulator).
        /// </summary>
        public static async Task<Uri> ResolveAsync(string location, Uri current, HttpClient http, IZcrmLog log, CancellationToken ct)
        {
            var dc = ParseLocation(location);
            if (IsZohoAccountsHost(current))
            {
                if (dc == null) throw new SignInException(SignInFailure.UnknownDataCenter, $"The accounts server named the data centre '{location}', which is not one of Zoho's known data centres.");
                return ZohoEndpoints.AccountsUrlFor(dc.Value);
            }

            var serverInfo = new Uri(current, "/oauth/serverinfo");
            log.Verbose($"GET {serverInfo} (the accounts server of data centre '{location}')");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            string text;
            try
            {
                using var response = await http.GetAsync(serverInfo, timeout.Token).ConfigureAwait(false);
                text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is OperationCanceledException))
            {
                throw new SignInException(SignInFailure.UnknownDataCenter, $"The accounts server at {current.GetLeftPart(UriPartial.Authority)} could not list its data centres ({ex.Message}).", ex);
            }

            string? url = null;
            try { url = (string?)JObject.Parse(text)["locations"]?[location.ToLowerInvariant()]; }
            catch (Newtonsoft.Json.JsonException) { }
            if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var resolved) || !IsTrusted(resolved, current))
                throw new SignInException(SignInFailure.UnknownDataCenter, $"The accounts server at {current.GetLeftPart(UriPartial.Authority)} does not name a usable accounts server for data centre '{location}'.");
            return resolved;
        }
    }
}
