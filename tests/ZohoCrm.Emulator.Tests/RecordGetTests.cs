using System.Net;
using System.Text.RegularExpressions;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed partial class RecordGetTests : EmulatorTestBase
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$")]
    private static partial Regex ZohoDateTime();

    [GeneratedRegex(@"^\d{19}$")]
    private static partial Regex ZohoId();

    [Fact]
    public async Task Get_one_returns_the_whole_record_in_zoho_shapes()
    {
        var id = (string)Emulator.Records("Contacts")[3]["id"]!;
        var response = await Client.GetAsync("/crm/v8/Contacts/" + id);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var record = TestClient.Data(response).Single()!.AsObject();
        Assert.Matches(ZohoId(), record["id"]!.GetValue<string>());
        Assert.Equal(id, record["id"]!.GetValue<string>());
        foreach (var field in Emulator.Modules.Find("Contacts")!.Fields)
        {
            Assert.True(record.ContainsKey(field.ApiName), field.ApiName);
        }

        Assert.Matches(ZohoDateTime(), record["Created_Time"]!.GetValue<string>());
        Assert.Matches(ZohoDateTime(), record["Modified_Time"]!.GetValue<string>());
        Assert.Matches(ZohoId(), record["Owner"]!["id"]!.GetValue<string>());
        Assert.NotNull(record["Owner"]!["email"]);
        Assert.NotNull(record["Created_By"]!["name"]);
        Assert.Contains(record["Email_Opt_Out"]!.GetValueKind(), new[] { System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False });
        Assert.Equal(System.Text.Json.JsonValueKind.Array, record["Tag"]!.GetValueKind());
        if (record["Date_of_Birth"] is { } dob)
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", dob.GetValue<string>());
        }

        if (record["Account_Name"] is { } account)
        {
            Assert.Matches(ZohoId(), account["id"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(account["name"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Values_keep_their_json_types()
    {
        var response = await Client.GetAsync("/crm/v8/Leads/" + (string)Emulator.Records("Leads")[0]["id"]!);
        var record = TestClient.Data(response).Single()!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, record["No_of_Employees"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, record["Annual_Revenue"]!.GetValueKind());
        Assert.Contains(record["Email_Opt_Out"]!.GetValueKind(), new[] { System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False });
        Assert.Equal(System.Text.Json.JsonValueKind.Array, record["Product_Interest"]!.GetValueKind());
        Assert.StartsWith("LD-", record["Lead_Number"]!.GetValue<string>());
        Assert.NotNull(record["$converted"]);
    }

    [Fact]
    public async Task Unknown_id_answers_204_and_a_non_numeric_id_INVALID_DATA()
    {
        var missing = await Client.GetAsync("/crm/v8/Leads/5725767000000000001");
        Assert.Equal(HttpStatusCode.NoContent, missing.Status);
        Assert.Equal(string.Empty, missing.Body);

        var bad = await Client.GetAsync("/crm/v8/Leads/not-an-id");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("INVALID_DATA", bad.Code);
        Assert.Equal(1, bad.Json["details"]!["resource_path_index"]!.GetValue<int>());
    }

    [Fact]
    public async Task Fields_limits_the_record_and_If_Modified_Since_answers_304()
    {
        var id = (string)Emulator.Records("Deals")[0]["id"]!;
        var response = await Client.GetAsync($"/crm/v8/Deals/{id}?fields=Deal_Name,Stage");
        Assert.Equal(["Deal_Name", "Stage", "id"], TestClient.Data(response).Single()!.AsObject().Select(p => p.Key).ToArray());

        var notModified = await Client.GetAsync($"/crm/v8/Deals/{id}", r => TestClient.IfModifiedSince(r, "2025-01-01T00:00:00+05:30"));
        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);
    }
}

public sealed class MissingRecordSwitchTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { MissingRecordBehavior = MissingRecordBehavior.InvalidData };

    [Fact]
    public async Task Unknown_id_can_answer_INVALID_DATA()
    {
        var response = await Client.GetAsync("/crm/v8/Leads/5725767000000000001");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_DATA", response.Code);
        Assert.Equal(1, response.Json["details"]!["resource_path_index"]!.GetValue<int>());
    }
}
