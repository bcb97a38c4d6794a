using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class ConvertTests : EmulatorTestBase
{
    private static readonly JsonObject Deal = new()
    {
        ["Deal_Name"] = "Zylker renewal",
        ["Closing_Date"] = "2031-06-30",
        ["Stage"] = "Qualification",
        ["Pipeline"] = "Standard",
        ["Amount"] = 5000,
    };

    private async Task<string> NewLeadAsync(string? company = "Convertible Widgets Unique", string? email = null)
    {
        var lead = new JsonObject { ["First_Name"] = "Kenji", ["Last_Name"] = "Nakamura", ["Email"] = email ?? $"kenji.{Guid.NewGuid():N}@zylker.example", ["Lead_Source"] = "Cold Call" };
        if (company is not null)
        {
            lead["Company"] = company;
        }

        return TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(lead))).Single().Id();
    }

    private Task<ApiResponse> ConvertAsync(string leadId, JsonObject element) =>
        Client.PostJsonAsync($"/crm/v8/Leads/{leadId}/actions/convert", JsonRequests.Data(element));

    private JsonNode Record(string module, string id) => TestClient.Data(Client.GetAsync($"/crm/v8/{module}/{id}").GetAwaiter().GetResult()).Single()!;

    [Fact]
    public async Task Conversion_creates_contact_account_and_deal_then_refuses_a_second_time()
    {
        var leadId = await NewLeadAsync();
        var before = Emulator.Credits.TotalCharged;
        var response = await ConvertAsync(leadId, new JsonObject { ["overwrite"] = true, ["notify_lead_owner"] = true, ["notify_new_entity_owner"] = true, ["Deals"] = Deal.DeepClone() });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(5, Emulator.Credits.TotalCharged - before);
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal("SUCCESS", entry.Code());
        Assert.Equal("The record has been converted successfully", entry["message"]!.GetValue<string>());
        var details = entry["details"]!;
        Assert.Equal("Kenji Nakamura", details["Contacts"]!["name"]!.GetValue<string>());
        Assert.Equal("Zylker renewal", details["Deals"]!["name"]!.GetValue<string>());
        Assert.Equal("Convertible Widgets Unique", details["Accounts"]!["name"]!.GetValue<string>());

        var contactId = details["Contacts"]!["id"]!.GetValue<string>();
        var accountId = details["Accounts"]!["id"]!.GetValue<string>();
        var contact = Record("Contacts", contactId);
        Assert.Equal("Nakamura", contact["Last_Name"]!.GetValue<string>());
        Assert.Equal("Cold Call", contact["Lead_Source"]!.GetValue<string>());
        Assert.Equal(accountId, contact["Account_Name"]!["id"]!.GetValue<string>());
        var deal = Record("Deals", details["Deals"]!["id"]!.GetValue<string>());
        Assert.Equal(accountId, deal["Account_Name"]!["id"]!.GetValue<string>());
        Assert.Equal(contactId, deal["Contact_Name"]!["id"]!.GetValue<string>());
        Assert.Equal("Cold Call", deal["Lead_Source"]!.GetValue<string>());

        var lead = Record("Leads", leadId);
        Assert.True(lead["$converted"]!.GetValue<bool>());
        Assert.NotNull(lead["$converted_detail"]!["convert_date"]);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync($"/crm/v8/Leads?fields=Last_Name&ids={leadId}")).Status);

        var again = await ConvertAsync(leadId, new JsonObject());
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("ID_ALREADY_CONVERTED", again.Code);
        Assert.Equal("id already converted", again.Json["message"]!.GetValue<string>());
        Assert.Equal(2, again.Json["details"]!["resource_path_index"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_empty_element_makes_a_contact_and_an_account_without_a_deal()
    {
        var details = TestClient.Data(await ConvertAsync(await NewLeadAsync("Solo Company Unique"), new JsonObject())).Single()!["details"]!.AsObject();
        Assert.NotNull(details["Contacts"]);
        Assert.NotNull(details["Accounts"]);
        Assert.True(details.ContainsKey("Deals"));
        Assert.Null(details["Deals"]);

        var noCompany = TestClient.Data(await ConvertAsync(await NewLeadAsync(company: null), new JsonObject())).Single()!["details"]!.AsObject();
        Assert.Null(noCompany["Accounts"]);
        Assert.Null(Record("Contacts", noCompany["Contacts"]!["id"]!.GetValue<string>())["Account_Name"]);
    }

    [Fact]
    public async Task Missing_deal_fields_are_MANDATORY_NOT_FOUND_and_change_nothing()
    {
        var leadId = await NewLeadAsync();
        var contacts = Emulator.Records("Contacts").Count;
        var deal = Deal.DeepClone().AsObject();
        deal.Remove("Closing_Date");
        var response = await ConvertAsync(leadId, new JsonObject { ["Deals"] = deal });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal("MANDATORY_NOT_FOUND", entry.Code());
        Assert.Equal("Closing_Date", entry["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal("$.data[0].Deals.Closing_Date", entry["details"]!["json_path"]!.GetValue<string>());
        Assert.Equal(contacts, Emulator.Records("Contacts").Count);
        Assert.False(Record("Leads", leadId)["$converted"]!.GetValue<bool>());

        deal["Closing_Date"] = "30/06/2031";
        var wrongType = TestClient.Data(await ConvertAsync(leadId, new JsonObject { ["Deals"] = deal.DeepClone() })).Single()!;
        Assert.Equal("date", wrongType["details"]!["expected_data_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Existing_records_are_linked_and_overwritten_on_request()
    {
        var account = Emulator.Records("Accounts")[4];
        var contact = Emulator.Records("Contacts")[6];
        var leadId = await NewLeadAsync("Overwriting Company Unique");
        var response = await ConvertAsync(leadId, new JsonObject
        {
            ["overwrite"] = true,
            ["Accounts"] = new JsonObject { ["id"] = (string)account["id"]! },
            ["Contacts"] = new JsonObject { ["id"] = (string)contact["id"]! },
            ["assign_to"] = new JsonObject { ["id"] = "5725767000000235041" },
            ["carry_over_tags"] = new JsonObject { ["Contacts"] = new JsonArray("VIP") },
            ["move_attachments_to"] = new JsonObject { ["api_name"] = "Contacts", ["id"] = (string)contact["id"]! },
            ["add_to_existing_record"] = true,
        });

        var details = TestClient.Data(response).Single()!["details"]!;
        Assert.Equal((string)account["id"]!, details["Accounts"]!["id"]!.GetValue<string>());
        Assert.Equal((string)contact["id"]!, details["Contacts"]!["id"]!.GetValue<string>());
        Assert.Equal("Overwriting Company Unique", Record("Accounts", (string)account["id"]!)["Account_Name"]!.GetValue<string>());
        var linked = Record("Contacts", (string)contact["id"]!);
        Assert.Equal("Kenji", linked["First_Name"]!.GetValue<string>());
        Assert.Equal("VIP", linked["Tag"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Assign_to_owns_the_new_records_and_a_matching_contact_is_linked()
    {
        var existing = Emulator.Records("Contacts")[2];
        var leadId = await NewLeadAsync(company: null, email: (string)existing["Email"]!);
        var details = TestClient.Data(await ConvertAsync(leadId, new JsonObject { ["assign_to"] = new JsonObject { ["id"] = "5725767000000235041" }, ["Deals"] = Deal.DeepClone() })).Single()!["details"]!;

        Assert.Equal((string)existing["id"]!, details["Contacts"]!["id"]!.GetValue<string>());
        Assert.Equal("Aisha Rahman", Record("Deals", details["Deals"]!["id"]!.GetValue<string>())["Owner"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"Accounts\":\"5725767000000000001\"}", "INVALID_DATA", "Accounts")]
    [InlineData("{\"Accounts\":{\"id\":\"5725767000000000001\"}}", "INVALID_DATA", "Accounts")]
    [InlineData("{\"assign_to\":{\"id\":\"5725767000000235083\"}}", "INVALID_DATA", "assign_to")]
    [InlineData("{\"overwrite\":\"yes\"}", "INVALID_DATA", "overwrite")]
    [InlineData("{\"carry_over_tags\":{\"Leads\":[\"VIP\"]}}", "INVALID_DATA", "Leads")]
    [InlineData("{\"unknown_key\":1}", "INVALID_DATA", "unknown_key")]
    public async Task Bad_keys_are_per_record_errors(string element, string code, string apiName)
    {
        var response = await ConvertAsync(await NewLeadAsync(), (JsonObject)JsonNode.Parse(element)!);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        var entry = TestClient.Data(response).Single()!;
        Assert.Equal(code, entry.Code());
        Assert.Equal(apiName, entry["details"]!["api_name"]!.GetValue<string>());
        Assert.StartsWith("$.data[0]", entry["details"]!["json_path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_leads_and_bad_bodies_are_top_level_errors()
    {
        var unknown = await ConvertAsync("5725767000000000001", new JsonObject());
        Assert.Equal("INVALID_DATA", unknown.Code);
        Assert.Equal(2, unknown.Json["details"]!["resource_path_index"]!.GetValue<int>());
        Assert.Equal("INVALID_DATA", (await ConvertAsync("abc", new JsonObject())).Code);

        var leadId = await NewLeadAsync();
        Assert.Equal("MANDATORY_NOT_FOUND", (await Client.PostJsonAsync($"/crm/v8/Leads/{leadId}/actions/convert", new JsonObject())).Code);
        Assert.Equal("LIMIT_EXCEEDED", (await Client.PostJsonAsync($"/crm/v8/Leads/{leadId}/actions/convert", JsonRequests.Data(new JsonObject(), new JsonObject()))).Code);
        Assert.Equal("INVALID_REQUEST_METHOD", (await Client.GetAsync($"/crm/v8/Leads/{leadId}/actions/convert")).Code);
    }

    [Fact]
    public async Task Conversion_raises_one_change_per_record()
    {
        var leadId = await NewLeadAsync("Eventful Company Unique");
        var changes = new List<RecordChange>();
        Emulator.Store.RecordChanged += c => { lock (changes) changes.Add(c); };
        await ConvertAsync(leadId, new JsonObject { ["Deals"] = Deal.DeepClone() });

        Assert.Equal(["Accounts/Insert", "Contacts/Insert", "Deals/Insert", "Leads/Update"], changes.Select(c => $"{c.Module}/{c.Operation}").ToArray());
        Assert.Equal(["$converted"], changes[^1].ChangedFields);
    }
}

public sealed class ConvertOptionTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { ConvertAbsentEntityAsNull = false, ConvertLinksExistingDuplicates = false };

    [Fact]
    public async Task Options_omit_absent_entities_and_refuse_duplicates()
    {
        var lead = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["Last_Name"] = "Alone", ["Email"] = "alone@zylker.example" }))).Single().Id();
        var details = TestClient.Data(await Client.PostJsonAsync($"/crm/v8/Leads/{lead}/actions/convert", JsonRequests.Data(new JsonObject()))).Single()!["details"]!.AsObject();
        Assert.Equal(["Contacts"], details.Select(p => p.Key).ToArray());

        var email = (string)Emulator.Records("Contacts")[0]["Email"]!;
        var duplicate = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["Last_Name"] = "Twin", ["Email"] = email }))).Single().Id();
        var response = await Client.PostJsonAsync($"/crm/v8/Leads/{duplicate}/actions/convert", JsonRequests.Data(new JsonObject()));
        Assert.Equal("DUPLICATE_DATA", TestClient.Data(response).Single().Code());
    }
}
