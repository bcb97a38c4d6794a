using System;
using System.Collections.Generic;
using System.Linq;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Filters
{
    /// <summary>
    /// One condition of a filter: field, operator and one value (or several for in, not_in, between, not_between).
    /// The same condition becomes search criteria text (<see cref="Records.SearchCriteria"/>) or a bulk read criteria
    /// object (<see cref="Bulk.BulkCriteria"/>).
    /// </summary>
    public sealed class FieldCondition
    {
        /// <param name="operator">Any spelling <see cref="FilterOperators.Normalize"/> takes; kept in its canonical form.</param>
        public FieldCondition(string field, string @operator, IReadOnlyList<object?> values)
        {
            Field = field;
            Operator = FilterOperators.Normalize(@operator);
            Values = values;
        }

        public string Field { get; }

        /// <summary>The canonical operator: one of <see cref="FilterOperators.All"/>.</summary>
        public string Operator { get; }

        public IReadOnlyList<object?> Values { get; }

        /// <summary>This condition on another field name (the API name a given name resolved to).</summary>
        public FieldCondition WithField(string field) => field == Field ? this : new FieldCondition(field, Operator, Values);
    }

    /// <summary>
    /// The operators both Zoho filters take (search criteria and bulk read criteria name them alike, except that search
    /// spells equal as <c>equals</c>), and the short forms people type: eq, ne, gt, ge, lt, le, like, notin, …
    /// </summary>
    public static class FilterOperators
    {
        public static readonly IReadOnlyList<string> All = new[]
        {
            "equal", "not_equal", "in", "not_in", "less_than", "less_equal", "greater_than", "greater_equal",
            "contains", "not_contains", "starts_with", "ends_with", "between", "not_between",
        };

        private static readonly Dictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["eq"] = "equal", ["equals"] = "equal", ["ne"] = "not_equal", ["notequal"] = "not_equal", ["gt"] = "greater_than",
            ["ge"] = "greater_equal", ["lt"] = "less_than", ["le"] = "less_equal", ["startswith"] = "starts_with",
            ["endswith"] = "ends_with", ["like"] = "contains", ["notcontains"] = "not_contains", ["notin"] = "not_in",
            ["notbetween"] = "not_between", ["greaterthan"] = "greater_than", ["lessthan"] = "less_than",
            ["greaterequal"] = "greater_equal", ["lessequal"] = "less_equal",
        };

        /// <summary>The canonical name of an operator in any spelling; ZcrmInvalidOperator when it is none.</summary>
        public static string Normalize(string @operator)
        {
            if (TryNormalize(@operator, out var canonical)) return canonical;
            throw new ZcrmUsageException("ZcrmInvalidOperator", $"'{@operator}' is not a filter operator.",
                "Use one of: " + string.Join(", ", All) + " (or eq, ne, gt, ge, lt, le).");
        }

        public static bool IsOperator(string? name) => TryNormalize(name, out _);

        private static bool TryNormalize(string? name, out string canonical)
        {
            canonical = string.Empty;
            if (string.IsNullOrWhiteSpace(name)) return false;
            var trimmed = name!.Trim();
            var known = All.FirstOrDefault(o => string.Equals(o, trimmed, StringComparison.OrdinalIgnoreCase));
            if (known != null)
            {
                canonical = known;
                return true;
            }
            if (!Aliases.TryGetValue(trimmed.Replace("-", string.Empty).Replace("_", string.Empty), out var mapped)) return false;
            canonical = mapped;
            return true;
        }
    }
}
