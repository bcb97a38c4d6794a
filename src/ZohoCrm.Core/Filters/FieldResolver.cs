using System;
using System.Collections.Generic;
using System.Linq;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Filters
{
    /// <summary>
    /// The one rule by which a name someone typed finds a field of a module: the API name as spelled, else the API
    /// name or the label in any letter case; surrounding spaces do not count. <c>id</c> is always a field. Without the
    /// module's field list (not readable with the token's scopes) names are taken as given and Zoho checks them.
    /// </summary>
    public sealed class FieldResolver
    {
        private readonly IReadOnlyList<ZohoField>? _fields;

        public FieldResolver(string module, IReadOnlyList<ZohoField>? fields)
        {
            Module = module;
            _fields = fields;
        }

        public string Module { get; }

        /// <summary>Whether the module's fields are known (so names are checked).</summary>
        public bool KnowsFields => _fields != null;

        /// <summary>The field a name stands for, or null (unknown name, or no field list).</summary>
        public ZohoField? FieldOf(string name)
        {
            if (_fields == null) return null;
            var trimmed = name.Trim();
            return _fields.FirstOrDefault(f => f.ApiName == trimmed)
                ?? _fields.FirstOrDefault(f => string.Equals(f.ApiName, trimmed, StringComparison.OrdinalIgnoreCase) || string.Equals(f.Label, trimmed, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>The API name a name stands for; ZcrmUnknownField when the module has no such field.</summary>
        public string Resolve(string name)
        {
            var trimmed = name.Trim();
            if (_fields == null || trimmed == "id") return trimmed;
            return FieldOf(trimmed)?.ApiName ?? throw new ZcrmUsageException("ZcrmUnknownField", $"'{trimmed}' is not a field of {Module}.", Remedy.ListFields(Module));
        }

        /// <summary>The conditions with their field names resolved.</summary>
        public IReadOnlyList<FieldCondition> Resolve(IEnumerable<FieldCondition> conditions) => conditions.Select(c => c.WithField(Resolve(c.Field))).ToList();
    }
}
