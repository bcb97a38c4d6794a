using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using ZohoCrm.Core;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>
    /// One field of a record object: a note property, as <c>Import-Csv</c> and <c>ConvertFrom-Json</c> make them, so
    /// PowerShell reads, enumerates and exports it as cheaply as theirs. It keeps what it was read from (a parsed
    /// record, or a bulk row's cells) and becomes a PowerShell value (a lookup a ZohoCrm.Lookup object) the first time it
    /// is read, so a row whose fields nobody reads costs no typing. Through it Set-ZcrmRecord finds the record as read
    /// and sends only what changed, also from a copy.
    /// </summary>
    internal sealed class RecordField : PSNoteProperty
    {
        private readonly RecordShape _shape;
        private readonly object? _source;
        private readonly int _column;
        private object? _value;

        internal RecordField(RecordShape shape, object? source, int column, object? value)
            : base(shape.NameOf(column), value == RecordShape.Unread ? null : value)
        {
            _shape = shape;
            _source = source;
            _column = column;
            _value = value;
        }

        public override object? Value
        {
            [MethodImpl(HotPath.Optimized)]
            get
            {
                var value = Volatile.Read(ref _value);
                if (value != RecordShape.Unread) return value;
                value = _shape.ValueOnce(ref _value, _source!, _column);
                // The note's own slot holds the value too, for any reader that takes it from there.
                base.Value = value;
                return value;
            }
            set
            {
                base.Value = value;
                Volatile.Write(ref _value, value);
            }
        }

        /// <summary>The record as it was read, when changes to it can be sent by Set-ZcrmRecord; else null.</summary>
        internal ZohoRecord? Original => _shape.OriginalOf(_source!);

        /// <summary>A field of no record, whose copy is the field of the record its shape is making (see RecordShape.Create).</summary>
        internal static RecordField Seed(RecordShape shape, int column) => new RecordField(shape, null, column, RecordShape.Unread);

        /// <summary>
        /// A field of the same record with the current value; a lookup is copied too, so editing one copy's lookup leaves
        /// the other's alone. PowerShell stores a copy of every property added to an object, and PSObject.Copy() copies
        /// each one.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public override PSMemberInfo Copy()
        {
            if (_source == null) return new RecordField(_shape, _shape.SeedSource, _column, RecordShape.Unread);
            return new RecordField(_shape, _source, _column, RecordObjects.CopyOfValue(Volatile.Read(ref _value)));
        }
    }
}
