using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Watch
{
    /// <summary>
    /// The notification channels of <c>/crm/{version}/actions/watch</c> (fact sheet §7.2): subscribe (POST), replace
    /// (PUT), update or remove events (PATCH), disable (DELETE) and list (GET). Every call costs 1 credit. Every channel
    /// sent gets one <see cref="WatchResult"/>, in order, whatever happens, as <see cref="Records.RecordWriter"/> does.
    /// All of them are safe to repeat, so they are retried when their outcome is unknown: the body names the channel,
    /// so POST and PUT land on the same channel however often they are sent, PATCH adds or removes the same events,
    /// and DELETE disables the same ids (a repeat of a delete that had already worked answers NOT_SUBSCRIBED).
    /// </summary>
    public sealed class WatchClient
    {
        public const string Path = "actions/watch";

        /// <summary>Channels per call: Zoho documents no limit, so the module keeps to the 100 of the other write APIs.</summary>
        public const int MaxChannelsPerCall = 100;

        private readonly ZohoApiClient _api;

        public WatchClient(ZohoApiClient api) { _api = api; }

        public Task<IReadOnlyList<WatchResult>> SubscribeAsync(IReadOnlyList<WatchSubscription> channels, IZcrmLog log, CancellationToken ct)
            => SendAsync(HttpMethod.Post, channels, log, ct);

        /// <summary>PUT: the channel becomes exactly what is sent (keys left out are dropped by Zoho).</summary>
        public Task<IReadOnlyList<WatchResult>> ReplaceAsync(IReadOnlyList<WatchSubscription> channels, IZcrmLog log, CancellationToken ct)
            => SendAsync(HttpMethod.Put, channels, log, ct);

        /// <summary>PATCH: only what is sent changes; with <see cref="WatchSubscription.DeleteEvents"/>, those events are removed.</summary>
        public Task<IReadOnlyList<WatchResult>> UpdateAsync(IReadOnlyList<WatchSubscription> channels, IZcrmLog log, CancellationToken ct)
            => SendAsync(new HttpMethod("PATCH"), channels, log, ct);

        /// <summary>DELETE ?channel_ids=: the channels stop entirely.</summary>
        public async Task<IReadOnlyList<WatchResult>> DisableAsync(IReadOnlyList<long> channelIds, IZcrmLog log, CancellationToken ct)
        {
            CheckCount(channelIds.Count);
            if (channelIds.Count == 0) return Array.Empty<WatchResult>();
            var request = new ApiRequest(HttpMethod.Delete, Path) { AllowErrorStatus = true, IsIdempotent = true, Credits = 1 };
            request.AddQuery("channel_ids", string.Join(",", channelIds.Select(id => id.ToString(CultureInfo.InvariantCulture))));
            return await SendAsync(request, channelIds, log, ct).ConfigureAwait(false);
        }

        /// <summary>One page of channels, as Zoho lists them (one entry per channel and module); empty on 204.</summary>
        public async Task<(IReadOnlyList<WatchChannel> Entries, bool MoreRecords)> ListPageAsync(long? channelId, string? module, int page, int perPage, IZcrmLog log, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Get, Path) { Credits = 1 };
            request.AddQuery("page", page.ToString(CultureInfo.InvariantCulture));
            request.AddQuery("per_page", perPage.ToString(CultureInfo.InvariantCulture));
            if (channelId.HasValue) request.AddQuery("channel_id", channelId.Value.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(module)) request.AddQuery("module", module);
            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var entries = ((body as JObject)?["watch"] as JArray)?.OfType<JObject>().Select(WatchChannel.FromJson).ToList() ?? new List<WatchChannel>();
            foreach (var entry in entries) SecretRedactor.Register(entry.Token);
            var more = (bool?)(body as JObject)?["info"]?["more_records"] ?? false;
            return (entries, more);
        }

        /// <summary>Every channel (all pages, entries merged per channel).</summary>
        public async Task<IReadOnlyList<WatchChannel>> ListAllAsync(long? channelId, string? module, IZcrmLog log, CancellationToken ct)
        {
            var entries = new List<WatchChannel>();
            for (var page = 1; ; page++)
            {
                var (items, more) = await ListPageAsync(channelId, module, page, 200, log, ct).ConfigureAwait(false);
                entries.AddRange(items);
                if (!more || items.Count == 0) break;
            }
            return WatchChannel.Merge(entries);
        }

        private async Task<IReadOnlyList<WatchResult>> SendAsync(HttpMethod method, IReadOnlyList<WatchSubscription> channels, IZcrmLog log, CancellationToken ct)
        {
            CheckCount(channels.Count);
            if (channels.Count == 0) return Array.Empty<WatchResult>();
            // The token is a shared secret: mask it in -Debug's request body and in any error text from now on.
            foreach (var channel in channels) SecretRedactor.Register(channel.Token);
            var request = new ApiRequest(method, Path)
            {
                JsonBody = new JObject { ["watch"] = new JArray(channels.Select(c => c.ToJson())) },
                AllowErrorStatus = true,
                IsIdempotent = true,
                Credits = 1,
            };
            return await SendAsync(request, channels.Select(c => c.ChannelId).ToList(), log, ct).ConfigureAwait(false);
        }

        private static void CheckCount(int count)
        {
            if (count > MaxChannelsPerCall) throw new ArgumentOutOfRangeException(nameof(count), $"At most {MaxChannelsPerCall} channels per call.");
        }

        private async Task<IReadOnlyList<WatchResult>> SendAsync(ApiRequest request, IReadOnlyList<long> channelIds, IZcrmLog log, CancellationToken ct)
        {
            try
            {
                var (status, body) = await _api.SendAsync(request, async (response, _) => (response.StatusCode, await response.ReadJsonAsync().ConfigureAwait(false)), log, ct).ConfigureAwait(false);
                return ReadResults(body, status, channelIds);
            }
            catch (ZohoApiException ex)
            {
                log.Verbose($"The whole call failed ({ex.Code}); reporting each of its {channelIds.Count} channels as failed.");
                return channelIds.Select((id, i) => new WatchResult(i, id, false, ex.Code, ex.ZohoMessage, ex.Details) { HttpStatus = ex.HttpStatus, WholeCallFailed = true }).ToList();
            }
            catch (ZohoTransportException ex)
            {
                var code = ex.OutcomeUnknown ? "ZcrmOutcomeUnknown" : "ZcrmConnectionFailed";
                return channelIds.Select((id, i) => new WatchResult(i, id, false, code, ex.Message, new Dictionary<string, object?>()) { WholeCallFailed = true }).ToList();
            }
        }

        private static List<WatchResult> ReadResults(JToken? body, int status, IReadOnlyList<long> channelIds)
        {
            var results = new List<WatchResult>(channelIds.Count);
            var entries = (body as JObject)?["watch"] as JArray;
            if (entries == null || entries.Count == 0 || !entries.OfType<JObject>().Any(e => e["status"] != null))
            {
                // A request-level error (bad body, missing parameter) answers with one top-level error.
                var failure = ZohoErrorBody.TryRead(body, out var code, out var message, out var details)
                    ? (code, message, details)
                    : ("HTTP_" + status.ToString(CultureInfo.InvariantCulture), $"Zoho answered HTTP {status} without per-channel results.", (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>());
                var succeeded = status >= 200 && status < 300 && failure.Item1.StartsWith("HTTP_", StringComparison.Ordinal);
                for (var i = 0; i < channelIds.Count; i++)
                {
                    results.Add(succeeded
                        ? new WatchResult(i, channelIds[i], true, "SUCCESS", "Zoho confirmed the call without per-channel details.", new Dictionary<string, object?>()) { HttpStatus = status }
                        : new WatchResult(i, channelIds[i], false, failure.Item1, failure.Item2, failure.Item3) { HttpStatus = status, WholeCallFailed = true });
                }
                return results;
            }

            for (var i = 0; i < channelIds.Count; i++)
            {
                if (i >= entries.Count || entries[i] is not JObject entry)
                {
                    results.Add(new WatchResult(i, channelIds[i], false, "ZcrmNoResult", "Zoho's answer had no result for this channel, so its outcome is unknown.", new Dictionary<string, object?>()) { HttpStatus = status });
                    continue;
                }
                var succeeded = string.Equals((string?)entry["status"], "success", StringComparison.OrdinalIgnoreCase);
                var detailsObject = entry["details"] as JObject;
                var result = new WatchResult(i, channelIds[i], succeeded, (string?)entry["code"] ?? (succeeded ? "SUCCESS" : "UNKNOWN_ERROR"), (string?)entry["message"] ?? string.Empty, ZohoErrorBody.ToDictionary(detailsObject))
                {
                    HttpStatus = status,
                    Modules = (detailsObject?["events"] as JArray)?.OfType<JObject>()
                        .Select(e => new WatchedModule((string?)e["resource_name"], WatchChannel.ParseTime(e["channel_expiry"]), (string?)e["resource_uri"]))
                        .ToArray() ?? Array.Empty<WatchedModule>(),
                };
                results.Add(result);
            }
            return results;
        }
    }
}
