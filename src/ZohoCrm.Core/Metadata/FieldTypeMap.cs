using System;
using System.Collections.Generic;

namespace ZohoCrm.Core.Metadata
{
    /// <summary>Field API name to value kind, used to type values while reading records.</summary>
    public sealed class FieldTypeMap
    {
        public static readonly FieldTypeMap Empty = new FieldTypeMap(Array.Empty<ZohoField>());

        private readonly Dictionary<string, FieldValueKind> _kinds = new Dictionary<string, FieldValueKind>(StringComparer.Ordinal);

        public FieldTypeMap(IEnumerable<ZohoField> fields)
        {
            foreach (var field in fields) _kinds[field.ApiName] = field.Kind;
            // System fields that every module has, so typing works even without metadata.
            foreach (var name in new[] { "Created_Time", "Modified_Time", "Last_Activity_Time" })
                if (!_kinds.ContainsKey(name)) _kinds[name] = FieldValueKind.DateTime;
            foreach (var name in new[] { "Owner", "Created_By", "Modified_By" })
                if (!_kinds.ContainsKey(name)) _kinds[name] = FieldValueKind.Lookup;
        }

        public FieldValueKind KindOf(string apiName) => _kinds.TryGetValue(apiName, out var kind) ? kind : FieldValueKind.Other;
    }
}
