using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Records
{
    /// <summary>One condition of a search: field, operator, and one value (or several for in, not_in, between).</summary>
    public sealed class SearchCondition
    {
        public SearchCondition(string field, string @operator, IReadOnlyList<object?> values)
        {
            Field = field;
            Operator = @operator;
            Values = values;
        }

        public string Field { get; }
        public string Operator { get; }
        public IReadOnlyList<object?> Values { get; }
    }

    /// <summary>
    /// Builds the search API's criteria text, <c>((Field:operator:value)and(…))</c>, safely: in values, backslash,
    /// parentheses and commas are escaped with a backslash as the API requires (the whole text is URL-encoded later).
    /// </summary>
    public static class SearchCriteria
    {
        public const int MaxConditions = 10;

        public static readonly IReadOnlyList<string> Operators = new[]
        {
            "equals", "not_equal", "starts_with", "ends_with", "contains", "not_contains", "in", "not_in",
            "greater_than", "greater_equal", "less_than", "less_equal", "between", "not_between",
        };

        private static readonly Dictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["eq"] = "equals", ["equal"] = "equals", ["ne"] = "not_equal", ["notequal"] = "not_equal", ["gt"] = "greater_than", ["ge"] = "greater_equal",
            ["lt"] = "less_than", ["le"] = "less_equal", ["startswith"] = "starts_with", ["endswith"] = "ends_with", ["like"] = "contains",
            ["notcontains"] = "not_contains", ["notin"] = "not_in", ["notbetween"] = "not_between",
        };

        /// <summary>Escapes a value for the criteria grammar: <c>\</c>, <c>(</c>, <c>)</c> and <c>,</c> get a backslash.</summary>
        public static string Escape(string value)
        {
            var text = new StringBuilder(value.Length + 8);
            foreach (var c in value)
            {
                if (c == '\\' || c == '(' || c == ')' || c == ',') text.Append('\\');
                text.Append(c);
            }
            return text.ToString();
        }

        public static string NormalizeOperator(string op)
        {
            var trimmed = op.Trim();
            if (Operators.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) return trimmed.ToLowerInvariant();
            if (Aliases.TryGetValue(trimmed.Replace("-", string.Empty), out var mapped)) return mapped;
            throw new ZcrmUsageException("ZcrmInvalidOperator", $"'{op}' is not a search operator.", "Use one of: " + string.Join(", ", Operators) + " (or eq, ne, gt, ge, lt, le).");
        }

        /// <summary>The criteria text for conditions joined by and (or or); the field kinds format dates and datetimes.</summary>
        public static string Build(IReadOnlyList<SearchCondition> conditions, bool any, Func<string, FieldValueKind> kindOf)
        {
            if (conditions.Count == 0) throw new ZcrmUsageException("ZcrmEmptyFilter", "The filter has no conditions.");
            if (conditions.Count > MaxConditions)
                throw new ZcrmUsageException("ZcrmTooManyConditions", $"The filter has {conditions.Count} conditions; Zoho's search takes at most {MaxConditions}.", Remedy.UseQueryLanguage);
            var parts = conditions.Select(c => "(" + c.Field + ":" + c.Operator + ":" + FormatValues(c, kindOf(c.Field)) + ")").ToList();
            return parts.Count == 1 ? parts[0] : "(" + string.Join(any ? "or" : "and", parts) + ")";
        }

        private static string FormatValues(SearchCondition condition, FieldValueKind kind)
        {
            var values = condition.Values;
            switch (condition.Operator)
            {
                case "in":
                case "not_in":
                    if (values.Count == 0) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{condition.Field}: '{condition.Operator}' needs at least one value.");
                    break;
                case "between":
                case "not_between":
                    if (values.Count != 2) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{condition.Field}: '{condition.Operator}' needs exactly two values, the lower and the upper bound.");
                    break;
                default:
                    if (values.Count != 1) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{condition.Field}: '{condition.Operator}' takes one value; use 'in' for several.");
                    break;
            }
            return string.Join(",", values.Select(v => Escape(FormatValue(v, kind))));
        }

        public static string FormatValue(object? value, FieldValueKind kind)
        {
            switch (value)
            {
                case null:
                    return "null";
                case bool flag:
                    return flag ? "true" : "false";
                case DateTimeOffset dto:
                    return kind == FieldValueKind.Date ? dto.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dto.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                case DateTime dt:
                    if (kind == FieldValueKind.Date) return dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var local = dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Local) : dt;
                    return new DateTimeOffset(local).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
                case IDictionary lookup when lookup.Contains("id"):
                    return Convert.ToString(lookup["id"], CultureInfo.InvariantCulture) ?? string.Empty;
                default:
                    return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }
    }
}
