using System;
using System.IO;
using System.Management.Automation;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Errors;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>
    /// Downloads a completed bulk read job's zip and streams one typed record per CSV row to the pipeline, or writes
    /// the CSV (unzipped) with -OutFile; -All starts, waits for and receives the next page's job while Zoho reports
    /// more records, so a module of any size comes out as one stream (or one file).
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "ZcrmBulkRead", DefaultParameterSetName = JobSet)]
    [OutputType("ZohoCrm.Record", "System.IO.FileInfo")]
    public sealed class ReceiveZcrmBulkReadCommand : ZcrmBulkReadCmdlet, IDisposable
    {
        private const string JobSet = "InputObject";
        private const string IdSet = "Id";
        private OutputFile? _file;
        private long _rows;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("JobId")]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>A job from Start-ZcrmBulkRead -Wait, Wait-ZcrmBulkRead or Get-ZcrmBulkRead.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = JobSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public BulkReadJob? InputObject { get; set; }

        /// <summary>Write the CSV (unzipped) to this path instead of streaming rows; later pages and jobs are appended without their header.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Follow more_records: start, wait for and receive the next page's job (50 credits each) until the last.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>With -All: give up waiting for a later page's job after this many seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            if (OutFile != null && _file == null)
            {
                try { _file = new OutputFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile)); }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is ArgumentException)
                {
                    ThrowTerminatingError(ErrorRecords.OutFileNotWritable(ex, OutFile));
                }
            }

            var jobs = ParameterSetName == JobSet ? new[] { InputObject! } : Array.ConvertAll(Id, id => new BulkReadJob(id.Trim(), BulkReadJob.Added));
            foreach (var given in jobs)
            {
                RunBulk(async (log, ct) =>
                {
                    BulkReadJob job;
                    try
                    {
                        job = await Client.RefreshAsync(given, log, ct).ConfigureAwait(false);
                    }
                    catch (ZohoApiException ex) when (ErrorRecords.CategoryOf(ex) == ErrorCategory.ObjectNotFound)
                    {
                        // As Get- and Wait-ZcrmBulkRead do: an id Zoho does not know is an error for that id, and the next goes on.
                        EmitError(ErrorRecords.From(ex, given.Id));
                        return;
                    }
                    _rows += await ReceiveAsync(job, _file, All, ParameterSpecified(nameof(Timeout)) ? Timeout : (int?)null, log, ct).ConfigureAwait(false);
                }, given.Id);
            }
        }

        protected override void EndProcessing()
        {
            if (_file == null) return;
            var path = _file.Path;
            _file.Dispose();
            _file = null;
            WriteVerbose($"Wrote {_rows} records to {path}.");
            WriteObject(ToFileObject(path, _rows));
        }

        /// <summary>A stopped or failed receive still closes the file.</summary>
        public void Dispose() => _file?.Dispose();
    }
}
