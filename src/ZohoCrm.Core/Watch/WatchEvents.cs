using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace ZohoCrm.Core.Watch
{
    /// <summary>
    /// The <c>{Module}.{op}</c> events a channel subscribes to (fact sheet §7.1), and the channel expiry limits of each
    /// API version (§2: at most 1 day in v2–v3, 1 week from v4; 1 hour when none is given).
    /// </summary>
    public static class WatchEvents
    {
        public static readonly IReadOnlyList<string> Operations = new[] { "create", "edit", "delete", "all" };

        /// <summary>Zoho keeps the channel for 1 hour when no expiry is sent, or when the one sent is past the maximum.</summary>
        public static readonly TimeSpan DefaultExpiry = TimeSpan.FromHours(1);

        /// <summary>
        /// Taken off the maximum when the module picks the expiry itself, so that a client clock a little ahead of
        /// Zoho's cannot push the request past the maximum (which Zoho would answer with the 1-hour default).
        /// </summary>
        public static readonly TimeSpan ClockSkewMargin = TimeSpan.FromMinutes(5);

        private static readonly Regex Shape = new Regex(@"^(?<module>[A-Za-z][A-Za-z0-9_]*)\.(?<op>[A-Za-z]+)$", RegexOptions.CultureInvariant);

        /// <summary>The event with its operation in lower case (Zoho's spelling); module names are case-sensitive and kept.</summary>
        public static bool TryNormalize(string? text, out string normalized, out string module, out string operation)
        {
            normalized = module = operation = string.Empty;
            var match = Shape.Match((text ?? string.Empty).Trim());
            if (!match.Success) return false;
            operation = match.Groups["op"].Value.ToLowerInvariant();
            if (!Operations.Contains(operation)) return false;
            module = match.Groups["module"].Value;
            normalized = module + "." + operation;
            return true;
        }

        /// <summary>The events normalized and de-duplicated, in order; an <see cref="ArgumentException"/> names the first malformed one.</summary>
        public static IReadOnlyList<string> Normalize(IEnumerable<string> events)
        {
            var result = new List<string>();
            foreach (var item in events)
            {
                if (!TryNormalize(item, out var normalized, out _, out _))
                    throw new ArgumentException(InvalidMessage(item));
                if (!result.Contains(normalized, StringComparer.Ordinal)) result.Add(normalized);
            }
            return result;
        }

        public static string InvalidMessage(string? text) =>
            $"'{text}' is not a watch event. Events are <Module>.<operation>, the module's API name (case-sensitive) and one of create, edit, delete or all, for example Leads.create or Deals.all.";

        public static string ModuleOf(string normalizedEvent) => normalizedEvent.Substring(0, normalizedEvent.LastIndexOf('.'));

        /// <summary>The longest channel expiry the API version allows: 1 day for v2, v2.1 and v3, 1 week from v4 on.</summary>
        public static TimeSpan MaxExpiry(string apiVersion)
        {
            var text = (apiVersion ?? string.Empty).TrimStart('v', 'V');
            var dot = text.IndexOf('.');
            if (dot >= 0) text = text.Substring(0, dot);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major < 4
                ? TimeSpan.FromDays(1)
                : TimeSpan.FromDays(7);
        }

        /// <summary>What the module sends when no expiry is given: the maximum from <paramref name="now"/>, less the clock-skew margin.</summary>
        public static DateTimeOffset LongestExpiry(string apiVersion, DateTimeOffset now) => now + MaxExpiry(apiVersion) - ClockSkewMargin;
    }
}
