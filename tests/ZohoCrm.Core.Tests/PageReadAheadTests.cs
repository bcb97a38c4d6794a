using System.Text;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Records;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>
/// The records pager asks for the next page while it parses the current one, when the answer's info (at the end of the
/// body) says there is one and the caller wants it; the requests are the ones it would send anyway.
/// </summary>
public class PageReadAheadTests
{
    private static MemoryStream Body(string json)
    {
        var stream = new MemoryStream();
        var bytes = Encoding.UTF8.GetBytes(json);
        stream.Write(bytes, 0, bytes.Length);
        stream.Position = 0;
        return stream;
    }

    [Theory]
    [InlineData("{\"data\":[{\"id\":\"1\",\"info\":\"x\"}],\"info\":{\"per_page\":200,\"next_page_token\":\"abc\",\"count\":200,\"more_records\":true}}", true, "abc", 200)]
    [InlineData("{\"data\":[],\n \"info\" : {\"count\":7,\"more_records\":false,\"next_page_token\":null} }\n", false, null, 7)]
    public void Info_is_read_from_the_end_of_a_body(string json, bool more, string? token, int count)
    {
        Assert.True(PageInfoAtEnd.TryRead(Body(json), out var moreRecords, out var nextPageToken, out var rows));
        Assert.Equal(more, moreRecords);
        Assert.Equal(token, nextPageToken);
        Assert.Equal(count, rows);
    }

    [Theory]
    [InlineData("{\"info\":{\"count\":200,\"more_records\":true},\"data\":[{\"id\":\"1\"}]}")] // info first
    [InlineData("{\"data\":[],\"info\":{\"count\":200,\"more_records\":true},\"x\":{}}")] // a member after info
    [InlineData("{\"data\":[{\"id\":\"1\",\"sub\":{\"info\":{\"count\":1,\"more_records\":true}}}]}")] // an "info" inside a record
    [InlineData("{\"data\":[],\"info\":{\"count\":\"200\",\"more_records\":true}}")] // count not a number
    [InlineData("{\"data\":[],\"info\":{\"count\":200}}")] // no more_records
    [InlineData("{\"data\":[],\"info\":{\"count\":200,\"more_records\":tru}}")] // not JSON
    [InlineData("")]
    public void A_body_whose_end_is_not_the_info_object_says_it_cannot_tell(string json)
    {
        Assert.False(PageInfoAtEnd.TryRead(Body(json), out _, out _, out _));
    }

    [Fact]
    public async Task The_next_page_is_asked_for_before_the_caller_asks_and_no_page_past_what_it_wants()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 700 });
        using var connection = await EmulatorConnections.ConnectAsync(emulator);
        var fields = await connection.Records.ResolveFieldsAsync("Leads", new[] { "Last_Name" }, NullLog.Instance, CancellationToken.None);
        int ListCalls() => emulator.Requests.Snapshot().Count(r => r.Path == "/crm/v8/Leads");

        emulator.Requests.Clear();
        var all = connection.Records.CreatePager(new RecordQuery("Leads") { Fields = new[] { "Last_Name" }, Paging = new PagingOptions { All = true } }, fields);
        Assert.NotNull(await all.NextAsync(NullLog.Instance, CancellationToken.None));
        // Page 2 arrives at the emulator without a second NextAsync.
        for (var wait = 0; wait < 100 && ListCalls() < 2; wait++) await Task.Delay(50);
        Assert.Equal(2, ListCalls());
        var pages = 1;
        while (await all.NextAsync(NullLog.Instance, CancellationToken.None) is RecordPage) pages++;
        Assert.Equal(pages, ListCalls());

        // -First 200: one page is all the caller wants, so no second page is asked for.
        emulator.Requests.Clear();
        var first = connection.Records.CreatePager(new RecordQuery("Leads") { Fields = new[] { "Last_Name" }, Paging = new PagingOptions { First = 200 } }, fields);
        Assert.Equal(200, (await first.NextAsync(NullLog.Instance, CancellationToken.None))!.Records.Count);
        Assert.Null(await first.NextAsync(NullLog.Instance, CancellationToken.None));
        await Task.Delay(300);
        Assert.Equal(1, ListCalls());
    }
}
