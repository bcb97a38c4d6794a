using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Records
{
    /// <summary>
    /// Runs a COQL query (<c>POST /coql</c>). With paging, LIMIT/OFFSET are managed here: 2,000 rows a call (the v7+
    /// maximum; if Zoho answers LIMIT_EXCEEDED with a lower limit, that limit is used instead), ordered by id unless the
    /// query orders itself, up to the 100,000-row OFFSET window.
    /// </summary>
    public sealed class CoqlQuery : IRecordPageSource
    {
        public const int DefaultPageSize = 2000;
        public const int OffsetWindow = 100_000;

        private static readonly Regex TrailingLimit = new Regex(@"\s+limit\s+\d+(\s*,\s*\d+)?(\s+offset\s+\d+)?\s*;?\s*$|\s+offset\s+\d+\s*;?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex FromModule = new Regex(@"\bfrom\s+([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex OrderOrGroup = new Regex(@"\b(order|group)\s+by\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private readonly ZohoApiClient _api;
        private readonly string _query;
        private readonly bool _page;
        private readonly FieldTypeMap _types;
        private readonly string _module;
        private int _pageSize;
        private int _offset;
        private bool _done;

        /// <param name="module">The queried module's API name as Zoho spells it (records are tagged with it); null to read it from FROM.</param>
        public CoqlQuery(ZohoApiClient api, string query, bool page, FieldTypeMap types, string? module = null, int pageSize = DefaultPageSize)
        {
            _api = api;
            _module = module ?? ModuleOf(query) ?? "COQL";
            _types = types;
            _page = page;
            _pageSize = pageSize;
            var text = query.Trim().TrimEnd(';').Trim();
            if (page)
            {
                if (TrailingLimit.IsMatch(" " + text))
                    throw new ZcrmUsageException("ZcrmQueryHasLimit", "The query has its own LIMIT or OFFSET, but reading every page sets LIMIT and OFFSET itself.", Remedy.RemoveQueryLimit);
                // OFFSET paging is only stable over a fixed order.
                if (!OrderOrGroup.IsMatch(text)) text += " order by id asc";
            }
            _query = text;
        }

        /// <summary>The module named in FROM, for typing values; null when the query cannot be read that far.</summary>
        public static string? ModuleOf(string query)
        {
            var match = FromModule.Match(query);
            return match.Success ? match.Groups[1].Value : null;
        }

        public bool MoreRecordsLeft { get; private set; }

        /// <summary>Whether the query ends with its own LIMIT or OFFSET.</summary>
        public static bool HasOwnLimit(string query) => TrailingLimit.IsMatch(" " + query.Trim());

        /// <summary>More rows matched than the OFFSET window reaches.</summary>
        public bool StoppedAtWindow { get; private set; }

        public int CallsMade { get; private set; }

        public int PagesRead => CallsMade;

        public long RecordsReturned { get; private set; }

        public async Task<RecordPage?> NextAsync(IZcrmLog log, CancellationToken ct)
        {
            if (_done) return null;
            while (true)
            {
                var text = _page ? $"{_query} limit {_pageSize} offset {_offset}" : _query;
                var request = new ApiRequest(HttpMethod.Post, "coql")
                {
                    JsonBody = new JObject { ["select_query"] = text },
                    IsIdempotent = true, // a read: safe to send again
                    Credits = CreditEstimator.CoqlCredits(text),
                };
                RecordPage page;
                try
                {
                    page = await _api.SendAsync(request, async (response, token) =>
                    {
                        if (!response.HasBody) return new RecordPage(Array.Empty<ZohoRecord>(), new PageInfo(), CallsMade + 1, response.StatusCode);
                        using var body = await response.OpenStreamAsync().ConfigureAwait(false);
                        var buffer = new MemoryStream();
                        await body.CopyToAsync(buffer, 81920, token).ConfigureAwait(false);
                        buffer.Position = 0;
                        var (records, info) = RecordJsonReader.ReadPage(buffer, _module, _types);
                        return new RecordPage(records, info, CallsMade + 1, response.StatusCode);
                    }, log, ct).ConfigureAwait(false);
                }
                catch (ZohoApiException ex) when (_page && ex.Code == "LIMIT_EXCEEDED" && LowerLimit(ex) is int lower && lower < _pageSize)
                {
                    log.Verbose($"Zoho allows at most {lower} rows per COQL call; paging with that.");
                    _pageSize = lower;
                    continue;
                }
                CallsMade++;
                RecordsReturned += page.Records.Count;
                MoreRecordsLeft = page.Info.MoreRecords;
                if (!_page || !page.Info.MoreRecords || page.Records.Count == 0)
                {
                    _done = true;
                    return page;
                }
                _offset += page.Records.Count;
                if (_offset + _pageSize > OffsetWindow)
                {
                    _pageSize = OffsetWindow - _offset;
                    if (_pageSize <= 0)
                    {
                        StoppedAtWindow = true;
                        _done = true;
                    }
                }
                return page;
            }
        }

        private static int? LowerLimit(ZohoApiException ex)
            => ex.Details.TryGetValue("limit", out var limit) && limit != null && int.TryParse(Convert.ToString(limit, CultureInfo.InvariantCulture), out var value) && value > 0 ? value : (int?)null;
    }
}
