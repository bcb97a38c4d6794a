using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Input;
using ZohoCrm.PowerShell.Output;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>
    /// A write cmdlet whose rows may come through a field map (-FieldMap, -RequiredField): each input row is mapped
    /// before the usual conversion, a row without a required column fails locally (not sent), and each unmapped column
    /// is reported once.
    /// </summary>
    public abstract class ZcrmMappedWriteCmdlet : ZcrmWriteCmdlet
    {
        private FieldMap? _map;
        private bool _mapResolved;

        /// <summary>Source column to field: a hashtable, or the path of a .psd1 or .json file holding one.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? FieldMap { get; set; }

        /// <summary>Columns every row must have a value in; rows without them fail without being sent.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RequiredField { get; set; }

        /// <summary>The map of this invocation, read once (null without -FieldMap and -RequiredField).</summary>
        protected FieldMap? Map
        {
            get
            {
                if (_mapResolved) return _map;
                try { _map = FieldMapParameter.Resolve(this, FieldMap, RequiredField); }
                catch (ZcrmUsageException ex) { ThrowTerminating(ex, FieldMap); }
                _mapResolved = true;
                return _map;
            }
        }

        /// <summary>The record id from the column the field map sends as id (an export's "Record Id"), if any.</summary>
        protected string? MappedId(object? input)
        {
            var map = Map;
            if (map == null) return null;
            var columns = map.Entries.Where(e => string.Equals(e.Field, "id", System.StringComparison.OrdinalIgnoreCase)).Select(e => e.Source).ToList();
            if (columns.Count == 0) return null;
            var value = InputValues.Of(input).FirstOrDefault(kv => columns.Contains(kv.Key, System.StringComparer.OrdinalIgnoreCase)).Value;
            var text = System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Trim();
            return string.IsNullOrEmpty(text) ? null : text;
        }

        /// <summary><see cref="ZcrmWriteCmdlet.BuildRow"/> after the field map; a row the map refuses is a local failure.</summary>
        protected PendingRow BuildMappedRow(RecordPayloadBuilder builder, WriteOperation operation, object? input, IEnumerable<KeyValuePair<string, object?>> values, bool clearEmpty, string? id)
        {
            var map = Map;
            if (map == null) return BuildRow(builder, operation, input, values, clearEmpty, id);
            var source = values.ToList();
            var outcome = map.Apply(source);
            foreach (var column in map.TakeNewlyUnmapped())
                WriteWarning($"Column '{column}' is not in the field map, so it is not sent. Add it to -FieldMap to send it.");
            var row = BuildRow(builder, operation, input, outcome.Problem == null ? outcome.Values : source.Where(kv => false), clearEmpty, id);
            if (outcome.Problem != null)
            {
                row.LocalResult = RecordWriteResult.Failed(0, outcome.Problem.Code, outcome.Problem.Message + " (not sent)", new Dictionary<string, object?> { ["api_name"] = outcome.Problem.Field });
                if (row.Description.Length == 0) row.Description = InputValues.Describe(source);
            }
            return row;
        }
    }
}
