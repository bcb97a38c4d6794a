using System;
using System.Collections.Generic;

namespace ZohoCrm.Core.Records
{
    /// <summary>A record as read from Zoho: its module and its fields in the order Zoho sent them, with typed values.</summary>
    public sealed class ZohoRecord
    {
        public ZohoRecord(string module, List<KeyValuePair<string, object?>> fields)
        {
            Module = module;
            Fields = fields;
        }

        public string Module { get; }

        /// <summary>
        /// Values are string, long, double, decimal, bool, DateTimeOffset (datetime), DateTime (date), null,
        /// <see cref="ZohoObject"/> (lookups and other JSON objects) or object?[] (arrays).
        /// </summary>
        public List<KeyValuePair<string, object?>> Fields { get; }

        public string? Id
        {
            get
            {
                foreach (var pair in Fields)
                    if (pair.Key == "id") return pair.Value as string ?? Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture);
                return null;
            }
        }
    }

    /// <summary>A nested JSON object, such as a lookup <c>{"name","id"}</c>.</summary>
    public sealed class ZohoObject
    {
        public ZohoObject(List<KeyValuePair<string, object?>> properties) { Properties = properties; }

        public List<KeyValuePair<string, object?>> Properties { get; }
    }

    /// <summary>The <c>info</c> block of a list answer (fact sheet §2.1).</summary>
    public sealed class PageInfo
    {
        public int? PerPage { get; set; }
        public int? Count { get; set; }
        public int? Page { get; set; }
        public bool MoreRecords { get; set; }
        public string? SortBy { get; set; }
        public string? SortOrder { get; set; }
        public string? NextPageToken { get; set; }
        public string? PreviousPageToken { get; set; }
        public string? PageTokenExpiry { get; set; }
    }

    public sealed class RecordPage
    {
        public RecordPage(IReadOnlyList<ZohoRecord> records, PageInfo info, int pageNumber, int httpStatus)
        {
            Records = records;
            Info = info;
            PageNumber = pageNumber;
            HttpStatus = httpStatus;
        }

        public IReadOnlyList<ZohoRecord> Records { get; internal set; }
        public PageInfo Info { get; }

        /// <summary>1-based position of this page in the whole listing.</summary>
        public int PageNumber { get; }

        public int HttpStatus { get; }
    }
}
