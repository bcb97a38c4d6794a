using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Errors;
using ZohoCrm.PowerShell.Infrastructure;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>Reads -Filter hashtables into bulk read conditions, and -Criteria (a hashtable or JSON text) into Zoho's criteria object.</summary>
    internal static class BulkFilter
    {
        /// <summary>
        /// Field = value (equal), field = array (in), field = @{ operator = value } (several operators on one field
        /// make several conditions), field = a lookup (@{ id = … } or a record's Owner: equal to that id).
        /// </summary>
        public static List<BulkCondition> Conditions(IDictionary filter)
        {
            var conditions = new List<BulkCondition>();
            foreach (DictionaryEntry entry in filter)
            {
                var field = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)?.Trim() ?? string.Empty;
                if (field.Length == 0) throw new ZcrmUsageException("ZcrmInvalidFilter", "A -Filter key is empty; keys are field API names.");
                var value = InputValues.Plain(entry.Value);
                if (value is IDictionary lookup && lookup.Contains("id") && !lookup.Keys.Cast<object>().Any(k => BulkCriteria.IsComparator(Convert.ToString(k, CultureInfo.InvariantCulture))))
                {
                    conditions.Add(new BulkCondition(field, "equal", new[] { lookup["id"] }));
                }
                else if (value is IDictionary operators)
                {
                    foreach (DictionaryEntry op in operators)
                        conditions.Add(new BulkCondition(field, BulkCriteria.NormalizeComparator(Convert.ToString(op.Key, CultureInfo.InvariantCulture) ?? string.Empty), Values(InputValues.Plain(op.Value))));
                }
                else if (value is object?[] many)
                {
                    conditions.Add(new BulkCondition(field, "in", many));
                }
                else
                {
                    conditions.Add(new BulkCondition(field, "equal", new[] { value }));
                }
            }
            return conditions;
        }

        private static IReadOnlyList<object?> Values(object? value) => value is object?[] many ? many : new[] { value };

        /// <summary>-Criteria as given: JSON text, or a hashtable in Zoho's shape (nested hashtables and arrays).</summary>
        public static JObject Raw(object criteria)
        {
            var plain = InputValues.Plain(criteria);
            JToken token;
            if (plain is string text)
            {
                try { token = JToken.Parse(text); }
                catch (JsonReaderException ex) { throw new ZcrmUsageException("ZcrmInvalidCriteria", "-Criteria is not valid JSON: " + ex.Message, "Pass Zoho's criteria object as JSON text or as a hashtable."); }
            }
            else
            {
                token = ToJson(plain);
            }
            if (!(token is JObject node) || (node["group"] == null && node["comparator"] == null))
                throw new ZcrmUsageException("ZcrmInvalidCriteria", "-Criteria must be a condition (field, comparator, value) or a group (group_operator, group).",
                    "For example @{ field = @{ api_name = 'Lead_Source' }; comparator = 'equal'; value = 'Web' }, or use -Filter.");
            var count = BulkCriteria.CountConditions(node);
            if (count > BulkCriteria.MaxConditions)
                throw new ZcrmUsageException("ZcrmTooManyConditions", $"The criteria has {count} conditions; Zoho's bulk read takes at most {BulkCriteria.MaxConditions}.");
            return node;
        }

        private static JToken ToJson(object? value)
        {
            switch (value)
            {
                case null:
                    return JValue.CreateNull();
                case IDictionary dictionary:
                    var obj = new JObject();
                    foreach (DictionaryEntry entry in dictionary) obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToJson(entry.Value);
                    return obj;
                case object?[] array:
                    return new JArray(array.Select(ToJson).ToArray());
                default:
                    return BulkCriteria.ToJson(value, Core.Metadata.FieldValueKind.Other);
            }
        }
    }
}
