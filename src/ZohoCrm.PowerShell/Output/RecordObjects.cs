using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Output
{
    /// <summary>
    /// Turns Zoho records into pipeline objects whose properties are the record's fields. Type names
    /// <c>ZohoCrm.Record#&lt;Module&gt;</c> and <c>ZohoCrm.Record</c> select the views and tell later cmdlets the module.
    /// </summary>
    public static class RecordObjects
    {
        public const string RecordTypeName = "ZohoCrm.Record";

        /// <summary>
        /// COQL rows: records of their module with only the selected fields, so no view of the module's own columns
        /// applies; PowerShell shows the fields that were selected.
        /// </summary>
        public const string QueryRecordTypeName = "ZohoCrm.QueryRecord";
        public const string LookupTypeName = "ZohoCrm.Lookup";

        /// <summary>
        /// The pipeline object of a record. Consecutive records with the same fields share one
        /// <paramref name="shape"/>, which this replaces when the fields differ.
        /// </summary>
        public static PSObject ToRecordObject(ZohoRecord record, ref RecordShape? shape, string typeName = RecordTypeName, bool lean = false)
        {
            if (shape == null || !shape.Fits(record.Module, typeName, record.Fields)) shape = RecordShape.ForApi(record.Module, typeName, record.Fields);
            return shape.Create(record, lean);
        }

        /// <summary>
        /// The record as it was read, when <paramref name="item"/> came from Get-ZcrmRecord (or a search, query or bulk
        /// read), so Set-ZcrmRecord can send only what the user changed.
        /// </summary>
        public static bool TryGetOriginal(PSObject item, out ZohoRecord original)
        {
            if (item.BaseObject is AdaptedRecord lean)
            {
                original = lean.Original!;
                return original != null;
            }
            var field = item.Properties["id"] as RecordField;
            if (field == null)
            {
                foreach (var property in item.Properties)
                {
                    field = property as RecordField;
                    if (field != null) break;
                }
            }
            original = field?.Original!;
            return original != null;
        }

        /// <summary>Whether a property's current value differs from the value it was read with (lookups compare by id).</summary>
        public static bool Differs(object? current, object? original)
        {
            current = current is PSObject c && !(c.BaseObject is PSCustomObject) ? c.BaseObject : current;
            if (original is ZohoObject nested)
            {
                var originalId = nested.Properties.FirstOrDefault(p => p.Key == "id").Value;
                var currentId = current is PSObject pso ? pso.Properties["id"]?.Value
                    : current is Lookup lookup ? lookup.id
                    : current is System.Collections.IDictionary d ? d["id"] : current;
                return !Equals(Convert.ToString(originalId, CultureInfo.InvariantCulture), Convert.ToString(currentId, CultureInfo.InvariantCulture));
            }
            if (original is object?[] array)
            {
                if (current is not System.Collections.IEnumerable sequence || current is string) return true;
                var items = sequence.Cast<object?>().ToArray();
                return items.Length != array.Length || items.Where((item, i) => Differs(item, array[i])).Any();
            }
            return !Equals(current, original);
        }

        /// <summary>The module a record object came from, read from its type names (also after serialization: Deserialized.ZohoCrm.Record#Leads).</summary>
        public static string? ModuleOf(PSObject? item)
        {
            if (item == null) return null;
            foreach (var name in item.TypeNames)
            {
                foreach (var typeName in new[] { RecordTypeName, QueryRecordTypeName })
                {
                    var index = name.IndexOf(typeName + "#", StringComparison.Ordinal);
                    if (index >= 0) return name.Substring(index + typeName.Length + 1);
                }
            }
            return null;
        }

        internal static object? ToValue(object? value)
        {
            switch (value)
            {
                case ZohoObject nested:
                    var isLookup = false;
                    foreach (var property in nested.Properties)
                        if (property.Key == "id") isLookup = true;
                    var obj = isLookup ? new LookupObject() : new PSObject();
                    foreach (var property in nested.Properties) obj.Properties.Add(new PSNoteProperty(property.Key, ToValue(property.Value)));
                    if (isLookup) obj.TypeNames.Insert(0, LookupTypeName);
                    return obj;
                case object?[] array:
                    var items = new object?[array.Length];
                    for (var i = 0; i < array.Length; i++) items[i] = ToValue(array[i]);
                    return items;
                default:
                    return value;
            }
        }

        /// <summary>
        /// A field's value for a copy of its record: a lookup (or other nested object) is copied too, so editing one
        /// copy's lookup leaves the other's alone; anything else is shared.
        /// </summary>
        internal static object? CopyOfValue(object? value) => value switch
        {
            PSObject nested when nested.BaseObject is PSCustomObject => nested.Copy(),
            Lookup lookup => new Lookup(lookup.id),
            _ => value,
        };

        /// <summary>A lookup as a bulk file carries it: just the id.</summary>
        internal static Lookup LookupOf(string id) => new Lookup(id);

        /// <summary>
        /// A lookup (a PSCustomObject with <c>id</c>, typed ZohoCrm.Lookup). Its ToString is what the type's ToString
        /// script method returns (the name, else the id), computed without running the script: Export-Csv and other
        /// callers of object.ToString() otherwise ran a script block for every lookup of every record. It reads the
        /// properties as they are now, so a name or id edited in place is what it shows.
        /// </summary>
        internal sealed class LookupObject : PSObject
        {
            public override string ToString()
            {
                var name = Properties["name"]?.Value;
                var shown = LanguagePrimitives.IsTrue(name) ? name : Properties["id"]?.Value;
                return shown switch
                {
                    null => string.Empty,
                    string text => text,
                    _ => LanguagePrimitives.ConvertTo<string>(shown),
                };
            }
        }
    }
}
