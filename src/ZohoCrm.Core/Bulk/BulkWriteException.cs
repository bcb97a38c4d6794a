using System;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>A bulk write that cannot go on: an upload refused, a job that failed or timed out, a result file gone or unreadable.</summary>
    public sealed class BulkWriteException : Exception
    {
        public const string UploadRefused = "ZcrmBulkUploadRefused";
        public const string Failed = "ZcrmBulkWriteFailed";
        public const string TimedOut = "ZcrmBulkWriteTimeout";
        public const string NotCompleted = "ZcrmBulkWriteNotCompleted";
        public const string ResultExpired = "ZcrmBulkResultExpired";
        public const string ResultUnreadable = "ZcrmBulkResultUnreadable";
        public const string UntrustedHost = "ZcrmBulkUntrustedHost";
        public const string NoOrgId = "ZcrmBulkNoOrgId";

        public BulkWriteException(string errorId, string message, BulkWriteJob? job = null, Exception? inner = null)
            : base(SecretRedactor.Redact(message), inner)
        {
            ErrorId = errorId;
            Job = job;
        }

        public string ErrorId { get; }

        /// <summary>The job concerned, when there is one (none for a refused upload: nothing was created).</summary>
        public BulkWriteJob? Job { get; }

        /// <summary>Zoho's code behind the failure, when it gave one (FILE_TOO_LARGE, INVALID_FILE_FORMAT, …).</summary>
        public string? ZohoCode { get; set; }
    }
}
