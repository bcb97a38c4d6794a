using System.Collections;
using System.IO.Compression;
using System.Text;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Tests;

/// <summary>
/// Bulk write converts values straight to CSV text, without the records API's JSON: every value must come out as the
/// cell of the JSON New-ZcrmRecord would send, and every bad value, missing mandatory field or find-by value must fail
/// its row with the same problem. The input log gives back the rows as they were given.
/// </summary>
public class BulkWriteConversionTests
{
    private static readonly ZohoField[] Fields =
    {
        new ZohoField("Last_Name", "Last Name", "text") { SystemMandatory = true },
        new ZohoField("Email", "Email", "email"),
        new ZohoField("No_of_Employees", "No. of Employees", "integer"),
        new ZohoField("Big", "Big", "bigint"),
        new ZohoField("Annual_Revenue", "Annual Revenue", "currency"),
        new ZohoField("Rating", "Rating", "double"),
        new ZohoField("Opt_Out", "Email Opt Out", "boolean"),
        new ZohoField("Follow_Up", "Follow Up", "date"),
        new ZohoField("Meeting", "Meeting", "datetime"),
        new ZohoField("Owner", "Lead Owner", "ownerlookup"),
        new ZohoField("Product_Interest", "Product Interest", "multiselectpicklist"),
        new ZohoField("Custom", "Custom", "unknowntype"),
        new ZohoField("Created_Time", "Created Time", "datetime") { ReadOnly = true },
    };

    public static IEnumerable<object?[]> Values()
    {
        var cases = new (string Field, object? Value)[]
        {
            ("Last Name", "  Ng, \"Jr\"  "), ("Last_Name", 42), ("Last_Name", new DateTime(2024, 5, 6, 7, 8, 9)), ("Last_Name", new Hashtable { ["name"] = "Named" }),
            ("Last_Name", new[] { "a", "b" }), ("Email", "a@x.example"), ("Email", "   "),
            ("No_of_Employees", "12"), ("No_of_Employees", "12.5"), ("No_of_Employees", "3000000000"), ("No_of_Employees", 7L), ("No_of_Employees", "x"), ("No_of_Employees", 1e3),
            ("Big", "3000000000"), ("Big", 2.0),
            ("Annual_Revenue", "1234.50"), ("Annual_Revenue", 10.5m), ("Annual_Revenue", double.NaN), ("Annual_Revenue", "1e40"), ("Annual_Revenue", 1e40),
            ("Rating", "0.1"), ("Rating", 1.0 / 3), ("Rating", 5),
            ("Opt_Out", "yes"), ("Opt_Out", true), ("Opt_Out", 0), ("Opt_Out", "maybe"),
            ("Follow_Up", "2024-02-29"), ("Follow_Up", new DateTime(2024, 1, 2)), ("Follow_Up", "not a date"), ("Follow_Up", new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.FromHours(2))),
            ("Meeting", "2024-02-29T10:00:00+05:30"), ("Meeting", new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.FromHours(-3))), ("Meeting", "soon"),
            ("Owner", "4150868000000224005"), ("Owner", " 42 "), ("Owner", 42L), ("Owner", new Hashtable { ["id"] = "77" }), ("Owner", new Hashtable { ["name"] = "x" }), ("Owner", "Ann"), ("Owner", new[] { "1", "2" }),
            ("Product_Interest", "a; b ;;c"), ("Product_Interest", new object?[] { "x", null, 3 }), ("Product_Interest", ";"), ("Product_Interest", 5),
            ("Custom", "text"), ("Custom", 3), ("Custom", 2.5), ("Custom", true), ("Custom", new Hashtable { ["id"] = "9" }), ("Custom", new object[] { 1, "a" }), ("Custom", new object[0]),
            ("Custom", new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)), ("Custom", new System.Diagnostics.Stopwatch()),
            ("Created_Time", "2024-01-01"), ("Nonexistent", "x"), ("$note", "x"),
        };
        return cases.Select(c => new object?[] { c.Field, c.Value });
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_becomes_the_cell_of_the_json_the_records_api_sends_or_the_same_problem(string name, object? value)
    {
        var row = new List<KeyValuePair<string, object?>> { new("Last_Name", "Base"), new(name, value) };
        var (json, jsonProblems) = Json(row, keepId: false);
        var (cells, problem) = Bulk("insert", null, row);
        if (jsonProblems.Count > 0)
        {
            Assert.NotNull(problem);
            Assert.Equal(jsonProblems[0].Code, problem!.Code);
            Assert.Equal(string.Join("; ", jsonProblems.Select(p => p.Message)), problem.Message);
            return;
        }
        Assert.Null(problem);
        foreach (var property in json.Properties()) Assert.Equal(BulkWriteFile.Cell(property.Value), cells![property.Name]);
        Assert.True(cells!.Where(c => !json.ContainsKey(c.Key)).All(c => c.Value == ""), "a column without a value is empty");
    }

    [Theory]
    [InlineData("insert", null, "Last_Name=|Email=a@x.example", "MANDATORY_NOT_FOUND:Last_Name")]
    [InlineData("insert", null, "Last Name=  |Last_Name=Second", "")]
    [InlineData("insert", null, "Last_Name=First|Last Name=Second", "")]
    [InlineData("insert", null, "Email=a@x.example", "MANDATORY_NOT_FOUND:Last_Name")]
    [InlineData("update", null, "id=|Email=a@x.example", "MANDATORY_NOT_FOUND:id")]
    [InlineData("update", null, "id=1|ID=2|Email=a@x.example", "")]
    [InlineData("update", null, "id=1|ID=|Email=a@x.example", "")]
    [InlineData("update", "Email", "Email=|Last_Name=X", "MANDATORY_NOT_FOUND:Email")]
    [InlineData("upsert", "Email", "Email=|Last_Name=X", "")]
    [InlineData("insert", null, "Last_Name=X|No_of_Employees=x|Follow_Up=y", "ZcrmInvalidValue:No_of_Employees")]
    [InlineData("insert", null, "Last_Name=X|Product_Interest=;", "")]
    public void Rows_are_refused_and_spellings_chosen_as_the_records_api_does(string operation, string? findBy, string text, string expected)
    {
        var row = text.Split('|').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, object?>(p[0], p[1])).ToList();
        var (json, jsonProblems) = Json(row, keepId: operation != "insert");
        var (cells, problem) = Bulk(operation, findBy, row);
        Assert.Equal(expected, problem == null ? "" : problem.Code + ":" + problem.Field);
        if (jsonProblems.Count > 0) Assert.Equal(string.Join("; ", jsonProblems.Select(p => p.Message)), problem!.Message);
        if (problem != null) return;
        foreach (var property in json.Properties()) Assert.Equal(BulkWriteFile.Cell(property.Value), cells![property.Name]);
        Assert.True(cells!.Where(c => !json.ContainsKey(c.Key)).All(c => c.Value == ""), "a column without a value is empty");
    }

    [Fact]
    public void Rows_of_changing_shapes_fill_the_columns_by_name()
    {
        using var import = new BulkWriteImport("insert", new RecordPayloadBuilder("Leads", Fields), Fields, null);
        Assert.Null(import.Add(0, null, Row(("Last_Name", "A"), ("Email", "a@x.example")), Row(("Last_Name", "A"), ("Email", "a@x.example"))));
        Assert.Null(import.Add(1, null, Row(("Email", "b@x.example"), ("Last_Name", "B")), Row(("Email", "b@x.example"), ("Last_Name", "B"))));
        Assert.Null(import.Add(2, null, Row(("Last_Name", "C"), ("Email", "c@x.example")), Row(("Last_Name", "C"), ("Email", "c@x.example"))));
        var files = import.Complete();
        var csv = CsvOf(Assert.Single(files));
        Assert.Equal(new[] { "Last_Name,Email", "A,a@x.example", "B,b@x.example", "C,c@x.example" }, csv.Select(r => string.Join(",", r)));
        foreach (var f in files) { f.Input.Dispose(); f.Dispose(); }
    }

    [Fact]
    public void The_input_log_gives_back_every_kind_of_value_as_json()
    {
        using var log = new BulkWriteInputLog();
        var table = new Hashtable { ["id"] = "9" };
        log.Add(0, 2, Row(("Name", "A, \"b\""), ("Count", 3), ("Empty", null)));
        log.Add(1, null, Row(("Name", "é"), ("Count", 4.5m), ("Empty", "")));
        log.Add(5, 7, Row(("Other", true), ("Owner", table), ("List", new object?[] { 1, "x", null }), ("When", new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)), ("D", 0.1)));
        log.Add(6, 8, Row(("Other", false)));
        var rows = log.Read().ToList();
        Assert.Equal(4, log.RowCount);
        Assert.Equal(new long[] { 0, 1, 5, 6 }, rows.Select(r => r.Index));
        Assert.Equal(new long?[] { 2, null, 7, 8 }, rows.Select(r => r.RowNumber));
        Assert.Equal("{\"Name\":\"A, \\\"b\\\"\",\"Count\":3,\"Empty\":null}", rows[0].Values.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal("{\"Name\":\"é\",\"Count\":4.5,\"Empty\":\"\"}", rows[1].Values.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal("{\"Other\":true,\"Owner\":{\"id\":\"9\"},\"List\":[1,\"x\",null],\"When\":\"2024-01-02T03:04:05.0000000Z\",\"D\":0.1}", rows[2].Values.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal("{\"Other\":false}", rows[3].Values.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Equal(JTokenType.String, rows[2].Values["When"]!.Type);
        Assert.Equal(4, log.Read().Count());
    }

    private static List<KeyValuePair<string, object?>> Row(params (string Key, object? Value)[] values) => values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)).ToList();

    private static (JObject Json, List<PayloadProblem> Problems) Json(List<KeyValuePair<string, object?>> row, bool keepId)
    {
        var problems = new List<PayloadProblem>();
        var json = new RecordPayloadBuilder("Leads", Fields).Build(row, clearEmpty: false, problems, keepId);
        return (json, problems);
    }

    /// <summary>The row through bulk write: its cells by column name, or why it was refused.</summary>
    private static (Dictionary<string, string>? Cells, PayloadProblem? Problem) Bulk(string operation, string? findBy, List<KeyValuePair<string, object?>> row)
    {
        using var import = new BulkWriteImport(operation, new RecordPayloadBuilder("Leads", Fields), Fields, findBy);
        var problem = import.Add(0, null, row, row);
        var files = import.Complete();
        try
        {
            if (problem != null) return (null, problem);
            var csv = CsvOf(Assert.Single(files));
            Assert.Equal(2, csv.Count);
            return (csv[0].Zip(csv[1]).ToDictionary(p => p.First, p => p.Second), null);
        }
        finally
        {
            foreach (var f in files) { f.Input.Dispose(); f.Dispose(); }
        }
    }

    private static List<string[]> CsvOf(BulkWriteFile file)
    {
        using var stream = file.OpenRead();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        using var csv = new CsvReader(new StreamReader(Assert.Single(zip.Entries).Open(), Encoding.UTF8));
        var rows = new List<string[]>();
        var cells = new List<string>();
        while (csv.ReadRow(cells)) rows.Add(cells.ToArray());
        return rows;
    }
}
