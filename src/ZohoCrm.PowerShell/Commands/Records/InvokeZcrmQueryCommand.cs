using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Commands.Records
{
    /// <summary>
    /// Runs a COQL query (select … from … where …). With -All it pages with LIMIT/OFFSET itself, 2,000 rows a call
    /// (3 credits), up to the 100,000-row window. Rows are records of the queried module, typed by its fields.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ZcrmQuery")]
    [OutputType(RecordObjects.QueryRecordTypeName)]
    public sealed class InvokeZcrmQueryCommand : ZcrmApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        [Alias("SelectQuery")]
        public string Query { get; set; } = string.Empty;

        /// <summary>Page through every matching row (leave LIMIT and OFFSET out of the query).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            Run(async (log, ct) =>
            {
                var connection = Session.Connection;
                var module = CoqlQuery.ModuleOf(Query);
                var types = FieldTypeMap.Empty;
                if (module != null)
                {
                    try
                    {
                        var (name, fields) = await connection.Metadata.GetFieldsOfAsync(module, log, ct).ConfigureAwait(false);
                        module = name;
                        types = new FieldTypeMap(fields);
                    }
                    catch (ZohoApiException ex) { log.Verbose($"Field metadata of {module} is not available ({ex.Code}); values keep their JSON types."); }
                }
                var query = new CoqlQuery(connection.Api, Query, All, types, module);
                await StreamRecordsAsync(query, "Running COQL query", All, null, log, ct, RecordObjects.QueryRecordTypeName).ConfigureAwait(false);
                if (query.StoppedAtWindow)
                    log.Warning($"COQL reaches at most {CoqlQuery.OffsetWindow:N0} rows through OFFSET and more match. Narrow the query (for example where id > the last id) or use Start-ZcrmBulkRead.");
                // A query with its own LIMIT asked for that many rows; only Zoho's default limit leaves rows unread unasked.
                else if (!All && query.MoreRecordsLeft && !CoqlQuery.HasOwnLimit(Query))
                    log.Warning("More rows match than this call returned. Use -All (without LIMIT/OFFSET in the query) to page through them.");
            }, Query);
        }
    }
}
