using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Records;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>Write batching: calls of 100 of one module and operation, a bounded number in flight, every row's result in input order.</summary>
public class RecordWriteBatcherTests
{
    private sealed class Row : RecordWriteRow
    {
        public int Number;
    }

    private static Row Record(int number, string module = "Leads", WriteOperation operation = WriteOperation.Insert) =>
        new() { Number = number, Module = module, Operation = operation, Payload = new JObject { ["Last_Name"] = "Row " + number } };

    private static Row Local(int number, string code = "ZcrmInvalidValue") =>
        new() { Number = number, Module = "Leads", Operation = WriteOperation.Insert, LocalResult = RecordWriteResult.Failed(0, code, "bad value (not sent)") };

    /// <summary>A sender that answers each row with its Last_Name as the id, after a delay the test chooses, counting calls in flight.</summary>
    private sealed class FakeZoho
    {
        private int _inFlight;
        public int MaxInFlight;
        public readonly List<(WriteOperation Operation, string Module, int Rows)> Calls = new();
        public Func<int, TimeSpan> DelayOfCall = _ => TimeSpan.FromMilliseconds(20);
        public int OptionsRead;

        public async Task<IReadOnlyList<RecordWriteResult>> SendAsync(WriteOperation operation, string module, IReadOnlyList<RecordWriteRow> rows, WriteOptions options, IZcrmLog log, CancellationToken ct)
        {
            int number;
            lock (Calls)
            {
                number = Calls.Count;
                Calls.Add((operation, module, rows.Count));
            }
            var now = Interlocked.Increment(ref _inFlight);
            lock (Calls) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                await Task.Delay(DelayOfCall(number), ct);
                return rows.Select((r, i) => new RecordWriteResult(i, true, "SUCCESS", "record added", new Dictionary<string, object?>()) { Id = (string?)r.Payload?["Last_Name"] ?? r.Id, Action = "created" }).ToList();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    private static async Task<List<(Row Row, RecordWriteResult Result)>> SendAllAsync(RecordWriteBatcher<Row> batcher, FakeZoho? zoho = null, CancellationToken ct = default)
    {
        var reported = new List<(Row, RecordWriteResult)>();
        await batcher.SendPendingAsync(() =>
        {
            if (zoho != null) Interlocked.Increment(ref zoho.OptionsRead);
            return new WriteOptions();
        }, (rows, results) =>
        {
            Assert.Equal(rows.Count, results.Count);
            reported.AddRange(rows.Zip(results));
        }, NullLog.Instance, ct);
        return reported;
    }

    [Fact]
    public async Task Rows_go_in_calls_of_at_most_100()
    {
        var zoho = new FakeZoho();
        var batcher = new RecordWriteBatcher<Row>(1, zoho.SendAsync);
        for (var i = 0; i < 250; i++) batcher.Add(Record(i));
        var reported = await SendAllAsync(batcher);
        Assert.Equal(new[] { 100, 100, 50 }, zoho.Calls.Select(c => c.Rows));
        Assert.Equal(3, batcher.Calls);
        Assert.Equal(Enumerable.Range(0, 250), reported.Select(r => r.Row.Number));
        Assert.All(reported, r => Assert.Equal("Row " + r.Row.Number, r.Result.Id));
        Assert.Equal(0, batcher.PendingCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Adding_says_when_every_call_that_may_be_in_flight_is_full(int throttle)
    {
        var batcher = new RecordWriteBatcher<Row>(throttle, new FakeZoho().SendAsync);
        for (var i = 0; i < 100 * throttle - 1; i++) Assert.False(batcher.Add(Record(i)));
        Assert.False(batcher.Add(Local(-1)), "a row answered locally is not sent, so it fills no call");
        Assert.True(batcher.Add(Record(100 * throttle)));
    }

    [Fact]
    public async Task A_change_of_module_or_operation_starts_a_new_call_and_local_rows_keep_their_place_unsent()
    {
        var zoho = new FakeZoho();
        var batcher = new RecordWriteBatcher<Row>(2, zoho.SendAsync);
        var rows = new[]
        {
            Record(0), Local(1), Record(2), Record(3, "Contacts"), Local(4), Record(5, "Contacts", WriteOperation.Upsert), Record(6, "Contacts", WriteOperation.Upsert), Local(7),
        };
        foreach (var row in rows) batcher.Add(row);
        var reported = await SendAllAsync(batcher, zoho);
        Assert.Equal(new[] { (WriteOperation.Insert, "Leads", 2), (WriteOperation.Insert, "Contacts", 1), (WriteOperation.Upsert, "Contacts", 2) }, zoho.Calls);
        Assert.Equal(Enumerable.Range(0, 8), reported.Select(r => r.Row.Number));
        Assert.All(reported.Where(r => r.Row.LocalResult != null), r => Assert.Same(r.Row.LocalResult, r.Result));
        Assert.Equal(3, batcher.Calls);
    }

    [Fact]
    public async Task Results_come_back_in_input_order_when_later_calls_finish_first()
    {
        var zoho = new FakeZoho { DelayOfCall = call => TimeSpan.FromMilliseconds(call == 0 ? 300 : call == 1 ? 150 : 10) };
        var batcher = new RecordWriteBatcher<Row>(4, zoho.SendAsync);
        for (var i = 0; i < 400; i++) batcher.Add(Record(i));
        var order = new List<int>();
        var reported = new List<(Row, RecordWriteResult)>();
        await batcher.SendPendingAsync(() => new WriteOptions(), (rows, results) =>
        {
            order.Add(((Row)rows[0]).Number / 100);
            reported.AddRange(rows.Zip(results));
        }, NullLog.Instance, CancellationToken.None);
        Assert.Equal(new[] { 0, 1, 2, 3 }, order);
        Assert.Equal(Enumerable.Range(0, 400), reported.Select(r => r.Item1.Number));
        Assert.All(reported, r => Assert.Equal("Row " + r.Item1.Number, r.Item2.Id));
        Assert.Equal(4, zoho.MaxInFlight);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task No_more_calls_than_the_throttle_limit_are_in_flight(int throttle)
    {
        var zoho = new FakeZoho();
        var batcher = new RecordWriteBatcher<Row>(throttle, zoho.SendAsync);
        // Ten calls' worth, with module changes so there are more calls than the limit in one send.
        for (var i = 0; i < 10; i++)
            for (var j = 0; j < 10; j++) batcher.Add(Record(i * 10 + j, i % 2 == 0 ? "Leads" : "Contacts"));
        await SendAllAsync(batcher);
        Assert.Equal(10, zoho.Calls.Count);
        Assert.Equal(throttle, zoho.MaxInFlight);
    }

    [Fact]
    public async Task Rows_that_all_failed_locally_make_no_call_and_need_no_options()
    {
        var zoho = new FakeZoho();
        var batcher = new RecordWriteBatcher<Row>(1, zoho.SendAsync);
        batcher.Add(Local(0));
        batcher.Add(Local(1, "ZcrmInputNotARecord"));
        var reported = await SendAllAsync(batcher, zoho);
        Assert.Empty(zoho.Calls);
        Assert.Equal(0, zoho.OptionsRead);
        Assert.Equal(new[] { "ZcrmInvalidValue", "ZcrmInputNotARecord" }, reported.Select(r => r.Result.Code));
    }

    [Fact]
    public async Task Cancelling_stops_the_send_and_starts_no_further_call()
    {
        var zoho = new FakeZoho { DelayOfCall = _ => TimeSpan.FromSeconds(30) };
        var batcher = new RecordWriteBatcher<Row>(2, zoho.SendAsync);
        for (var i = 0; i < 600; i++) batcher.Add(Record(i));
        using var cancel = new CancellationTokenSource();
        var reported = new List<Row>();
        var sending = batcher.SendPendingAsync(() => new WriteOptions(), (rows, _) => reported.AddRange(rows), NullLog.Instance, cancel.Token);
        while (zoho.Calls.Count < 2) await Task.Delay(10);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal(2, zoho.Calls.Count);
        Assert.Empty(reported);
        Assert.Equal(0, batcher.Calls);
    }

    [Fact]
    public async Task Through_Zoho_each_row_gets_its_own_answer_with_Zohos_code_and_details_in_input_order()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 0 });
        using var connection = await EmulatorConnections.ConnectAsync(emulator);
        emulator.Requests.Clear();

        var batcher = new RecordWriteBatcher<Row>(2, connection.Writer);
        for (var i = 0; i < 150; i++)
        {
            // Every tenth row lacks the mandatory Last_Name: Zoho refuses that row alone.
            var payload = i % 10 == 3 ? new JObject { ["First_Name"] = "No last name " + i } : new JObject { ["Last_Name"] = "Row " + i };
            batcher.Add(new Row { Number = i, Module = "Leads", Operation = WriteOperation.Insert, Payload = payload });
        }
        var reported = await SendAllAsync(batcher);

        Assert.Equal(2, emulator.Requests.Snapshot().Count(r => r.Method == "POST" && r.Path == "/crm/v8/Leads"));
        Assert.Equal(Enumerable.Range(0, 150), reported.Select(r => r.Row.Number));
        foreach (var (row, result) in reported)
        {
            if (row.Number % 10 == 3)
            {
                Assert.False(result.Succeeded);
                Assert.Equal("MANDATORY_NOT_FOUND", result.Code);
                Assert.Equal("Last_Name", result.Details["api_name"]);
                Assert.False(result.WholeBatchFailed);
            }
            else
            {
                Assert.True(result.Succeeded, result.Code + " " + result.Message);
                Assert.Equal("created", result.Action);
                Assert.NotNull(result.Id);
            }
        }
        Assert.Equal(135, emulator.Records("Leads").Count);
    }
}
