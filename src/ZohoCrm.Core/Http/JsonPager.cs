using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Http
{
    /// <summary>
    /// Pages any list endpoint by its <c>info</c> block, for Invoke-ZcrmRestMethod -All: <c>page</c> numbers while
    /// within 2,000 rows, then <c>next_page_token</c>. Each page's JSON is returned whole (≤ 200 items).
    /// </summary>
    public sealed class JsonPager
    {
        private readonly ZohoApiClient _api;
        private readonly Func<ApiRequest> _template;
        private int _page;
        private string? _pageToken;
        private bool _done;

        /// <param name="template">Builds the request without paging parameters; called once per page.</param>
        public JsonPager(ZohoApiClient api, Func<ApiRequest> template, int firstPage)
        {
            _api = api;
            _template = template;
            _page = Math.Max(1, firstPage);
        }

        public async Task<JToken?> NextAsync(IZcrmLog log, CancellationToken ct)
        {
            if (_done) return null;
            var request = _template();
            request.Query.RemoveAll(kv => kv.Key == "page" || kv.Key == "page_token");
            if (_pageToken != null) request.AddQuery("page_token", _pageToken);
            else request.AddQuery("page", _page.ToString(CultureInfo.InvariantCulture));

            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            var info = body?["info"] as JObject;
            var more = (bool?)info?["more_records"] ?? false;
            if (body == null || !more)
            {
                _done = true;
                return body;
            }

            var perPage = (int?)info!["per_page"] ?? int.Parse(request.GetQuery("per_page") ?? "200", CultureInfo.InvariantCulture);
            _page++;
            if (_pageToken != null || (long)_page * perPage > RecordQuery.DiscretePagingLimit)
            {
                var token = (string?)info["next_page_token"];
                if (string.IsNullOrEmpty(token))
                {
                    log.Warning($"More results exist, but the answer carries no next_page_token to reach past {RecordQuery.DiscretePagingLimit} rows; stopping here.");
                    _done = true;
                    return body;
                }
                _pageToken = token;
            }
            return body;
        }

        /// <summary>The array of items in a page: <c>data</c>, or the first array-valued property (users, modules, watch…).</summary>
        public static JArray? ItemsOf(JToken? page)
        {
            if (page is not JObject obj) return page as JArray;
            if (obj["data"] is JArray data) return data;
            return obj.Properties().Select(p => p.Value).OfType<JArray>().FirstOrDefault();
        }
    }
}
