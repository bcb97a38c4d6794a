using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Filters
{
    /// <summary>
    /// Turns a filter written as field = value pairs (a PowerShell hashtable, its values already unwrapped) into
    /// conditions: a single value means equal, an array means in, a dictionary of operator = value gives one condition
    /// per operator, and a lookup (a dictionary with an <c>id</c> and no operator, such as a record's Owner) means equal
    /// to that id.
    /// </summary>
    public static class FilterConverter
    {
        /// <param name="filter">Field names and values; dictionaries and arrays as <see cref="IDictionary"/> and <c>object?[]</c>.</param>
        /// <param name="fields">
        /// Resolves names to API names by <see cref="FieldResolver"/>'s rule; null to check only that names are not
        /// empty (resolve later, once the field list is read, with <see cref="FieldResolver.Resolve(IEnumerable{FieldCondition})"/>).
        /// </param>
        public static IReadOnlyList<FieldCondition> ToConditions(IEnumerable<KeyValuePair<string, object?>> filter, FieldResolver? fields)
        {
            var conditions = new List<FieldCondition>();
            foreach (var entry in filter)
            {
                var name = (entry.Key ?? string.Empty).Trim();
                if (name.Length == 0) throw new ZcrmUsageException("ZcrmInvalidFilter", "A filter key is empty; keys are field API names.");
                var field = fields != null ? fields.Resolve(name) : name;
                var value = entry.Value;
                if (value is IDictionary lookup && lookup.Contains("id") && !lookup.Keys.Cast<object>().Any(k => FilterOperators.IsOperator(Text(k))))
                {
                    conditions.Add(new FieldCondition(field, "equal", new[] { lookup["id"] }));
                }
                else if (value is IDictionary operators)
                {
                    foreach (DictionaryEntry op in operators)
                        conditions.Add(new FieldCondition(field, FilterOperators.Normalize(Text(op.Key) ?? string.Empty), op.Value is object?[] several ? several : new[] { op.Value }));
                }
                else if (value is object?[] many)
                {
                    conditions.Add(new FieldCondition(field, "in", many));
                }
                else
                {
                    conditions.Add(new FieldCondition(field, "equal", new[] { value }));
                }
            }
            return conditions;
        }

        private static string? Text(object? key) => System.Convert.ToString(key, CultureInfo.InvariantCulture);
    }
}
