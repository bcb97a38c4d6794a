using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Threading;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>
    /// A record as the record cmdlets stream it: a small CLR object whose fields PowerShell sees as properties, through
    /// <see cref="RecordAdapter"/> (registered in ZohoCrm.types.ps1xml), and whose type names are
    /// <c>ZohoCrm.Record#&lt;Module&gt;</c> and <c>ZohoCrm.Record</c>, so views, Where-Object, Select-Object, Export-Csv,
    /// ConvertTo-Json and Set-ZcrmRecord treat it as a record. A field becomes a PowerShell value (a lookup a
    /// ZohoCrm.Lookup object) the first time it is read, and keeps that value; building one PSCustomObject with a note
    /// property per field instead cost more than reading the record from Zoho did.
    /// </summary>
    public abstract class AdaptedRecord : ICloneable
    {
        private static readonly object Unread = new object();

        private object?[]? _values;

        private protected AdaptedRecord(RecordShape shape)
        {
            Shape = shape;
        }

        internal RecordShape Shape { get; }

        /// <summary>The field's value as the core library read it (before it becomes a PowerShell value).</summary>
        private protected abstract object? Read(int column);

        /// <summary>The record as it was read, when changes to it can be sent by Set-ZcrmRecord; else null.</summary>
        internal abstract ZohoRecord? Original { get; }

        internal object? Get(int column)
        {
            var values = Values();
            var value = Volatile.Read(ref values[column]);
            if (value != Unread) return value;
            var converted = RecordObjects.ToValue(Read(column));
            // Two threads reading the same unread field keep one value, so a lookup object is the same object for both.
            var winner = Interlocked.CompareExchange(ref values[column], converted, Unread);
            return winner == Unread ? converted : winner;
        }

        internal void Set(int column, object? value) => Volatile.Write(ref Values()[column], value);

        private object?[] Values()
        {
            var values = _values;
            if (values != null) return values;
            values = new object?[Shape.Count];
            for (var i = 0; i < values.Length; i++) values[i] = Unread;
            return Interlocked.CompareExchange(ref _values, values, null) ?? values;
        }

        /// <summary>
        /// A copy whose fields can be changed without changing this record ($record.PSObject.Copy() calls this); it
        /// still knows the record as read, so Set-ZcrmRecord sends only what differs from that.
        /// </summary>
        public object Clone()
        {
            var copy = (AdaptedRecord)MemberwiseClone();
            var values = _values;
            if (values != null)
            {
                copy._values = new object?[values.Length];
                for (var i = 0; i < values.Length; i++)
                    copy._values[i] = values[i] is PSObject nested && nested.BaseObject is PSCustomObject ? nested.Copy() : values[i];
            }
            return copy;
        }

        /// <summary>The fields as they are now (changed values included).</summary>
        internal IEnumerable<KeyValuePair<string, object?>> Fields
        {
            get
            {
                for (var i = 0; i < Shape.Count; i++) yield return new KeyValuePair<string, object?>(Shape.NameOf(i), Get(i));
            }
        }

        /// <summary>Like a PSCustomObject: <c>@{id=…; Last_Name=…}</c>.</summary>
        public override string ToString()
        {
            var text = new StringBuilder("@{");
            for (var i = 0; i < Shape.Count; i++)
            {
                if (i > 0) text.Append("; ");
                text.Append(Shape.NameOf(i)).Append('=').Append(Display(Get(i)));
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

    /// <summary>
    /// The field names of records that share them (every record of a page, every row of a bulk file), their module and
    /// their type names: looked up by name without regard to case, as PowerShell property names are.
    /// </summary>
    public sealed class RecordShape
    {
        private readonly string[] _names;
        private readonly Dictionary<string, int> _index;

        internal RecordShape(string module, string typeName, IReadOnlyList<string> names, Type clrType)
        {
            Module = module;
            TypeName = typeName;
            _names = new string[names.Count];
            _index = new Dictionary<string, int>(names.Count, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < _names.Length; i++)
            {
                _names[i] = names[i];
                if (!_index.ContainsKey(names[i])) _index.Add(names[i], i);
            }
            // PowerShell copies these into each object's wrapper, so one list serves every record of the shape.
            TypeNames = new Collection<string> { typeName + "#" + module, typeName, clrType.FullName!, typeof(object).FullName! };
        }

        public string Module { get; }

        public string TypeName { get; }

        internal int Count => _names.Length;

        internal Collection<string> TypeNames { get; }

        /// <summary>Records of the records API's own type track their changes for Set-ZcrmRecord; deleted records do not.</summary>
        internal bool TracksChanges => TypeName == RecordObjects.RecordTypeName;

        internal string NameOf(int column) => _names[column];

        internal int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

        /// <summary>Whether <paramref name="fields"/> have exactly these names in this order.</summary>
        internal bool Fits(string module, List<KeyValuePair<string, object?>> fields)
        {
            if (fields.Count != _names.Length || !string.Equals(module, Module, StringComparison.Ordinal)) return false;
            for (var i = 0; i < _names.Length; i++)
                if (!string.Equals(fields[i].Key, _names[i], StringComparison.Ordinal)) return false;
            return true;
        }
    }

    /// <summary>Shows an <see cref="AdaptedRecord"/>'s fields to PowerShell as properties, and its record type names.</summary>
    public sealed class RecordAdapter : PSPropertyAdapter
    {
        public override Collection<string> GetTypeNameHierarchy(object baseObject) => ((AdaptedRecord)baseObject).Shape.TypeNames;

        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var shape = ((AdaptedRecord)baseObject).Shape;
            var properties = new Collection<PSAdaptedProperty>();
            for (var i = 0; i < shape.Count; i++) properties.Add(new PSAdaptedProperty(shape.NameOf(i), i));
            return properties;
        }

        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            var shape = ((AdaptedRecord)baseObject).Shape;
            var column = shape.IndexOf(propertyName);
            return column < 0 ? null : new PSAdaptedProperty(shape.NameOf(column), column);
        }

        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => true;

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty)
            => ((AdaptedRecord)adaptedProperty.BaseObject).Get((int)adaptedProperty.Tag);

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object? value)
            => ((AdaptedRecord)adaptedProperty.BaseObject).Set((int)adaptedProperty.Tag, value);

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty)
        {
            var value = GetPropertyValue(adaptedProperty);
            if (value is PSObject pso) return pso.BaseObject is PSCustomObject ? typeof(PSCustomObject).FullName! : pso.BaseObject.GetType().FullName!;
            return value?.GetType().FullName ?? typeof(object).FullName!;
        }
    }

    /// <summary>A record read through the records API (Get-ZcrmRecord, Search-ZcrmRecord, Invoke-ZcrmQuery, deleted records).</summary>
    public sealed class ApiRecord : AdaptedRecord
    {
        private readonly ZohoRecord _record;

        internal ApiRecord(ZohoRecord record, RecordShape shape) : base(shape)
        {
            _record = record;
        }

        private protected override object? Read(int column) => _record.Fields[column].Value;

        internal override ZohoRecord? Original => Shape.TracksChanges ? _record : null;
    }

    /// <summary>
    /// One row of a bulk read, as Receive-ZcrmBulkRead streams it: the row's cells as read, each typed by the file's
    /// schema when its field is first read. Streaming hundreds of thousands of rows costs one small object per row,
    /// and a field no one reads is never converted.
    /// </summary>
    public sealed class BulkReadRecord : AdaptedRecord
    {
        private readonly Core.Bulk.BulkCsvSchema _schema;
        private readonly string[] _cells;

        internal BulkReadRecord(Core.Bulk.BulkCsvSchema schema, RecordShape shape, string[] cells) : base(shape)
        {
            _schema = schema;
            _cells = cells;
        }

        private protected override object? Read(int column) => _schema.ValueOf(column, _cells[column]);

        internal override ZohoRecord? Original => _schema.ToRecord(_cells);
    }
}
