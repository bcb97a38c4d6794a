using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Filters;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>
    /// Renders filter conditions as bulk read criteria (<c>{"group_operator","group":[{"field":{"api_name"},"comparator","value"}]}</c>,
    /// fact sheet §6.1) and refuses what Zoho refuses before a job is spent on it: more than 25 conditions, more than
    /// 20 values for in/not_in, comparators the field's type does not take, and fields that cannot be filtered on
    /// (multi-line text, subforms, files).
    /// </summary>
    public static class BulkCriteria
    {
        public const int MaxConditions = 25;
        public const int MaxInValues = 20;

        private static readonly string[] TextComparators = { "equal", "not_equal", "in", "not_in", "contains", "not_contains", "starts_with", "ends_with" };
        private static readonly string[] ChoiceComparators = { "equal", "not_equal", "in", "not_in" };
        private static readonly string[] OrderedComparators = { "equal", "not_equal", "in", "not_in", "less_than", "less_equal", "greater_than", "greater_equal", "between", "not_between" };
        private static readonly string[] BooleanComparators = { "equal", "not_equal" };

        /// <summary>Field types bulk read cannot filter on.</summary>
        private static readonly HashSet<string> Unfilterable = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "textarea", "subform", "fileupload", "imageupload", "multiselectlookup", "multi_module_lookup", "profileimage",
        };

        /// <summary>The comparators a field type takes, or null when the type cannot be filtered on at all.</summary>
        public static IReadOnlyList<string>? ComparatorsFor(string dataType)
        {
            if (Unfilterable.Contains(dataType)) return null;
            switch (dataType)
            {
                case "lookup":
                case "ownerlookup":
                case "userlookup":
                case "picklist":
                case "multiselectpicklist":
                    return ChoiceComparators;
                case "integer":
                case "bigint":
                case "long":
                case "double":
                case "percent":
                case "currency":
                case "decimal":
                case "date":
                case "datetime":
                    return OrderedComparators;
                case "boolean":
                    return BooleanComparators;
                case "text":
                case "email":
                case "phone":
                case "website":
                case "autonumber":
                    return TextComparators;
                default:
                    return FilterOperators.All;
            }
        }

        /// <summary>Counts and value lists only: what can be checked before the field list is known (no call at all).</summary>
        public static void CheckShape(IReadOnlyList<FieldCondition> conditions)
        {
            if (conditions.Count == 0) throw new ZcrmUsageException("ZcrmEmptyFilter", "The filter has no conditions.");
            if (conditions.Count > MaxConditions)
                throw new ZcrmUsageException("ZcrmTooManyConditions", $"The filter has {conditions.Count} conditions; Zoho's bulk read takes at most {MaxConditions}.",
                    Remedy.FilterAfterExport);
            foreach (var c in conditions)
            {
                switch (c.Operator)
                {
                    case "in":
                    case "not_in":
                        if (c.Values.Count == 0) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{c.Field}: '{c.Operator}' needs at least one value.");
                        if (c.Values.Count > MaxInValues)
                            throw new ZcrmUsageException("ZcrmTooManyValues", $"{c.Field}: '{c.Operator}' has {c.Values.Count} values; Zoho's bulk read takes at most {MaxInValues}.",
                                $"Split the values over several exports, or use fewer than {MaxInValues + 1}.");
                        break;
                    case "between":
                    case "not_between":
                        if (c.Values.Count != 2) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{c.Field}: '{c.Operator}' needs exactly two values, the lower and the upper bound.");
                        break;
                    default:
                        if (c.Values.Count != 1) throw new ZcrmUsageException("ZcrmInvalidFilter", $"{c.Field}: '{c.Operator}' takes one value; use 'in' for several.");
                        break;
                }
            }
        }

        /// <summary>
        /// The criteria object: one condition alone, or a group joined by and (or, with <paramref name="any"/>, or).
        /// <paramref name="fieldOf"/> gives the field's metadata (null when unknown: type checks are then skipped).
        /// </summary>
        public static JObject Build(IReadOnlyList<FieldCondition> conditions, bool any, Func<string, ZohoField?> fieldOf)
        {
            CheckShape(conditions);
            var nodes = new List<JObject>();
            foreach (var c in conditions)
            {
                var field = fieldOf(c.Field);
                if (field != null)
                {
                    var allowed = ComparatorsFor(field.DataType);
                    if (allowed == null)
                        throw new ZcrmUsageException("ZcrmFieldNotFilterable", $"{field.ApiName} is a {field.DataType} field, which Zoho's bulk read cannot filter on.",
                            Remedy.FilterAfterExport);
                    if (!allowed.Contains(c.Operator))
                        throw new ZcrmUsageException("ZcrmInvalidOperator", $"{field.ApiName} is a {field.DataType} field; bulk read compares it only with {string.Join(", ", allowed)}.");
                }
                var kind = field?.Kind ?? FieldValueKind.Other;
                JToken value = c.Operator == "in" || c.Operator == "not_in" || c.Operator == "between" || c.Operator == "not_between"
                    ? new JArray(c.Values.Select(v => ToJson(v, kind)).ToArray())
                    : ToJson(c.Values[0], kind);
                nodes.Add(new JObject
                {
                    ["field"] = new JObject { ["api_name"] = field?.ApiName ?? c.Field },
                    ["comparator"] = c.Operator,
                    ["value"] = value,
                });
            }
            if (nodes.Count == 1) return nodes[0];
            return new JObject { ["group_operator"] = any ? "or" : "and", ["group"] = new JArray(nodes.Cast<object>().ToArray()) };
        }

        /// <summary>Conditions in a criteria object written by hand (groups nest), for the 25-condition check.</summary>
        public static int CountConditions(JToken? criteria)
        {
            if (criteria is not JObject node) return 0;
            if (node["group"] is JArray group) return group.Sum(CountConditions);
            return node["comparator"] != null ? 1 : 0;
        }

        /// <summary>A filter value as JSON: dates and datetimes in Zoho's forms (by the field's kind), lookups by id, numbers and booleans as such.</summary>
        public static JToken ToJson(object? value, FieldValueKind kind)
        {
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case bool flag:
                    return new JValue(flag);
                case byte _:
                case short _:
                case int _:
                case long _:
                    return new JValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case float _:
                case double _:
                    return new JValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                case decimal money:
                    return new JValue(money);
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
