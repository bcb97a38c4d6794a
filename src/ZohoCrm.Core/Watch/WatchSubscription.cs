using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Watch
{
    /// <summary>One entry of a POST, PUT or PATCH to actions/watch (fact sheet §7.1). Keys left null are not sent.</summary>
    public sealed class WatchSubscription
    {
        public WatchSubscription(long channelId, IReadOnlyList<string> events)
        {
            ChannelId = channelId;
            Events = events;
        }

        public long ChannelId { get; }

        public IReadOnlyList<string> Events { get; }

        public Uri? NotifyUrl { get; set; }

        public string? Token { get; set; }

        public DateTimeOffset? Expiry { get; set; }

        public bool? ReturnAffectedFieldValues { get; set; }

        public bool? NotifyOnRelatedAction { get; set; }

        /// <summary>PATCH only: remove <see cref="Events"/> from the channel instead of adding them.</summary>
        public bool DeleteEvents { get; set; }

        public JObject ToJson()
        {
            // Channel ids go as strings, like every id of the v2.1+ API (a long does not survive every JSON parser).
            var entry = new JObject
            {
                ["channel_id"] = ChannelId.ToString(CultureInfo.InvariantCulture),
                ["events"] = new JArray(Events),
            };
            if (NotifyUrl != null) entry["notify_url"] = NotifyUrl.AbsoluteUri;
            if (Token != null) entry["token"] = Token;
            if (Expiry.HasValue) entry["channel_expiry"] = Expiry.Value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            if (ReturnAffectedFieldValues.HasValue) entry["return_affected_field_values"] = ReturnAffectedFieldValues.Value;
            if (NotifyOnRelatedAction.HasValue) entry["notify_on_related_action"] = NotifyOnRelatedAction.Value;
            if (DeleteEvents) entry["_delete_events"] = true;
            return entry;
        }
    }
}
