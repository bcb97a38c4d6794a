using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Files;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Privacy
{
    public sealed class ErasureOptions
    {
        /// <summary>Delete only records of these modules (null: every deletable module).</summary>
        public IReadOnlyList<string>? Modules { get; set; }

        /// <summary>Also remove the deleted records from the recycle bin (fact sheet §22.1).</summary>
        public bool Permanent { get; set; }
    }

    /// <summary>
    /// Deletes what a find returned (fact sheet §22): attachments and notes first, then the related records, then the
    /// leads and contacts, 100 ids a call; with Permanent the deleted ids then leave the recycle bin, 100 a call. One
    /// result per record, reported as soon as its batch is answered; records an earlier run already took are skipped.
    /// </summary>
    public sealed class DataSubjectEraser
    {
        public const int MaxIdsPerCall = 100;

        private readonly ZohoApiClient _api;
        private readonly RecordWriter _writer;
        private readonly AttachmentService _attachments;

        public DataSubjectEraser(ZohoApiClient api, RecordWriter writer, AttachmentService attachments)
        {
            _api = api;
            _writer = writer;
            _attachments = attachments;
        }

        /// <summary>What an erase would do with each record, without a call: null means it would be deleted.</summary>
        public static ErasureResult? Screen(DataSubjectRecord record, ErasureOptions options)
        {
            if (!record.Deletable)
                return new ErasureResult(record, ErasureOutcome.NotDeletable, "NOT_DELETABLE", $"{record.Module} records are not deleted through the API.");
            if (options.Modules != null && !options.Modules.Contains(record.Module, StringComparer.OrdinalIgnoreCase))
                return new ErasureResult(record, ErasureOutcome.NotDeletable, "NOT_SELECTED", $"{record.Module} is not among the modules chosen for deletion.");
            return null;
        }

        public async Task EraseAsync(IReadOnlyList<DataSubjectRecord> records, ErasureOptions options, ErasureReport report, CallBudget budget,
            Func<ErasureResult, Task> onResult, IZcrmLog log, CancellationToken ct)
        {
            async Task Emit(ErasureResult result)
            {
                report.Append(result);
                await onResult(result).ConfigureAwait(false);
            }

            var toDelete = new List<DataSubjectRecord>();
            foreach (var record in records)
            {
                if (report.IsDone(record.SubjectEmail, record.Module, record.Id))
                {
                    log.Verbose($"{record}: deleted by an earlier run (report); not sent again.");
                    continue;
                }
                if (Screen(record, options) is ErasureResult kept) await Emit(kept).ConfigureAwait(false);
                else toDelete.Add(record);
            }

            if (options.Permanent)
            {
                foreach (var subject in records.Select(r => r.SubjectEmail).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    var leftover = report.NotPurged(subject).ToList();
                    if (leftover.Count == 0) continue;
                    log.Verbose($"{leftover.Count} record(s) an earlier run deleted are still in the recycle bin; removing them.");
                    foreach (var chunk in Chunks(leftover))
                    {
                        var purged = await PurgeAsync(chunk.Select(k => k.Substring(k.IndexOf('/') + 1)).ToList(), budget, log, ct).ConfigureAwait(false);
                        foreach (var key in chunk.Where(k => purged.Contains(k.Substring(k.IndexOf('/') + 1))))
                            report.MarkPurged(subject, key.Substring(0, key.IndexOf('/')), key.Substring(key.IndexOf('/') + 1));
                    }
                }
            }

            foreach (var group in toDelete.GroupBy(r => (r.Module, Parent: r.Module == PrivacyModules.Attachments ? r.ParentModule + "/" + r.ParentId : null))
                         .OrderBy(g => PrivacyModules.DeleteRank(g.Key.Module)).ThenBy(g => g.Key.Module, StringComparer.Ordinal))
            {
                foreach (var batch in Chunks(group.ToList()))
                {
                    var results = group.Key.Module == PrivacyModules.Attachments
                        ? await DeleteAttachmentsAsync(batch, budget, log, ct).ConfigureAwait(false)
                        : await DeleteRecordsAsync(group.Key.Module, batch, budget, log, ct).ConfigureAwait(false);
                    if (options.Permanent && group.Key.Module != PrivacyModules.Attachments && group.Key.Module != PrivacyModules.Notes)
                    {
                        var deleted = results.Where(r => r.Outcome == ErasureOutcome.Deleted).Select(r => r.Record.Id).ToList();
                        if (deleted.Count > 0)
                        {
                            var purged = await PurgeAsync(deleted, budget, log, ct).ConfigureAwait(false);
                            foreach (var result in results) result.Purged = purged.Contains(result.Record.Id);
                        }
                    }
                    foreach (var result in results) await Emit(result).ConfigureAwait(false);
                }
            }
        }

        private async Task<IReadOnlyList<ErasureResult>> DeleteRecordsAsync(string module, IReadOnlyList<DataSubjectRecord> batch, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            var ids = batch.Select(r => r.Id).ToList();
            var answers = await budget.RunAsync(1, () => _writer.DeleteAsync(module, ids, null, log, ct), ct).ConfigureAwait(false);
            var results = new List<ErasureResult>();
            for (var i = 0; i < batch.Count; i++)
            {
                var answer = answers.FirstOrDefault(a => a.Index == i);
                if (answer != null && answer.Succeeded) results.Add(new ErasureResult(batch[i], ErasureOutcome.Deleted));
                else if (answer != null && IsGone(answer.Code, answer.Details)) results.Add(new ErasureResult(batch[i], ErasureOutcome.AlreadyGone, answer.Code, answer.Message));
                else results.Add(new ErasureResult(batch[i], ErasureOutcome.Failed, answer?.Code ?? "NOT_DELETED", answer?.Message ?? "Zoho did not confirm the delete."));
            }
            return results;
        }

        private async Task<IReadOnlyList<ErasureResult>> DeleteAttachmentsAsync(IReadOnlyList<DataSubjectRecord> batch, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            var ids = batch.Select(r => r.Id).ToList();
            IReadOnlyDictionary<string, ZohoApiException?> outcomes;
            try
            {
                outcomes = await budget.RunAsync(1, () => _attachments.DeleteManyAsync(batch[0].ParentModule!, batch[0].ParentId!, ids, log, ct), ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.HttpStatus >= 400 && ex.HttpStatus < 500 && ex.HttpStatus != 429 && ex.HttpStatus != 401)
            {
                // The parent is gone, and its attachments with it.
                var gone = ex.Code == "INVALID_DATA" || ex.Code == "INVALID_MODULE";
                return batch.Select(r => new ErasureResult(r, gone ? ErasureOutcome.AlreadyGone : ErasureOutcome.Failed, ex.Code, ex.Message)).ToList();
            }
            return batch.Select(r => !outcomes.TryGetValue(r.Id, out var error) || error == null
                ? new ErasureResult(r, ErasureOutcome.Deleted)
                : new ErasureResult(r, IsGone(error.Code, null) ? ErasureOutcome.AlreadyGone : ErasureOutcome.Failed, error.Code, error.Message)).ToList();
        }

        /// <summary>Removes deleted records from the recycle bin, 100 a call; returns the ids Zoho confirmed.</summary>
        private async Task<HashSet<string>> PurgeAsync(IReadOnlyList<string> ids, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            var purged = new HashSet<string>(StringComparer.Ordinal);
            var request = new ApiRequest(HttpMethod.Delete, "settings/recycle_bin") { AllowErrorStatus = true, Credits = 1 }.AddQuery("ids", string.Join(",", ids));
            var body = await budget.RunAsync(1, () => _api.SendForJsonAsync(request, log, ct), ct).ConfigureAwait(false);
            foreach (var entry in (body?["recycle_bin"] as JArray)?.OfType<JObject>() ?? Enumerable.Empty<JObject>())
            {
                var id = (string?)entry["details"]?["id"];
                if (id != null && (string?)entry["status"] == "success") purged.Add(id);
                else if (id != null) log.Verbose($"{id} stays in the recycle bin: {(string?)entry["code"]} {(string?)entry["message"]}");
            }
            return purged;
        }

        private static bool IsGone(string code, IReadOnlyDictionary<string, object?>? details) =>
            code == "INVALID_DATA" && (details == null || !details.ContainsKey("api_name"));

        private static IEnumerable<List<T>> Chunks<T>(IReadOnlyList<T> items)
        {
            for (var start = 0; start < items.Count; start += MaxIdsPerCall) yield return items.Skip(start).Take(MaxIdsPerCall).ToList();
        }
    }
}
