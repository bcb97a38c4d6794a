using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>Per-field type and length checks of writes: each bad value gives its record INVALID_DATA with Zoho's details.</summary>
public sealed class FieldValidationTests : EmulatorTestBase
{
    [Theory]
    [InlineData("No_of_Employees", "\"12\"", "expected_data_type", "integer")]
    [InlineData("No_of_Employees", "12.5", "expected_data_type", "integer")]
    [InlineData("No_of_Employees", "1234567890", "maximum_length", "9")]
    [InlineData("Annual_Revenue", "\"lots\"", "expected_data_type", "currency")]
    [InlineData("Annual_Revenue", "1e20", "maximum_length", "16")]
    [InlineData("Email_Opt_Out", "\"yes\"", "expected_data_type", "boolean")]
    [InlineData("Follow_Up_Date", "\"2024/01/01\"", "expected_data_type", "date")]
    [InlineData("Follow_Up_Date", "\"2024-02-30\"", "expected_data_type", "date")]
    [InlineData("Email", "\"not-an-email\"", "expected_data_type", "email")]
    [InlineData("Email", "42", "expected_data_type", "email")]
    [InlineData("Phone", "\"call me\"", "expected_data_type", "phone")]
    [InlineData("Website", "\"not a site\"", "expected_data_type", "website")]
    [InlineData("Lead_Status", "\"Sleeping\"", "expected_data_type", "picklist")]
    [InlineData("Product_Interest", "\"CRM\"", "expected_data_type", "jsonarray")]
    [InlineData("Product_Interest", "[\"Nope\"]", "expected_data_type", "multiselectpicklist")]
    [InlineData("Legacy_ID", "\"12a\"", "expected_data_type", "bigint")]
    [InlineData("Owner", "\"5725767000000235013\"", "expected_data_type", "jsonobject")]
    [InlineData("Twitter", "\"@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "maximum_length", "50")]
    public async Task Bad_values_are_INVALID_DATA_with_the_expected_type_or_length(string field, string json, string key, string expected)
    {
        var record = JsonRequests.Lead("Typed");
        record[field] = JsonNode.Parse(json);
        var response = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(record));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal("INVALID_DATA", entry.Code());
        Assert.Equal("invalid data", entry["message"]!.GetValue<string>());
        Assert.Equal(field, entry["details"]!["api_name"]!.GetValue<string>());
        Assert.StartsWith("$.data[0]." + field, entry["details"]!["json_path"]!.GetValue<string>());
        Assert.Equal(expected, entry["details"]![key]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"2024-05-01T10:20:30Z\"")]
    [InlineData("\"2024-05-01T10:20:30\"")]
    [InlineData("\"2024-05-01 10:20:30+05:30\"")]
    [InlineData("\"2024-05-01T10:20:30.123+05:30\"")]
    public async Task Date_times_need_an_offset(string value)
    {
        var record = new JsonObject { ["Event_Title"] = "Demo", ["End_DateTime"] = "2024-05-01T11:00:00+05:30", ["Start_DateTime"] = JsonNode.Parse(value) };
        var entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Events", JsonRequests.Data(record))).Single()!;
        Assert.Equal("datetime", entry["details"]!["expected_data_type"]!.GetValue<string>());

        record["Start_DateTime"] = "2024-05-01T10:20:30-04:00";
        Assert.Equal("SUCCESS", TestClient.Data(await Client.PostJsonAsync("/crm/v8/Events", JsonRequests.Data(record))).Single().Code());
    }

    [Fact]
    public async Task Lookups_must_name_existing_records_and_owners_active_users()
    {
        var contact = new JsonObject { ["Last_Name"] = "Linked", ["Account_Name"] = new JsonObject { ["id"] = "5725767000000000001" } };
        var entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Contacts", JsonRequests.Data(contact))).Single()!;
        Assert.Equal("INVALID_DATA", entry.Code());
        Assert.Equal("Account_Name", entry["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal("5725767000000000001", entry["details"]!["id"]!.GetValue<string>());

        var account = Emulator.Records("Accounts")[3];
        contact["Account_Name"] = new JsonObject { ["id"] = (string)account["id"]!, ["name"] = "ignored" };
        contact["Owner"] = new JsonObject { ["id"] = "5725767000000235083" };
        entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Contacts", JsonRequests.Data(contact))).Single()!;
        Assert.Equal("Owner", entry["details"]!["api_name"]!.GetValue<string>());

        contact["Owner"] = new JsonObject { ["id"] = "5725767000000235027" };
        entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Contacts", JsonRequests.Data(contact))).Single()!;
        var stored = TestClient.Data(await Client.GetAsync("/crm/v8/Contacts/" + entry.Id())).Single()!;
        Assert.Equal((string)account["Account_Name"]!, stored["Account_Name"]!["name"]!.GetValue<string>());
        Assert.Equal("Marcus Chen", stored["Owner"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_fields_are_refused_and_read_only_fields_ignored()
    {
        var unknown = JsonRequests.Lead("Unknown");
        unknown["Favourite_Colour"] = "blue";
        var entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(unknown))).Single()!;
        Assert.Equal("INVALID_DATA", entry.Code());
        Assert.Equal("Favourite_Colour", entry["details"]!["api_name"]!.GetValue<string>());

        var readOnly = JsonRequests.Lead("ReadOnly");
        readOnly["Full_Name"] = "Somebody Else";
        readOnly["Created_Time"] = "2020-01-01T00:00:00+05:30";
        readOnly["Lead_Number"] = "LD-99999";
        readOnly["$approved"] = false;
        readOnly["id"] = "123";
        entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(readOnly))).Single()!;
        Assert.Equal("SUCCESS", entry.Code());
        var stored = TestClient.Data(await Client.GetAsync("/crm/v8/Leads/" + entry.Id())).Single()!;
        Assert.Equal("ReadOnly", stored["Full_Name"]!.GetValue<string>());
        Assert.NotEqual("LD-99999", stored["Lead_Number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Empty_values_clear_fields_and_deals_compute_probability_and_expected_revenue()
    {
        var deal = new JsonObject
        {
            ["Deal_Name"] = "Renewal",
            ["Closing_Date"] = "2024-06-30",
            ["Stage"] = "Negotiation/Review",
            ["Pipeline"] = "Standard",
            ["Amount"] = 1000.006,
            ["Next_Step"] = string.Empty,
        };
        var entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Deals", JsonRequests.Data(deal))).Single()!;
        var stored = TestClient.Data(await Client.GetAsync("/crm/v8/Deals/" + entry.Id())).Single()!;
        Assert.Equal(1000.01, stored["Amount"]!.GetValue<double>());
        Assert.Equal(90, stored["Probability"]!.GetValue<int>());
        Assert.Equal(900.009, stored["Expected_Revenue"]!.GetValue<double>(), 3);
        Assert.Null(stored["Next_Step"]);

        deal.Remove("Pipeline");
        var missing = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Deals", JsonRequests.Data(deal))).Single()!;
        Assert.Equal("Pipeline", missing["details"]!["api_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_record_that_is_not_an_object_fails_alone()
    {
        var response = await Client.SendJsonAsync(HttpMethod.Post, "/crm/v8/Leads", "{\"data\":[\"Smith\",{\"Last_Name\":\"Smith\"}]}");
        Assert.Equal(207, response.StatusCode);
        Assert.Equal("jsonobject", TestClient.Data(response)[0]!["details"]!["expected_data_type"]!.GetValue<string>());
    }
}

/// <summary>The switches for Zoho's leniency: unknown fields, read-only fields, picklist values, numeric maximum_length.</summary>
public sealed class LenientWriteTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new()
    {
        RejectUnknownFields = false,
        RejectReadOnlyFields = true,
        AcceptUnknownPicklistValues = true,
        MaximumLengthAsString = false,
        AllRecordsFailedStatusCode = 202,
    };

    [Fact]
    public async Task Options_switch_the_uncertain_rules()
    {
        var record = JsonRequests.Lead("Lenient");
        record["Favourite_Colour"] = "blue";
        record["Lead_Status"] = "Sleeping";
        Assert.Equal("SUCCESS", TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(record))).Single().Code());

        record["Full_Name"] = "x";
        var readOnly = await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(record));
        Assert.Equal(202, readOnly.StatusCode);
        Assert.Equal("Full_Name", TestClient.Data(readOnly).Single()!["details"]!["api_name"]!.GetValue<string>());

        var tooLong = JsonRequests.Lead(new string('x', 81));
        var entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(tooLong))).Single()!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, entry["details"]!["maximum_length"]!.GetValueKind());
    }
}
