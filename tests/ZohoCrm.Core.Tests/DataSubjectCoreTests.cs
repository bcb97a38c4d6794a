using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Privacy;
using ZohoCrm.Core.Records;
using ZohoCrm.Emulator;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Core.Tests;

/// <summary>The privacy-request workflow (issue 14): exact matching, the call budget, the resumable report, erasing.</summary>
public class DataSubjectCoreTests
{
    private static async Task<(ZohoCrmEmulator Emulator, ZohoConnection Connection)> ConnectAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Leads = 5 };
        configure?.Invoke(options);
        var emulator = await ZohoCrmEmulator.StartAsync(options);
        var connection = await EmulatorConnections.ConnectAsync(emulator);
        emulator.Requests.Clear();
        return (emulator, connection);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static DataSubjectFinder FinderOf(ZohoConnection c) => new(c.Records, c.Related, c.Attachments, c.Metadata);

    private static long Insert(ZohoCrmEmulator emulator, string module, params (string Field, object? Value)[] values) =>
        emulator.Store.Insert(module, values.ToDictionary(v => v.Field, v => v.Value));

    [Fact]
    public async Task A_loose_search_hit_is_never_the_subject()
    {
        var (emulator, connection) = await ConnectAsync(o => o.SearchEmailMatchesContains = true);
        await using var _ = emulator;
        using var __ = connection;
        var subject = Insert(emulator, "Contacts", ("Last_Name", "Subject"), ("Email", "Jane@Example.com"));
        Insert(emulator, "Contacts", ("Last_Name", "Other"), ("Email", "notjane@example.com"));
        var lead = Insert(emulator, "Leads", ("Last_Name", "Lead"), ("Company", "C"), ("Secondary_Email", "JANE@EXAMPLE.COM"));
        Insert(emulator, "Leads", ("Last_Name", "Near"), ("Company", "C"), ("Email", "jane@example.com.au"));

        using var budget = new CallBudget(3, null);
        var found = await FinderOf(connection).FindAsync("jane@example.com", new DataSubjectQuery { IncludeRelated = false }, budget, NullLog.Instance, CancellationToken.None);

        Assert.Equal(new[] { "Contacts/" + Id(subject), "Leads/" + Id(lead) }, found.Select(f => f.ToString()));
        Assert.Equal(new[] { "Email", "Secondary_Email" }, found.Select(f => f.LinkedBy));
        // The search did return the near misses: the exact match is the finder's.
        Assert.Equal(2, emulator.Requests.Snapshot().Count(r => r.Path.EndsWith("/search", StringComparison.Ordinal) && r.StatusCode == 200));
    }

    [Theory]
    [InlineData("jane@example.com", "JANE@example.COM", true)]
    [InlineData("jane@example.com", " jane@example.com ", true)]
    [InlineData("jane@example.com", "notjane@example.com", false)]
    [InlineData("jane@example.com", "jane@example.com.au", false)]
    [InlineData("jane@example.com", null, false)]
    public void Addresses_match_whole_and_ignoring_case(string subject, string? value, bool same) => Assert.Equal(same, PrivacyModules.SameAddress(value, subject));

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two@@example.com")]
    [InlineData("@example.com")]
    [InlineData("jane doe@example.com")]
    public void What_is_not_an_address_is_refused_before_any_call(string email) =>
        Assert.Equal("ZcrmInvalidEmail", Assert.Throws<ZcrmUsageException>(() => DataSubjectFinder.CheckEmail(email)).ErrorId);

    [Theory]
    [InlineData("enterprise", 0.75, 15)]
    [InlineData("Professional", 0.75, 11)]
    [InlineData("free", 0.75, 3)]
    [InlineData("ultimate", 1.0, 25)]
    [InlineData(null, 0.1, 1)]
    public void The_share_is_of_the_editions_concurrency_limit(string? edition, double share, int expected) => Assert.Equal(expected, CallBudget.ShareOf(edition, share));

    [Fact]
    public async Task The_budget_refuses_a_call_that_would_exceed_it_without_sending_it_and_caps_concurrency()
    {
        using var budget = new CallBudget(2, maxCredits: 5);
        var running = 0;
        var calls = 0;
        var work = Enumerable.Range(0, 5).Select(_ => budget.RunAsync(1, async () =>
        {
            Interlocked.Increment(ref calls);
            Interlocked.Increment(ref running);
            await Task.Delay(20);
            Interlocked.Decrement(ref running);
            return true;
        }, CancellationToken.None));
        await Task.WhenAll(work);
        Assert.Equal(5, calls);
        Assert.True(budget.PeakInFlight <= 2);
        var refused = await Assert.ThrowsAsync<CreditBudgetReachedException>(() => budget.RunAsync(1, () => { calls++; return Task.FromResult(true); }, CancellationToken.None));
        Assert.Equal(5, calls);
        Assert.Equal(5, budget.CreditsReserved);
        Assert.Equal("ZcrmCreditBudgetReached", refused.ErrorId);
    }

    [Fact]
    public async Task Erasing_deletes_children_first_reports_a_locked_record_and_purges_the_bin()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var contact = Insert(emulator, "Contacts", ("Last_Name", "Subject"), ("Email", "erase@example.com"));
        var task = Insert(emulator, "Tasks", ("Subject", "Call back"), ("Who_Id", new LookupValue(contact, "Subject")));
        var call = Insert(emulator, "Calls", ("Subject", "Locked"), ("Call_Type", "Inbound"), ("Call_Start_Time", DateTimeOffset.UtcNow), ("Who_Id", new LookupValue(contact, "Subject")));
        emulator.Store.Lock("Calls", call);
        using var budget = new CallBudget(5, null);
        var found = await FinderOf(connection).FindAsync("erase@example.com", new DataSubjectQuery(), budget, NullLog.Instance, CancellationToken.None);
        Assert.Equal(3, found.Count);

        var path = Path.Combine(Path.GetTempPath(), "zcrm-erase-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var results = new List<ErasureResult>();
            using (var report = ErasureReport.Open(path))
            {
                await new DataSubjectEraser(connection.Api, connection.Writer, connection.Attachments).EraseAsync(found, new ErasureOptions { Permanent = true }, report, budget,
                    r => { results.Add(r); return Task.CompletedTask; }, NullLog.Instance, CancellationToken.None);
            }

            Assert.Equal(new[] { "Calls", "Tasks", "Contacts" }, results.Select(r => r.Record.Module));
            Assert.Equal(new[] { ErasureOutcome.Failed, ErasureOutcome.Deleted, ErasureOutcome.Deleted }, results.Select(r => r.Outcome));
            Assert.Equal("RECORD_LOCKED", results[0].Code);
            Assert.All(results.Skip(1), r => Assert.True(r.Purged));
            Assert.True(emulator.Store.DeletedRecords("Contacts").Single(d => d.Id == contact).Purged);
            Assert.True(emulator.Store.DeletedRecords("Tasks").Single(d => d.Id == task).Purged);

            // Read back: the deleted ones are done, the locked one is left over even though no find reaches it now.
            using var again = ErasureReport.Open(path);
            Assert.True(again.IsDone("ERASE@example.com", "Contacts", Id(contact)));
            Assert.False(again.IsDone("erase@example.com", "Calls", Id(call)));
            Assert.Equal(new[] { "Calls/" + Id(call) }, again.LeftOver("erase@example.com").Select(r => r.ToString()));
            Assert.Empty(again.NotPurged("erase@example.com"));
            Assert.Equal(3, File.ReadAllLines(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_record_deleted_since_the_find_is_already_gone_not_failed()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var contact = Insert(emulator, "Contacts", ("Last_Name", "Gone"), ("Email", "gone@example.com"));
        using var budget = new CallBudget(5, null);
        var found = await FinderOf(connection).FindAsync("gone@example.com", new DataSubjectQuery { IncludeRelated = false }, budget, NullLog.Instance, CancellationToken.None);
        emulator.Store.Delete("Contacts", contact);

        var results = new List<ErasureResult>();
        using var report = ErasureReport.Open(null);
        await new DataSubjectEraser(connection.Api, connection.Writer, connection.Attachments).EraseAsync(found, new ErasureOptions(), report, budget,
            r => { results.Add(r); return Task.CompletedTask; }, NullLog.Instance, CancellationToken.None);

        Assert.Equal(ErasureOutcome.AlreadyGone, Assert.Single(results).Outcome);
        Assert.True(report.IsDone("gone@example.com", "Contacts", Id(contact)));
    }

    [Fact]
    public void Not_deletable_and_not_selected_records_are_kept_with_a_reason()
    {
        var record = new DataSubjectRecord("a@example.com", "Quotes", "1", "Q", "Contacts/2", true, new ZohoRecord("Quotes", new List<KeyValuePair<string, object?>>()));
        Assert.Null(DataSubjectEraser.Screen(record, new ErasureOptions()));
        Assert.Equal("NOT_SELECTED", DataSubjectEraser.Screen(record, new ErasureOptions { Modules = new[] { "Contacts" } })!.Code);
        var locked = new DataSubjectRecord("a@example.com", "Deals", "1", "D", "Contacts/2", false, new ZohoRecord("Deals", new List<KeyValuePair<string, object?>>()));
        Assert.Equal(ErasureOutcome.NotDeletable, DataSubjectEraser.Screen(locked, new ErasureOptions())!.Outcome);
    }
}
