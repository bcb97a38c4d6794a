using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Privacy
{
    /// <summary>
    /// The audit trail of an erase: one JSON line per record, appended and flushed as each result arrives, so an
    /// interrupted run leaves a true report. Read back, it tells a second run what is already gone.
    /// </summary>
    public sealed class ErasureReport : IDisposable
    {
        private readonly StreamWriter? _writer;
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, JObject> _failed = new Dictionary<string, JObject>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _notPurged = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);

        private ErasureReport(StreamWriter? writer) { _writer = writer; }

        /// <summary>Opens (or creates) a report to append to; null path: results are kept in memory only.</summary>
        public static ErasureReport Open(string? path)
        {
            if (string.IsNullOrEmpty(path)) return new ErasureReport(null);
            var report = new ErasureReport(null);
            if (File.Exists(path))
            {
                foreach (var line in File.ReadAllLines(path!))
                {
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    JObject entry;
                    try { entry = JObject.Parse(line); }
                    catch (JsonReaderException) { continue; }
                    report.Remember((string?)entry["subject"], (string?)entry["module"], (string?)entry["id"], (string?)entry["outcome"], (bool?)entry["purged"] ?? false, entry);
                }
            }
            var stream = new FileStream(path!, FileMode.Append, FileAccess.Write, FileShare.Read);
            var opened = new ErasureReport(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true });
            foreach (var key in report._done) opened._done.Add(key);
            foreach (var pair in report._notPurged) opened._notPurged[pair.Key] = pair.Value;
            foreach (var pair in report._failed) opened._failed[pair.Key] = pair.Value;
            return opened;
        }

        /// <summary>Already deleted (or found gone) by an earlier run for this subject.</summary>
        public bool IsDone(string subject, string module, string id) => _done.Contains(Key(subject, module, id));

        /// <summary>Records an earlier run deleted but did not remove from the recycle bin ("module/id").</summary>
        public IReadOnlyList<string> NotPurged(string subject) => _notPurged.TryGetValue(subject, out var list) ? list : (IReadOnlyList<string>)Array.Empty<string>();

        /// <summary>
        /// Records an earlier run failed to delete and has not deleted since. A later find may no longer reach them (their
        /// contact is gone), so a resumed run takes them from here.
        /// </summary>
        public IReadOnlyList<DataSubjectRecord> LeftOver(string subject)
        {
            var prefix = subject.ToLowerInvariant() + "|";
            return _failed.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(p =>
            {
                var e = p.Value;
                var module = (string)e["module"]!;
                var id = (string)e["id"]!;
                var record = new Records.ZohoRecord(module, new List<KeyValuePair<string, object?>> { new KeyValuePair<string, object?>("id", id) });
                return new DataSubjectRecord(subject, module, id, (string?)e["displayName"], (string?)e["linkedBy"] ?? "report", true, record)
                    { ParentModule = (string?)e["parentModule"], ParentId = (string?)e["parentId"] };
            }).ToList();
        }

        public void Append(ErasureResult result)
        {
            var r = result.Record;
            var line = new JObject
            {
                ["time"] = result.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture),
                ["subject"] = r.SubjectEmail,
                ["module"] = r.Module,
                ["id"] = r.Id,
                ["displayName"] = r.DisplayName,
                ["linkedBy"] = r.LinkedBy,
                ["outcome"] = result.Outcome.ToString(),
                ["code"] = result.Code,
                ["message"] = result.Message,
                ["purged"] = result.Purged,
                ["parentModule"] = r.ParentModule,
                ["parentId"] = r.ParentId,
            };
            Remember(r.SubjectEmail, r.Module, r.Id, result.Outcome.ToString(), result.Purged, line);
            if (_writer == null) return;
            lock (_writer) _writer.WriteLine(line.ToString(Formatting.None));
        }

        /// <summary>An earlier run's deleted record is now out of the recycle bin too.</summary>
        public void MarkPurged(string subject, string module, string id)
        {
            if (_notPurged.TryGetValue(subject, out var list)) list.Remove(module + "/" + id);
            if (_writer == null) return;
            var line = new JObject { ["time"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture), ["subject"] = subject, ["module"] = module, ["id"] = id, ["outcome"] = "Deleted", ["purged"] = true };
            lock (_writer) _writer.WriteLine(line.ToString(Formatting.None));
        }

        private void Remember(string? subject, string? module, string? id, string? outcome, bool purged, JObject entry)
        {
            if (subject == null || module == null || id == null) return;
            if (outcome == nameof(ErasureOutcome.Failed) && !_done.Contains(Key(subject, module, id))) _failed[Key(subject, module, id)] = entry;
            if (outcome != nameof(ErasureOutcome.Deleted) && outcome != nameof(ErasureOutcome.AlreadyGone)) return;
            _done.Add(Key(subject, module, id));
            _failed.Remove(Key(subject, module, id));
            if (!_notPurged.TryGetValue(subject, out var list)) _notPurged[subject] = list = new List<string>();
            list.Remove(module + "/" + id);
            if (outcome == nameof(ErasureOutcome.Deleted) && !purged && module != PrivacyModules.Notes && module != PrivacyModules.Attachments) list.Add(module + "/" + id);
        }

        private static string Key(string subject, string module, string id) => subject.ToLowerInvariant() + "|" + module + "|" + id;

        public void Dispose() => _writer?.Dispose();
    }
}
