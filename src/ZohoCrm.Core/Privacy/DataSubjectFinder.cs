using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Files;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;
using ZohoCrm.Core.Related;

namespace ZohoCrm.Core.Privacy
{
    /// <summary>What to look for and where.</summary>
    public sealed class DataSubjectQuery
    {
        /// <summary>Report only records of these modules (null: every module searched or read).</summary>
        public IReadOnlyList<string>? Modules { get; set; }

        /// <summary>Read the related lists, notes and attachments of every person record found.</summary>
        public bool IncludeRelated { get; set; } = true;

        /// <summary>Also search every other module of the org that has an email field.</summary>
        public bool AllModules { get; set; }
    }

    /// <summary>
    /// Finds one person's records by email (fact sheet §22.3, §23): one search per module with an email field (never a
    /// scan), an exact case-insensitive whole-address match on what comes back (search may return near matches, §4.1),
    /// then the related lists, notes and attachments of each person record found. Every call goes through the budget.
    /// </summary>
    public sealed class DataSubjectFinder
    {
        private static readonly string[] NameFields = { "Full_Name", "Subject", "Event_Title", "Deal_Name", "Account_Name", "Vendor_Name", "Note_Title", "File_Name", "Name", "Last_Name", "Email" };

        private readonly RecordService _records;
        private readonly RelatedRecordService _related;
        private readonly AttachmentService _attachments;
        private readonly MetadataCache _metadata;

        public DataSubjectFinder(RecordService records, RelatedRecordService related, AttachmentService attachments, MetadataCache metadata)
        {
            _records = records;
            _related = related;
            _attachments = attachments;
            _metadata = metadata;
        }

        /// <summary>The modules searched by email for this query, in order.</summary>
        public async Task<IReadOnlyList<string>> SearchedModulesAsync(DataSubjectQuery query, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            var modules = PrivacyModules.PersonModules.ToList();
            if (!query.AllModules) return modules;
            var all = await budget.RunAsync(_metadata.TryGetModules(out _) ? 0 : 1, () => _metadata.GetModulesAsync(log, ct), ct).ConfigureAwait(false);
            foreach (var module in all.Where(m => m.ApiSupported && !modules.Contains(m.ApiName, StringComparer.Ordinal)))
            {
                if (module.ApiName == PrivacyModules.Notes || module.ApiName == PrivacyModules.Attachments) continue;
                IReadOnlyList<ZohoField> fields;
                try
                {
                    fields = await budget.RunAsync(MetadataCredits(module.ApiName), () => _metadata.GetFieldsAsync(module.ApiName, log, ct), ct).ConfigureAwait(false);
                }
                catch (ZohoApiException ex) when (ex.HttpStatus >= 400 && ex.HttpStatus < 500 && ex.HttpStatus != 429)
                {
                    log.Verbose($"The fields of {module.ApiName} cannot be read ({ex.Code}); it is not searched.");
                    continue;
                }
                if (fields.Any(IsEmailField)) modules.Add(module.ApiName);
            }
            return modules;
        }

        public async Task<IReadOnlyList<DataSubjectRecord>> FindAsync(string email, DataSubjectQuery query, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            // The first failure (a reached budget, a lost connection) stops the calls still running beside it.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            try
            {
                return await FindCoreAsync(email, query, budget, log, stop.Token).ConfigureAwait(false);
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }

        private async Task<IReadOnlyList<DataSubjectRecord>> FindCoreAsync(string email, DataSubjectQuery query, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            email = CheckEmail(email);
            var searched = await SearchedModulesAsync(query, budget, log, ct).ConfigureAwait(false);
            var found = new ConcurrentDictionary<string, DataSubjectRecord>(StringComparer.Ordinal);

            var people = await AllOrNothingAsync(searched.Select(m => SearchAsync(m, email, budget, log, ct)).ToList()).ConfigureAwait(false);
            foreach (var hit in people.SelectMany(p => p)) Add(found, hit);

            if (query.IncludeRelated)
            {
                var work = new List<Task>();
                foreach (var person in people.SelectMany(p => p))
                {
                    var lists = person.Module == "Contacts" ? PrivacyModules.ContactLists : person.Module == "Leads" ? PrivacyModules.LeadLists : Array.Empty<string>();
                    foreach (var list in lists) work.Add(ReadListAsync(person, list, found, budget, log, ct));
                }
                await AllOrNothingAsync(work.Select(async t => { await t.ConfigureAwait(false); return true; }).ToList()).ConfigureAwait(false);

                // Notes and attachments of every record found so far, the related ones included.
                var parents = found.Values.ToList();
                await AllOrNothingAsync(parents.Where(p => RelatedLists.NoteParents.Contains(p.Module, StringComparer.Ordinal))
                    .SelectMany(p => new[] { ReadListAsync(p, PrivacyModules.Notes, found, budget, log, ct), ReadAttachmentsAsync(p, found, budget, log, ct) })
                    .Select(async t => { await t.ConfigureAwait(false); return true; }).ToList()).ConfigureAwait(false);
            }

            var order = searched.Concat(PrivacyModules.ContactLists).Concat(new[] { PrivacyModules.Notes, PrivacyModules.Attachments }).Distinct().ToList();
            return found.Values
                .Where(r => query.Modules == null || query.Modules.Contains(r.Module, StringComparer.OrdinalIgnoreCase))
                .OrderBy(r => order.IndexOf(r.Module) < 0 ? int.MaxValue : order.IndexOf(r.Module)).ThenBy(r => r.Module, StringComparer.Ordinal)
                .ThenBy(r => r.Id.Length).ThenBy(r => r.Id, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Every task's result, or the first failure as soon as it happens (the caller then cancels the rest).</summary>
        private static async Task<T[]> AllOrNothingAsync<T>(IReadOnlyList<Task<T>> tasks)
        {
            var pending = tasks.ToList();
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).ConfigureAwait(false);
                pending.Remove(done);
                await done.ConfigureAwait(false);
            }
            return tasks.Select(t => t.Result).ToArray();
        }

        /// <summary>An address as given, trimmed; ZcrmInvalidEmail when it is not one.</summary>
        public static string CheckEmail(string email)
        {
            var trimmed = (email ?? string.Empty).Trim();
            var at = trimmed.IndexOf('@');
            if (at <= 0 || at != trimmed.LastIndexOf('@') || at == trimmed.Length - 1 || trimmed.Any(char.IsWhiteSpace))
                throw new ZcrmUsageException("ZcrmInvalidEmail", $"'{email}' is not an email address.", "Give the data subject's whole email address, such as jane@example.com.");
            return trimmed;
        }

        /// <summary>The email fields of a record whose value is the subject's address, exactly (case ignored).</summary>
        public static IReadOnlyList<string> MatchingEmailFields(ZohoRecord record, IEnumerable<ZohoField>? fields, string email)
        {
            var emailFields = new HashSet<string>(fields?.Where(IsEmailField).Select(f => f.ApiName) ?? new[] { "Email", "Secondary_Email" }, StringComparer.Ordinal);
            return record.Fields.Where(f => emailFields.Contains(f.Key) && PrivacyModules.SameAddress(f.Value as string, email)).Select(f => f.Key).ToList();
        }

        public static string? DisplayNameOf(ZohoRecord record)
        {
            foreach (var name in NameFields)
            {
                var value = record.Fields.FirstOrDefault(f => f.Key == name).Value;
                if (value is string s && s.Length > 0) return s;
                if (value is ZohoObject o && o.Properties.FirstOrDefault(p => p.Key == "name").Value is string n) return n;
            }
            return null;
        }

        /// <summary>A module's field list costs a call only the first time (it is cached).</summary>
        private int MetadataCredits(string module) => _metadata.TryGetFields(module, out _) ? 0 : 1;

        private static bool IsEmailField(ZohoField field) => string.Equals(field.DataType, "email", StringComparison.OrdinalIgnoreCase);

        private async Task<IReadOnlyList<DataSubjectRecord>> SearchAsync(string module, string email, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            ResolvedFields fields;
            try
            {
                fields = await budget.RunAsync(MetadataCredits(module), () => _records.ResolveFieldsAsync(module, null, log, ct), ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.Code == "INVALID_MODULE" || ex.HttpStatus == 404)
            {
                log.Verbose($"This org has no module {module}; it is not searched.");
                return Array.Empty<DataSubjectRecord>();
            }
            var search = new RecordSearch { Email = email, Converted = module == "Leads" ? "both" : null };
            var pager = _records.CreateSearchPager(search, fields, new PagingOptions { All = true });
            var found = new List<DataSubjectRecord>();
            while (!pager.IsDone)
            {
                var page = await budget.RunAsync(1, () => pager.NextAsync(log, ct), ct).ConfigureAwait(false);
                if (page == null) break;
                foreach (var record in page.Records)
                {
                    var matched = MatchingEmailFields(record, fields.Metadata, email);
                    if (matched.Count == 0)
                    {
                        log.Verbose($"{module} {record.Id}: a search hit whose email is not exactly {email}; skipped.");
                        continue;
                    }
                    found.Add(new DataSubjectRecord(email, fields.Module, record.Id ?? string.Empty, DisplayNameOf(record), string.Join(",", matched), PrivacyModules.IsDeletable(fields.Module), record));
                }
            }
            log.Verbose($"{module}: {found.Count} record(s) with {email} in {pager.PagesRead} search call(s).");
            return found;
        }

        private async Task ReadListAsync(DataSubjectRecord parent, string listName, ConcurrentDictionary<string, DataSubjectRecord> found, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            RecordPager pager;
            try
            {
                var list = await _related.ResolveListAsync(parent.Module, listName, log, ct).ConfigureAwait(false);
                var fields = await budget.RunAsync(MetadataCredits(list.RelatedModule), () => _records.ResolveFieldsAsync(list.RelatedModule, null, log, ct), ct).ConfigureAwait(false);
                pager = _related.CreatePager(list, parent.Id, fields, new PagingOptions { All = true });
                while (!pager.IsDone)
                {
                    var page = await budget.RunAsync(1, () => pager.NextAsync(log, ct), ct).ConfigureAwait(false);
                    if (page == null) break;
                    foreach (var row in page.Records)
                    {
                        var record = new DataSubjectRecord(parent.SubjectEmail, list.RelatedModule, row.Id ?? string.Empty, DisplayNameOf(row), parent.Module + "/" + parent.Id,
                            PrivacyModules.IsDeletable(list.RelatedModule), row) { ParentModule = parent.Module, ParentId = parent.Id };
                        Add(found, record);
                    }
                }
            }
            catch (Exception ex) when ((ex is ZohoApiException api && api.HttpStatus >= 400 && api.HttpStatus < 500 && api.HttpStatus != 429 && api.HttpStatus != 401) || ex is ZcrmUsageException)
            {
                log.Verbose($"{parent.Module} {parent.Id} has no readable {listName} list ({(ex as ZohoApiException)?.Code ?? (ex as ZcrmUsageException)?.ErrorId}); skipped.");
            }
        }

        private async Task ReadAttachmentsAsync(DataSubjectRecord parent, ConcurrentDictionary<string, DataSubjectRecord> found, CallBudget budget, IZcrmLog log, CancellationToken ct)
        {
            try
            {
                await budget.RunAsync(1, () => _attachments.ListAsync(parent.Module, parent.Id, all: true, page =>
                {
                    foreach (var file in page)
                    {
                        var record = new ZohoRecord(PrivacyModules.Attachments, new List<KeyValuePair<string, object?>>
                        {
                            new KeyValuePair<string, object?>("id", file.Id),
                            new KeyValuePair<string, object?>("File_Name", file.FileName),
                            new KeyValuePair<string, object?>("Size", file.Size),
                            new KeyValuePair<string, object?>("$type", file.Type),
                            new KeyValuePair<string, object?>("$link_url", file.LinkUrl),
                            new KeyValuePair<string, object?>("Parent_Module", parent.Module),
                            new KeyValuePair<string, object?>("Parent_Id", parent.Id),
                            new KeyValuePair<string, object?>("Owner", file.Owner),
                            new KeyValuePair<string, object?>("Created_Time", file.CreatedTime),
                            new KeyValuePair<string, object?>("Modified_Time", file.ModifiedTime),
                        });
                        Add(found, new DataSubjectRecord(parent.SubjectEmail, PrivacyModules.Attachments, file.Id, file.FileName ?? file.LinkUrl, parent.Module + "/" + parent.Id, true, record)
                            { ParentModule = parent.Module, ParentId = parent.Id });
                    }
                    return Task.CompletedTask;
                }, log, ct), ct).ConfigureAwait(false);
            }
            catch (ZohoApiException ex) when (ex.HttpStatus >= 400 && ex.HttpStatus < 500 && ex.HttpStatus != 429 && ex.HttpStatus != 401)
            {
                log.Verbose($"The attachments of {parent.Module} {parent.Id} cannot be read ({ex.Code}); skipped.");
            }
        }

        private static void Add(ConcurrentDictionary<string, DataSubjectRecord> found, DataSubjectRecord record)
        {
            found.AddOrUpdate(record.Module + "/" + record.Id, record, (_, existing) =>
            {
                if (!existing.LinkedBy.Split(';').Contains(record.LinkedBy)) existing.LinkedBy += ";" + record.LinkedBy;
                return existing;
            });
        }
    }
}
