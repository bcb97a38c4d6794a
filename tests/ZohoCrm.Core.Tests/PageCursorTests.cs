using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Records;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>One paging cursor for records and raw JSON: page numbers to 2,000 rows, then page tokens.</summary>
public class PageCursorTests
{
    private static List<string> Walk(PageCursor cursor, int perPage, int pages, Func<int, string?> tokenAfter, int totalPages)
    {
        var sent = new List<string>();
        for (var i = 1; i <= pages && !cursor.IsDone; i++)
        {
            var request = new ApiRequest(HttpMethod.Get, "Leads");
            cursor.ApplyTo(request);
            sent.Add(request.GetQuery("page_token") is string token ? "token " + token : "page " + request.GetQuery("page"));
            cursor.Advance(i < totalPages, tokenAfter(i), perPage, (long)i * perPage, 200, "/crm/v8/Leads");
        }
        return sent;
    }

    [Fact]
    public void The_cursor_pages_by_number_to_2000_rows_then_by_the_previous_answers_token()
    {
        var cursor = new PageCursor(1);
        var sent = Walk(cursor, 200, 13, i => "t" + i, totalPages: 13);
        Assert.Equal(Enumerable.Range(1, 10).Select(p => "page " + p).Concat(new[] { "token t10", "token t11", "token t12" }), sent);
        Assert.True(cursor.IsDone);
        Assert.False(cursor.StoppedAtLimit);

        // 150 a page: page 13 ends at 1,950 rows, so page 14 (2,100) already needs the token.
        var smaller = Walk(new PageCursor(1), 150, 15, i => "t" + i, totalPages: 20);
        Assert.Equal("page 13", smaller[12]);
        Assert.Equal("token t13", smaller[13]);
    }

    [Fact]
    public void The_cursor_starts_at_a_given_page_and_ends_with_the_last_one()
    {
        var cursor = new PageCursor(3);
        Assert.Equal(new[] { "page 3", "page 4" }, Walk(cursor, 200, 5, _ => null, totalPages: 2));
        Assert.True(cursor.IsDone);
        Assert.Equal(new[] { "page 1" }, Walk(new PageCursor(0), 200, 5, _ => null, totalPages: 1));
    }

    [Fact]
    public void An_endpoint_without_tokens_stops_at_2000_rows_and_says_so()
    {
        var cursor = new PageCursor(1, usePageTokens: false);
        var sent = Walk(cursor, 200, 20, i => "t" + i, totalPages: 20);
        Assert.Equal(10, sent.Count);
        Assert.True(cursor.StoppedAtLimit);
        Assert.True(cursor.IsDone);
    }

    [Theory]
    [InlineData(10)] // at the switch to tokens
    [InlineData(12)] // while paging by token
    public void More_rows_past_2000_without_a_token_fail_on_the_next_read_instead_of_ending_as_if_complete(int missingAfter)
    {
        var cursor = new PageCursor(1);
        var sent = Walk(cursor, 200, missingAfter, i => i == missingAfter ? null : "t" + i, totalPages: 20);
        Assert.Equal(missingAfter, sent.Count); // the page without a token was read (and is delivered)
        Assert.False(cursor.IsDone);

        var ex = Assert.Throws<ZohoApiException>(() => cursor.ApplyTo(new ApiRequest(HttpMethod.Get, "Leads")));
        Assert.Equal("NEXT_PAGE_TOKEN_MISSING", ex.Code);
        Assert.Contains($"after {missingAfter * 200}", ex.Message);
    }

    [Fact]
    public async Task Records_and_raw_JSON_page_through_the_same_cursor_against_the_emulator()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 2500 });
        using var connection = await EmulatorConnections.ConnectAsync(emulator);

        emulator.Requests.Clear();
        var fields = await connection.Records.ResolveFieldsAsync("Leads", new[] { "Last_Name" }, NullLog.Instance, CancellationToken.None);
        var records = connection.Records.CreatePager(new RecordQuery("Leads") { Fields = new[] { "Last_Name" }, Paging = new PagingOptions { All = true } }, fields);
        var ids = new List<string>();
        while (await records.NextAsync(NullLog.Instance, CancellationToken.None) is RecordPage page) ids.AddRange(page.Records.Select(r => r.Id!));
        var recordCalls = Paging(emulator);

        emulator.Requests.Clear();
        var json = new JsonPager(connection.Api, () => new ApiRequest(HttpMethod.Get, "Leads").AddQuery("fields", "Last_Name").AddQuery("per_page", "200"), 1);
        var jsonIds = new List<string>();
        while (await json.NextAsync(NullLog.Instance, CancellationToken.None) is JToken body) jsonIds.AddRange(JsonPager.ItemsOf(body)!.Select(r => (string)r["id"]!));
        var jsonCalls = Paging(emulator);

        Assert.True(ids.Count == ids.Distinct().Count(), $"{ids.Count} ids, {ids.Distinct().Count()} distinct");
        Assert.InRange(ids.Count, 2001, 2400); // the seed converts some leads, which the list leaves out
        Assert.Equal(ids, jsonIds);
        Assert.Equal(Enumerable.Repeat("page", 10).Append("page_token").Append("page_token"), recordCalls.Select(c => c.Kind));
        Assert.Equal(recordCalls.Select(c => c.Kind), jsonCalls.Select(c => c.Kind));
    }

    private static List<(string Kind, string Value)> Paging(ZohoCrmEmulator emulator) =>
        emulator.Requests.Snapshot().Where(r => r.Path == "/crm/v8/Leads")
            .Select(r => r.Query.ContainsKey("page_token") ? ("page_token", r.Query["page_token"]) : ("page", r.Query["page"]))
            .Select(kv => (kv.Item1, kv.Item2.ToString()!)).ToList();
}
