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
        public static AdaptedRecord ToRecordObject(ZohoRecord record, ref RecordShape? shape, string typeName = RecordTypeName)
        {
            if (shape == null || !shape.Fits(record.Module, typeName, record.Fields)) shape = RecordShape.ForApi(record.Module, typeName, record.Fields);
            return shape.Create(record);
        }

        /// <summary>
        /// The record as it was read, when <paramref name="item"/> came from Get-ZcrmRecord (or a search, query or bulk
        /// read), so Set-ZcrmRecord can send only what the user changed.
        /// </summary>
        public static bool TryGetOriginal(PSObject item, out ZohoRecord original)
        {
            original = (item.BaseObject as AdaptedRecord)?.Original!;
            return original != null;
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
                    bool isLookup = false, hasName = false;
                    foreach (var property in nested.Properties)
                    {
                        if (property.Key == "id") isLookup = true;
                        else if (property.Key == "name") hasName = true;
                    }
                    var obj = isLookup ? new LookupObject() : new PSObject();
                    foreach (var property in nested.Properties) obj.Properties.Add(new PSNoteProperty(property.Key, ToValue(property.Value)));
                    if (obj is LookupObject lookup)
                    {
                        lookup.RememberProperties(hasName);
                        obj.TypeNames.Insert(0, LookupTypeName);
                    }
                    return obj;
                case object?[] array:
                    var items = new object?[array.Length];
                    for (var i = 0; i < array.Length; i++) items[i] = ToValue(array[i]);
                    return items;
                default:
                    return value;
            }
        }

        /// <summary>A lookup as a bulk file carries it: an object with just <c>id</c>, like <see cref="ToValue"/> makes.</summary>
        internal static PSObject LookupOf(string id)
        {
            var obj = new LookupObject();
            obj.Properties.Add(new PSNoteProperty("id", id));
            obj.RememberProperties(hasName: false);
            obj.TypeNames.Insert(0, LookupTypeName);
            return obj;
        }

        /// <summary>
        /// A lookup (a PSCustomObject with <c>id</c>, typed ZohoCrm.Lookup). Its ToString is what the type's ToString
        /// script method returns (the name, else the id), computed without running the script: Export-Csv and other
        /// callers of object.ToString() otherwise ran a script block for every lookup of every record.
        /// </summary>
        internal sealed class LookupObject : PSObject
        {
            private PSNoteProperty? _id;
            private PSNoteProperty? _name;

            /// <summary>
            /// Keeps the id and name properties as stored (Properties.Add stores a copy of the property it is given, so
            /// the one made is not the one a later edit changes), so ToString reads them without looking them up.
            /// </summary>
            internal void RememberProperties(bool hasName)
            {
                _id = Properties["id"] as PSNoteProperty;
                _name = hasName ? Properties["name"] as PSNoteProperty : null;
            }

            /// <summary>A copy (AdaptedRecord.Clone makes one per lookup) keeps its own id and name, not this one's.</summary>
            public override PSObject Copy()
            {
                var copy = base.Copy();
                if (copy is LookupObject lookup)
                {
                    lookup._id = lookup.Properties["id"] as PSNoteProperty;
                    lookup._name = lookup.Properties["name"] as PSNoteProperty;
                }
                return copy;
            }

            public override string ToString()
            {
                var name = _name != null ? _name.Value : Properties["name"]?.Value;
                var shown = LanguagePrimitives.IsTrue(name) ? name : _id?.Value;
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
