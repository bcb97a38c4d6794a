using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns Zoho records into pipeline objects whose properties are the record's fields. Type names
    /// <c>ZohoCrm.Record#&lt;Module&gt;</c> and <c>ZohoCrm.Record</c> select the views and tell later cmdlets the module.
    /// </summary>
    public static class RecordObjects
    {
        public const string RecordTypeName = "ZohoCrm.Record";
        public const string LookupTypeName = "ZohoCrm.Lookup";

        // The record each object was read as, so Set-ZcrmRecord can send only what the user changed. Weak: it lives
        // exactly as long as the object does.
        private static readonly ConditionalWeakTable<PSObject, ZohoRecord> Originals = new ConditionalWeakTable<PSObject, ZohoRecord>();

        public static PSObject ToPSObject(ZohoRecord record, string typeName = RecordTypeName)
        {
            var result = new PSObject();
            result.TypeNames.Insert(0, typeName);
            result.TypeNames.Insert(0, typeName + "#" + record.Module);
            foreach (var field in record.Fields)
                result.Properties.Add(new PSNoteProperty(field.Key, ToValue(field.Value)));
            if (typeName == RecordTypeName) Originals.Add(result, record);
            return result;
        }

        /// <summary>The record as it was read, when <paramref name="item"/> came from Get-ZcrmRecord (or a search, query or bulk read) in this session.</summary>
        public static bool TryGetOriginal(PSObject item, out ZohoRecord original)
        {
            if (item.BaseObject is BulkReadRecord row)
            {
                original = row.Original;
                return true;
            }
            return Originals.TryGetValue(item, out original!);
        }

        /// <summary>Whether a property's current value differs from the value it was read with (lookups compare by id).</summary>
        public static bool Differs(object? current, object? original)
        {
            current = current is PSObject c && !(c.BaseObject is PSCustomObject) ? c.BaseObject : current;
            if (original is ZohoObject nested)
            {
                var originalId = nested.Properties.FirstOrDefault(p => p.Key == "id").Value;
                var currentId = current is PSObject pso ? pso.Properties["id"]?.Value : current is System.Collections.IDictionary d ? d["id"] : current;
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
                var index = name.IndexOf(RecordTypeName + "#", StringComparison.Ordinal);
                if (index >= 0) return name.Substring(index + RecordTypeName.Length + 1);
            }
            return null;
        }

        internal static object? ToValue(object? value)
        {
            switch (value)
            {
                case ZohoObject nested:
                    var obj = new PSObject();
                    var isLookup = false;
                    foreach (var property in nested.Properties)
                    {
                        if (property.Key == "id") isLookup = true;
                        obj.Properties.Add(new PSNoteProperty(property.Key, ToValue(property.Value)));
                    }
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
    }
}
