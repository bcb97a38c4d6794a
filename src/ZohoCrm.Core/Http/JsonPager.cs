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
    /// Pages any list endpoint by its <c>info</c> block, with the same <see cref="PageCursor"/> as records: <c>page</c>
    /// numbers while within 2,000 rows, then <c>next_page_token</c>. Each page's JSON is returned whole (≤ 200 items).
    /// </summary>
    public sealed class JsonPager
    {
        private readonly ZohoApiClient _api;
        private readonly Func<ApiRequest> _template;
        private readonly PageCursor _cursor;
        private long _rows;

        /// <param name="template">Builds the request without paging parameters; called once per page.</param>
        public JsonPager(ZohoApiClient api, Func<ApiRequest> template, int firstPage)
        {
            _api = api;
            _template = template;
            _cursor = new PageCursor(firstPage);
        }

        public async Task<JToken?> NextAsync(IZcrmLog log, CancellationToken ct)
        {
            if (_cursor.IsDone) return null;
            var request = _template();
            _cursor.ApplyTo(request);

            var body = await _api.SendForJsonAsync(request, log, ct).ConfigureAwait(false);
            if (body == null)
            {
                _cursor.Finish();
                return null;
            }
            var info = body["info"] as JObject;
            var perPage = (int?)info?["per_page"] ?? int.Parse(request.GetQuery("per_page") ?? "200", CultureInfo.InvariantCulture);
            _rows += (int?)info?["count"] ?? ItemsOf(body)?.Count ?? 0;
            _cursor.Advance((bool?)info?["more_records"] ?? false, (string?)info?["next_page_token"], perPage, _rows, 200, request.ResolvePath(_api.ApiVersion));
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
