using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using ZohoCrm.Core;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>
    /// The field names that records share (every record of a page, every row of a bulk file), their module and type
    /// names, and how a field is read from what the core library produced. It makes the record objects, in two forms
    /// with the same type names (<c>&lt;type name&gt;#&lt;module&gt;</c>, then ZohoCrm.Record, ZohoCrm.QueryRecord or
    /// ZohoCrm.DeletedRecord), properties and behaviour:
    /// <list type="bullet">
    /// <item>for a later command to read (<see cref="Create(object)"/>): a PSCustomObject with one <see cref="RecordField"/> note
    /// property per field, added as Import-Csv adds its columns. PowerShell enumerates and exports note properties several
    /// times faster than a .NET object's properties, which it rebuilds for every enumeration.</item>
    /// <item>to be kept (<see cref="CreateLean"/>): an object of a class made for the field set, with one .NET property per
    /// field. It costs a few allocations to make and a fraction of the memory to hold, where each note property costs
    /// PowerShell a member-table entry.</item>
    /// </list>
    /// Fields become PowerShell values (a lookup a ZohoCrm.Lookup, or a ZohoCrm.Lookup-typed PSCustomObject from the
    /// records API) the first time they are read, in both forms.
    /// </summary>
    public sealed class RecordShape
    {
        private static readonly Func<int, PSObject> NewObject = ObjectFactory();
        private static readonly ConcurrentDictionary<string, Lazy<Func<RecordShape, object, AdaptedRecord>>> Classes =
            new ConcurrentDictionary<string, Lazy<Func<RecordShape, object, AdaptedRecord>>>(StringComparer.Ordinal);
        private static int _classes;

        /// <summary>
        /// Windows PowerShell 5.1, which this module cannot be tested on here: fields are typed when the record is made,
        /// so the value is in the note from the start, whatever reads it.
        /// </summary>
        private static readonly bool TypesEagerly = RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private readonly string[] _names;
        private readonly int[] _columns;
        private const string DeletedRecordTypeName = "ZohoCrm.DeletedRecord";

        private readonly string _moduleTypeName;
        private readonly string _baseTypeName;
        private readonly Func<object, ZohoRecord?> _original;
        private readonly BulkCsvSchema? _bulk;
        private readonly bool[]? _lookups;
        private Func<RecordShape, object, AdaptedRecord>? _createLean;
        private RecordField[]? _seeds;
        private object? _seedSource;
        private int _seeding;
        private bool _seedsStored;
        private bool _seedsChecked;

        /// <param name="bulk">The schema of a bulk file whose rows (their cells) this shape's records are over; null for
        /// records of the records API (<see cref="ZohoRecord"/>).</param>
        private RecordShape(string module, string typeName, string[] names, Func<object, ZohoRecord?> original, BulkCsvSchema? bulk = null)
        {
            Module = module;
            TypeName = typeName;
            _moduleTypeName = typeName + "#" + module;
            // Users, roles and the other org objects are records too (OrgObjects puts their own name first).
            _baseTypeName = typeName == RecordObjects.QueryRecordTypeName || typeName == DeletedRecordTypeName ? typeName : RecordObjects.RecordTypeName;
            _names = names;
            _columns = PropertyColumns(names);
            _original = original;
            _bulk = bulk;
            if (bulk != null)
            {
                _lookups = new bool[names.Length];
                for (var i = 0; i < names.Length; i++) _lookups[i] = bulk.KindOf(i) == FieldValueKind.Lookup;
            }
        }

        public string Module { get; }

        public string TypeName { get; }

        internal int Count => _names.Length;

        internal string NameOf(int column) => _names[column];

        internal ZohoRecord? OriginalOf(object source) => _original(source);

        /// <summary>What a field's slot holds until the field is first read (both forms of record keep one slot per field).</summary>
        internal static readonly object Unread = new object();

        /// <summary>
        /// The value in <paramref name="slot"/>, typed into it from <paramref name="source"/> on the first read. Two threads
        /// reading the same unread field keep one value, so a lookup object is the same object for both.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        internal object? ValueOnce(ref object? slot, object source, int column)
        {
            var value = Volatile.Read(ref slot);
            if (value != Unread) return value;
            var converted = ValueOf(source, column);
            var winner = Interlocked.CompareExchange(ref slot, converted, Unread);
            return winner == Unread ? converted : winner;
        }

        /// <summary>The field at <paramref name="column"/> as the PowerShell value a record property shows.</summary>
        [MethodImpl(HotPath.Optimized)]
        internal object? ValueOf(object source, int column)
        {
            if (_bulk == null) return RecordObjects.ToValue(((ZohoRecord)source).Fields[column].Value);
            // A cell becomes its PowerShell value in one step: no intermediate lookup object, no copy of a multi-select
            // array (its items are strings already).
            var text = ((string[])source)[column];
            return _lookups![column] ? (text.Length == 0 ? null : RecordObjects.LookupOf(text)) : _bulk.ValueOf(column, text);
        }

        /// <summary>A record of this shape over <paramref name="source"/> (a parsed record, or a bulk row's cells).</summary>
        [MethodImpl(HotPath.Optimized)]
        internal PSObject Create(object source)
        {
            var columns = _columns;
            var record = NewObject(columns.Length);
            var properties = record.Properties;
            // Added unchecked, as Import-Csv adds its columns: the names were checked once, when the shape was made.
            if (!TypesEagerly && !_seedsStored && Interlocked.CompareExchange(ref _seeding, 1, 0) == 0)
            {
                // PowerShell stores a copy of each property added: adding one seed per column, whose copy is the field
                // of this record, saves making a field only to have it copied.
                try
                {
                    var seeds = _seeds ??= MakeSeeds();
                    _seedSource = source;
                    foreach (var seed in seeds) properties.Add(seed, preValidated: true);
                    _seedSource = null;
                    if (!_seedsChecked && seeds.Length > 0)
                    {
                        // A PowerShell that kept the seed itself: make this record, and every later one, field by field.
                        _seedsStored = ReferenceEquals(properties[seeds[0].Name], seeds[0]);
                        _seedsChecked = true;
                        if (_seedsStored) return Create(source);
                    }
                }
                finally
                {
                    Volatile.Write(ref _seeding, 0);
                }
            }
            else
            {
                foreach (var column in columns)
                    properties.Add(new RecordField(this, source, column, TypesEagerly ? ValueOf(source, column) : Unread), preValidated: true);
            }
            var typeNames = record.TypeNames;
            typeNames.Insert(0, _moduleTypeName);
            typeNames.Insert(1, _baseTypeName);
            return record;
        }

        /// <summary>
        /// A record of this shape over <paramref name="source"/>, <paramref name="lean"/> when it ends the pipeline (see the
        /// class summary), wrapped for the pipeline.
        /// </summary>
        internal PSObject Create(object source, bool lean) => lean ? PSObject.AsPSObject(CreateLean(source)) : Create(source);

        /// <summary>The source of the record being made from seeds (read by <see cref="RecordField.Copy"/> of a seed).</summary>
        internal object SeedSource => _seedSource!;

        private RecordField[] MakeSeeds()
        {
            var seeds = new RecordField[_columns.Length];
            for (var i = 0; i < seeds.Length; i++) seeds[i] = RecordField.Seed(this, _columns[i]);
            return seeds;
        }

        /// <summary>
        /// A record of this shape over <paramref name="source"/> as an object of the class made for the field set (made
        /// once per type name, module and fields, and kept for the session, so paging or exporting the same fields again
        /// reuses it).
        /// </summary>
        internal AdaptedRecord CreateLean(object source)
        {
            var create = _createLean ??= Classes.GetOrAdd(ClassKey(), _ => new Lazy<Func<RecordShape, object, AdaptedRecord>>(MakeClass, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
            return create(this, source);
        }

        /// <summary>The shape of records read through the records API with these fields (in this order).</summary>
        internal static RecordShape ForApi(string module, string typeName, List<KeyValuePair<string, object?>> fields)
        {
            var names = new string[fields.Count];
            for (var i = 0; i < names.Length; i++) names[i] = fields[i].Key;
            // Records of the records API's own type track their changes for Set-ZcrmRecord; deleted records do not.
            var tracks = typeName == RecordObjects.RecordTypeName || typeName == RecordObjects.QueryRecordTypeName;
            return new RecordShape(module, typeName, names, source => tracks ? (ZohoRecord)source : null);
        }

        /// <summary>The shape of the rows of a bulk read file: the cells of a row, typed by the file's schema.</summary>
        internal static RecordShape ForBulkRows(BulkCsvSchema schema)
        {
            var names = new string[schema.Count];
            for (var i = 0; i < names.Length; i++) names[i] = schema.NameOf(i);
            return new RecordShape(schema.Module, RecordObjects.RecordTypeName, names, source => schema.ToRecord((string[])source), schema);
        }

        /// <summary>Whether records with <paramref name="fields"/> in <paramref name="module"/> have exactly this shape.</summary>
        internal bool Fits(string module, string typeName, List<KeyValuePair<string, object?>> fields)
        {
            if (fields.Count != _names.Length || !string.Equals(module, Module, StringComparison.Ordinal) || !string.Equals(typeName, TypeName, StringComparison.Ordinal)) return false;
            for (var i = 0; i < _names.Length; i++)
                if (!string.Equals(fields[i].Key, _names[i], StringComparison.Ordinal)) return false;
            return true;
        }

        /// <summary>
        /// The columns that become properties: PowerShell matches names without regard to case, so a second spelling of
        /// one name is left out, as are empty names and the names PowerShell keeps for itself (PSObject, PSBase...).
        /// </summary>
        private static int[] PropertyColumns(string[] names)
        {
            var declared = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "PSBase", "PSAdapted", "PSExtended", "PSObject", "PSTypeNames" };
            var columns = new List<int>(names.Length);
            for (var i = 0; i < names.Length; i++)
                if (!string.IsNullOrEmpty(names[i]) && declared.Add(names[i])) columns.Add(i);
            return columns.ToArray();
        }

        private string ClassKey() => TypeName + "\n" + Module + "\n" + string.Join("\n", _names);

        /// <summary>
        /// Emits <c>sealed class &lt;TypeName&gt;#&lt;Module&gt; : ZohoCrm.Record</c> (or QueryRecord, DeletedRecord) with a
        /// constructor and one object-typed property per field, whose getter and setter call GetField/SetField with the
        /// field's column; returns a compiled factory. Each class gets an assembly of its own, since several field sets of
        /// one module share the class name.
        /// </summary>
        private Func<RecordShape, object, AdaptedRecord> MakeClass()
        {
            var baseType = TypeName == DeletedRecordTypeName ? typeof(ZohoCrm.DeletedRecord)
                : TypeName == RecordObjects.QueryRecordTypeName ? typeof(ZohoCrm.QueryRecord) : typeof(ZohoCrm.Record);
            var baseConstructor = baseType.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, null, new[] { typeof(RecordShape), typeof(object) }, null)!;
            var getField = typeof(AdaptedRecord).GetMethod("GetField", BindingFlags.Instance | BindingFlags.NonPublic)!;
            var setField = typeof(AdaptedRecord).GetMethod("SetField", BindingFlags.Instance | BindingFlags.NonPublic)!;

            var number = Interlocked.Increment(ref _classes);
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("ZohoCrm.Records." + number.ToString(System.Globalization.CultureInfo.InvariantCulture)), AssemblyBuilderAccess.Run);
            var module = assembly.DefineDynamicModule("ZohoCrm.Records");
            var type = module.DefineType(ClassName(TypeName + "#" + Module), TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, baseType);

            var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, new[] { typeof(RecordShape), typeof(object) });
            var il = constructor.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Call, baseConstructor);
            il.Emit(OpCodes.Ret);

            const MethodAttributes accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;
            foreach (var column in _columns)
            {
                var name = _names[column];
                var property = type.DefineProperty(name, PropertyAttributes.None, typeof(object), Type.EmptyTypes);

                var getter = type.DefineMethod("get_" + name, accessor, typeof(object), Type.EmptyTypes);
                il = getter.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Call, getField);
                il.Emit(OpCodes.Ret);
                property.SetGetMethod(getter);

                var setter = type.DefineMethod("set_" + name, accessor, typeof(void), new[] { typeof(object) });
                il = setter.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, column);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Call, setField);
                il.Emit(OpCodes.Ret);
                property.SetSetMethod(setter);
            }

            var made = type.CreateTypeInfo()!.AsType();
            var shape = Expression.Parameter(typeof(RecordShape), "shape");
            var source = Expression.Parameter(typeof(object), "source");
            var create = Expression.New(made.GetConstructor(new[] { typeof(RecordShape), typeof(object) })!, shape, source);
            return Expression.Lambda<Func<RecordShape, object, AdaptedRecord>>(Expression.Convert(create, typeof(AdaptedRecord)), shape, source).Compile();
        }

        /// <summary>The class name as the type name PowerShell shows; characters that name nested or generic types are replaced.</summary>
        private static string ClassName(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
                if (chars[i] == '+' || chars[i] == ',' || chars[i] == '[' || chars[i] == ']' || chars[i] == '&' || chars[i] == '*' || chars[i] == '\\') chars[i] = '_';
            return new string(chars);
        }

        /// <summary>
        /// <c>new PSObject(capacity)</c> where PowerShell has it (7.x, what Import-Csv uses: the object keeps its members
        /// itself rather than in the engine's table of objects with members), else <c>new PSObject()</c>.
        /// </summary>
        private static Func<int, PSObject> ObjectFactory()
        {
            var withCapacity = typeof(PSObject).GetConstructor(new[] { typeof(int) });
            if (withCapacity == null) return _ => new PSObject();
            var capacity = Expression.Parameter(typeof(int), "capacity");
            return Expression.Lambda<Func<int, PSObject>>(Expression.New(withCapacity, capacity), capacity).Compile();
        }
    }
}
