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
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Related
{
    /// <summary>A tag of a module (fact sheet §18).</summary>
    public sealed class ZohoTag
    {
        public ZohoTag(string module, string name, string? id, string? colorCode)
        {
            Module = module;
            Name = name;
            Id = id;
            ColorCode = colorCode;
        }

        public string Module { get; }
        public string Name { get; }
        public string? Id { get; }
        public string? ColorCode { get; }
        public DateTimeOffset? CreatedTime { get; set; }
        public DateTimeOffset? ModifiedTime { get; set; }
        public string? CreatedBy { get; set; }
        public string? ModifiedBy { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>A module's tags and how many it may have.</summary>
    public sealed class ZohoTagList
    {
        public ZohoTagList(IReadOnlyList<ZohoTag> tags, int? allowedCount)
        {
            Tags = tags;
            AllowedCount = allowedCount;
        }

        public IReadOnlyList<ZohoTag> Tags { get; }

        /// <summary>info.allowed_count: the most tags the module may have in this edition.</summary>
        public int? AllowedCount { get; }
    }

    /// <summary>
    /// Tags (fact sheet §18): the module's tags, and adding or removing tags on up to 500 records per call (the
    /// fewest calls Zoho allows). Names over 25 characters are refused before any call.
    /// </summary>
    public sealed class TagService
    {
        public const int MaxRecordsPerCall = 500;
        public const int MaxNameLength = 25;

        /// <summary>The most tags a record may carry in any edition (Standard 5; Professional and up 10).</summary>
        public const int MaxTagsPerRecord = 10;

        private readonly ZohoApiClient _api;
        private readonly RecordWriter _writer;

        public TagService(ZohoApiClient api, RecordWriter writer)
        {
            _api = api;
            _writer = writer;
        }

        /// <summary>Zoho charges 1 credit per 50 records tagged (§8.1).</summary>
        public static int CreditsFor(int records) => Math.Max(1, (records + 49) / 50);

        /// <summary>Refuses names Zoho would refuse (empty, over 25 characters) and more tags than any record may carry.</summary>
        public static IReadOnlyList<string> CheckNames(IEnumerable<string> names)
        {
            var list = names.Select(n => n?.Trim() ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (list.Count == 0 || list.Any(n => n.Length == 0))
                throw new ZcrmUsageException("ZcrmTagNameEmpty", "A tag name is empty.", "Give each tag a name of 1 to 25 characters.");
            var tooLong = list.FirstOrDefault(n => n.Length > MaxNameLength);
            if (tooLong != null)
                throw new ZcrmUsageException("ZcrmTagNameTooLong", $"The tag name '{tooLong}' has {tooLong.Length} characters; Zoho allows at most {MaxNameLength}.", "Shorten the tag name to 25 characters or fewer.");
            if (list.Count > MaxTagsPerRecord)
                throw new ZcrmUsageException("ZcrmTooManyTags", $"{list.Count} tags were given; a Zoho record carries at most {MaxTagsPerRecord} tags (5 in the Standard edition).", "Give 10 tags or fewer.");
            return list;
        }

        public async Task<ZohoTagList> GetTagsAsync(string module, IZcrmLog log, CancellationToken ct)
        {
            var body = await _api.SendForJsonAsync(new ApiRequest(HttpMethod.Get, "settings/tags").AddQuery("module", module), log, ct).ConfigureAwait(false);
            var tags = new List<ZohoTag>();
            foreach (var item in (body?["tags"] as JArray)?.OfType<JObject>() ?? Enumerable.Empty<JObject>())
            {
                var name = (string?)item["name"];
                if (name == null) continue;
                tags.Add(new ZohoTag(module, name, (string?)item["id"], (string?)item["color_code"])
                {
                    CreatedTime = Time(item["created_time"]),
                    ModifiedTime = Time(item["modified_time"]),
                    CreatedBy = (string?)(item["created_by"] as JObject)?["name"],
                    ModifiedBy = (string?)(item["modified_by"] as JObject)?["name"],
                });
            }
            return new ZohoTagList(tags, (int?)(body?["info"] as JObject)?["allowed_count"]);
        }

        private static DateTimeOffset? Time(JToken? token) =>
            DateTimeOffset.TryParse((string?)token, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : (DateTimeOffset?)null;

        /// <summary>Adds tags (by name; new names are created) to up to 500 records; one result per id, in order.</summary>
        public Task<IReadOnlyList<RecordWriteResult>> AddAsync(string module, IReadOnlyList<string> names, IReadOnlyList<string> ids, bool overwrite, IZcrmLog log, CancellationToken ct)
        {
            var body = new JObject
            {
                ["tags"] = new JArray(names.Select(n => new JObject { ["name"] = n })),
                ["ids"] = new JArray(ids),
                ["over_write"] = overwrite,
            };
            return SendAsync(module, "add_tags", body, ids, "tagged", log, ct);
        }

        /// <summary>Removes tags (named by id, with their names) from up to 500 records; one result per id, in order.</summary>
        public Task<IReadOnlyList<RecordWriteResult>> RemoveAsync(string module, IReadOnlyList<ZohoTag> tags, IReadOnlyList<string> ids, IZcrmLog log, CancellationToken ct)
        {
            var body = new JObject
            {
                ["tags"] = new JArray(tags.Select(t => new JObject { ["id"] = t.Id, ["name"] = t.Name })),
                ["ids"] = new JArray(ids),
            };
            return SendAsync(module, "remove_tags", body, ids, "untagged", log, ct);
        }

        private async Task<IReadOnlyList<RecordWriteResult>> SendAsync(string module, string action, JObject body, IReadOnlyList<string> ids, string done, IZcrmLog log, CancellationToken ct)
        {
            if (ids.Count == 0) return Array.Empty<RecordWriteResult>();
            if (ids.Count > MaxRecordsPerCall) throw new ArgumentOutOfRangeException(nameof(ids), "At most 500 records per call.");
            var request = new ApiRequest(HttpMethod.Post, Uri.EscapeDataString(module) + "/actions/" + action)
            {
                JsonBody = body,
                Credits = CreditsFor(ids.Count),
                // Adding or removing the same tags again leaves the records as they are.
                IsIdempotent = true,
            };
            var results = await _writer.SendPerItemAsync(request, ids.Count, done, log, ct).ConfigureAwait(false);
            foreach (var result in results) result.Id ??= ids[result.Index];
            return results;
        }
    }
}
