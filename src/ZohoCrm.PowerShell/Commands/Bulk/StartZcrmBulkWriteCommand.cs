using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Commands.Writes;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Imports rows with bulk write jobs (500 credits each for up to 25,000 rows): streams them, converted as
    /// New-ZcrmRecord converts them, into zipped CSV files within Zoho's per-file limits, uploads each and starts one
    /// job per file. Rows Zoho would refuse for a reason visible here are errors at once and are not sent.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ZcrmBulkWrite", DefaultParameterSetName = InputSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType("ZohoCrm.BulkWriteJob")]
    public sealed class StartZcrmBulkWriteCommand : ZcrmBulkWriteCmdlet, IDisposable
    {
        private const string InputSet = "InputObject";
        private const string PathSet = "Path";
        private const int ProgressEvery = 1000;

        private readonly List<BulkWriteJob> _jobs = new List<BulkWriteJob>();
        private BulkWriteImport? _import;
        private FieldMap? _map;
        private long _index;
        private long _refused;
        private Uri? _uploadUri;
        private IReadOnlyList<string>? _triggers;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        [Parameter]
        [ValidateSet("Insert", "Update", "Upsert", IgnoreCase = true)]
        public string Operation { get; set; } = "Insert";

        /// <summary>Update/Upsert: the field that finds the record to change (id, or a unique field such as Email).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(FieldNameCompleter))]
        public string? FindBy { get; set; }

        /// <summary>A row: a hashtable, a CSV row, or any object whose properties are field names (API names or labels).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputSet)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>A CSV file (with a header row) to import; results keep each row's number.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Source column to field: a hashtable, or the path of a .psd1 or .json file holding one.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? FieldMap { get; set; }

        /// <summary>Columns every row must have a value in; rows without them are errors and are not sent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RequiredField { get; set; }

        [Parameter]
        [ValidateSet("workflow", "approval", "blueprint", "pathfinder", "orchestration", "none", IgnoreCase = true)]
        public string[]? Trigger { get; set; }

        /// <summary>Wait for every job to finish and return them completed (a FAILED job becomes an error).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: give up waiting after this many seconds per job (the jobs go on at Zoho).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        /// <summary>Zoho POSTs each job's details here when it finishes (https, or http on loopback).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CallbackUrl { get; set; }

        /// <summary>The upload host, when not the one of the connection's data centre (https://upload.zoho.com and the like).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? UploadUrl { get; set; }

        private string OperationName => Operation.ToLowerInvariant();

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                if (OperationName == "upsert" && FindBy == null)
                    throw new ZcrmUsageException("ZcrmFindByRequired", "An upsert needs -FindBy: the field (such as Email) that finds the record to update.", "Add -FindBy Email (or another unique field), or use -Operation Insert.");
                if (OperationName == "insert" && FindBy != null)
                    throw new ZcrmUsageException("ZcrmConflictingParameters", "-FindBy applies to -Operation Update or Upsert.");
                if (CallbackUrl != null && !(Uri.TryCreate(CallbackUrl, UriKind.Absolute, out var callback) && (callback.Scheme == Uri.UriSchemeHttps || (callback.Scheme == Uri.UriSchemeHttp && callback.IsLoopback))))
                    throw new ZcrmUsageException("ZcrmInvalidCallbackUrl", $"'{CallbackUrl}' is not an https URL.", "Zoho posts the job's details to an https URL it can reach.");
                _triggers = WriteParameters.Triggers(Trigger);
                _map = FieldMapParameter.Resolve(this, FieldMap, RequiredField);
                _uploadUri = UploadUrl;
                _ = ClientFor(_uploadUri);
            }
            catch (Exception ex) when (ex is ZcrmUsageException || ex is ArgumentException)
            {
                ThrowTerminating(ex, Module);
            }

            RecordPayloadBuilder? builder = null;
            IReadOnlyList<ZohoField>? fields = null;
            Run(async (log, ct) =>
            {
                var read = await Session.Connection.Metadata.TryGetFieldsOfAsync(Module, log, ct).ConfigureAwait(false);
                if (read.IsReadable)
                {
                    builder = new RecordPayloadBuilder(read.Value.Module, read.Value.Fields);
                    fields = read.Value.Fields;
                }
                else
                {
                    log.Verbose($"The fields of {Module} cannot be read ({read.RefusedCode}); values are sent as given and Zoho checks them.");
                    builder = new RecordPayloadBuilder(Module, null);
                }
            }, Module);
            var findBy = FindBy == null ? null : string.Equals(FindBy, "id", StringComparison.OrdinalIgnoreCase) ? "id" : builder!.Resolve(FindBy)?.ApiName ?? FindBy;
            _import = new BulkWriteImport(OperationName, builder!, fields, findBy);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                ImportFile();
                return;
            }
            var source = InputValues.Of(InputObject).ToList();
            Add(source, null, InputObject);
        }

        private void ImportFile()
        {
            var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            TextReader text;
            try { text = new StreamReader(full, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: true); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                ThrowTerminatingError(ErrorRecords.InputFileNotReadable(ex, Path));
                return;
            }
            using var csv = new CsvReader(text);
            var header = new List<string>();
            if (!csv.ReadRow(header)) return;
            header = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
            var cells = new List<string>();
            while (csv.ReadRow(cells))
            {
                var source = new List<KeyValuePair<string, object?>>(header.Count);
                for (var i = 0; i < header.Count; i++) source.Add(new KeyValuePair<string, object?>(header[i], i < cells.Count ? cells[i] : string.Empty));
                // Row 1 is the first data row (the header is not counted).
                Add(source, csv.RowNumber - 1, null);
            }
        }

        private void Add(List<KeyValuePair<string, object?>> source, long? rowNumber, PSObject? input)
        {
            var index = _index++;
            IReadOnlyList<KeyValuePair<string, object?>> values = source;
            PayloadProblem? problem = null;
            if (_map != null)
            {
                var outcome = _map.Apply(source);
                foreach (var column in _map.TakeNewlyUnmapped())
                    WriteWarning($"Column '{column}' is not in the field map, so it is not sent. Add it to -FieldMap to send it.");
                problem = outcome.Problem;
                values = outcome.Values;
            }
            problem ??= _import!.Add(index, rowNumber, source, values);
            foreach (var name in _import!.UnknownNames())
                WriteWarning($"'{name}' is not a field of {_import.Module}, so it is not sent. Get-ZcrmField -Module {_import.Module} lists the fields.");
            if (problem != null)
            {
                _refused++;
                WriteError(Refused(problem, index, rowNumber, input ?? AsRow(source)));
            }
            if (index % ProgressEvery == 0)
                WriteProgress(new ProgressRecord(ActivityId, $"Preparing a bulk write into {_import.Module}", $"{_import.RowsAccepted} rows in {Math.Max(1, _import.FileCount)} file{(_import.FileCount > 1 ? "s" : "")}, {_refused} refused"));
            while (_import.TakeReady() is { } file) Submit(file);
        }

        private static int ActivityId => 47011;

        private static PSObject AsRow(List<KeyValuePair<string, object?>> source)
        {
            var row = new PSObject();
            foreach (var pair in source) row.Properties.Add(new PSNoteProperty(pair.Key, pair.Value));
            return row;
        }

        private ErrorRecord Refused(PayloadProblem problem, long index, long? rowNumber, object input)
            => ErrorRecords.BulkWriteRowRefused(problem, _import!.Module, index, rowNumber, input);

        /// <summary>Confirms (-WhatIf/-Confirm), uploads and starts the job of one full file.</summary>
        private void Submit(BulkWriteFile file)
        {
            var target = $"{file.RowCount} {file.Module} rows ({file.CsvName})";
            var action = $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(OperationName)} with a bulk write job ({BulkWriteClient.CreateCredits} API credits)";
            if (!ShouldProcess(target, action))
            {
                file.Input.Dispose();
                file.Dispose();
                return;
            }
            RunAsync(async (log, ct) =>
            {
                try
                {
                    var job = await _import!.SubmitAsync(Client, file, CallbackUrl, _triggers, log, ct).ConfigureAwait(false);
                    _jobs.Add(job);
                    if (!Wait) Emit(ToJobObject(job));
                }
                catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                {
                    // Nothing was created for this file; its rows are the target, to fix and send again.
                    var rows = file.Input.Read().Select(r => JsonObjects.ToPSValue(r.Values)).ToArray();
                    file.Input.Dispose();
                    EmitError(ErrorRecords.From(ex, rows));
                }
            });
        }

        protected override void EndProcessing()
        {
            foreach (var file in _import!.Complete()) Submit(file);
            WriteProgress(new ProgressRecord(ActivityId, $"Preparing a bulk write into {_import.Module}", "Done") { RecordType = ProgressRecordType.Completed });
            WriteVerbose($"{_import.RowsAccepted} rows sent in {_jobs.Count} bulk write job{(_jobs.Count == 1 ? "" : "s")}; {_refused} refused before sending.");
            if (Wait)
            {
                foreach (var job in _jobs)
                {
                    RunAsync(async (log, ct) =>
                    {
                        try
                        {
                            var finished = await WaitForAsync(job, ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null, log, ct).ConfigureAwait(false);
                            if (finished.IsFailed) EmitError(ErrorRecords.From(JobFailed(finished), finished.Id));
                            else Emit(ToJobObject(finished));
                        }
                        catch (Exception ex) when (!(ex is OperationCanceledException) || !ct.IsCancellationRequested)
                        {
                            EmitError(ErrorRecords.From(ex, job.Id));
                        }
                    });
                }
            }
            base.EndProcessing();
        }

        public void Dispose() => _import?.Dispose();
    }
}
