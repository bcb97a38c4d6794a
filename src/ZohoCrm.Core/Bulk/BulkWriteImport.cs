using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// The preparing half of a bulk write: rows come in one at a time, are converted exactly as the records API's
    /// writes are (<see cref="RecordPayloadBuilder"/>), checked for what Zoho would refuse that can be seen here
    /// (a bad value, a mandatory field or the find-by value missing), and streamed into zipped CSV files of at most
    /// Zoho's per-file limits; each full file is handed out to be uploaded as one job (<see cref="SubmitAsync"/>).
    /// </summary>
    public sealed class BulkWriteImport : IDisposable
    {
        public const string MandatoryMissingCode = "MANDATORY_NOT_FOUND";

        private readonly RecordPayloadBuilder _builder;
        private readonly Queue<BulkWriteFile> _ready = new Queue<BulkWriteFile>();
        private readonly List<PayloadProblem> _problems = new List<PayloadProblem>();
        private readonly IReadOnlyList<ZohoField> _mandatory;
        private readonly HashSet<string> _reportedUnknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private BulkWriteFile? _current;
        private HashSet<string>? _currentColumns;
        private string[]? _lastNames;
        private List<BulkWriteColumn>? _columns;
        private int _sequence;

        public BulkWriteImport(string operation, RecordPayloadBuilder builder, IReadOnlyList<ZohoField>? fields, string? findBy)
        {
            Operation = operation;
            _builder = builder;
            FindBy = findBy;
            _mandatory = (fields ?? Array.Empty<ZohoField>()).Where(f => f.SystemMandatory && !f.ReadOnly).ToList();
        }

        /// <summary>insert, update or upsert.</summary>
        public string Operation { get; }

        public string Module => _builder.Module;

        public string? FindBy { get; }

        public long MaxRowsPerFile { get; set; } = BulkWriteLimits.MaxRowsPerFile;

        public long MaxCsvBytes { get; set; } = BulkWriteLimits.MaxCsvBytes;

        /// <summary>Rows written into files so far.</summary>
        public long RowsAccepted { get; private set; }

        public long RowsRefused { get; private set; }

        /// <summary>Files begun so far (each becomes one job).</summary>
        public int FileCount => _sequence;

        /// <summary>
        /// Converts and writes one row. <paramref name="source"/> is the row as given (kept to join the result back);
        /// <paramref name="values"/> the field names and values to send (after any field map). Returns why the row
        /// cannot be sent, or null when it was written.
        /// </summary>
        public PayloadProblem? Add(long index, long? rowNumber, IReadOnlyList<KeyValuePair<string, object?>> source, IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            _problems.Clear();
            var keepId = Operation != "insert";
            var payload = _builder.Build(values, clearEmpty: false, _problems, keepId);
            var problem = _problems.Count == 0 ? Check(payload) : new PayloadProblem(_problems[0].Code, _problems[0].Field, string.Join("; ", _problems.Select(p => p.Message)));
            if (problem != null)
            {
                RowsRefused++;
                return problem;
            }

            if (_current == null || !SameNamesAsLastRow(values) && HasNewColumn(ColumnsOf(values, payload), out _))
            {
                var columns = ColumnsOf(values, payload);
                if (_current != null && _current.RowCount > 0) Seal();
                else Discard();
                _columns = Union(_columns, columns);
                _current = NewFile(_columns);
            }

            if (!_current.TryAdd(payload, index, rowNumber, source))
            {
                Seal();
                _current = NewFile(_columns!);
                _current.TryAdd(payload, index, rowNumber, source);
            }
            RowsAccepted++;
            return null;
        }

        /// <summary>Input names that are not fields of the module (not sent), each returned once for a warning.</summary>
        public IReadOnlyList<string> UnknownNames()
        {
            if (_builder.UnknownNames.Count == _reportedUnknown.Count) return Array.Empty<string>();
            var fresh = _builder.UnknownNames.Where(n => _reportedUnknown.Add(n)).ToList();
            return fresh;
        }

        /// <summary>A full file, sealed and ready to upload, if there is one.</summary>
        public BulkWriteFile? TakeReady() => _ready.Count > 0 ? _ready.Dequeue() : null;

        /// <summary>Seals the file being written (if it has rows) and returns every file not yet taken.</summary>
        public IReadOnlyList<BulkWriteFile> Complete()
        {
            if (_current != null && _current.RowCount > 0) Seal();
            Discard();
            var all = _ready.ToList();
            _ready.Clear();
            return all;
        }

        /// <summary>Uploads a sealed file and creates its job; the job takes over the file's input rows, the zip is deleted.</summary>
        public async Task<BulkWriteJob> SubmitAsync(BulkWriteClient client, BulkWriteFile file, string? callbackUrl, IReadOnlyList<string>? triggers, IZcrmLog log, CancellationToken ct)
        {
            using (file)
            {
                var fileId = await client.UploadAsync(file, log, ct).ConfigureAwait(false);
                var spec = new BulkWriteSpec(Operation, Module, fileId, file.Columns)
                {
                    FindBy = Operation == "insert" ? null : FindBy ?? "id",
                    CallbackUrl = callbackUrl,
                    Triggers = triggers,
                };
                var job = await client.CreateAsync(spec, log, ct).ConfigureAwait(false);
                job.Input = file.Input;
                job.FileName = file.CsvName;
                log.Verbose($"Started bulk write job {job.Id}: {Operation} of {file.RowCount} {Module} rows ({BulkWriteClient.CreateCredits} credits).");
                return job;
            }
        }

        /// <summary>
        /// Rows of one CSV (or one kind of object) carry the same names in the same order: then their columns are known
        /// without resolving every name again. Only the names a row sends need to be among the file's columns.
        /// </summary>
        private bool SameNamesAsLastRow(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var same = _lastNames != null && _lastNames.Length == values.Count;
            for (var i = 0; same && i < values.Count; i++) same = string.Equals(_lastNames![i], values[i].Key, StringComparison.Ordinal);
            if (!same)
            {
                _lastNames = new string[values.Count];
                for (var i = 0; i < values.Count; i++) _lastNames[i] = values[i].Key;
            }
            return same;
        }

        private bool HasNewColumn(List<BulkWriteColumn> columns, out BulkWriteColumn? first)
        {
            first = null;
            foreach (var column in columns)
            {
                if (_currentColumns!.Contains(column.ApiName)) continue;
                first = column;
                return true;
            }
            return false;
        }

        /// <summary>What Zoho would refuse and the row shows already: a mandatory field (insert) or the find-by value (update) missing.</summary>
        private PayloadProblem? Check(JObject payload)
        {
            if (Operation == "insert")
            {
                foreach (var field in _mandatory)
                    if (IsMissing(payload[field.ApiName]))
                        return new PayloadProblem(MandatoryMissingCode, field.ApiName, $"{field.ApiName}: required field not found");
            }
            else if (Operation == "update")
            {
                var findBy = FindBy ?? "id";
                if (IsMissing(payload[findBy]))
                    return new PayloadProblem(MandatoryMissingCode, findBy, $"{findBy}: an update finds its record by {findBy}, and the row has none");
            }
            return null;
        }

        private static bool IsMissing(JToken? token) => token == null || token.Type == JTokenType.Null || (token.Type == JTokenType.String && ((string)token!).Trim().Length == 0) || (token is JArray a && a.Count == 0);

        /// <summary>The columns a row fills: every input name that is a writable field (empty ones too, so rows of one CSV share one file).</summary>
        private List<BulkWriteColumn> ColumnsOf(IReadOnlyList<KeyValuePair<string, object?>> values, JObject payload)
        {
            var columns = new List<BulkWriteColumn>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in values)
            {
                var name = pair.Key?.Trim();
                if (string.IsNullOrEmpty(name) || name!.StartsWith("$", StringComparison.Ordinal)) continue;
                if (string.Equals(name, "id", StringComparison.OrdinalIgnoreCase))
                {
                    if (Operation != "insert" && seen.Add("id")) columns.Add(new BulkWriteColumn("id", null));
                    continue;
                }
                var field = _builder.Resolve(name);
                if (field == null && _builder.HasMetadata) continue;
                if (field != null && field.ReadOnly) continue;
                var apiName = field?.ApiName ?? name;
                if (seen.Add(apiName)) columns.Add(new BulkWriteColumn(apiName, field));
            }
            foreach (var property in payload.Properties())
                if (seen.Add(property.Name)) columns.Add(new BulkWriteColumn(property.Name, _builder.Resolve(property.Name)));
            return columns;
        }

        private static List<BulkWriteColumn> Union(List<BulkWriteColumn>? known, List<BulkWriteColumn> more)
        {
            var all = known?.ToList() ?? new List<BulkWriteColumn>();
            foreach (var column in more)
                if (!all.Any(c => c.ApiName == column.ApiName)) all.Add(column);
            return all;
        }

        private BulkWriteFile NewFile(IReadOnlyList<BulkWriteColumn> columns)
        {
            _currentColumns = new HashSet<string>(columns.Select(c => c.ApiName), StringComparer.Ordinal);
            return new BulkWriteFile(Module, ++_sequence, columns, MaxRowsPerFile, MaxCsvBytes);
        }

        private void Discard()
        {
            _current?.Input.Dispose();
            _current?.Dispose();
            _current = null;
        }

        private void Seal()
        {
            _current!.Seal();
            _ready.Enqueue(_current);
            _current = null;
        }

        public void Dispose()
        {
            _current?.Input.Dispose();
            _current?.Dispose();
            foreach (var file in _ready)
            {
                file.Input.Dispose();
                file.Dispose();
            }
            _ready.Clear();
        }
    }
}
