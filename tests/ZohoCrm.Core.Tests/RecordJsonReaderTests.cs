using System.Text;
using ZohoCrm.Core.Json;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Tests;

public class RecordJsonReaderTests
{
    private static readonly FieldTypeMap Types = new(new[]
    {
        new ZohoField("Created_Time", null, "datetime"),
        new ZohoField("Date_of_Birth", null, "date"),
        new ZohoField("Annual_Revenue", null, "currency"),
        new ZohoField("No_of_Employees", null, "integer"),
        new ZohoField("Probability", null, "percent"),
        new ZohoField("Email_Opt_Out", null, "boolean"),
        new ZohoField("Owner", null, "ownerlookup"),
        new ZohoField("Tags_Multi", null, "multiselectpicklist"),
        new ZohoField("Description", null, "textarea"),
    });

    private static (List<ZohoRecord> Records, PageInfo Info) Read(string json)
        => RecordJsonReader.ReadPage(new MemoryStream(Encoding.UTF8.GetBytes(json)), "Leads", Types);

    [Fact]
    public void Values_are_typed_by_field_metadata()
    {
        var (records, info) = Read("""
            {"data":[{"id":"4150868000000224001","Created_Time":"2024-05-01T10:20:30+05:30","Date_of_Birth":"1990-02-03",
              "Annual_Revenue":12345.67,"No_of_Employees":42,"Probability":12.5,"Email_Opt_Out":true,
              "Owner":{"name":"Patricia Boyle","id":"4150868000000225013","email":"p@x.example"},
              "Tags_Multi":["A","B"],"Description":"2024-05-01T10:20:30+05:30","Unknown":7,"Nothing":null}],
             "info":{"per_page":200,"count":1,"page":1,"more_records":true,"next_page_token":"tok","sort_by":"id","sort_order":"desc"}}
            """);
        var r = Assert.Single(records);
        var f = r.Fields.ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("4150868000000224001", r.Id);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.FromHours(5.5)), f["Created_Time"]);
        Assert.Equal(new DateTime(1990, 2, 3), f["Date_of_Birth"]);
        Assert.Equal(12345.67m, f["Annual_Revenue"]);
        Assert.Equal(42L, f["No_of_Employees"]);
        Assert.Equal(12.5, f["Probability"]);
        Assert.Equal(true, f["Email_Opt_Out"]);
        var owner = Assert.IsType<ZohoObject>(f["Owner"]);
        Assert.Equal("Patricia Boyle", owner.Properties.Single(p => p.Key == "name").Value);
        Assert.Equal(new object?[] { "A", "B" }, f["Tags_Multi"]);
        Assert.Equal("2024-05-01T10:20:30+05:30", f["Description"]); // text stays text
        Assert.Equal(7L, f["Unknown"]);
        Assert.Null(f["Nothing"]);
        Assert.True(info.MoreRecords);
        Assert.Equal("tok", info.NextPageToken);
        Assert.Equal(200, info.PerPage);
    }

    [Fact]
    public void Field_order_is_kept()
    {
        var (records, _) = Read("""{"data":[{"Z":1,"A":2,"id":"1"}],"info":{}}""");
        Assert.Equal(new[] { "Z", "A", "id" }, records[0].Fields.Select(kv => kv.Key));
    }

    [Fact]
    public void Currency_keeps_exact_decimals_and_integers_in_currency_fields_become_decimal()
    {
        var (records, _) = Read("""{"data":[{"Annual_Revenue":0.1},{"Annual_Revenue":5}],"info":{}}""");
        Assert.Equal(0.1m, records[0].Fields[0].Value);
        Assert.Equal(5m, records[1].Fields[0].Value);
    }

    [Fact]
    public void Info_before_data_and_unknown_top_level_keys_are_handled()
    {
        var (records, info) = Read("""{"info":{"more_records":false,"extra":{"a":[1,2]}},"other":[1,{"x":2}],"data":[{"id":"1"}]}""");
        Assert.Single(records);
        Assert.False(info.MoreRecords);
    }

    [Fact]
    public void Unparseable_typed_values_stay_as_sent()
    {
        var (records, _) = Read("""{"data":[{"Created_Time":"not a date","No_of_Employees":"many"}]}""");
        Assert.Equal("not a date", records[0].Fields[0].Value);
        Assert.Equal("many", records[0].Fields[1].Value);
    }

    [Fact]
    public void Records_with_fields_in_another_order_or_number_are_typed_by_name()
    {
        // The reader finds a field's kind by its position in the record before; a record that differs must not take
        // the kind of whatever was at that position.
        var (records, _) = Read("""
            {"data":[
              {"id":"1","Created_Time":"2024-05-01T10:20:30+05:30","No_of_Employees":"42","Owner":{"id":"9","Date_of_Birth":"1990-02-03"}},
              {"id":"2","No_of_Employees":"7","Created_Time":"2024-05-02T10:20:30+05:30"},
              {"Description":"2024-05-01","Created_Time":"2024-05-03T10:20:30-08:00","id":"3","Date_of_Birth":"1990-02-03","No_of_Employees":"8","Extra":"x"},
              {"Created_Time":"2024-05-04T10:20:30+00:00"}
            ],"info":{}}
            """);
        var fields = records.Select(r => r.Fields.ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.FromHours(5.5)), fields[0]["Created_Time"]);
        Assert.Equal(42L, fields[0]["No_of_Employees"]);
        // A nested object's fields are not the module's: its text stays text.
        Assert.Equal("1990-02-03", Assert.IsType<ZohoObject>(fields[0]["Owner"]).Properties.Single(p => p.Key == "Date_of_Birth").Value);
        Assert.Equal(7L, fields[1]["No_of_Employees"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 2, 10, 20, 30, TimeSpan.FromHours(5.5)), fields[1]["Created_Time"]);
        Assert.Equal("2024-05-01", fields[2]["Description"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 10, 20, 30, TimeSpan.FromHours(-8)), fields[2]["Created_Time"]);
        Assert.Equal("3", fields[2]["id"]);
        Assert.Equal(new DateTime(1990, 2, 3), fields[2]["Date_of_Birth"]);
        Assert.Equal(8L, fields[2]["No_of_Employees"]);
        Assert.Equal("x", fields[2]["Extra"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 4, 10, 20, 30, TimeSpan.Zero), fields[3]["Created_Time"]);
        Assert.Equal(new[] { 4, 3, 6, 1 }, records.Select(r => r.Fields.Count));
    }
}
