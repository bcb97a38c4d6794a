using System;
using System.Collections.Generic;

namespace ZohoCrm.Core.Records
{
    public enum WriteOperation
    {
        Insert,
        Update,
        Upsert,
        Delete,
    }

    /// <summary>What happened to one record of a write: Zoho's per-record answer, or why there was none.</summary>
    public sealed class RecordWriteResult
    {
        public RecordWriteResult(int index, bool succeeded, string code, string message, IReadOnlyDictionary<string, object?> details)
        {
            Index = index;
            Succeeded = succeeded;
            Code = code;
            Message = message;
            Details = details;
        }

        /// <summary>Position of the record in the batch it was sent in.</summary>
        public int Index { get; }

        public bool Succeeded { get; }

        /// <summary>created, updated or deleted when it succeeded.</summary>
        public string? Action { get; set; }

        public string? Id { get; set; }

        /// <summary>SUCCESS, or Zoho's error code (MANDATORY_NOT_FOUND, DUPLICATE_DATA, …), or the module's own (ZcrmOutcomeUnknown, …).</summary>
        public string Code { get; }

        public string Message { get; }

        public IReadOnlyDictionary<string, object?> Details { get; }

        /// <summary>For an upsert that updated: the field the duplicate was found by.</summary>
        public string? DuplicateField { get; set; }

        /// <summary>HTTP status of the call the record was in (0 when no answer came).</summary>
        public int HttpStatus { get; set; }

        /// <summary>The call failed as a whole (limits, network, a request-level error) rather than this record.</summary>
        public bool WholeBatchFailed { get; set; }

        /// <summary>The call may have reached Zoho and taken effect; sending the record again could duplicate it.</summary>
        public bool OutcomeUnknown { get; set; }

        public static RecordWriteResult Failed(int index, string code, string message, IReadOnlyDictionary<string, object?>? details = null)
            => new RecordWriteResult(index, false, code, message, details ?? new Dictionary<string, object?>());
    }

    /// <summary>Options of a write call (fact sheet §3.3).</summary>
    public sealed class WriteOptions
    {
        /// <summary>null: omit the key, so Zoho runs every trigger; empty: run none; otherwise the listed ones.</summary>
        public IReadOnlyList<string>? Triggers { get; set; }

        /// <summary>Upsert only: fields checked in order for an existing record.</summary>
        public IReadOnlyList<string>? DuplicateCheckFields { get; set; }

        /// <summary>Lead assignment rule id.</summary>
        public string? LarId { get; set; }

        /// <summary>Delete only: run workflows (wf_trigger).</summary>
        public bool? WorkflowTrigger { get; set; }
    }
}
