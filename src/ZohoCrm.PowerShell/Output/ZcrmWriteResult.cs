using System.Collections.Generic;
using System.Collections;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>
    /// One per input row of New-, Set- and Remove-ZcrmRecord, in input order: what happened to it. A failed row is
    /// also written as an error whose TargetObject is the original input.
    /// </summary>
    public sealed class ZcrmWriteResult
    {
        internal ZcrmWriteResult(long index, string module, RecordWriteResult result, object? input)
        {
            Index = index;
            Module = module;
            Status = result.Succeeded ? (result.Code == NoChanges ? "Skipped" : "Success") : "Failed";
            Action = result.Action;
            Id = result.Id;
            Code = result.Code;
            Message = result.Message;
            DuplicateField = result.DuplicateField;
            Details = new Hashtable();
            foreach (var pair in result.Details) Details[pair.Key] = pair.Value;
            InputObject = input;
        }

        internal const string NoChanges = "NO_CHANGES";

        /// <summary>0-based position of the row among this command's input.</summary>
        public long Index { get; }
        public string Module { get; }

        /// <summary>Success, Failed, or Skipped (nothing to change).</summary>
        public string Status { get; }

        /// <summary>created, updated, deleted or unchanged.</summary>
        public string? Action { get; }

        public string? Id { get; }

        /// <summary>SUCCESS or Zoho's error code (MANDATORY_NOT_FOUND, INVALID_DATA, DUPLICATE_DATA, …).</summary>
        public string Code { get; }

        public string Message { get; }
        public string? DuplicateField { get; }
        public Hashtable Details { get; }

        /// <summary>The row as it was given, so failures can be fixed and piped back in.</summary>
        public object? InputObject { get; }

        public override string ToString() => $"{Index}: {Status} {Action} {Id} {Code}".Trim();
    }

    /// <summary>The ids a lead conversion produced.</summary>
    public sealed class ZcrmLeadConversionResult
    {
        internal ZcrmLeadConversionResult(LeadConversionResult result)
        {
            LeadId = result.LeadId;
            ContactId = result.ContactId;
            AccountId = result.AccountId;
            DealId = result.DealId;
        }

        public string LeadId { get; }
        public string? ContactId { get; }
        public string? AccountId { get; }
        public string? DealId { get; }

        public override string ToString() => LeadId;
    }
}
