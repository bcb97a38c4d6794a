using System;
using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Threading;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>
    /// A record in its lean form (<see cref="RecordShape.CreateLean"/>), for records that end the pipeline: its class is
    /// made for its field set, one .NET property per field, so PowerShell reads the fields like any object's, in every
    /// runspace, and the class name <c>ZohoCrm.Record#&lt;Module&gt;</c> (deriving from <see cref="ZohoCrm.Record"/>)
    /// gives the type names the views and Set-ZcrmRecord look for. A field becomes a PowerShell value the first time it
    /// is read, and keeps that value.
    /// </summary>
    public abstract class AdaptedRecord : ICloneable
    {
        private readonly object _source;
        private object?[]? _values;

        private protected AdaptedRecord(RecordShape shape, object source)
        {
            Shape = shape;
            _source = source;
        }

        internal RecordShape Shape { get; }

        /// <summary>The record as it was read, when changes to it can be sent by Set-ZcrmRecord; else null.</summary>
        internal ZohoRecord? Original => Shape.OriginalOf(_source);

        /// <summary>The getter of the field property at <paramref name="column"/> (called by the made classes).</summary>
        protected object? GetField(int column) => Get(column);

        /// <summary>The setter of the field property at <paramref name="column"/> (called by the made classes).</summary>
        protected void SetField(int column, object? value) => Volatile.Write(ref Values()[column], value);

        internal object? Get(int column) => Shape.ValueOnce(ref Values()[column], _source, column);

        private object?[] Values()
        {
            var values = _values;
            if (values != null) return values;
            values = new object?[Shape.Count];
            for (var i = 0; i < values.Length; i++) values[i] = RecordShape.Unread;
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
                    copy._values[i] = RecordObjects.CopyOfValue(values[i]);
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
}

namespace ZohoCrm
{
    using ZohoCrm.PowerShell.Output;

    /// <summary>
    /// The base of every record class the module makes (named <c>ZohoCrm.Record#&lt;Module&gt;</c>), so a record's type
    /// names are <c>ZohoCrm.Record#Leads</c>, <c>ZohoCrm.Record</c>, … as the views and the record cmdlets expect.
    /// </summary>
    public abstract class Record : AdaptedRecord
    {
        protected Record(RecordShape shape, object source) : base(shape, source)
        {
        }
    }

    /// <summary>
    /// The base of the classes of COQL rows (<c>ZohoCrm.QueryRecord#&lt;Module&gt;</c>): records of the module, changed
    /// and piped like any other, but not shown with the module's view, whose columns the query may not have selected.
    /// </summary>
    public abstract class QueryRecord : AdaptedRecord
    {
        protected QueryRecord(RecordShape shape, object source) : base(shape, source)
        {
        }
    }

    /// <summary>The base of the classes of deleted records (<c>ZohoCrm.DeletedRecord#&lt;Module&gt;</c>).</summary>
    public abstract class DeletedRecord : AdaptedRecord
    {
        protected DeletedRecord(RecordShape shape, object source) : base(shape, source)
        {
        }
    }
}
