using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Http
{
    /// <summary>What Zoho charges for a call, by the fact sheet's table (§8.1), for calls made through the generic cmdlet.</summary>
    public static class CreditEstimator
    {
        private static readonly Regex CoqlLimit = new Regex(@"\blimit\s+(\d+)(?:\s*,\s*(\d+))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static int Estimate(ApiRequest request)
        {
            var path = request.Path.Trim('/');
            var segments = path.Split('/');
            var last = segments[segments.Length - 1];
            var method = request.Method.Method;

            if (path.IndexOf("bulk/", StringComparison.OrdinalIgnoreCase) >= 0 && method == "POST")
                return path.EndsWith("write", StringComparison.OrdinalIgnoreCase) ? 500 : 50;
            if (last == "coql" && method == "POST") return CoqlCredits((string?)request.JsonBody?["select_query"]);
            if (last == "convert" && method == "POST") return 5;
            if (last == "deleted" && method == "GET") return 2;
            if (method == "GET" && request.GetQuery("cvid") != null) return 3;

            var isRecordWrite = (method == "POST" || method == "PUT") && (segments.Length == 1 || last == "upsert" || (segments.Length == 2 && method == "PUT"));
            if (isRecordWrite && request.JsonBody?["data"] is JArray data)
                return Math.Max(1, (data.Count + 9) / 10);
            return 1;
        }

        /// <summary>COQL costs 1, 2 or 3 credits for a LIMIT up to 200, 1,000 or 2,000 (default LIMIT 200).</summary>
        public static int CoqlCredits(string? query)
        {
            if (string.IsNullOrEmpty(query)) return 1;
            var match = CoqlLimit.Matches(query).Cast<Match>().LastOrDefault();
            if (match == null) return 1;
            var limit = int.Parse(match.Groups[2].Success ? match.Groups[2].Value : match.Groups[1].Value, CultureInfo.InvariantCulture);
            return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
        }
    }
}
