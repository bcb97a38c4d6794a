using System;
using System.Collections.Generic;
using System.Linq;

namespace ZohoCrm.Core.Watch
{
    /// <summary>What happened to one channel of a watch call: Zoho's per-entry answer, or why there was none.</summary>
    public sealed class WatchResult
    {
        public WatchResult(int index, long channelId, bool succeeded, string code, string message, IReadOnlyDictionary<string, object?> details)
        {
            Index = index;
            ChannelId = channelId;
            Succeeded = succeeded;
            Code = code;
            Message = message;
            Details = details;
        }

        /// <summary>Position of the channel in the call.</summary>
        public int Index { get; }

        public long ChannelId { get; }

        public bool Succeeded { get; }

        /// <summary>SUCCESS, or Zoho's code (NOT_SUBSCRIBED, INVALID_DATA, MANDATORY_NOT_FOUND …), or the module's own (ZcrmOutcomeUnknown …).</summary>
        public string Code { get; }

        public string Message { get; }

        public IReadOnlyDictionary<string, object?> Details { get; }

        /// <summary>The modules Zoho confirmed (details.events), each with its expiry.</summary>
        public IReadOnlyList<WatchedModule> Modules { get; internal set; } = Array.Empty<WatchedModule>();

        /// <summary>The expiry Zoho confirmed: the earliest of <see cref="Modules"/>, or null when it sent none.</summary>
        public DateTimeOffset? Expiry => Modules.Where(m => m.Expiry.HasValue).Select(m => m.Expiry).Min();

        /// <summary>HTTP status of the call (0 when no answer came).</summary>
        public int HttpStatus { get; internal set; }

        /// <summary>The call failed as a whole (network, limits, a request-level error) rather than this channel.</summary>
        public bool WholeCallFailed { get; internal set; }
    }

    /// <summary>One entry of details.events in a subscribe or update answer.</summary>
    public sealed class WatchedModule
    {
        public WatchedModule(string? module, DateTimeOffset? expiry, string? resourceUri)
        {
            Module = module;
            Expiry = expiry;
            ResourceUri = resourceUri;
        }

        public string? Module { get; }
        public DateTimeOffset? Expiry { get; }
        public string? ResourceUri { get; }
    }
}
