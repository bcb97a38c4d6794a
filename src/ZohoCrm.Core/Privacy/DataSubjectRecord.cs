using System;
using System.Collections.Generic;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Privacy
{
    /// <summary>One record that holds a data subject's personal data, and how it was found.</summary>
    public sealed class DataSubjectRecord
    {
        public DataSubjectRecord(string subjectEmail, string module, string id, string? displayName, string linkedBy, bool deletable, ZohoRecord record)
        {
            SubjectEmail = subjectEmail;
            Module = module;
            Id = id;
            DisplayName = displayName;
            LinkedBy = linkedBy;
            Deletable = deletable;
            Record = record;
        }

        public string SubjectEmail { get; }

        /// <summary>The module's API name; Notes and Attachments for a person record's notes and files.</summary>
        public string Module { get; }

        public string Id { get; }

        public string? DisplayName { get; }

        /// <summary>The email field that matched (Email, Secondary_Email), or the person record it hangs under (Contacts/123).</summary>
        public string LinkedBy { get; internal set; }

        public bool Deletable { get; }

        /// <summary>Every field Zoho returned for the record.</summary>
        public ZohoRecord Record { get; }

        /// <summary>For notes and attachments: the record they belong to.</summary>
        public string? ParentModule { get; internal set; }

        public string? ParentId { get; internal set; }

        public override string ToString() => Module + "/" + Id;
    }

    /// <summary>What became of one record in an erase (fact sheet §22).</summary>
    public enum ErasureOutcome
    {
        Deleted,
        NotDeletable,
        Failed,
        AlreadyGone,
    }

    public sealed class ErasureResult
    {
        public ErasureResult(DataSubjectRecord record, ErasureOutcome outcome, string? code = null, string? message = null)
        {
            Record = record;
            Outcome = outcome;
            Code = code;
            Message = message;
        }

        public DataSubjectRecord Record { get; }

        public ErasureOutcome Outcome { get; }

        /// <summary>Zoho's code for a failure (RECORD_LOCKED …), or the reason a record was kept.</summary>
        public string? Code { get; }

        public string? Message { get; }

        /// <summary>Also removed from the recycle bin.</summary>
        public bool Purged { get; internal set; }

        public DateTimeOffset Time { get; } = DateTimeOffset.UtcNow;
    }
}
