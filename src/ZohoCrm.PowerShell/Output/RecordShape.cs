using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq.Expressions;
using System.Reflection.Emit;
using System.Reflection;
using System.Threading;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>
    /// The field names that records share (every record of a page, every row of a bulk file), their module and type
    /// name, how a field is read from what the core library produced, and the class made for them: one .NET property
    /// per field, named <c>&lt;type name&gt;#&lt;module&gt;</c>. A class is made once per field set and kept for the
    /// session, so paging, searching or exporting the same fields again reuses it.
    /// </summary>
    public sealed class RecordShape
    {
        private static readonly ConcurrentDictionary<string, Lazy<RecordShape>> Shapes = new ConcurrentDictionary<string, Lazy<RecordShape>>(StringComparer.Ordinal);
        private static readonly ConcurrentDictionary<string, Lazy<Func<RecordShape, object, AdaptedRecord>>> Classes =
            new ConcurrentDictionary<string, Lazy<Func<RecordShape, object, AdaptedRecord>>>(StringComparer.Ordinal);
        private static int _classes;

        private readonly string[] _names;
        private readonly Func<object, int, object?> _read;
        private readonly Func<object, ZohoRecord?> _original;
        private readonly Func<RecordShape, object, AdaptedRecord> _create;
        private Func<object, int, object?>? _value;

        private RecordShape(string module, string typeName, string[] names, Func<object, int, object?> read, Func<object, ZohoRecord?> original)
        {
            Module = module;
            TypeName = typeName;
            _names = names;
            _read = read;
            _original = original;
            // Records with the same type name, module and fields share one class, whatever they are read from.
            _create = Classes.GetOrAdd(KeyOf(module, typeName, names), _ => new Lazy<Func<RecordShape, object, AdaptedRecord>>(MakeClass, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        public string Module { get; }

        public string TypeName { get; }

        internal int Count => _names.Length;

        internal string NameOf(int column) => _names[column];

        internal object? Read(object source, int column) => _read(source, column);

        internal ZohoRecord? OriginalOf(object source) => _original(source);

        /// <summary>The field at <paramref name="column"/> as the PowerShell value a record property shows.</summary>
        internal object? ValueOf(object source, int column) => _value != null ? _value(source, column) : RecordObjects.ToValue(_read(source, column));

        /// <summary>A record of this shape over <paramref name="source"/> (a parsed record, or a bulk row's cells).</summary>
        internal AdaptedRecord Create(object source) => _create(this, source);

        /// <summary>The shape of records read through the records API with these fields (in this order).</summary>
        internal static RecordShape ForApi(string module, string typeName, List<KeyValuePair<string, object?>> fields)
        {
            var names = new string[fields.Count];
            for (var i = 0; i < names.Length; i++) names[i] = fields[i].Key;
            // Records of the records API's own type track their changes for Set-ZcrmRecord; deleted records do not.
            var tracks = typeName == RecordObjects.RecordTypeName || typeName == RecordObjects.QueryRecordTypeName;
            return Get(module, typeName, names, () => new RecordShape(module, typeName, names,
                (source, column) => ((ZohoRecord)source).Fields[column].Value,
                source => tracks ? (ZohoRecord)source : null));
        }

        /// <summary>The shape of the rows of a bulk read file: the cells of a row, typed by the file's schema.</summary>
        internal static RecordShape ForBulkRows(BulkCsvSchema schema)
        {
            var names = new string[schema.Count];
            for (var i = 0; i < names.Length; i++) names[i] = schema.NameOf(i);
            // The schema carries the field types, which may differ between connections: one shape per file (its class is
            // shared with every other record of these fields).
            var lookups = new bool[names.Length];
            for (var i = 0; i < names.Length; i++) lookups[i] = schema.KindOf(i) == FieldValueKind.Lookup;
            return new RecordShape(schema.Module, RecordObjects.RecordTypeName, names,
                (source, column) => schema.ValueOf(column, ((string[])source)[column]),
                source => schema.ToRecord((string[])source))
            {
                // A cell becomes its PowerShell value in one step: no intermediate lookup object, no copy of a
                // multi-select array (its items are strings already).
                _value = (source, column) =>
                {
                    var text = ((string[])source)[column];
                    return lookups[column] ? (text.Length == 0 ? null : RecordObjects.LookupOf(text)) : schema.ValueOf(column, text);
                },
            };
        }

        /// <summary>Whether records with <paramref name="fields"/> in <paramref name="module"/> have exactly this shape.</summary>
        internal bool Fits(string module, string typeName, List<KeyValuePair<string, object?>> fields)
        {
            if (fields.Count != _names.Length || !string.Equals(module, Module, StringComparison.Ordinal) || !string.Equals(typeName, TypeName, StringComparison.Ordinal)) return false;
            for (var i = 0; i < _names.Length; i++)
                if (!string.Equals(fields[i].Key, _names[i], StringComparison.Ordinal)) return false;
            return true;
        }

        /// <summary>The cached shape of records API records with these fields (bulk rows get a shape per file instead).</summary>
        private static RecordShape Get(string module, string typeName, string[] names, Func<RecordShape> make)
        {
            return Shapes.GetOrAdd(KeyOf(module, typeName, names), _ => new Lazy<RecordShape>(make, LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        }

        private static string KeyOf(string module, string typeName, string[] names) => typeName + "\n" + module + "\n" + string.Join("\n", names);

        /// <summary>
        /// Emits <c>sealed class &lt;TypeName&gt;#&lt;Module&gt; : ZohoCrm.Record</c> (or DeletedRecord) with a constructor
        /// and one object-typed property per field, whose getter and setter call GetField/SetField with the field's
        /// column; returns a compiled factory. Each class gets an assembly of its own, since several field sets of one
        /// module share the class name.
        /// </summary>
        private Func<RecordShape, object, AdaptedRecord> MakeClass()
        {
            var baseType = TypeName == "ZohoCrm.DeletedRecord" ? typeof(ZohoCrm.DeletedRecord)
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

            var declared = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            const MethodAttributes accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;
            for (var column = 0; column < _names.Length; column++)
            {
                var name = _names[column];
                // PowerShell matches names without regard to case, so a second spelling of one name is left out.
                if (string.IsNullOrEmpty(name) || !declared.Add(name)) continue;
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
    }
}
