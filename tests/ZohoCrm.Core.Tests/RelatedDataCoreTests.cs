using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Records;
using ZohoCrm.Core.Related;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>RelatedRecordService and TagService: names checked before any call, paging, batching, per-item results.</summary>
public class RelatedDataCoreTests
{
    private static async Task<(ZohoCrmEmulator Emulator, ZohoConnection Connection)> ConnectAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Leads = 20 };
        configure?.Invoke(options);
        var emulator = await ZohoCrmEmulator.StartAsync(options);
        var connection = await EmulatorConnections.ConnectAsync(emulator);
        emulator.Requests.Clear();
        return (emulator, connection);
    }

    [Theory]
    [InlineData("Campaigns", "Contacts", true)]
    [InlineData("Contacts", "Campaigns", true)]
    [InlineData("Products", "Price_Books", true)]
    [InlineData("Deals", "Products", true)]
    [InlineData("Contacts", "Cases", false)]
    [InlineData("Accounts", "Deals", false)]
    [InlineData("Leads", "Notes", false)]
    public void The_fact_sheets_lists_know_which_are_many_to_many(string module, string list, bool linkable)
    {
        var found = RelatedLists.Find(module, list);
        Assert.NotNull(found);
        Assert.Equal(linkable, found!.Linkable);
        if (!linkable)
        {
            var error = Assert.Throws<ZcrmUsageException>(() => RelatedRecordService.RequireLinkable(found));
            Assert.Equal("ZcrmRelatedListNotLinkable", error.ErrorId);
            Assert.DoesNotContain("-", error.RecommendedAction!.Split(' ').Where(w => w.StartsWith('-')));
        }
    }

    [Fact]
    public void A_related_list_name_in_another_case_is_forgiven() => Assert.Equal("Cases", RelatedLists.Find("Contacts", "cases")!.ApiName);

    [Theory]
    [InlineData("ZcrmTagNameTooLong", "abcdefghijklmnopqrstuvwxyz")]
    [InlineData("ZcrmTagNameEmpty", " ")]
    [InlineData("ZcrmTooManyTags", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")]
    public void Tag_names_Zoho_would_refuse_are_refused_first(string errorId, params string[] names)
        => Assert.Equal(errorId, Assert.Throws<ZcrmUsageException>(() => TagService.CheckNames(names)).ErrorId);

    [Fact]
    public void Duplicate_tag_names_are_sent_once_and_credits_are_one_per_50_records()
    {
        Assert.Equal(["VIP", "Hot"], TagService.CheckNames(["VIP", "vip ", "Hot"]));
        Assert.Equal(1, TagService.CreditsFor(1));
        Assert.Equal(10, TagService.CreditsFor(500));
    }

    [Fact]
    public async Task An_unknown_list_is_refused_without_calling_the_related_path()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;

        var error = await Assert.ThrowsAsync<ZcrmUsageException>(() => connection.Related.ResolveListAsync("Contacts", "Nope", NullLog.Instance, CancellationToken.None));
        Assert.Equal("ZcrmUnknownRelatedList", error.ErrorId);
        Assert.Contains("Cases", error.Message);
        var unknownModule = await Assert.ThrowsAsync<ZcrmUsageException>(() => connection.Related.ResolveListAsync("Nope", "Cases", NullLog.Instance, CancellationToken.None));
        Assert.Equal("ZcrmUnknownModule", unknownModule.ErrorId);
        Assert.DoesNotContain(emulator.Requests.Snapshot(), r => r.Path.Contains("/Nope", StringComparison.Ordinal) && !r.Path.Contains("settings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pager_reads_a_related_list_page_by_page_typed_for_the_related_module()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var contact = (string)emulator.Records("Contacts")[0]["id"]!;

        var list = await connection.Related.ResolveListAsync("Contacts", "Quotes", NullLog.Instance, CancellationToken.None);
        var fields = await connection.Records.ResolveFieldsAsync(list.RelatedModule, ["Subject", "Valid_Till"], NullLog.Instance, CancellationToken.None);
        var pager = connection.Related.CreatePager(list, contact, fields, new PagingOptions { PageSize = 5, All = true });
        var records = new List<ZohoRecord>();
        while (await pager.NextAsync(NullLog.Instance, CancellationToken.None) is { } page)
        {
            records.AddRange(page.Records);
        }

        Assert.Equal(12, records.Count);
        Assert.Equal(3, pager.PagesRead);
        Assert.All(records, r => Assert.Equal("Quotes", r.Module));
        Assert.All(records, r => Assert.IsType<DateTime>(r.Fields.Single(f => f.Key == "Valid_Till").Value));
    }

    [Fact]
    public async Task Tagging_answers_one_result_per_id_in_order_whatever_Zoho_says_of_each()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var ids = emulator.Records("Deals").Take(2).Select(r => (string)r["id"]!).ToList();
        ids.Insert(1, "5725767000000000001");

        var results = await connection.Tags.AddAsync("Deals", ["Core Test"], ids, overwrite: false, NullLog.Instance, CancellationToken.None);
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Equal(ids, results.Select(r => r.Id));
        Assert.Equal("tagged", results[0].Action);
        var call = Assert.Single(emulator.Requests.Snapshot(), r => r.Path.EndsWith("/actions/add_tags", StringComparison.Ordinal));
        Assert.Equal(3, JObject.Parse(call.Body!)["ids"]!.Count());

        var tags = await connection.Tags.GetTagsAsync("Deals", NullLog.Instance, CancellationToken.None);
        var created = tags.Tags.Single(t => t.Name == "Core Test");
        var removed = await connection.Tags.RemoveAsync("Deals", [created], [ids[0]], NullLog.Instance, CancellationToken.None);
        Assert.True(Assert.Single(removed).Succeeded);
    }

    [Fact]
    // Deals are seeded with two tags, so a module limit of 2 leaves no room for a new one.
    public async Task A_whole_call_refused_for_the_module_tag_limit_fails_each_record_with_the_limit()
    {
        var (emulator, connection) = await ConnectAsync(o => o.TagsPerModule = 2);
        await using var _ = emulator;
        using var __ = connection;
        var ids = emulator.Records("Deals").Take(2).Select(r => (string)r["id"]!).ToList();

        var results = await connection.Tags.AddAsync("Deals", ["Brand New"], ids, overwrite: false, NullLog.Instance, CancellationToken.None);
        Assert.All(results, r =>
        {
            Assert.False(r.Succeeded);
            Assert.True(r.WholeBatchFailed);
            Assert.Equal("LIMIT_EXCEEDED", r.Code);
            Assert.Equal("2", Convert.ToString(r.Details["limit"], System.Globalization.CultureInfo.InvariantCulture));
        });
    }
}
