using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Bulk
{
    public enum BulkWriteRowStatus
    {
        Added,
        Updated,
        Skipped,
        Failed,
    }

    /// <summary>One of Zoho's errors on a row of a bulk write, split per column (§21.4 ERRORS).</summary>
    public sealed class BulkWriteFieldError
    {
        public BulkWriteFieldError(string code, string? field)
        {
            Code = code;
            Field = field;
        }

        public string Code { get; }

        public string? Field { get; }

        public override string ToString() => Field == null ? Code : Code + "-" + Field;
    }

    /// <summary>What happened to one input row of a bulk write job, joined back to the row it came from.</summary>
    public sealed class BulkWriteRowResult
    {
        public BulkWriteRowResult(string jobId, string? module, long index, BulkWriteRowStatus status)
        {
            JobId = jobId;
            Module = module;
            Index = index;
            Status = status;
        }

        public string JobId { get; }

        public string? Module { get; }

        /// <summary>0-based position of the row in what the bulk write was given (the row's place in the job's file for a job read by id).</summary>
        public long Index { get; }

        /// <summary>The 1-based data row of the input CSV file, when the rows came from one.</summary>
        public long? RowNumber { get; internal set; }

        public BulkWriteRowStatus Status { get; internal set; }

        /// <summary>Zoho's STATUS as written in the result file (added, updated, skipped, unprocessed).</summary>
        public string? ZohoStatus { get; internal set; }

        public string? Id { get; internal set; }

        public IReadOnlyList<BulkWriteFieldError> Errors { get; internal set; } = Array.Empty<BulkWriteFieldError>();

        /// <summary>ERRORS as Zoho wrote it.</summary>
        public string? ErrorText { get; internal set; }

        /// <summary>The input row's values as given (null for a job read by id).</summary>
        public JObject? Input { get; internal set; }

        /// <summary>The first result columns (Zoho repeats the first three mapped columns of the input).</summary>
        public IReadOnlyDictionary<string, string> Echo { get; internal set; } = new Dictionary<string, string>();

        public bool Succeeded => Status == BulkWriteRowStatus.Added || Status == BulkWriteRowStatus.Updated;

        /// <summary>The first error's code (or why there is no outcome), for the error id of a failed row.</summary>
        public string Code => Errors.Count > 0 ? Errors[0].Code : Status == BulkWriteRowStatus.Failed ? NoOutcomeCode : "SUCCESS";

        public const string NoOutcomeCode = "CANNOT_PROCESS";

        public const string MissingResultCode = "ZcrmNoResult";
    }

    /// <summary>Reads a bulk write result CSV (§21.4) and joins each row, in order, to the input row it came from.</summary>
    public static class BulkWriteResultReader
    {
        public static IEnumerable<BulkWriteRowResult> Join(BulkWriteJob job, TextReader text)
        {
            using var csv = new CsvReader(text);
            var cells = new List<string>();
            if (!csv.ReadRow(cells))
                throw new BulkWriteException(BulkWriteException.ResultUnreadable, $"The result file of bulk write job {job.Id} is empty.", job);
            var header = cells.Select(c => c.Trim().TrimStart('\uFEFF')).ToList();
            var status = header.FindIndex(h => string.Equals(h, "STATUS", StringComparison.OrdinalIgnoreCase));
            var recordId = header.FindIndex(h => string.Equals(h, "RECORD_ID", StringComparison.OrdinalIgnoreCase));
            var errors = header.FindIndex(h => string.Equals(h, "ERRORS", StringComparison.OrdinalIgnoreCase));
            if (status < 0)
                throw new BulkWriteException(BulkWriteException.ResultUnreadable, $"The result file of bulk write job {job.Id} has no STATUS column (columns: {string.Join(", ", header)}).", job);
            var echoColumns = Enumerable.Range(0, header.Count).Where(i => i != status && i != recordId && i != errors).Take(3).ToList();

            using var inputs = (job.Input?.Read() ?? Enumerable.Empty<BulkWriteInputRow>()).GetEnumerator();
            var hasInput = job.Input != null;
            long position = 0;
            while (csv.ReadRow(cells))
            {
                BulkWriteInputRow? input = null;
                if (hasInput)
                {
                    if (!inputs.MoveNext())
                        throw new BulkWriteException(BulkWriteException.ResultUnreadable, $"The result file of bulk write job {job.Id} has more rows than the {job.Input!.RowCount} uploaded; its rows cannot be matched to the input.", job);
                    input = inputs.Current;
                }
                string Cell(int i) => i >= 0 && i < cells.Count ? cells[i] : string.Empty;
                var result = new BulkWriteRowResult(job.Id, job.Module, input?.Index ?? position, BulkWriteRowStatus.Failed)
                {
                    RowNumber = input?.RowNumber,
                    Input = input?.Values,
                    ZohoStatus = Cell(status).Trim(),
                    ErrorText = errors >= 0 && Cell(errors).Trim().Length > 0 ? Cell(errors).Trim() : null,
                    Echo = echoColumns.ToDictionary(i => header[i], Cell),
                };
                var id = Cell(recordId).Trim();
                result.Errors = ParseErrors(result.ErrorText);
                result.Status = StatusOf(result.ZohoStatus, result.Errors.Count > 0);
                if (result.Succeeded && id.Length > 0) result.Id = id;
                else if (result.Status == BulkWriteRowStatus.Skipped && id.Length > 0) result.Id = id;
                if (result.Succeeded && result.Id == null)
                {
                    // Reported as written but without an id: not claimed as written.
                    result.Status = BulkWriteRowStatus.Failed;
                    result.Errors = new[] { new BulkWriteFieldError(BulkWriteRowResult.MissingResultCode, "RECORD_ID") };
                }
                position++;
                yield return result;
            }

            if (hasInput)
            {
                // Rows Zoho reported nothing for were not written as far as anyone can tell.
                while (inputs.MoveNext())
                {
                    var input = inputs.Current;
                    yield return new BulkWriteRowResult(job.Id, job.Module, input.Index, BulkWriteRowStatus.Failed)
                    {
                        RowNumber = input.RowNumber,
                        Input = input.Values,
                        Errors = new[] { new BulkWriteFieldError(BulkWriteRowResult.MissingResultCode, null) },
                    };
                }
            }
        }

        /// <summary>added/updated as such; skipped with errors or unprocessed is Failed; skipped without errors is Skipped.</summary>
        public static BulkWriteRowStatus StatusOf(string? zohoStatus, bool hasErrors)
        {
            switch ((zohoStatus ?? string.Empty).Trim().ToLowerInvariant())
            {
                case "added":
                    return hasErrors ? BulkWriteRowStatus.Failed : BulkWriteRowStatus.Added;
                case "updated":
                    return hasErrors ? BulkWriteRowStatus.Failed : BulkWriteRowStatus.Updated;
                case "skipped":
                    return hasErrors ? BulkWriteRowStatus.Failed : BulkWriteRowStatus.Skipped;
                default:
                    return BulkWriteRowStatus.Failed;
            }
        }

        /// <summary><c>MANDATORY_NOT_FOUND-Company,Last_Name:DUPLICATE_DATA-Email</c> → one error per column.</summary>
        public static IReadOnlyList<BulkWriteFieldError> ParseErrors(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return Array.Empty<BulkWriteFieldError>();
            var errors = new List<BulkWriteFieldError>();
            foreach (var group in text!.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var part = group.Trim();
                var dash = part.IndexOf('-');
                if (dash < 0)
                {
                    errors.Add(new BulkWriteFieldError(part, null));
                    continue;
                }
                var code = part.Substring(0, dash).Trim();
                var columns = part.Substring(dash + 1).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
                if (columns.Count == 0) errors.Add(new BulkWriteFieldError(code, null));
                foreach (var column in columns) errors.Add(new BulkWriteFieldError(code, column));
            }
            return errors;
        }
    }
}
