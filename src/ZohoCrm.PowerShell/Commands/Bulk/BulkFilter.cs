using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Errors;
using ZohoCrm.PowerShell.Input;

namespace ZohoCrm.PowerShell.Commands.Bulk
{
    /// <summary>Reads -Criteria (a hashtable or JSON text) into Zoho's bulk read criteria object (-Filter goes through <see cref="FilterParameter"/>).</summary>
    internal static class BulkFilter
    {
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
