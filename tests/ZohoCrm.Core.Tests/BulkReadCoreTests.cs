using System.Text;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Filters;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Tests;

/// <summary>The bulk read pieces that need no server: the CSV reader, typing, criteria, the job model, pacing.</summary>
public class BulkReadCoreTests
{
    private static List<List<string>> ReadAll(string text, int? chunk = null)
    {
        using var csv = new CsvReader(chunk is null ? new StringReader(text) : new ChunkedReader(text, chunk.Value));
        var rows = new List<List<string>>();
        var row = new List<string>();
        while (csv.ReadRow(row)) rows.Add(row.ToList());
        return rows;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_CSV_reader_handles_quotes_escapes_line_breaks_and_empty_fields_across_buffer_refills(int? chunk)
    {
        var text = "id,Name,Note\r\n\"1\",\"Zylker, Inc\",\"said \"\"hi\"\"\"\r\n2,plain,\"two\nlines\"\n3,,\r\n\n\"4\",\"\",last";
        var rows = ReadAll(text, chunk);
        Assert.Equal(5, rows.Count);
        Assert.Equal(new[] { "id", "Name", "Note" }, rows[0]);
        Assert.Equal(new[] { "1", "Zylker, Inc", "said \"hi\"" }, rows[1]);
        Assert.Equal(new[] { "2", "plain", "two\nlines" }, rows[2]);
        Assert.Equal(new[] { "3", "", "" }, rows[3]);
        Assert.Equal(new[] { "4", "", "last" }, rows[4]);
    }

    [Fact]
    public void Fields_longer_than_the_buffer_are_read_whole()
    {
        var big = new string('x', 200_000);
        var quoted = new string('q', 70_000) + "\"\"" + new string('r', 70_000);
        var rows = ReadAll($"a,b\n{big},\"{quoted}\"\n");
        Assert.Equal(big, rows[1][0]);
        Assert.Equal(quoted.Replace("\"\"", "\""), rows[1][1]);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_the_row()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ReadAll("a\n\"open"));
        Assert.Contains("row 2", ex.Message);
    }

    [Fact]
    public void Rows_are_typed_like_the_records_API_and_lookups_carry_their_id()
    {
        var types = new FieldTypeMap(new[]
        {
            new ZohoField("Created_Time", null, "datetime"), new ZohoField("Follow_Up_Date", null, "date"), new ZohoField("No_of_Employees", null, "integer"),
            new ZohoField("Annual_Revenue", null, "currency"), new ZohoField("Email_Opt_Out", null, "boolean"), new ZohoField("Owner", null, "ownerlookup"),
            new ZohoField("Product_Interest", null, "multiselectpicklist"), new ZohoField("Rating", null, "double"), new ZohoField("City", null, "text"),
        });
        var text = "Id,Created_Time,Follow_Up_Date,No_of_Employees,Annual_Revenue,Email_Opt_Out,Owner,Product_Interest,Rating,City,Unknown\n" +
                   "5725767000000001001,2024-05-01T10:20:30+05:30,2024-06-01,42,1234.50,true,5725767000000235013,A;B,4.5,,x\n" +
                   "5725767000000002001,,,,,,,,,Pune,\n";
        using var reader = new BulkCsvRecordReader(new StringReader(text), "Leads", types);
        var first = reader.Schema.ToRecord(reader.ReadCells()!);
        var values = first.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("5725767000000001001", first.Id);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, new TimeSpan(5, 30, 0)), values["Created_Time"]);
        Assert.Equal(new TimeSpan(5, 30, 0), ((DateTimeOffset)values["Created_Time"]!).Offset);
        Assert.Equal(new DateTime(2024, 6, 1), values["Follow_Up_Date"]);
        Assert.Equal(42L, values["No_of_Employees"]);
        Assert.Equal(1234.50m, values["Annual_Revenue"]);
        Assert.Equal(true, values["Email_Opt_Out"]);
        var owner = Assert.IsType<ZohoObject>(values["Owner"]);
        Assert.Equal(new[] { new KeyValuePair<string, object?>("id", "5725767000000235013") }, owner.Properties);
        Assert.Equal(new object?[] { "A", "B" }, values["Product_Interest"]);
        Assert.Equal(4.5, values["Rating"]);
        Assert.Null(values["City"]);
        Assert.Equal("x", values["Unknown"]);

        var second = reader.Schema.ToRecord(reader.ReadCells()!).Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Null(second["Created_Time"]);
        Assert.Null(second["Owner"]);
        Assert.Equal(Array.Empty<object?>(), second["Product_Interest"]);
        Assert.Null(reader.ReadCells());
        Assert.Equal(2, reader.RecordsRead);
    }

    private static ZohoField? Field(string name) => name switch
    {
        "Lead_Source" => new ZohoField("Lead_Source", "Lead Source", "picklist"),
        "Description" => new ZohoField("Description", "Description", "textarea"),
        "Follow_Up_Date" => new ZohoField("Follow_Up_Date", null, "date"),
        "Owner" => new ZohoField("Owner", null, "ownerlookup"),
        "No_of_Employees" => new ZohoField("No_of_Employees", null, "integer"),
        _ => null,
    };

    [Fact]
    public void Filters_become_Zohos_criteria_shapes_with_values_in_Zohos_forms()
    {
        var single = BulkCriteria.Build(new[] { new FieldCondition("Lead_Source", "equal", new object?[] { "Web" }) }, false, Field);
        Assert.Equal("""{"field":{"api_name":"Lead_Source"},"comparator":"equal","value":"Web"}""", single.ToString(Newtonsoft.Json.Formatting.None));

        var group = BulkCriteria.Build(new[]
        {
            new FieldCondition("Follow_Up_Date", "between", new object?[] { new DateTime(2024, 1, 1), new DateTime(2024, 2, 1) }),
            new FieldCondition("Owner", "in", new object?[] { new System.Collections.Hashtable { ["id"] = "5725767000000235013" } }),
            new FieldCondition("No_of_Employees", "greater_than", new object?[] { 50 }),
        }, true, Field);
        Assert.Equal("or", (string)group["group_operator"]!);
        var conditions = (JArray)group["group"]!;
        Assert.Equal(new[] { "2024-01-01", "2024-02-01" }, conditions[0]["value"]!.Select(v => (string)v!));
        Assert.Equal("5725767000000235013", (string)conditions[1]["value"]![0]!);
        Assert.Equal(JTokenType.Integer, conditions[2]["value"]!.Type);
        Assert.Equal(3, BulkCriteria.CountConditions(group));
    }

    [Theory]
    [InlineData("conditions", "ZcrmTooManyConditions")]
    [InlineData("values", "ZcrmTooManyValues")]
    [InlineData("textarea", "ZcrmFieldNotFilterable")]
    [InlineData("comparator", "ZcrmInvalidOperator")]
    [InlineData("between", "ZcrmInvalidFilter")]
    public void What_Zoho_refuses_is_refused(string what, string errorId)
    {
        IReadOnlyList<FieldCondition> conditions = what switch
        {
            "conditions" => Enumerable.Range(0, 26).Select(i => new FieldCondition("City" + i, "equal", new object?[] { "x" })).ToList(),
            "values" => new[] { new FieldCondition("Lead_Source", "in", Enumerable.Range(0, 21).Select(i => (object?)("v" + i)).ToArray()) },
            "textarea" => new[] { new FieldCondition("Description", "equal", new object?[] { "x" }) },
            "comparator" => new[] { new FieldCondition("Lead_Source", "contains", new object?[] { "x" }) },
            _ => new[] { new FieldCondition("No_of_Employees", "between", new object?[] { 1 }) },
        };
        var ex = Assert.Throws<ZcrmUsageException>(() => BulkCriteria.Build(conditions, false, Field));
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Theory]
    [InlineData("eq", "equal")]
    [InlineData("Equals", "equal")]
    [InlineData("ne", "not_equal")]
    [InlineData("ge", "greater_equal")]
    [InlineData("notin", "not_in")]
    [InlineData("not-in", "not_in")]
    [InlineData("starts_with", "starts_with")]
    [InlineData("Between", "between")]
    public void Comparators_have_short_forms(string given, string expected) => Assert.Equal(expected, FilterOperators.Normalize(given));

    [Fact]
    public void A_job_reads_its_numbers_only_once_completed_and_a_failure_keeps_Zohos_reason()
    {
        var running = BulkReadJob.FromJson(JObject.Parse("""
            {"id":"1","operation":"read","state":"IN PROGRESS","query":{"module":{"api_name":"Leads","id":"2"},"page":3,"cvid":null,"fields":["Last_Name"]},
             "created_by":{"id":"9","name":"Patricia Boyle"},"created_time":"2024-05-01T10:20:30+05:30",
             "result":{"page":3,"count":0,"download_url":"/crm/bulk/v8/read/1/result","per_page":200000,"more_records":false}}
            """));
        Assert.Equal("Leads", running.Module);
        Assert.Equal(3, running.Page);
        Assert.Null(running.RecordCount);
        Assert.Null(running.MoreRecords);
        Assert.Equal("Patricia Boyle", running.CreatedBy);
        Assert.False(running.IsFinished);

        var done = BulkReadJob.FromJson(JObject.Parse("""{"id":"1","state":"COMPLETED","result":{"page":1,"count":1532,"more_records":true,"next_page_token":"t1"}}"""));
        Assert.Equal(1532, done.RecordCount);
        Assert.True(done.MoreRecords);
        var next = new BulkReadSpec("Leads") { Fields = new[] { "Last_Name" }, CallbackUrl = "https://x.test/" }.NextPage(done);
        var body = next.ToJson();
        Assert.Equal("t1", (string)body["query"]!["page_token"]!);
        Assert.Null(body["query"]!["page"]);
        Assert.Null(body["callback"]);

        var failed = BulkReadJob.FromJson(JObject.Parse("""{"id":"1","state":"FAILURE","message":"Export could not be prepared."}"""));
        Assert.Equal("Export could not be prepared.", failed.FailureReason);
        Assert.Contains("Export could not be prepared.", BulkReadException.JobFailed(failed).Message);
    }

    [Fact]
    public async Task Downloads_are_paced_to_ten_a_minute()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var waits = new List<TimeSpan>();
        var pacer = new DownloadPacer(10, TimeSpan.FromMinutes(1), () => now, (wait, _) =>
        {
            waits.Add(wait);
            now += wait;
            return Task.CompletedTask;
        });
        for (var i = 0; i < 10; i++)
        {
            await pacer.WaitTurnAsync(NullLog.Instance, CancellationToken.None);
            now += TimeSpan.FromSeconds(1);
        }

        Assert.Empty(waits);
        await pacer.WaitTurnAsync(NullLog.Instance, CancellationToken.None);
        Assert.Equal(new[] { TimeSpan.FromSeconds(50) }, waits);
    }

    /// <summary>Hands out text a few characters at a time, to put every boundary of the CSV reader's buffer to the test.</summary>
    [Fact]
    public void Cells_are_one_per_column_with_short_rows_padded_and_typed_only_when_asked()
    {
        var types = new FieldTypeMap(new[] { new ZohoField("No_of_Employees", null, "integer"), new ZohoField("Owner", null, "ownerlookup") });
        using var reader = new BulkCsvRecordReader(new StringReader("Id,No_of_Employees,Owner,City\n1,42,77\n2,,,Pune,extra\n"), "Leads", types);
        Assert.Equal(new[] { "id", "No_of_Employees", "Owner", "City" }, reader.Schema.Columns);
        var first = reader.ReadCells()!;
        Assert.Equal(new[] { "1", "42", "77", "" }, first);
        var second = reader.ReadCells()!;
        Assert.Equal(new[] { "2", "", "", "Pune" }, second);
        Assert.Null(reader.ReadCells());
        Assert.Equal(2, reader.RecordsRead);
        Assert.Equal(42L, reader.Schema.ValueOf(1, first[1]));
        Assert.Equal("77", Assert.IsType<ZohoObject>(reader.Schema.ValueOf(2, first[2])).Properties.Single().Value);
        Assert.Null(reader.Schema.ValueOf(1, second[1]));
        var record = reader.Schema.ToRecord(second);
        Assert.Equal("2", record.Id);
        Assert.Equal("Pune", record.Fields.Single(f => f.Key == "City").Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65_536)]
    [InlineData(1_000_000)]
    public void Reading_ahead_yields_exactly_the_inner_text_whatever_its_reads_return(int chunk)
    {
        var text = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"\"{i}\",\"row {i}\"\r\n"));
        using var ahead = new ReadAheadTextReader(new ChunkedReader(text, chunk));
        var copy = new StringBuilder();
        var buffer = new char[1000];
        int read;
        while ((read = ahead.Read(buffer, 0, 1 + copy.Length % buffer.Length)) > 0) copy.Append(buffer, 0, read);
        Assert.Equal(text, copy.ToString());
        Assert.Equal(-1, ahead.Peek());
        Assert.Equal(0, ahead.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void A_failure_of_the_inner_reader_reaches_the_reader_after_the_text_before_it()
    {
        using var ahead = new ReadAheadTextReader(new FailingReader("abc", new InvalidDataException("The archive entry was compressed using an unsupported method.")));
        var buffer = new char[10];
        Assert.Equal(3, ahead.Read(buffer, 0, buffer.Length));
        Assert.Equal("abc", new string(buffer, 0, 3));
        var ex = Assert.Throws<InvalidDataException>(() => ahead.Read(buffer, 0, buffer.Length));
        Assert.Contains("unsupported method", ex.Message);
    }

    [Fact]
    public void Disposing_early_stops_reading_ahead_and_closes_the_inner_reader()
    {
        var inner = new EndlessReader();
        var ahead = new ReadAheadTextReader(inner);
        Assert.Equal('x', (char)ahead.Read());
        ahead.Dispose();
        var readsAtDispose = inner.Reads;
        Assert.True(inner.Disposed);
        Thread.Sleep(50);
        Assert.Equal(readsAtDispose, inner.Reads);
        Assert.Throws<ObjectDisposedException>(() => ahead.Read());
    }

    private sealed class FailingReader(string text, Exception failure) : TextReader
    {
        private bool _done;

        public override int Read(char[] buffer, int index, int count)
        {
            if (_done) throw failure;
            _done = true;
            text.CopyTo(0, buffer, index, text.Length);
            return text.Length;
        }
    }

    private sealed class EndlessReader : TextReader
    {
        public int Reads;
        public bool Disposed;

        public override int Read(char[] buffer, int index, int count)
        {
            Interlocked.Increment(ref Reads);
            Array.Fill(buffer, 'x', index, count);
            return count;
        }

        protected override void Dispose(bool disposing) => Disposed = true;
    }

    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _pos;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), text.Length - _pos);
            text.CopyTo(_pos, buffer, index, n);
            _pos += n;
            return n;
        }
    }
}
