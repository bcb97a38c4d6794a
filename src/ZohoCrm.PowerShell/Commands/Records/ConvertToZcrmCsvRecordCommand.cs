using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json;
using ZohoCrm.PowerShell.Input;

namespace ZohoCrm.PowerShell.Commands.Records
{
    /// <summary>
    /// Turns records into flat objects whose every value is text that survives a CSV and goes back in: a lookup becomes
    /// its id (in the field's own column, which is what Set-ZcrmRecord takes) and its name (in a "Field.name" column),
    /// lists (multi-select picklists, tags) are joined with ';', dates and numbers are written without the culture's
    /// formats. Export-Csv of a record itself would write "System.Object[]" for lists and only the name of a lookup.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "ZcrmCsvRecord")]
    [OutputType(typeof(PSCustomObject))]
    public sealed class ConvertToZcrmCsvRecordCommand : PSCmdlet
    {
        /// <summary>A record from Get-ZcrmRecord, Search-ZcrmRecord, Invoke-ZcrmQuery or Receive-ZcrmBulkRead (any object works).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public PSObject? InputObject { get; set; }

        /// <summary>Joins the items of a list value; ';' is what Set-ZcrmRecord and New-ZcrmRecord split multi-select values on.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ListSeparator { get; set; } = ";";

        protected override void ProcessRecord()
        {
            var row = new PSObject();
            foreach (var pair in InputValues.Of(InputObject))
            {
                if (pair.Value is IDictionary lookup && lookup.Contains("id"))
                {
                    Add(row, pair.Key, Text(lookup["id"]));
                    if (lookup.Contains("name")) Add(row, pair.Key + ".name", Text(lookup["name"]));
                    continue;
                }
                Add(row, pair.Key, Text(pair.Value));
            }
            WriteObject(row);
        }

        private static void Add(PSObject row, string name, string? value)
        {
            if (row.Properties[name] == null) row.Properties.Add(new PSNoteProperty(name, value));
        }

        private string? Text(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case bool flag:
                    return flag ? "true" : "false";
                case DateTimeOffset moment:
                    return moment.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                case DateTime date:
                    return date.TimeOfDay == TimeSpan.Zero && date.Kind != DateTimeKind.Utc
                        ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                        : date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
                case IDictionary nested:
                    // An item of a list (a tag) by its name; any other object as JSON, which keeps all of it.
                    if (nested.Contains("name")) return Text(nested["name"]);
                    if (nested.Contains("id")) return Text(nested["id"]);
                    return JsonConvert.SerializeObject(nested);
                case IEnumerable items:
                    return string.Join(ListSeparator, items.Cast<object?>().Select(Text).Where(t => !string.IsNullOrEmpty(t)));
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }
    }
}
