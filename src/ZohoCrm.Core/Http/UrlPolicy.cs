using System;
using System.Net;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Http
{
    /// <summary>Tokens and secrets only travel over https; plain http is allowed for loopback (the local emulator).</summary>
    public static class UrlPolicy
    {
        public static Uri RequireSecure(Uri url, string what)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            if (!url.IsAbsoluteUri)
                throw new ZcrmUsageException("ZcrmInvalidUrl", $"The {what} '{url}' is not an absolute URL.");
            if (url.Scheme == Uri.UriSchemeHttps) return url;
            if (url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)) return url;
            throw new ZcrmUsageException("ZcrmInsecureUrl",
                $"The {what} '{url.GetLeftPart(UriPartial.Authority)}' does not use https. Plain http is accepted only for loopback addresses (localhost, 127.0.0.0/8, ::1), such as the local emulator.",
                Remedy.UseHttpsOrDataCenter);
        }

        public static bool IsLoopback(Uri url)
        {
            if (url.IsLoopback) return true;
            return IPAddress.TryParse(url.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip);
        }
    }
}
