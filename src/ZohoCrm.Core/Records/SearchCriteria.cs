using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Filters;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Records
{
    /// <summary>
    /// Renders filter conditions as the search API's criteria text, <c>((Field:operator:value)and(…))</c>, safely: in
    /// values, backslash, parentheses and commas are escaped with a backslash as the API requires (the whole text is
    /// URL-encoded later). Search spells the equal operator <c>equals</c>.
    /// </summary>
    public static class SearchCriteria
    {
        public const int MaxConditions = 10;

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

        /// <summary>The criteria text for conditions joined by and (or or); the field kinds format dates and datetimes.</summary>
        public static string Build(IReadOnlyList<FieldCondition> conditions, bool any, Func<string, FieldValueKind> kindOf)
        {
            if (conditions.Count == 0) throw new ZcrmUsageException("ZcrmEmptyFilter", "The filter has no conditions.");
            if (conditions.Count > MaxConditions)
                throw new ZcrmUsageException("ZcrmTooManyConditions", $"The filter has {conditions.Count} conditions; Zoho's search takes at most {MaxConditions}.", Remedy.UseQueryLanguage);
            var parts = conditions.Select(c => "(" + c.Field + ":" + OperatorName(c.Operator) + ":" + FormatValues(c, kindOf(c.Field)) + ")").ToList();
            return parts.Count == 1 ? parts[0] : "(" + string.Join(any ? "or" : "and", parts) + ")";
        }

        /// <summary>The search API's name of a canonical operator.</summary>
        public static string OperatorName(string @operator) => @operator == "equal" ? "equals" : @operator;

        private static string FormatValues(FieldCondition condition, FieldValueKind kind)
        {
            var values = condition.Values;
            switch (condition.Operator)
            {
                case "in":
                case "not_in":
                    if (values.Count == 0) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{condition.Field}: '{OperatorName(condition.Operator)}' needs at least one value.");
                    break;
                case "between":
                case "not_between":
                    if (values.Count != 2) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{condition.Field}: '{OperatorName(condition.Operator)}' needs exactly two values, the lower and the upper bound.");
                    break;
                default:
                    if (values.Count != 1) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{condition.Field}: '{OperatorName(condition.Operator)}' takes one value; use 'in' for several.");
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
