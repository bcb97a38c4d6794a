using System;
using System.Globalization;

namespace ZohoCrm.Core.Records
{
    /// <summary>A pager that can say where reading would continue: the next page number, or Zoho's page token past 2,000 records.</summary>
    public interface IResumablePageSource : IRecordPageSource
    {
        /// <summary>The page number the next read asks for (page-number paging only).</summary>
        int NextPage { get; }

        /// <summary>The page token the next read sends, once paging is past 2,000 records; null before.</summary>
        string? NextPageToken { get; }

        int PageSize { get; }
    }

    /// <summary>
    /// Reading page after page stopped part-way (retries exhausted, connection lost): how many records had already been
    /// handed on, and where reading would continue. The cause is <see cref="Exception.InnerException"/>.
    /// </summary>
    public sealed class PagingInterruptedException : Exception
    {
        public PagingInterruptedException(Exception cause, long recordsDelivered, int pagesRead, IRecordPageSource source)
            : base(Compose(cause, recordsDelivered, pagesRead), cause)
        {
            RecordsDelivered = recordsDelivered;
            PagesRead = pagesRead;
            if (source is IResumablePageSource resumable)
            {
                NextPageToken = resumable.NextPageToken;
                NextPage = resumable.NextPageToken == null ? resumable.NextPage : (int?)null;
                PageSize = resumable.PageSize;
            }
        }

        public long RecordsDelivered { get; }

        public int PagesRead { get; }

        /// <summary>The page number to continue from, while within page-number paging.</summary>
        public int? NextPage { get; }

        public string? NextPageToken { get; }

        public int? PageSize { get; }

        private static string Compose(Exception cause, long delivered, int pages)
            => string.Format(CultureInfo.InvariantCulture, "{0} Reading stopped after {1} record{2} ({3} page{4}) had already been returned; those stay returned.",
                cause.Message.TrimEnd(), delivered, delivered == 1 ? "" : "s", pages, pages == 1 ? "" : "s");
    }
}
