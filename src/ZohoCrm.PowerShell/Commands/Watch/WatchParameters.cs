using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Net;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Watch;

namespace ZohoCrm.PowerShell.Commands.Watch
{
    /// <summary>Checks each -Event value is <c>Module.create|edit|delete|all</c> while parameters bind, before anything is sent.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateWatchEventAttribute : ValidateEnumeratedArgumentsAttribute
    {
        protected override void ValidateElement(object element)
        {
            var text = element is PSObject pso ? pso.BaseObject as string : element as string;
            if (!WatchEvents.TryNormalize(text, out _, out _, out _))
                throw new ValidationMetadataException(WatchEvents.InvalidMessage(text ?? Convert.ToString(element, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The checks and defaults the subscribing cmdlets share.</summary>
    internal static class WatchParameters
    {
        /// <summary>
        /// The events normalized, with each module spelled as Zoho does when the session already knows the org's
        /// modules (Tab completion or Get-ZcrmModule read them); no call is made for it.
        /// </summary>
        public static IReadOnlyList<string> Events(IEnumerable<string> events, MetadataCache metadata)
        {
            var normalized = WatchEvents.Normalize(events);
            if (!metadata.TryGetModules(out var modules)) return normalized;
            return normalized.Select(e =>
            {
                var module = WatchEvents.ModuleOf(e);
                var known = modules.FirstOrDefault(m => string.Equals(m.ApiName, module, StringComparison.OrdinalIgnoreCase));
                return known == null ? e : known.ApiName + e.Substring(module.Length);
            }).Distinct(StringComparer.Ordinal).ToArray();
        }

        /// <summary>
        /// The expiry to send: the one given, which must lie in the future and within the API version's maximum
        /// (Zoho would otherwise silently shorten the channel to 1 hour), or else the longest allowed.
        /// </summary>
        public static DateTimeOffset ResolveExpiry(DateTime? given, string apiVersion, DateTimeOffset now)
        {
            if (!given.HasValue) return WatchEvents.LongestExpiry(apiVersion, now);
            var value = given.Value;
            var expiry = value.Kind == DateTimeKind.Utc ? new DateTimeOffset(value) : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Local));
            var max = WatchEvents.MaxExpiry(apiVersion);
            if (expiry <= now)
                throw new ZcrmUsageException("ZcrmInvalidExpiry", $"-Expiry {Format(expiry)} is not in the future.", "Give a time within the next " + Describe(max) + ", or leave -Expiry out for the longest the API allows.");
            if (expiry > now + max)
                throw new ZcrmUsageException("ZcrmInvalidExpiry",
                    $"-Expiry {Format(expiry)} is further away than the {Describe(max)} Zoho allows for a channel in API {apiVersion}; Zoho would cut the channel to 1 hour.",
                    "Leave -Expiry out for the longest the API allows, and renew the channel before it ends with Update-ZcrmWatch -Renew (for example from a scheduled runbook).");
            return expiry;
        }

        /// <summary>The notify URL must be absolute http(s); a URL Zoho cannot use earns a warning, not a refusal (the emulator can use it).</summary>
        public static string? CheckNotifyUrl(Uri url, Uri apiDomain)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                throw new ZcrmUsageException("ZcrmInvalidNotifyUrl", $"-NotifyUrl '{url}' is not an absolute http or https URL.", "Give the public https URL Zoho should POST notifications to, such as https://hooks.example.com/zoho.");
            if (IsLoopback(apiDomain)) return null;
            if (IsLoopback(url))
                return $"Zoho cannot reach {url.Host}: the notify URL must be reachable from the internet. Register the https URL of a reverse proxy or tunnel that forwards to your listener.";
            if (url.Scheme == Uri.UriSchemeHttp)
                return "Zoho requires an https notify URL and may refuse this one. Put a reverse proxy or tunnel that terminates TLS in front of your listener and register its https URL.";
            return null;
        }

        public static bool IsLoopback(Uri url)
        {
            var host = url.Host.Trim('[', ']');
            return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        }

        public static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

        private static string Describe(TimeSpan span) => span.TotalDays >= 2 ? $"{span.TotalDays:0} days" : span.TotalHours >= 2 ? $"{span.TotalHours:0} hours" : $"{span.TotalMinutes:0} minutes";

        /// <summary>Zoho answered an expiry earlier than the one asked for (it applies its 1-hour default to one it does not accept).</summary>
        public static string? ShortenedWarning(long channelId, DateTimeOffset requested, DateTimeOffset? confirmed)
        {
            if (!confirmed.HasValue || confirmed.Value >= requested - TimeSpan.FromMinutes(1)) return null;
            return $"Zoho set channel {channelId.ToString(CultureInfo.InvariantCulture)} to expire at {Format(confirmed.Value)}, earlier than the {Format(requested)} asked for. Renew it before then with Update-ZcrmWatch -Renew.";
        }
    }
}
