using Xunit;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Records;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.Module.Tests;

/// <summary>
/// What an interrupted -All tells the user to run next: a page number only while Zoho still serves it
/// (page x per_page within 2,000 records); past that, that a rerun starts over and how to read less.
/// </summary>
public sealed class InterruptedPagingAdviceTests
{
    private sealed class StoppedPager : IResumablePageSource
    {
        public StoppedPager(int nextPage, string? nextPageToken, int pageSize)
        {
            NextPage = nextPage;
            NextPageToken = nextPageToken;
            PageSize = pageSize;
        }

        public int NextPage { get; }
        public string? NextPageToken { get; }
        public int PageSize { get; }
        public int PagesRead => NextPage - 1;
        public long RecordsReturned => (long)PagesRead * PageSize;
        public Task<RecordPage?> NextAsync(IZcrmLog log, CancellationToken ct) => Task.FromResult<RecordPage?>(null);
    }

    private static string AdviceFor(StoppedPager pager)
    {
        var cause = new ZohoApiException(500, "INTERNAL_ERROR", "Zoho failed.", null);
        var interrupted = new PagingInterruptedException(cause, pager.RecordsReturned, pager.PagesRead, pager);
        return ErrorRecords.From(interrupted, "Leads").ErrorDetails.RecommendedAction;
    }

    [Theory]
    [InlineData(3, 200, "-Page 3 -PageSize 200")]
    [InlineData(10, 200, "-Page 10 -PageSize 200")]
    [InlineData(13, 150, "-Page 13 -PageSize 150")]
    public void A_page_Zoho_still_serves_is_given_as_the_place_to_continue(int nextPage, int pageSize, string expected)
    {
        var advice = AdviceFor(new StoppedPager(nextPage, null, pageSize));
        Assert.Contains(expected, advice);
        Assert.Contains($"{(nextPage - 1) * pageSize} records were already written", advice);
    }

    [Theory]
    [InlineData(11, 200)]
    [InlineData(14, 150)]
    public void Past_two_thousand_records_without_a_token_no_page_number_is_advised(int nextPage, int pageSize)
    {
        var advice = AdviceFor(new StoppedPager(nextPage, null, pageSize));
        Assert.DoesNotContain("-Page ", advice);
        Assert.Contains("Past 2,000 records Zoho pages only by page token, so a rerun starts from the first record", advice);
        Assert.Contains("-ModifiedSince", advice);
    }

    [Fact]
    public void With_a_token_the_advice_names_it()
    {
        var advice = AdviceFor(new StoppedPager(12, "tok123", 200));
        Assert.DoesNotContain("-Page ", advice);
        Assert.Contains("(the next one was tok123)", advice);
    }
}
