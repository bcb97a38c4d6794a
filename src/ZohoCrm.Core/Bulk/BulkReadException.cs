using System;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>A bulk read that cannot go on: the job failed at Zoho, timed out, is not finished, or its file expired.</summary>
    public sealed class BulkReadException : Exception
    {
        public const string Failed = "ZcrmBulkReadFailed";
        public const string TimedOut = "ZcrmBulkReadTimeout";
        public const string NotCompleted = "ZcrmBulkReadNotCompleted";
        public const string DownloadExpired = "ZcrmBulkDownloadExpired";

        public BulkReadException(string errorId, string message, BulkReadJob? job, Exception? inner = null)
            : base(SecretRedactor.Redact(message), inner)
        {
            ErrorId = errorId;
            Job = job;
        }

        public string ErrorId { get; }

        public BulkReadJob? Job { get; }

        public static BulkReadException JobFailed(BulkReadJob job) => new BulkReadException(Failed,
            $"Bulk read job {job.Id}{(job.Module != null ? " (" + job.Module + ")" : "")} failed at Zoho: {job.FailureReason ?? "Zoho gave no reason."}", job);
    }
}
