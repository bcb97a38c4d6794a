using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Watch
{
    /// <summary>
    /// A notification channel: its id, the events it watches, where Zoho POSTs them, until when, and the token Zoho
    /// echoes in every notification. Zoho lists a channel once per module (fact sheet §7.2); <see cref="Merge"/> joins
    /// those entries. The token is a shared secret: it is a property (the receiver needs it) but never part of
    /// <see cref="ToString"/>.
    /// </summary>
    public sealed class WatchChannel
    {
        public WatchChannel(long channelId, IReadOnlyList<string> events)
        {
            ChannelId = channelId;
            Events = events;
        }

        public long ChannelId { get; }

        /// <summary>Module.operation, e.g. Leads.create.</summary>
        public IReadOnlyList<string> Events { get; internal set; }

        public IReadOnlyList<string> Modules => Events.Select(WatchEvents.ModuleOf).Distinct(StringComparer.Ordinal).ToArray();

        public string? NotifyUrl { get; set; }

        /// <summary>When Zoho stops sending (the earliest of the channel's modules, should they differ).</summary>
        public DateTimeOffset? Expiry { get; set; }

        public string? Token { get; set; }

        public bool? ReturnAffectedFieldValues { get; set; }

        public bool? NotifyOnRelatedAction { get; set; }

        /// <summary>The API URIs of the watched modules, as Zoho reports them.</summary>
        public IReadOnlyList<string> ResourceUris { get; set; } = Array.Empty<string>();

        /// <summary>One entry of a GET answer (one channel and one module).</summary>
        public static WatchChannel FromJson(JObject entry)
        {
            var events = (entry["events"] as JArray)?.Select(e => (string?)e).Where(e => !string.IsNullOrEmpty(e)).Select(e => e!).ToArray() ?? Array.Empty<string>();
            var uri = (string?)entry["resource_uri"];
            return new WatchChannel(ParseChannelId(entry["channel_id"]), events)
            {
                NotifyUrl = (string?)entry["notify_url"],
                Token = (string?)entry["token"],
                Expiry = ParseTime(entry["channel_expiry"]),
                ReturnAffectedFieldValues = (bool?)entry["return_affected_field_values"],
                NotifyOnRelatedAction = (bool?)entry["notify_on_related_action"],
                ResourceUris = string.IsNullOrEmpty(uri) ? Array.Empty<string>() : new[] { uri! },
            };
        }

        /// <summary>Joins the per-module entries of each channel, keeping the order in which channels first appear.</summary>
        public static IReadOnlyList<WatchChannel> Merge(IEnumerable<WatchChannel> entries)
        {
            var merged = new List<WatchChannel>();
            var byId = new Dictionary<long, WatchChannel>();
            foreach (var entry in entries)
            {
                if (!byId.TryGetValue(entry.ChannelId, out var channel))
                {
                    byId[entry.ChannelId] = entry;
                    merged.Add(entry);
                    continue;
                }
                channel.Events = channel.Events.Concat(entry.Events).Distinct(StringComparer.Ordinal).ToArray();
                channel.ResourceUris = channel.ResourceUris.Concat(entry.ResourceUris).Distinct(StringComparer.Ordinal).ToArray();
                if (entry.Expiry.HasValue && (!channel.Expiry.HasValue || entry.Expiry < channel.Expiry)) channel.Expiry = entry.Expiry;
                channel.NotifyUrl ??= entry.NotifyUrl;
                channel.Token ??= entry.Token;
                channel.ReturnAffectedFieldValues ??= entry.ReturnAffectedFieldValues;
                channel.NotifyOnRelatedAction ??= entry.NotifyOnRelatedAction;
            }
            return merged;
        }

        internal static long ParseChannelId(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null) return 0;
            if (token.Type == JTokenType.Integer) return (long)token;
            if (token.Type != JTokenType.String) return 0;
            return long.TryParse((string?)token, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
        }

        internal static DateTimeOffset? ParseTime(JToken? token)
        {
            var text = token?.Type == JTokenType.Date ? ((DateTime)token).ToString("o", CultureInfo.InvariantCulture)
                : token?.Type == JTokenType.String ? (string?)token : null;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : (DateTimeOffset?)null;
        }

        public override string ToString() => ChannelId.ToString(CultureInfo.InvariantCulture) + " (" + string.Join(", ", Events) + ")";
    }
}
