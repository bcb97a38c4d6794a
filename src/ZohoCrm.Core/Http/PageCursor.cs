using System.Globalization;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Http
{
    /// <summary>
    /// Where the next page of a list is: <c>page</c> numbers while page × per_page stays within the 2,000 rows Zoho
    /// serves that way, then the previous answer's <c>info.next_page_token</c> (the two are never sent together). An
    /// endpoint that stops at 2,000 rows (search) ends there instead, with <see cref="StoppedAtLimit"/>. One cursor for
    /// every paged read: records (<see cref="RecordPager"/>) and raw JSON (<see cref="JsonPager"/>).
    /// </summary>
    /// <remarks>
    /// More rows past 2,000 with no next_page_token in the answer cannot be reached: Zoho answers a page number there
    /// with 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED. So no call is spent on it: the page in hand is still delivered, and
    /// the next read fails with NEXT_PAGE_TOKEN_MISSING rather than the list ending as if it were complete. The same
    /// when a token-paged answer says more records but carries no token.
    /// </remarks>
    public sealed class PageCursor
    {
        private readonly bool _usePageTokens;
        private ZohoApiException? _noWayOn;

        /// <param name="firstPage">The page number to start at (1-based).</param>
        /// <param name="usePageTokens">False for endpoints that serve no rows past 2,000 (search): stop there.</param>
        public PageCursor(int firstPage, bool usePageTokens = true)
        {
            Page = firstPage < 1 ? 1 : firstPage;
            _usePageTokens = usePageTokens;
        }

        /// <summary>The page number the next read asks for (while no token is in use).</summary>
        public int Page { get; private set; }

        /// <summary>The token the next read sends, once past 2,000 rows; null before.</summary>
        public string? PageToken { get; private set; }

        /// <summary>The last page was read.</summary>
        public bool IsDone { get; private set; }

        /// <summary>More rows exist than the endpoint serves (it takes no page tokens).</summary>
        public bool StoppedAtLimit { get; private set; }

        /// <summary>Puts <c>page</c> or <c>page_token</c> into <paramref name="request"/>, replacing either if there.</summary>
        /// <exception cref="ZohoApiException">NEXT_PAGE_TOKEN_MISSING: the previous answer left no way to the rows it said exist.</exception>
        public void ApplyTo(ApiRequest request)
        {
            if (_noWayOn != null) throw _noWayOn;
            request.Query.RemoveAll(kv => kv.Key == "page" || kv.Key == "page_token");
            if (PageToken != null) request.AddQuery("page_token", PageToken);
            else request.AddQuery("page", Page.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>A cursor at the same place, to work out where the page after next is without moving this one.</summary>
        public PageCursor Clone() => (PageCursor)MemberwiseClone();

        /// <summary>Ends the read: the caller has what it wants.</summary>
        public void Finish() => IsDone = true;

        /// <summary>Moves past a page Zoho answered.</summary>
        /// <param name="moreRecords">The answer's <c>info.more_records</c>.</param>
        /// <param name="nextPageToken">The answer's <c>info.next_page_token</c>.</param>
        /// <param name="perPage">Rows per page asked for (or as the answer says).</param>
        /// <param name="rowsRead">Rows read so far, for the error when the way on is missing.</param>
        /// <param name="httpStatus">The answer's status and the request's path, for that error too.</param>
        public void Advance(bool moreRecords, string? nextPageToken, int perPage, long rowsRead, int httpStatus, string path)
        {
            if (IsDone || _noWayOn != null) return;
            if (!moreRecords)
            {
                IsDone = true;
                return;
            }

            Page++;
            if (PageToken == null && RecordQuery.ServesPageNumber(Page, perPage)) return;
            if (PageToken == null && !_usePageTokens)
            {
                StoppedAtLimit = true;
                IsDone = true;
                return;
            }
            if (string.IsNullOrEmpty(nextPageToken))
            {
                _noWayOn = new ZohoApiException(httpStatus, "NEXT_PAGE_TOKEN_MISSING",
                    $"Zoho reported more records after {rowsRead} but sent no next_page_token, which is needed past {RecordQuery.DiscretePagingLimit} records.", null,
                    "GET", path);
                return;
            }
            PageToken = nextPageToken;
        }
    }
}
