using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Http;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>The multi-page bulk receive as one operation, against the emulator over HTTP: pages, next jobs, waits, typing, failures.</summary>
public class BulkReadReceiverTests
{
    private sealed class ListLog : IZcrmLog
    {
        public List<string> Lines { get; } = new();
        public void Verbose(string message) { lock (Lines) Lines.Add(message); }
        public void Debug(string message) { }
        public void Warning(string message) { lock (Lines) Lines.Add("WARNING: " + message); }
    }

    /// <summary>Reads every row of each page (as the cmdlet would stream them) and records what it was handed.</summary>
    private sealed class RecordingHandler : IBulkReadPageHandler
    {
        public readonly List<(int Number, long Before, string JobId, bool Typed, List<string> Ids)> Pages = new();
        public readonly List<string> Events = new();

        public Task<long> ReceivePageAsync(BulkReadPage page, CancellationToken ct)
        {
            var ids = new List<string>();
            using var reader = new BulkCsvRecordReader(page.File.OpenText(), page.Job.Module ?? "?", page.Types ?? Core.Metadata.FieldTypeMap.Empty);
            while (reader.ReadCells() is { } cells) ids.Add(reader.Schema.ToRecord(cells).Id!);
            Pages.Add((page.Number, page.RecordsBefore, page.Job.Id, page.Types != null && !ReferenceEquals(page.Types, Core.Metadata.FieldTypeMap.Empty), ids));
            Events.Add("page " + page.Number);
            return Task.FromResult((long)ids.Count);
        }

        public void OnWaiting(BulkReadJob job, BulkReadJob current, TimeSpan elapsed)
        {
            Assert.Equal(job.Id, current.Id);
            lock (Events) if (Events.LastOrDefault() != "wait " + job.Id) Events.Add("wait " + job.Id);
        }

        public void OnWaitEnded(BulkReadJob job) => Events.Add("waited " + job.Id);
    }

    private static async Task<(ZohoCrmEmulator Emulator, ZohoConnection Connection, BulkReadClient Client)> ConnectAsync(string? scopes = null)
    {
        var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions
        {
            Leads = 20,
            BulkReadPageSize = 8,
            BulkReadAddedDuration = TimeSpan.FromMilliseconds(20),
            BulkReadInProgressDuration = TimeSpan.FromMilliseconds(40),
        });
        var connection = await EmulatorConnections.ConnectAsync(emulator, scopes);
        var client = new BulkReadClient(connection.Api, new DownloadPacer(100, TimeSpan.FromSeconds(1))) { PollInitialDelay = TimeSpan.FromMilliseconds(20) };
        return (emulator, connection, client);
    }

    private static async Task<BulkReadJob> FirstPageAsync(BulkReadReceiver receiver, BulkReadClient client)
    {
        var job = await client.CreateAsync(new BulkReadSpec("Leads"), NullLog.Instance, CancellationToken.None);
        return await receiver.WaitAsync(job, TimeSpan.FromSeconds(30), null, NullLog.Instance, CancellationToken.None);
    }

    private static int Calls(ZohoCrmEmulator emulator, string method, string pathEnd) =>
        emulator.Requests.Snapshot().Count(r => r.Method == method && r.Path.EndsWith(pathEnd, StringComparison.Ordinal));

    [Fact]
    public async Task All_pages_come_through_one_call_each_later_page_a_new_job_waited_for()
    {
        var (emulator, connection, client) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var receiver = new BulkReadReceiver(client, connection.Metadata);
        var first = await FirstPageAsync(receiver, client);
        Assert.True(first.MoreRecords);
        emulator.Requests.Clear();
        var handler = new RecordingHandler();
        var log = new ListLog();

        var records = await receiver.ReceiveAsync(first, allPages: true, typedRows: true, TimeSpan.FromSeconds(30), handler, log, CancellationToken.None);

        // 20 leads, of which the export leaves out converted ones: between 17 and 20 rows in three pages of 8.
        Assert.InRange(records, 17, 20);
        Assert.Equal(new[] { 1, 2, 3 }, handler.Pages.Select(p => p.Number));
        Assert.Equal(new long[] { 0, 8, 16 }, handler.Pages.Select(p => p.Before));
        Assert.Equal(new[] { 8, 8, (int)records - 16 }, handler.Pages.Select(p => p.Ids.Count));
        Assert.Equal(records, handler.Pages.SelectMany(p => p.Ids).Distinct().Count());
        Assert.All(handler.Pages, p => Assert.True(p.Typed));
        var jobs = handler.Pages.Select(p => p.JobId).ToList();
        Assert.Equal(new[] { "page 1", "wait " + jobs[1], "waited " + jobs[1], "page 2", "wait " + jobs[2], "waited " + jobs[2], "page 3" }, handler.Events);
        Assert.Equal(2, Calls(emulator, "POST", "/crm/bulk/v8/read"));
        Assert.Equal(3, Calls(emulator, "GET", "/result"));
        Assert.Equal(1, Calls(emulator, "GET", "/settings/fields"));
        Assert.Equal(new[] { 2, 3 }, emulator.BulkReads.Jobs.Where(j => jobs.Contains(j.Id)).Select(j => j.Page).Where(p => p > 1).OrderBy(p => p));
        Assert.Contains($"More records follow page 1: started bulk read job {jobs[1]} for the next page (50 credits).", log.Lines);
        Assert.Contains($"Received {records} records in 3 pages.", log.Lines);
    }

    [Fact]
    public async Task Without_all_pages_only_the_given_job_is_received_and_no_job_is_started()
    {
        var (emulator, connection, client) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var receiver = new BulkReadReceiver(client, connection.Metadata);
        var first = await FirstPageAsync(receiver, client);
        emulator.Requests.Clear();
        var handler = new RecordingHandler();
        var log = new ListLog();

        Assert.Equal(8, await receiver.ReceiveAsync(first, allPages: false, typedRows: false, null, handler, log, CancellationToken.None));
        Assert.Single(handler.Pages);
        Assert.False(handler.Pages[0].Typed);
        Assert.Equal(0, Calls(emulator, "POST", "/crm/bulk/v8/read"));
        Assert.Equal(0, Calls(emulator, "GET", "/settings/fields"));
        Assert.Contains("Received 8 records in 1 page.", log.Lines);
    }

    [Fact]
    public async Task Unreadable_fields_leave_the_values_as_text_and_the_receive_goes_on()
    {
        var (emulator, connection, client) = await ConnectAsync("ZohoCRM.modules.ALL,ZohoCRM.bulk.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ");
        await using var _ = emulator;
        using var __ = connection;
        var receiver = new BulkReadReceiver(client, connection.Metadata);
        var first = await FirstPageAsync(receiver, client);
        var handler = new RecordingHandler();
        var log = new ListLog();

        var records = await receiver.ReceiveAsync(first, allPages: true, typedRows: true, null, handler, log, CancellationToken.None);
        Assert.Equal(3, handler.Pages.Count);
        Assert.Equal(records, handler.Pages.Sum(p => p.Ids.Count));
        Assert.All(handler.Pages, p => Assert.False(p.Typed));
        Assert.Contains("Field metadata of Leads is not readable (OAUTH_SCOPE_MISMATCH); values stay text.", log.Lines);
    }

    [Fact]
    public async Task A_later_pages_job_that_fails_is_an_error_after_the_pages_before_it()
    {
        var (emulator, connection, client) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var receiver = new BulkReadReceiver(client, connection.Metadata);
        var first = await FirstPageAsync(receiver, client);
        emulator.BulkReads.FailNextJob("Disk full.");
        var handler = new RecordingHandler();

        var error = await Assert.ThrowsAsync<BulkReadException>(() => receiver.ReceiveAsync(first, allPages: true, typedRows: true, null, handler, NullLog.Instance, CancellationToken.None));
        Assert.Equal(BulkReadException.Failed, error.ErrorId);
        Assert.Single(handler.Pages);
        Assert.Equal(first.Id, handler.Pages[0].JobId);
        Assert.NotEqual(first.Id, error.Job!.Id);
        Assert.Contains("waited " + error.Job.Id, handler.Events);
    }

    [Fact]
    public async Task Cancelling_during_a_wait_ends_the_wait_and_starts_nothing_more()
    {
        var (emulator, connection, client) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var receiver = new BulkReadReceiver(client, connection.Metadata);
        var first = await FirstPageAsync(receiver, client);
        // The next page's job stays IN PROGRESS far longer than the test: only the cancel ends its wait.
        emulator.Options.BulkReadInProgressDuration = TimeSpan.FromMinutes(5);
        using var cancel = new CancellationTokenSource();
        var handler = new RecordingHandler();
        var receiving = receiver.ReceiveAsync(first, allPages: true, typedRows: false, null, new CancelOnWait(handler, cancel), NullLog.Instance, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving);
        Assert.Single(handler.Pages);
        Assert.Equal(2, emulator.BulkReads.Jobs.Count);
        Assert.StartsWith("waited ", handler.Events.Last());
    }

    private sealed class CancelOnWait : IBulkReadPageHandler
    {
        private readonly RecordingHandler _inner;
        private readonly CancellationTokenSource _cancel;
        public CancelOnWait(RecordingHandler inner, CancellationTokenSource cancel) { _inner = inner; _cancel = cancel; }
        public Task<long> ReceivePageAsync(BulkReadPage page, CancellationToken ct) => _inner.ReceivePageAsync(page, ct);
        public void OnWaiting(BulkReadJob job, BulkReadJob current, TimeSpan elapsed)
        {
            _inner.OnWaiting(job, current, elapsed);
            _cancel.Cancel();
        }
        public void OnWaitEnded(BulkReadJob job) => _inner.OnWaitEnded(job);
    }
}
