using System;
using System.Collections.Generic;

namespace ZohoCrm.Core.Records
{
    /// <summary>A records read, in API terms (fact sheet §3.2).</summary>
    public sealed class RecordQuery
    {
        public const int MaxPageSize = 200;

        /// <summary>Rows reachable with page/per_page alone; beyond this Zoho requires page_token (v3+).</summary>
        public const int DiscretePagingLimit = 2000;

        /// <summary>Zoho serves <paramref name="page"/> by number only while page × per_page stays within <see cref="DiscretePagingLimit"/>.</summary>
        public static bool ServesPageNumber(long page, int pageSize) => page * pageSize <= DiscretePagingLimit;

        public const int MaxFieldsPerCall = 50;

        public RecordQuery(string module) { Module = module; }

        public string Module { get; }

        /// <summary>Field API names to return; null lets the module choose (all listable fields, up to 50).</summary>
        public IReadOnlyList<string>? Fields { get; set; }

        public string? SortBy { get; set; }
        public string? SortOrder { get; set; }
        public string? CustomViewId { get; set; }
        public DateTimeOffset? ModifiedSince { get; set; }
        public string? Converted { get; set; }
        public string? Approved { get; set; }

        public PagingOptions Paging { get; set; } = new PagingOptions();
    }
}
