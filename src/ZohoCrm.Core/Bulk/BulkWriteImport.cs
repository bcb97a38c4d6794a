using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
        private RowShape? _shape;
        private string?[] _cells = new string?[0];
        private bool[] _missing = new bool[0];
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
            var shape = ShapeOf(values);
            Convert(shape, values);
            var problem = _problems.Count == 0 ? Check(shape) : new PayloadProblem(_problems[0].Code, _problems[0].Field, string.Join("; ", _problems.Select(p => p.Message)));
            if (problem != null)
            {
                RowsRefused++;
                return problem;
            }

            if (_current == null || shape.File != _current && HasNewColumn(shape.Columns))
            {
                if (_current != null && _current.RowCount > 0) Seal();
                else Discard();
                _columns = Union(_columns, shape.Columns);
                _current = NewFile(_columns);
            }
            if (shape.File != _current) shape.MapTo(_current);

            if (!_current.TryAdd(_cells, shape.FileSlots!, index, rowNumber, source))
            {
                Seal();
                _current = NewFile(_columns!);
                shape.MapTo(_current);
                _current.TryAdd(_cells, shape.FileSlots!, index, rowNumber, source);
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
        /// Rows of one CSV (or one kind of object) carry the same names in the same order: their names are resolved to
        /// columns once, for the first row of that shape, not for every row.
        /// </summary>
        private RowShape ShapeOf(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            if (_shape != null && _shape.Matches(values)) return _shape;
            _shape = new RowShape(values, _builder, Operation != "insert", _mandatory, Operation == "update" ? FindBy ?? "id" : null);
            if (_cells.Length < _shape.Columns.Count)
            {
                _cells = new string?[_shape.Columns.Count];
                _missing = new bool[_shape.Columns.Count];
            }
            return _shape;
        }

        /// <summary>
        /// Converts the row's values into <see cref="_cells"/> (one per column of its shape, null when not given) by the
        /// rules of every write: the id's last non-empty spelling, a field's first, empty values left out.
        /// </summary>
        private void Convert(RowShape shape, IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            Array.Clear(_cells, 0, shape.Columns.Count);
            Array.Clear(_missing, 0, shape.Columns.Count);
            for (var i = 0; i < values.Count; i++)
            {
                var slot = shape.Slots[i];
                if (slot < 0) continue;
                var value = values[i].Value;
                if (RecordPayloadBuilder.IsEmpty(value) || (_cells[slot] != null && !shape.IsId(slot))) continue;
                if (shape.IsId(slot))
                {
                    _cells[slot] = System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                    continue;
                }
                var column = shape.Columns[slot];
                if (!RecordPayloadBuilder.TryConvert(value!, column.Field, column.ApiName, _problems, out var converted)) continue;
                _cells[slot] = BulkWriteFile.CellOf(converted, out _missing[slot]);
            }
        }

        private bool HasNewColumn(List<BulkWriteColumn> columns)
        {
            foreach (var column in columns)
                if (!_currentColumns!.Contains(column.ApiName)) return true;
            return false;
        }

        /// <summary>What Zoho would refuse and the row shows already: a mandatory field (insert) or the find-by value (update) missing.</summary>
        private PayloadProblem? Check(RowShape shape)
        {
            if (Operation == "insert")
            {
                for (var i = 0; i < _mandatory.Count; i++)
                {
                    var slot = shape.MandatorySlots[i];
                    if (slot < 0 || _cells[slot] == null || _missing[slot])
                        return new PayloadProblem(MandatoryMissingCode, _mandatory[i].ApiName, $"{_mandatory[i].ApiName}: required field not found");
                }
            }
            else if (Operation == "update")
            {
                var findBy = FindBy ?? "id";
                var slot = shape.FindBySlot;
                if (slot < 0 || _cells[slot] == null || _missing[slot])
                    return new PayloadProblem(MandatoryMissingCode, findBy, $"{findBy}: an update finds its record by {findBy}, and the row has none");
            }
            return null;
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

    /// <summary>
    /// The names of one kind of row resolved once: the column (field) each input position fills, the columns in order of
    /// first appearance, where the mandatory and find-by fields are, and where each column of the current file reads from.
    /// </summary>
    internal sealed class RowShape
    {
        private readonly string[] _names;
        private readonly int _idSlot = -1;

        public RowShape(IReadOnlyList<KeyValuePair<string, object?>> values, RecordPayloadBuilder builder, bool keepId, IReadOnlyList<ZohoField> mandatory, string? findBy)
        {
            _names = new string[values.Count];
            Slots = new int[values.Count];
            var byApiName = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                _names[i] = values[i].Key;
                Slots[i] = -1;
                var target = builder.Target(values[i].Key, keepId, out var field, out var apiName);
                if (target == RecordPayloadBuilder.InputTarget.None) continue;
                if (!byApiName.TryGetValue(apiName!, out var slot))
                {
                    slot = Columns.Count;
                    byApiName[apiName!] = slot;
                    Columns.Add(new BulkWriteColumn(apiName!, target == RecordPayloadBuilder.InputTarget.Id ? null : field));
                    if (target == RecordPayloadBuilder.InputTarget.Id) _idSlot = slot;
                }
                Slots[i] = slot;
            }
            MandatorySlots = mandatory.Select(f => byApiName.TryGetValue(f.ApiName, out var slot) ? slot : -1).ToArray();
            FindBySlot = findBy != null && byApiName.TryGetValue(findBy, out var found) ? found : -1;
        }

        /// <summary>Per input position: the column it fills, or -1.</summary>
        public int[] Slots { get; }

        public List<BulkWriteColumn> Columns { get; } = new List<BulkWriteColumn>();

        public int[] MandatorySlots { get; }

        public int FindBySlot { get; }

        /// <summary>The file <see cref="FileSlots"/> was made for.</summary>
        public BulkWriteFile? File { get; private set; }

        /// <summary>Per column of <see cref="File"/>: the column of this shape that fills it, or -1 (an empty cell).</summary>
        public int[]? FileSlots { get; private set; }

        public bool IsId(int slot) => slot == _idSlot;

        public bool Matches(IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            if (values.Count != _names.Length) return false;
            for (var i = 0; i < _names.Length; i++)
                if (!string.Equals(_names[i], values[i].Key, StringComparison.Ordinal)) return false;
            return true;
        }

        public void MapTo(BulkWriteFile file)
        {
            var slots = new int[file.Columns.Count];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = -1;
                for (var j = 0; j < Columns.Count; j++)
                    if (Columns[j].ApiName == file.Columns[i].ApiName) slots[i] = j;
            }
            File = file;
            FileSlots = slots;
        }
    }
}
