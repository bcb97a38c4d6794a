using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>One bulk read job as Zoho describes it (fact sheet §6.2, bulk_read.json Job_Detail).</summary>
    public sealed class BulkReadJob
    {
        public const string Added = "ADDED";
        public const string Queued = "QUEUED";
        public const string InProgress = "IN PROGRESS";
        public const string Completed = "COMPLETED";
        public const string Failure = "FAILURE";

        public BulkReadJob(string id, string state)
        {
            Id = id;
            State = state;
        }

        public string Id { get; }

        /// <summary>ADDED, QUEUED, IN PROGRESS (with a space), COMPLETED or FAILURE.</summary>
        public string State { get; internal set; }

        public string? Module { get; internal set; }

        /// <summary>The 200,000-row page of the module this job exports (1-based).</summary>
        public int Page { get; internal set; } = 1;

        public DateTimeOffset? CreatedTime { get; internal set; }

        public string? CreatedBy { get; internal set; }

        /// <summary>Rows in the file; known once the job has completed.</summary>
        public long? RecordCount { get; internal set; }

        /// <summary>Whether rows exist past this page; known once the job has completed.</summary>
        public bool? MoreRecords { get; internal set; }

        public string? NextPageToken { get; internal set; }

        public int? PerPage { get; internal set; }

        /// <summary>Path of the file relative to the API domain (trust it only when COMPLETED).</summary>
        public string? DownloadUrl { get; internal set; }

        public string FileType { get; internal set; } = "csv";

        public IReadOnlyList<string> Fields { get; internal set; } = Array.Empty<string>();

        public string? CustomViewId { get; internal set; }

        public JToken? Criteria { get; internal set; }

        /// <summary>Zoho's reason when the job failed, if it gave one.</summary>
        public string? FailureReason { get; internal set; }

        /// <summary>What this job was created with in this session (null for a job read by id); used to start the next page.</summary>
        public BulkReadSpec? Spec { get; internal set; }

        public bool IsCompleted => State == Completed;

        public bool IsFailed => State == Failure;

        public bool IsFinished => IsCompleted || IsFailed;

        public override string ToString() => Id;

        /// <summary>Reads the job object of a status answer (<c>data[0]</c>) or the <c>details</c> of a create answer.</summary>
        public static BulkReadJob FromJson(JObject item)
        {
            var id = Text(item["id"]) ?? throw new InvalidOperationException("Zoho described a bulk read job without an id.");
            var job = new BulkReadJob(id, Text(item["state"]) ?? Added)
            {
                CreatedTime = ParseTime(Text(item["created_time"])),
                CreatedBy = Text((item["created_by"] as JObject)?["name"]),
                FileType = Text(item["file_type"]) ?? "csv",
            };

            if (item["query"] is JObject query)
            {
                job.Module = query["module"] is JObject module ? Text(module["api_name"]) : Text(query["module"]);
                job.Page = ToInt(query["page"]) ?? job.Page;
                job.CustomViewId = Text(query["cvid"]);
                job.Fields = (query["fields"] as JArray)?.Select(Text).Where(f => f != null).Select(f => f!).ToArray() ?? Array.Empty<string>();
                job.Criteria = query["criteria"] is JObject criteria && criteria.Properties().Any(p => p.Name != "type" && p.Value.Type != JTokenType.Null) ? criteria : null;
            }

            if (item["result"] is JObject result)
            {
                job.Page = ToInt(result["page"]) ?? job.Page;
                job.PerPage = ToInt(result["per_page"]);
                job.DownloadUrl = Text(result["download_url"]);
                job.NextPageToken = Text(result["next_page_token"]);
                // The v7 sample carries a result on unfinished jobs too; only a finished one's numbers mean anything.
                if (job.IsCompleted)
                {
                    job.RecordCount = ToLong(result["count"]);
                    job.MoreRecords = result["more_records"]?.Type == JTokenType.Boolean ? (bool)result["more_records"]! : false;
                }
            }

            if (job.IsFailed) job.FailureReason = ReadFailureReason(item);
            return job;
        }

        /// <summary>Zoho documents no reason field for a failed job; take the first message-like value it sends.</summary>
        private static string? ReadFailureReason(JObject item)
        {
            foreach (var candidate in new[] { item["message"], item["error"]?["message"], item["result"]?["message"], item["failure_reason"], item["error"], item["code"] })
            {
                var text = candidate is JValue ? Text(candidate) : null;
                if (!string.IsNullOrWhiteSpace(text)) return text;
            }
            return null;
        }

        internal static string? Text(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null || token.Type == JTokenType.Undefined) return null;
            if (token is JValue value) return Convert.ToString(value.Value, CultureInfo.InvariantCulture);
            return null;
        }

        private static int? ToInt(JToken? token)
        {
            var text = Text(token);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        }

        private static long? ToLong(JToken? token)
        {
            var text = Text(token);
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (long?)null;
        }

        private static DateTimeOffset? ParseTime(string? text)
            => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : (DateTimeOffset?)null;
    }
}
