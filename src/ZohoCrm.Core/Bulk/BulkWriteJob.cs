using System;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>One bulk write job as Zoho describes it (fact sheet §21.3, bulk_write.json Bulk_Write_Response).</summary>
    public sealed class BulkWriteJob
    {
        public const string Added = "ADDED";
        public const string InProgress = "IN PROGRESS";
        public const string Completed = "COMPLETED";
        public const string Failed = "FAILED";

        public BulkWriteJob(string id, string status)
        {
            Id = id;
            Status = status;
        }

        public string Id { get; }

        /// <summary>ADDED, IN PROGRESS (with a space), COMPLETED or FAILED.</summary>
        public string Status { get; internal set; }

        /// <summary>insert, update or upsert.</summary>
        public string? Operation { get; internal set; }

        public string? Module { get; internal set; }

        /// <summary>The status of the job's one resource (a resource may be SKIPPED while the job completes).</summary>
        public string? ResourceStatus { get; internal set; }

        public string? FileName { get; internal set; }

        public long AddedCount { get; internal set; }

        public long UpdatedCount { get; internal set; }

        public long SkippedCount { get; internal set; }

        /// <summary>Rows in the job's file, as Zoho counts them (0 until it has read the file).</summary>
        public long TotalCount { get; internal set; }

        /// <summary>Rows this session uploaded in the job's file (null for a job read by id).</summary>
        public long? RowCount => Input?.RowCount;

        public DateTimeOffset? CreatedTime { get; internal set; }

        public string? CreatedBy { get; internal set; }

        public string? CallbackUrl { get; internal set; }

        /// <summary>The absolute URL of the result zip (trust it only when COMPLETED).</summary>
        public string? DownloadUrl { get; internal set; }

        /// <summary>Zoho's reason when the job (or its resource) failed, if it gave one.</summary>
        public string? FailureReason { get; internal set; }

        /// <summary>Rows processed so far (added, updated and skipped).</summary>
        public long ProcessedCount => AddedCount + UpdatedCount + SkippedCount;

        /// <summary>The input rows of this session's upload, kept on disk so results can be joined back to them.</summary>
        public BulkWriteInputLog? Input { get; internal set; }

        public bool IsCompleted => Status == Completed;

        public bool IsFailed => Status == Failed || Status == "FAILURE";

        public bool IsFinished => IsCompleted || IsFailed;

        public override string ToString() => Id;

        /// <summary>Reads a status answer: the bare job object, or one wrapped in <c>data[]</c> (§21.3: both are seen).</summary>
        public static BulkWriteJob FromStatus(JToken? body)
        {
            var item = (body?["data"] as JArray)?.FirstOrDefault() as JObject ?? body as JObject
                ?? throw new InvalidOperationException("Zoho described a bulk write job without a job object.");
            var id = Text(item["id"]) ?? throw new InvalidOperationException("Zoho described a bulk write job without an id.");
            var job = new BulkWriteJob(id, (Text(item["status"]) ?? Added).ToUpperInvariant())
            {
                Operation = Text(item["operation"]),
                CreatedTime = DateTimeOffset.TryParse(Text(item["created_time"]), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : (DateTimeOffset?)null,
                CreatedBy = Text((item["created_by"] as JObject)?["name"]),
                CallbackUrl = Text((item["callback"] as JObject)?["url"]),
            };
            if ((item["resource"] as JArray)?.FirstOrDefault() is JObject resource)
            {
                job.ResourceStatus = Text(resource["status"]);
                job.Module = resource["module"] is JObject module ? Text(module["api_name"]) : Text(resource["module"]);
                if (resource["file"] is JObject file)
                {
                    job.FileName = Text(file["name"]);
                    job.AddedCount = Long(file["added_count"]);
                    job.UpdatedCount = Long(file["updated_count"]);
                    job.SkippedCount = Long(file["skipped_count"]);
                    job.TotalCount = Long(file["total_count"]);
                }
                if (job.IsFailed || job.ResourceStatus == Failed) job.FailureReason = Text(resource["message"]) ?? Text(resource["code"]);
            }
            if (item["result"] is JObject result) job.DownloadUrl = Text(result["download_url"]);
            if (job.IsFailed) job.FailureReason ??= Text(item["message"]) ?? Text(item["code"]);
            return job;
        }

        /// <summary>Keeps what this session knows of a job (its input rows, its module) on a fresher status.</summary>
        internal BulkWriteJob Carry(BulkWriteJob latest)
        {
            latest.Input ??= Input;
            latest.Module ??= Module;
            latest.Operation ??= Operation;
            latest.CallbackUrl ??= CallbackUrl;
            return latest;
        }

        internal static string? Text(JToken? token)
        {
            if (token == null || token.Type == JTokenType.Null || token.Type == JTokenType.Undefined) return null;
            return token is JValue value ? Convert.ToString(value.Value, CultureInfo.InvariantCulture) : null;
        }

        private static long Long(JToken? token) => long.TryParse(Text(token), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
