using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Files;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Privacy
{
    /// <summary>What an export wrote for one subject.</summary>
    public sealed class AccessPackage
    {
        public AccessPackage(string subjectEmail, string folder, IReadOnlyDictionary<string, int> counts, int files, long creditsUsed)
        {
            SubjectEmail = subjectEmail;
            Folder = folder;
            Counts = counts;
            Files = files;
            CreditsUsed = creditsUsed;
        }

        public string SubjectEmail { get; }
        public string Folder { get; }
        public IReadOnlyDictionary<string, int> Counts { get; }
        public int Files { get; }
        public long CreditsUsed { get; }
        public int RecordCount => Counts.Values.Sum();
    }

    /// <summary>
    /// Writes an access package for one subject: a folder with records/&lt;Module&gt;.json (every field Zoho returned,
    /// records ordered by id), notes.json, attachments.json, the attachment files when asked, and manifest.json.
    /// Indented JSON in a fixed order, so two exports of the same data differ only in the manifest's time and credits.
    /// </summary>
    public sealed class DataSubjectExporter
    {
        private readonly AttachmentService _attachments;

        public DataSubjectExporter(AttachmentService attachments) { _attachments = attachments; }

        /// <summary>The package folder's name for a subject: the address made safe for a file name.</summary>
        public static string FolderNameOf(string email) => SafeFileName.From(email.Trim().ToLowerInvariant(), "subject");

        public async Task<AccessPackage> WriteAsync(string root, string email, IReadOnlyList<string> modulesSearched, IReadOnlyList<DataSubjectRecord> records,
            bool includeFiles, CallBudget budget, Func<long> creditsUsed, IZcrmLog log, CancellationToken ct)
        {
            var folder = Path.Combine(root, FolderNameOf(email));
            Directory.CreateDirectory(Path.Combine(folder, "records"));
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var group in records.GroupBy(r => r.Module).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                counts[group.Key] = group.Count();
                var items = new JArray(group.OrderBy(r => r.Id.Length).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r =>
                {
                    var json = ToJson(r.Record);
                    json.AddFirst(new JProperty("$linked_by", r.LinkedBy));
                    return json;
                }));
                var file = group.Key == PrivacyModules.Notes ? Path.Combine(folder, "notes.json")
                    : group.Key == PrivacyModules.Attachments ? Path.Combine(folder, "attachments.json")
                    : Path.Combine(folder, "records", SafeFileName.From(group.Key, "module") + ".json");
                WriteJson(file, items);
            }

            var files = 0;
            if (includeFiles)
            {
                foreach (var attachment in records.Where(r => r.Module == PrivacyModules.Attachments && !"Link".Equals(r.Record.Fields.FirstOrDefault(f => f.Key == "$type").Value as string, StringComparison.OrdinalIgnoreCase)))
                {
                    var target = new DownloadTarget(Path.Combine(folder, "attachments", SafeFileName.From(attachment.ParentModule + "_" + attachment.ParentId, "parent")),
                        SafeFileName.From(attachment.Id + "_" + (attachment.DisplayName ?? "file"), attachment.Id), attachment.Id, overwrite: true);
                    Directory.CreateDirectory(target.Folder);
                    await budget.RunAsync(1, () => _attachments.DownloadAsync(attachment.ParentModule!, attachment.ParentId!, attachment.Id, target, null, log, ct), ct).ConfigureAwait(false);
                    files++;
                }
            }

            var credits = creditsUsed();
            var manifest = new JObject
            {
                ["subject"] = email,
                ["exported_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["modules_searched"] = new JArray(modulesSearched),
                ["counts"] = new JObject(counts.Select(c => new JProperty(c.Key, c.Value))),
                ["records"] = counts.Values.Sum(),
                ["attachment_files"] = files,
                ["credits_used"] = credits,
                ["contents"] = new JArray(counts.Keys.Select(m => m == PrivacyModules.Notes ? "notes.json" : m == PrivacyModules.Attachments ? "attachments.json" : "records/" + SafeFileName.From(m, "module") + ".json")),
            };
            WriteJson(Path.Combine(folder, "manifest.json"), manifest);
            return new AccessPackage(email, folder, counts, files, credits);
        }

        /// <summary>A record as JSON with the values Zoho sent (dates in Zoho's forms, lookups as objects).</summary>
        public static JObject ToJson(ZohoRecord record)
        {
            var json = new JObject();
            foreach (var field in record.Fields) json[field.Key] = ToToken(field.Value);
            return json;
        }

        private static JToken ToToken(object? value)
        {
            switch (value)
            {
                case null: return JValue.CreateNull();
                case DateTimeOffset time: return new JValue(time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                case DateTime date: return new JValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                case ZohoObject obj:
                    var o = new JObject();
                    foreach (var p in obj.Properties) o[p.Key] = ToToken(p.Value);
                    return o;
                case object?[] array: return new JArray(array.Select(ToToken));
                default: return JToken.FromObject(value);
            }
        }

        private static void WriteJson(string path, JToken json)
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            writer.NewLine = "\n";
            using var jw = new JsonTextWriter(writer) { Formatting = Formatting.Indented, Indentation = 2 };
            json.WriteTo(jw);
            writer.WriteLine();
        }
    }
}
