using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Bulk
{
    /// <summary>What a bulk read job exports: the body of <c>POST /crm/bulk/v8/read</c> (fact sheet §6.1).</summary>
    public sealed class BulkReadSpec
    {
        public const int MaxFields = 200;

        public BulkReadSpec(string module)
        {
            Module = module;
        }

        public string Module { get; set; }

        /// <summary>Field API names; empty exports every field.</summary>
        public IReadOnlyList<string> Fields { get; set; } = Array.Empty<string>();

        /// <summary>A condition or group in Zoho's criteria shape (see <see cref="BulkCriteria"/>).</summary>
        public JToken? Criteria { get; set; }

        public string? CustomViewId { get; set; }

        /// <summary>1-based page of 200,000 rows; ignored when <see cref="PageToken"/> is set.</summary>
        public int Page { get; set; } = 1;

        /// <summary>A finished job's next_page_token, to export the rows after it (v7+).</summary>
        public string? PageToken { get; set; }

        public string? CallbackUrl { get; set; }

        /// <summary>csv, or ics for Events.</summary>
        public string FileType { get; set; } = "csv";

        public JObject ToJson()
        {
            var query = new JObject { ["module"] = new JObject { ["api_name"] = Module } };
            if (Fields.Count > 0) query["fields"] = new JArray(Fields.Cast<object>().ToArray());
            if (Criteria != null) query["criteria"] = Criteria.DeepClone();
            if (!string.IsNullOrEmpty(CustomViewId)) query["cvid"] = CustomViewId;
            if (!string.IsNullOrEmpty(PageToken)) query["page_token"] = PageToken;
            else query["page"] = Page;

            var body = new JObject();
            if (!string.IsNullOrEmpty(CallbackUrl)) body["callback"] = new JObject { ["url"] = CallbackUrl, ["method"] = "post" };
            body["query"] = query;
            body["file_type"] = FileType;
            return body;
        }

        /// <summary>The same export for the page after <paramref name="finished"/>: its next_page_token when Zoho gave one, else the next page number.</summary>
        public BulkReadSpec NextPage(BulkReadJob finished)
        {
            var next = (BulkReadSpec)MemberwiseClone();
            // The callback belongs to the job the user started; follow-up jobs are polled.
            next.CallbackUrl = null;
            if (!string.IsNullOrEmpty(finished.NextPageToken))
            {
                next.PageToken = finished.NextPageToken;
            }
            else
            {
                next.PageToken = null;
                next.Page = finished.Page + 1;
            }
            return next;
        }

        /// <summary>A job read by id carries its query; rebuild what it was created with.</summary>
        public static BulkReadSpec FromJob(BulkReadJob job)
        {
            if (job.Spec != null) return job.Spec;
            if (string.IsNullOrEmpty(job.Module))
                throw new InvalidOperationException($"Bulk read job {job.Id} does not say which module it exports.");
            return new BulkReadSpec(job.Module!)
            {
                Fields = job.Fields,
                Criteria = job.Criteria,
                CustomViewId = job.CustomViewId,
                Page = job.Page,
                FileType = job.FileType,
            };
        }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} page {1}", Module, PageToken != null ? "after token" : Page.ToString(CultureInfo.InvariantCulture));
    }
}
