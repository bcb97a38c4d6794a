using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using System.Threading;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Filters;
using ZohoCrm.Core.Metadata;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Input;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Starts a bulk read job (50 API credits, up to 200,000 records a page) and returns it; with -Wait it also waits
    /// for it, and with -OutFile it writes the CSV too.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ZcrmBulkRead", DefaultParameterSetName = AllRecordsSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType("ZohoCrm.BulkReadJob", "System.IO.FileInfo")]
    public sealed class StartZcrmBulkReadCommand : ZcrmBulkReadCmdlet
    {
        private const string AllRecordsSet = "AllRecords";
        private const string FilterSet = "Filter";
        private const string CriteriaSet = "Criteria";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string Module { get; set; } = string.Empty;

        /// <summary>Field API names to export (at most 200); every field when omitted. The id always comes first.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Fields")]
        [ArgumentCompleter(typeof(FieldNameCompleter))]
        public string[]? Field { get; set; }

        /// <summary>Field = value pairs built into Zoho's criteria: a value means equal, an array in, a hashtable operators.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FilterSet)]
        [ValidateNotNull]
        public IDictionary? Filter { get; set; }

        /// <summary>With -Filter: match any condition instead of all of them.</summary>
        [Parameter(ParameterSetName = FilterSet)]
        public SwitchParameter Any { get; set; }

        /// <summary>Zoho's criteria object as is: a hashtable or JSON text.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CriteriaSet)]
        [ValidateNotNull]
        public object? Criteria { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CustomViewId { get; set; }

        /// <summary>The 200,000-record page to export (page 2 starts at record 200,001).</summary>
        [Parameter]
        [ValidateRange(1, 500)]
        public int Page { get; set; } = 1;

        /// <summary>Zoho POSTs the job's outcome here when it finishes (https, or http on loopback).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CallbackUrl { get; set; }

        [Parameter]
        [ValidateSet("Csv", "Ics")]
        public string FileType { get; set; } = "Csv";

        /// <summary>Wait for the job to finish and return it completed (FAILURE becomes an error).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: give up waiting after this many seconds (the job goes on at Zoho).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        /// <summary>Wait, then write the job's CSV (unzipped) to this path and return the file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>With -OutFile: follow more_records, exporting every page of the module into the one file.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            // Everything that can be checked without Zoho is checked before any call.
            System.Collections.Generic.IReadOnlyList<FieldCondition>? conditions = null;
            JObject? rawCriteria = null;
            try
            {
                if (ParameterSetName == FilterSet)
                {
                    conditions = FilterParameter.ToConditions(Filter!, fields: null);
                    BulkCriteria.CheckShape(conditions);
                }
                if (ParameterSetName == CriteriaSet) rawCriteria = BulkFilter.Raw(Criteria!);
                if (Field != null && Field.Distinct(StringComparer.OrdinalIgnoreCase).Count() > BulkReadSpec.MaxFields)
                    throw new ZcrmUsageException("ZcrmTooManyFields", $"{Field.Length} fields were requested; a bulk read exports at most {BulkReadSpec.MaxFields}.", "Name 200 fields or fewer, or none for every field.");
                if (CallbackUrl != null && !(Uri.TryCreate(CallbackUrl, UriKind.Absolute, out var callback) && (callback.Scheme == Uri.UriSchemeHttps || (callback.Scheme == Uri.UriSchemeHttp && callback.IsLoopback))))
                    throw new ZcrmUsageException("ZcrmInvalidCallbackUrl", $"'{CallbackUrl}' is not an https URL.", "Zoho posts the job's outcome to an https URL it can reach.");
                if (All && OutFile == null)
                    throw new ZcrmUsageException("ZcrmConflictingParameters", "-All needs -OutFile here; to stream every page's rows, pipe the job to Receive-ZcrmBulkRead -All.");
                if (FileType == "Ics" && Module != "Events")
                    throw new ZcrmUsageException("ZcrmInvalidFileType", "Only the Events module exports as an iCalendar (Ics) file.");
            }
            catch (ZcrmUsageException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Module));
            }

            var outPath = OutFile != null ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile) : null;
            var target = $"{Module} (page {Page})";
            if (!ShouldProcess(target, $"Start a bulk read job ({BulkReadClient.CreateCredits} API credits)")) return;

            RunBulk(async (log, ct) =>
            {
                var spec = await BuildSpecAsync(conditions, rawCriteria, log, ct).ConfigureAwait(false);
                if (spec.Criteria != null) log.Verbose("Criteria: " + spec.Criteria.ToString(Newtonsoft.Json.Formatting.None));
                var job = await Client.CreateAsync(spec, log, ct).ConfigureAwait(false);
                log.Verbose($"Started bulk read job {job.Id} for {spec.Module} page {spec.Page}.");
                if (!Wait && outPath == null)
                {
                    Emit(ToJobObject(job));
                    return;
                }

                var finished = await WaitForAsync(job, ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null, log, ct).ConfigureAwait(false);
                if (finished.IsFailed) throw BulkReadException.JobFailed(finished);
                if (outPath == null)
                {
                    Emit(ToJobObject(finished));
                    return;
                }

                long rows;
                using (var file = new OutputFile(outPath))
                {
                    rows = await ReceiveAsync(finished, file, All, ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null, log, ct).ConfigureAwait(false);
                    log.Verbose($"Wrote {rows} {spec.Module} records to {outPath}.");
                }
                Emit(ToFileObject(outPath, rows));
            }, Module);
        }

        /// <summary>The job's body, with the module's and fields' API names as Zoho spells them and the filter checked against their types.</summary>
        private async Task<BulkReadSpec> BuildSpecAsync(System.Collections.Generic.IReadOnlyList<FieldCondition>? conditions, JObject? rawCriteria, IZcrmLog log, CancellationToken ct)
        {
            var module = Module;
            System.Collections.Generic.IReadOnlyList<ZohoField>? metadata = null;
            var read = await Session.Connection.Metadata.TryGetFieldsOfAsync(Module, log, ct).ConfigureAwait(false);
            if (read.IsReadable) (module, metadata) = (read.Value.Module, read.Value.Fields);
            else log.Verbose($"Field metadata of {Module} is not readable ({read.RefusedCode}); names and filter types are left to Zoho to check.");

            var resolver = new FieldResolver(module, metadata);
            var fields = (Field ?? Array.Empty<string>()).Where(f => !string.IsNullOrWhiteSpace(f)).Select(resolver.Resolve).Where(f => f != "id").Distinct().ToArray();
            JObject? criteria = rawCriteria;
            if (conditions != null) criteria = BulkCriteria.Build(resolver.Resolve(conditions), Any, resolver.FieldOf);

            return new BulkReadSpec(module)
            {
                Fields = fields,
                Criteria = criteria,
                CustomViewId = CustomViewId,
                Page = Page,
                CallbackUrl = CallbackUrl,
                FileType = FileType.ToLowerInvariant(),
            };
        }
    }
}
