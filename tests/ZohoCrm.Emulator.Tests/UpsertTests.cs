using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class UpsertTests : EmulatorTestBase
{
    [Fact]
    public async Task Upsert_on_email_updates_instead_of_duplicating()
    {
        var existing = Emulator.OpenLeads()[7];
        var email = ((string)existing["Email"]!).ToUpperInvariant();
        var body = JsonRequests.Data(
            new JsonObject { ["Last_Name"] = "Changed", ["Email"] = email },
            JsonRequests.Lead("Fresh"));
        body["duplicate_check_fields"] = new JsonArray("Email");

        var response = await Client.PostJsonAsync("/crm/v8/Leads/upsert", body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var data = TestClient.Data(response);
        Assert.Equal("update", data[0]!["action"]!.GetValue<string>());
        Assert.Equal("Email", data[0]!["duplicate_field"]!.GetValue<string>());
        Assert.Equal("record updated", data[0]!["message"]!.GetValue<string>());
        Assert.Equal((string)existing["id"]!, data[0].Id());
        Assert.Equal("insert", data[1]!["action"]!.GetValue<string>());
        Assert.Equal("record added", data[1]!["message"]!.GetValue<string>());
        Assert.False(data[1]!.AsObject().ContainsKey("duplicate_field"));
        Assert.Equal(201, Emulator.Records("Leads").Count);
        Assert.Equal("Changed", Emulator.Records("Leads").Single(r => r["id"]!.Equals(existing["id"]))["Last_Name"]);
    }

    [Fact]
    public async Task Without_duplicate_check_fields_the_system_and_unique_fields_are_used()
    {
        var account = Emulator.Records("Accounts")[2];
        var response = await Client.PostJsonAsync("/crm/v8/Accounts/upsert", JsonRequests.Data(
            new JsonObject { ["Account_Name"] = (string)account["Account_Name"]!, ["Phone"] = "+91 44 1234 5678" }));
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal("update", entry["action"]!.GetValue<string>());
        Assert.Equal("Account_Name", entry["duplicate_field"]!.GetValue<string>());

        var deal = Emulator.Records("Deals")[0];
        var dealUpsert = await Client.PostJsonAsync("/crm/v8/Deals/upsert", JsonRequests.Data(new JsonObject { ["Deal_Name"] = (string)deal["Deal_Name"]!, ["Amount"] = 5 }));
        Assert.Equal("Deal_Name", TestClient.Data(dealUpsert).Single()!["duplicate_field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Duplicate_check_fields_are_checked_in_order()
    {
        var leads = Emulator.OpenLeads();
        var body = JsonRequests.Data(new JsonObject
        {
            ["Last_Name"] = "Ordered",
            ["Email"] = (string)leads[3]["Email"]!,
        });
        body["duplicate_check_fields"] = new JsonArray("Email");
        var entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads/upsert", body)).Single()!;
        Assert.Equal((string)leads[3]["id"]!, entry.Id());
    }

    [Fact]
    public async Task An_insert_by_upsert_still_needs_the_mandatory_fields_and_checks_its_keys()
    {
        var missing = await Client.PostJsonAsync("/crm/v8/Leads/upsert", JsonRequests.Data(new JsonObject { ["Email"] = "nobody@zylker.example" }));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal("MANDATORY_NOT_FOUND", TestClient.Data(missing).Single().Code());

        var notUnique = JsonRequests.Data(JsonRequests.Lead("X"));
        notUnique["duplicate_check_fields"] = new JsonArray("City");
        Assert.Equal("INVALID_DATA", (await Client.PostJsonAsync("/crm/v8/Leads/upsert", notUnique)).Code);

        var unknown = JsonRequests.Data(JsonRequests.Lead("X"));
        unknown["duplicate_check_fields"] = new JsonArray("Nope");
        Assert.Equal("INVALID_DATA", (await Client.PostJsonAsync("/crm/v8/Leads/upsert", unknown)).Code);

        var notArray = JsonRequests.Data(JsonRequests.Lead("X"));
        notArray["duplicate_check_fields"] = "Email";
        Assert.Equal("INVALID_DATA", (await Client.PostJsonAsync("/crm/v8/Leads/upsert", notArray)).Code);
    }

    [Fact]
    public async Task Upsert_of_a_converted_lead_is_refused()
    {
        var converted = Emulator.Records("Leads").First(r => (bool)r["$converted"]!);
        var entry = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads/upsert", JsonRequests.Data(new JsonObject { ["Last_Name"] = "x", ["Email"] = (string)converted["Email"]! }))).Single();
        Assert.Equal("ID_ALREADY_CONVERTED", entry.Code());
    }
}

public sealed class UpsertOptionTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new()
    {
        UpsertInsertDuplicateField = UpsertInsertDuplicateField.Null,
        UpsertSuccessStatusCode = 201,
        UpsertAllowsAnyDuplicateCheckField = true,
    };

    [Fact]
    public async Task Options_give_null_duplicate_field_201_and_any_field()
    {
        var body = JsonRequests.Data(JsonRequests.Lead("Inserted"));
        body["duplicate_check_fields"] = new JsonArray("City");
        var response = await Client.PostJsonAsync("/crm/v8/Leads/upsert", body);
        Assert.Equal(201, response.StatusCode);
        var entry = TestClient.Data(response).Single()!.AsObject();
        Assert.True(entry.ContainsKey("duplicate_field"));
        Assert.Null(entry["duplicate_field"]);
    }
}
