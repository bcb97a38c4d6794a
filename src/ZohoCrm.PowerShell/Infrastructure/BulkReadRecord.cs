using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>
    /// One row of a bulk read, as Receive-ZcrmBulkRead streams it. PowerShell sees the row's fields as its properties
    /// (through <see cref="BulkReadRecordAdapter"/>, registered in ZohoCrm.types.ps1xml) and its type names as
    /// <c>ZohoCrm.Record#&lt;Module&gt;</c>, so it formats, filters, exports and pipes into Set-ZcrmRecord like a
    /// Get-ZcrmRecord record. The row keeps its cells as read and types a field the first time it is read: streaming
    /// hundreds of thousands of rows costs one small object per row, and a field no one reads is never converted.
    /// </summary>
    public sealed class BulkReadRecord
    {
        private static readonly object Unread = new object();

        private readonly string[] _cells;
        private object?[]? _values;

        internal BulkReadRecord(BulkCsvSchema schema, string[] cells)
        {
            Schema = schema;
            _cells = cells;
        }

        internal BulkCsvSchema Schema { get; }

        internal object? Get(int column)
        {
            var values = Values();
            var value = Volatile.Read(ref values[column]);
            if (value != Unread) return value;
            var typed = RecordObjects.ToValue(Schema.ValueOf(column, _cells[column]));
            // Two threads reading the same unread field keep one value, so a lookup object is the same object for both.
            var winner = Interlocked.CompareExchange(ref values[column], typed, Unread);
            return winner == Unread ? typed : winner;
        }

        internal void Set(int column, object? value) => Volatile.Write(ref Values()[column], value);

        private object?[] Values()
        {
            var values = _values;
            if (values != null) return values;
            values = new object?[_cells.Length];
            for (var i = 0; i < values.Length; i++) values[i] = Unread;
            return Interlocked.CompareExchange(ref _values, values, null) ?? values;
        }

        /// <summary>The fields as they are now (typed; changed values included).</summary>
        internal IEnumerable<KeyValuePair<string, object?>> Fields
        {
            get
            {
                for (var i = 0; i < _cells.Length; i++) yield return new KeyValuePair<string, object?>(Schema.NameOf(i), Get(i));
            }
        }

        /// <summary>The record as it was read, so Set-ZcrmRecord can send only what the user changed.</summary>
        internal ZohoRecord Original => Schema.ToRecord(_cells);

        /// <summary>Like a PSCustomObject: <c>@{id=…; Last_Name=…}</c>.</summary>
        public override string ToString()
        {
            var text = new StringBuilder("@{");
            for (var i = 0; i < _cells.Length; i++)
            {
                if (i > 0) text.Append("; ");
                text.Append(Schema.NameOf(i)).Append('=').Append(Display(Get(i)));
            }
            return text.Append('}').ToString();
        }

        private static string Display(object? value)
        {
            switch (value)
            {
                case null:
                    return string.Empty;
                case string s:
                    return s;
                case PSObject pso when pso.BaseObject is PSCustomObject:
                    // Rendered here rather than by PSObject.ToString, which would need a runspace on this thread for
                    // the lookup's ToString script method.
                    var nested = new List<string>();
                    foreach (var property in pso.Properties) nested.Add(property.Name + "=" + Display(property.Value));
                    return "@{" + string.Join("; ", nested) + "}";
                case PSObject pso:
                    return Display(pso.BaseObject);
                case IEnumerable sequence:
                    var parts = new List<string>();
                    foreach (var item in sequence) parts.Add(Display(item));
                    return string.Join(" ", parts);
                case IFormattable formattable:
                    return formattable.ToString(null, CultureInfo.InvariantCulture);
                default:
                    return value.ToString() ?? string.Empty;
            }
        }
    }

    /// <summary>Shows a <see cref="BulkReadRecord"/>'s fields to PowerShell as properties, and its record type names.</summary>
    public sealed class BulkReadRecordAdapter : PSPropertyAdapter
    {
        // PowerShell copies the names into each wrapper, so one list per schema serves every row of a file.
        private static readonly ConditionalWeakTable<BulkCsvSchema, Collection<string>> TypeNames = new ConditionalWeakTable<BulkCsvSchema, Collection<string>>();

        public override Collection<string> GetTypeNameHierarchy(object baseObject)
            => TypeNames.GetValue(((BulkReadRecord)baseObject).Schema, schema => new Collection<string>
            {
                RecordObjects.RecordTypeName + "#" + schema.Module,
                RecordObjects.RecordTypeName,
                typeof(BulkReadRecord).FullName!,
                typeof(object).FullName!,
            });

        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var schema = ((BulkReadRecord)baseObject).Schema;
            var properties = new Collection<PSAdaptedProperty>();
            for (var i = 0; i < schema.Count; i++) properties.Add(new PSAdaptedProperty(schema.NameOf(i), i));
            return properties;
        }

        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            var schema = ((BulkReadRecord)baseObject).Schema;
            var column = schema.IndexOf(propertyName);
            return column < 0 ? null : new PSAdaptedProperty(schema.NameOf(column), column);
        }

        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => true;

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
            => ((BulkReadRecord)adaptedProperty.BaseObject).Get((int)adaptedProperty.Tag);

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object? value)
            => ((BulkReadRecord)adaptedProperty.BaseObject).Set((int)adaptedProperty.Tag, value);

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
        {
            var value = GetPropertyValue(adaptedProperty);
            if (value is PSObject pso) return pso.BaseObject is PSCustomObject ? typeof(PSCustomObject).FullName! : pso.BaseObject.GetType().FullName!;
            return value?.GetType().FullName ?? typeof(object).FullName!;
        }
    }
}
