using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Metadata;

namespace ZohoCrm.Core.Records
{
    /// <summary>How far and how fast to page.</summary>
    public sealed class PagingOptions
    {
        public int PageSize { get; set; } = RecordQuery.MaxPageSize;

        /// <summary>First page to read (1-based).</summary>
        public int Page { get; set; } = 1;

        /// <summary>Keep reading pages until the end.</summary>
        public bool All { get; set; }

        /// <summary>Stop after this many records, fetching no page that is not needed.</summary>
        public long? First { get; set; }

        /// <summary>Whether the endpoint continues past 2,000 rows with page_token (records list) or stops there (search).</summary>
        public bool UsePageTokens { get; set; } = true;
    }

    /// <summary>Anything that reads records a page at a time: the list, search, deleted and COQL endpoints.</summary>
    public interface IRecordPageSource
    {
        Task<RecordPage?> NextAsync(IZcrmLog log, CancellationToken ct);

        int PagesRead { get; }

        long RecordsReturned { get; }
    }

    /// <summary>
    /// Reads records page by page: <c>page</c>/<c>per_page</c> while page × per_page stays within 2,000 rows, then the
    /// <c>next_page_token</c> of the previous answer, as the v3+ API requires (or, for search, stops at 2,000 and says
    /// so). One page per <see cref="NextAsync"/>, so callers stream and memory stays flat.
    /// </summary>
    public sealed class RecordPager : IResumablePageSource
    {
        private readonly ZohoApiClient _api;
        private readonly string _module;
        private readonly Func<ApiRequest> _template;
        private readonly FieldTypeMap _types;
        private readonly PagingOptions _paging;
        private readonly int _perPage;
        private readonly string _arrayProperty;
        private readonly PageCursor _cursor;
        private long _returned;
        private PageAhead? _ahead;

        /// <param name="template">Builds the request without per_page, page or page_token; called once per page.</param>
        /// <param name="arrayProperty">The key of the answer's array: <c>data</c> for records, <c>users</c> for users.</param>
        public RecordPager(ZohoApiClient api, string module, Func<ApiRequest> template, FieldTypeMap types, PagingOptions paging, string arrayProperty = "data")
        {
            if (paging.PageSize < 1 || paging.PageSize > RecordQuery.MaxPageSize)
                throw new ArgumentOutOfRangeException(nameof(paging), "PageSize must be between 1 and 200.");
            _api = api;
            _module = module;
            _template = template;
            _arrayProperty = arrayProperty;
            _types = types;
            _paging = paging;
            _perPage = paging.First.HasValue ? (int)Math.Min(paging.PageSize, Math.Max(1, paging.First.Value)) : paging.PageSize;
            _cursor = new PageCursor(paging.Page, paging.UsePageTokens);
            if (paging.First.HasValue && paging.First.Value <= 0) _cursor.Finish();
        }

        public int PageSize => _perPage;

        /// <summary>The last page was read: <see cref="NextAsync"/> returns null without a call.</summary>
        public bool IsDone => _cursor.IsDone;

        public int NextPage => _cursor.Page;

        public string? NextPageToken => _cursor.PageToken;

        public long RecordsReturned => _returned;

        public int PagesRead { get; private set; }

        /// <summary>More records exist than the endpoint serves (search stops at 2,000).</summary>
        public bool StoppedAtLimit => _cursor.StoppedAtLimit;

        public async Task<RecordPage?> NextAsync(IZcrmLog log, CancellationToken ct)
        {
            if (_cursor.IsDone) return null;
            var request = NewRequest(_cursor);
            var pageNumber = _cursor.Page;
            var fetch = _ahead != null && _ahead.Page == _cursor.Page && _ahead.Token == _cursor.PageToken ? _ahead.Body : FetchAsync(request, log, ct);
            _ahead = null;
            var (body, status) = await fetch.ConfigureAwait(false);
            PagesRead++;

            var records = (IReadOnlyList<ZohoRecord>)Array.Empty<ZohoRecord>();
            var info = new PageInfo();
            if (body != null)
            {
                SendAhead(body, status, request, log, ct);
                (records, info) = RecordJsonReader.ReadPage(body, _module, _types, _arrayProperty);
            }
            var page = new RecordPage(records, info, pageNumber, status);

            if (_paging.First.HasValue && _returned + records.Count > _paging.First.Value)
                page.Records = records = records.Take((int)(_paging.First.Value - _returned)).ToArray();
            _returned += records.Count;

            var wantMore = _paging.All || (_paging.First.HasValue && _returned < _paging.First.Value);
            if (!wantMore || page.Records.Count == 0) _cursor.Finish();
            else _cursor.Advance(page.Info.MoreRecords, page.Info.NextPageToken, _perPage, _returned, page.HttpStatus, request.ResolvePath(_api.ApiVersion));
            return page;
        }

        private ApiRequest NewRequest(PageCursor cursor)
        {
            var request = _template();
            request.AddQuery("per_page", _perPage.ToString(CultureInfo.InvariantCulture));
            cursor.ApplyTo(request);
            return request;
        }

        /// <summary>The answer's body, buffered (at most 200 records) so parsing never blocks a thread on the network.</summary>
        private Task<(MemoryStream? Body, int Status)> FetchAsync(ApiRequest request, IZcrmLog log, CancellationToken ct) =>
            _api.SendAsync(request, async (response, token) =>
            {
                if (!response.HasBody) return ((MemoryStream?)null, response.StatusCode);
                using var body = await response.OpenStreamAsync().ConfigureAwait(false);
                var buffer = new MemoryStream();
                await body.CopyToAsync(buffer, 81920, token).ConfigureAwait(false);
                buffer.Position = 0;
                return ((MemoryStream?)buffer, response.StatusCode);
            }, log, ct);

        /// <summary>
        /// Asks for the next page while this one is parsed, when the answer's <c>info</c> (which Zoho writes after the
        /// records) says there is one and the caller wants it: the request it would send after parsing, sent earlier.
        /// When <c>info</c> cannot be read from the end of the body, the next page is asked for after parsing, as before.
        /// </summary>
        private void SendAhead(MemoryStream body, int status, ApiRequest request, IZcrmLog log, CancellationToken ct)
        {
            if (!PageInfoAtEnd.TryRead(body, out var moreRecords, out var nextPageToken, out var count) || !moreRecords || count <= 0) return;
            var returned = _returned + count;
            if (!(_paging.All || (_paging.First.HasValue && returned < _paging.First.Value))) return;
            var cursor = _cursor.Clone();
            cursor.Advance(moreRecords, nextPageToken, _perPage, returned, status, request.ResolvePath(_api.ApiVersion));
            if (cursor.IsDone) return;
            ApiRequest next;
            try { next = NewRequest(cursor); }
            catch (ZohoApiException) { return; } // no way on: reading the next page reports it, as before
            var fetch = FetchAsync(next, log, ct);
            // A page read ahead and then not wanted (the caller stopped) must not leave an unobserved failure behind.
            TaskFaults.Observe(fetch);
            _ahead = new PageAhead(cursor.Page, cursor.PageToken, fetch);
        }

        private sealed class PageAhead
        {
            public PageAhead(int page, string? token, Task<(MemoryStream? Body, int Status)> body)
            {
                Page = page;
                Token = token;
                Body = body;
            }

            public int Page { get; }
            public string? Token { get; }
            public Task<(MemoryStream? Body, int Status)> Body { get; }
        }
    }
}
