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

namespace ZohoCrm.Core.Records
{
    /// <summary>
    /// Sends up to 100 records per call (insert, update, upsert) or 100 ids (delete) and returns one result per record,
    /// in order, whatever happens: Zoho's per-record answers, or for a call that failed as a whole, that failure on
    /// every record of it. Nothing sent is ever unaccounted for.
    /// </summary>
    public sealed class RecordWriter
    {
        public const int MaxRecordsPerCall = 100;

        private readonly ZohoApiClient _api;

        public RecordWriter(ZohoApiClient api) { _api = api; }

        /// <summary>Zoho charges 1 credit per 10 records written (at most 10 for 100).</summary>
        public static int CreditsFor(int records) => Math.Max(1, (records + 9) / 10);

        public async Task<IReadOnlyList<RecordWriteResult>> WriteAsync(WriteOperation operation, string module, IReadOnlyList<JObject> records, WriteOptions options, IZcrmLog log, CancellationToken ct)
        {
            if (records.Count == 0) return Array.Empty<RecordWriteResult>();
            if (records.Count > MaxRecordsPerCall) throw new ArgumentOutOfRangeException(nameof(records), "At most 100 records per call.");
            if (operation == WriteOperation.Delete) throw new ArgumentException("Use DeleteAsync for deletes.", nameof(operation));

            var path = Uri.EscapeDataString(module) + (operation == WriteOperation.Upsert ? "/upsert" : string.Empty);
            var request = new ApiRequest(operation == WriteOperation.Update ? HttpMethod.Put : HttpMethod.Post, path)
            {
                JsonBody = BuildBody(records, options, operation),
                Credits = CreditsFor(records.Count),
                AllowErrorStatus = true,
                // An insert whose outcome is unknown must not be repeated (it could create the records twice); an update
                // or an upsert lands on the same records however often it is sent.
                IsIdempotent = operation != WriteOperation.Insert,
            };
            return await SendAsync(request, records.Count, operation, log, ct).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<RecordWriteResult>> DeleteAsync(string module, IReadOnlyList<string> ids, bool? workflowTrigger, IZcrmLog log, CancellationToken ct)
        {
            if (ids.Count == 0) return Array.Empty<RecordWriteResult>();
            if (ids.Count > MaxRecordsPerCall) throw new ArgumentOutOfRangeException(nameof(ids), "At most 100 ids per call.");
            var request = new ApiRequest(HttpMethod.Delete, Uri.EscapeDataString(module)) { AllowErrorStatus = true, Credits = 1 };
            request.AddQuery("ids", string.Join(",", ids));
            if (workflowTrigger.HasValue) request.AddQuery("wf_trigger", workflowTrigger.Value ? "true" : "false");
            var results = await SendAsync(request, ids.Count, WriteOperation.Delete, log, ct).ConfigureAwait(false);
            foreach (var result in results) result.Id ??= ids[result.Index];
            return results;
        }

        private static JObject BuildBody(IReadOnlyList<JObject> records, WriteOptions options, WriteOperation operation)
        {
            var body = new JObject { ["data"] = new JArray(records) };
            if (options.Triggers != null) body["trigger"] = new JArray(options.Triggers);
            if (operation == WriteOperation.Upsert && options.DuplicateCheckFields != null && options.DuplicateCheckFields.Count > 0)
                body["duplicate_check_fields"] = new JArray(options.DuplicateCheckFields);
            if (!string.IsNullOrEmpty(options.LarId)) body["lar_id"] = options.LarId;
            return body;
        }

        /// <summary>
        /// Sends a call that acts on <paramref name="count"/> items and answers one <c>data[]</c> entry per item (link,
        /// delink, tags), returning one result per item whatever happens; a success carries <paramref name="action"/>.
        /// </summary>
        public Task<IReadOnlyList<RecordWriteResult>> SendPerItemAsync(ApiRequest request, int count, string action, IZcrmLog log, CancellationToken ct)
        {
            request.AllowErrorStatus = true;
            return SendAsync(request, count, _ => action, log, ct);
        }

        private Task<IReadOnlyList<RecordWriteResult>> SendAsync(ApiRequest request, int count, WriteOperation operation, IZcrmLog log, CancellationToken ct)
            => SendAsync(request, count, upsertAction => ActionOf(operation, upsertAction), log, ct);

        private async Task<IReadOnlyList<RecordWriteResult>> SendAsync(ApiRequest request, int count, Func<string?, string> actionOf, IZcrmLog log, CancellationToken ct)
        {
            try
            {
                var (status, body) = await _api.SendAsync(request, async (response, _) => (response.StatusCode, await response.ReadJsonAsync().ConfigureAwait(false)), log, ct).ConfigureAwait(false);
                return ReadResults(body, status, count, actionOf, request);
            }
            catch (ZohoApiException ex)
            {
                log.Verbose($"The whole call failed ({ex.Code}); reporting each of its {count} records as failed.");
                return Enumerable.Range(0, count).Select(i => new RecordWriteResult(i, false, ex.Code, ex.ZohoMessage, ex.Details)
                {
                    HttpStatus = ex.HttpStatus,
                    WholeBatchFailed = true,
                    // A 5xx to an insert that was therefore not retried: Zoho may have created the records.
                    OutcomeUnknown = ex.HttpStatus >= 500 && !request.IsIdempotent,
                }).ToList();
            }
            catch (ZohoTransportException ex)
            {
                var code = ex.OutcomeUnknown ? "ZcrmOutcomeUnknown" : "ZcrmConnectionFailed";
                return Enumerable.Range(0, count).Select(i => new RecordWriteResult(i, false, code, ex.Message, new Dictionary<string, object?>())
                {
                    WholeBatchFailed = true,
                    OutcomeUnknown = ex.OutcomeUnknown && !request.IsIdempotent,
                }).ToList();
            }
        }

        private List<RecordWriteResult> ReadResults(JToken? body, int status, int count, Func<string?, string> actionOf, ApiRequest request)
        {
            var results = new List<RecordWriteResult>(count);
            var entries = (body as JObject)?["data"] as JArray;
            if (entries == null)
            {
                // A request-level error (bad module, too many records, bad JSON) answers with one top-level error.
                var failure = ZohoErrorBody.TryRead(body, out var code, out var message, out var details)
                    ? (code, message, details)
                    : ("HTTP_" + status.ToString(CultureInfo.InvariantCulture), $"Zoho answered HTTP {status} without per-record results.", (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>());
                for (var i = 0; i < count; i++)
                    results.Add(new RecordWriteResult(i, false, failure.Item1, failure.Item2, failure.Item3) { HttpStatus = status, WholeBatchFailed = true });
                return results;
            }

            for (var i = 0; i < count; i++)
            {
                if (i >= entries.Count || entries[i] is not JObject entry)
                {
                    results.Add(new RecordWriteResult(i, false, "ZcrmNoResult", "Zoho's answer had no result for this record, so its outcome is unknown.", new Dictionary<string, object?>())
                    {
                        HttpStatus = status,
                        OutcomeUnknown = !request.IsIdempotent,
                    });
                    continue;
                }
                var succeeded = string.Equals((string?)entry["status"], "success", StringComparison.OrdinalIgnoreCase);
                var details = ZohoErrorBody.ToDictionary(entry["details"] as JObject);
                var result = new RecordWriteResult(i, succeeded, (string?)entry["code"] ?? (succeeded ? "SUCCESS" : "UNKNOWN_ERROR"), (string?)entry["message"] ?? string.Empty, details)
                {
                    HttpStatus = status,
                    Id = details.TryGetValue("id", out var id) ? Convert.ToString(id, CultureInfo.InvariantCulture) : null,
                    DuplicateField = (string?)entry["duplicate_field"],
                };
                if (succeeded) result.Action = actionOf((string?)entry["action"]);
                results.Add(result);
            }
            return results;
        }

        private static string ActionOf(WriteOperation operation, string? upsertAction)
        {
            switch (operation)
            {
                case WriteOperation.Insert: return "created";
                case WriteOperation.Update: return "updated";
                case WriteOperation.Delete: return "deleted";
                default: return string.Equals(upsertAction, "update", StringComparison.OrdinalIgnoreCase) ? "updated" : "created";
            }
        }
    }
}
