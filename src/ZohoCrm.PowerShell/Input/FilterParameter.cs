using System.Collections.Generic;
using System.Collections;
using System.Globalization;
using System.Linq;
using ZohoCrm.Core.Filters;

namespace ZohoCrm.PowerShell.Input
{
    /// <summary>A -Filter hashtable (Search-ZcrmRecord, Start-ZcrmBulkRead) as Core's filter conditions, in the hashtable's order.</summary>
    internal static class FilterParameter
    {
        /// <param name="fields">Resolves the keys to API names; null to resolve them later (see <see cref="FilterConverter.ToConditions"/>).</param>
        public static IReadOnlyList<FieldCondition> ToConditions(IDictionary filter, FieldResolver? fields) =>
            FilterConverter.ToConditions(
                filter.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(System.Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty, InputValues.Plain(e.Value))),
                fields);
    }
}
