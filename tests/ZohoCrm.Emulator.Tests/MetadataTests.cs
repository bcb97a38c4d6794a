using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class MetadataTests : EmulatorTestBase
{
    [Fact]
    public async Task Current_user_is_Patricia_Boyle()
    {
        var response = await Client.GetAsync("/crm/v8/users?type=CurrentUser");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var user = response.Json["users"]!.AsArray().Single()!;
        Assert.Equal("Patricia Boyle", user["full_name"]!.GetValue<string>());
        Assert.Equal("active", user["status"]!.GetValue<string>());
        Assert.Equal("Administrator", user["profile"]!["name"]!.GetValue<string>());
        Assert.Equal("CEO", user["role"]!["name"]!.GetValue<string>());
        Assert.True(user["confirm"]!.GetValue<bool>());
        Assert.Equal(1, response.Json["info"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task User_types_paging_and_single_user()
    {
        Assert.Equal(7, (await Client.GetAsync("/crm/v8/users")).Json["users"]!.AsArray().Count);
        Assert.Single((await Client.GetAsync("/crm/v8/users?type=DeactiveUsers")).Json["users"]!.AsArray());
        Assert.Single((await Client.GetAsync("/crm/v8/users?type=NotConfirmedUsers")).Json["users"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/users?type=DeletedUsers")).Status);
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/users?type=Everyone")).Code);

        var page = await Client.GetAsync("/crm/v8/users?type=ActiveUsers&per_page=2&page=2");
        Assert.Equal(2, page.Json["users"]!.AsArray().Count);
        Assert.True(page.Json["info"]!["more_records"]!.GetValue<bool>());

        var id = page.Json["users"]![0]!["id"]!.GetValue<string>();
        var one = await Client.GetAsync("/crm/v8/users/" + id);
        Assert.Equal(id, one.Json["users"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/users/5725767000000000001")).Status);
    }

    [Fact]
    public async Task Org_has_the_time_zone_and_limits()
    {
        var org = (await Client.GetAsync("/crm/v8/org")).Json["org"]![0]!;
        Assert.Equal("Asia/Kolkata", org["time_zone"]!.GetValue<string>());
        Assert.Equal("Production", org["type"]!.GetValue<string>());
        Assert.Equal(200, org["max_per_page"]!.GetValue<int>());
        Assert.Matches(@"^\d{19}$", org["id"]!.GetValue<string>());
        Assert.NotNull(org["license_details"]!["paid_expiry"]);
    }

    [Fact]
    public async Task Modules_list_and_detail()
    {
        var modules = (await Client.GetAsync("/crm/v8/settings/modules")).Json["modules"]!.AsArray();
        var names = modules.Select(m => m!["api_name"]!.GetValue<string>()).ToList();
        Assert.Contains("Leads", names);
        Assert.Contains("Vendors", names);
        Assert.All(modules, m => Assert.True(m!["api_supported"]!.GetValue<bool>()));

        var leads = (await Client.GetAsync("/crm/v8/settings/modules/Leads")).Json["modules"]![0]!;
        Assert.Equal("Lead", leads["singular_label"]!.GetValue<string>());
        Assert.NotEmpty(leads["fields"]!.AsArray());

        var bad = await Client.GetAsync("/crm/v8/settings/modules/Nope");
        Assert.Equal("INVALID_MODULE", bad.Code);
    }

    [Fact]
    public async Task Fields_describe_types_mandatory_picklists_and_lookups()
    {
        var fields = (await Client.GetAsync("/crm/v8/settings/fields?module=Contacts")).Json["fields"]!.AsArray();
        var byName = fields.ToDictionary(f => f!["api_name"]!.GetValue<string>());
        Assert.True(byName["Last_Name"]!["system_mandatory"]!.GetValue<bool>());
        Assert.Equal("lookup", byName["Account_Name"]!["data_type"]!.GetValue<string>());
        Assert.Equal("Accounts", byName["Account_Name"]!["lookup"]!["module"]!["api_name"]!.GetValue<string>());
        Assert.Equal("date", byName["Date_of_Birth"]!["data_type"]!.GetValue<string>());
        Assert.Equal("ownerlookup", byName["Owner"]!["data_type"]!.GetValue<string>());
        Assert.Equal("jsonobject", byName["Owner"]!["json_type"]!.GetValue<string>());
        Assert.True(byName["Full_Name"]!["read_only"]!.GetValue<bool>());
        var source = byName["Lead_Source"]!["pick_list_values"]!.AsArray();
        Assert.Contains(source, v => v!["actual_value"]!.GetValue<string>() == "Web Download");

        var types = (await Client.GetAsync("/crm/v8/settings/fields?module=Leads")).Json["fields"]!.AsArray()
            .Select(f => f!["data_type"]!.GetValue<string>()).ToHashSet();
        foreach (var type in new[] { "text", "email", "phone", "picklist", "multiselectpicklist", "ownerlookup", "datetime", "date", "integer", "bigint", "currency", "boolean", "textarea", "website", "autonumber" })
        {
            Assert.Contains(type, types);
        }

        var missing = await Client.GetAsync("/crm/v8/settings/fields");
        Assert.Equal("REQUIRED_PARAM_MISSING", missing.Code);
        Assert.Equal("module", missing.Json["details"]!["param_name"]!.GetValue<string>());
        Assert.Equal("INVALID_MODULE", (await Client.GetAsync("/crm/v8/settings/fields?module=leads")).Code);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/settings/fields?module=Leads&type=unused")).Status);
    }

    [Fact]
    public async Task Custom_views_list_and_detail()
    {
        var response = await Client.GetAsync("/crm/v8/settings/custom_views?module=Leads");
        var views = response.Json["custom_views"]!.AsArray();
        Assert.Contains(views, v => v!["system_name"]?.GetValue<string>() == "ALLVIEWS" && v["default"]!.GetValue<bool>());
        var contacted = views.Single(v => v!["name"]!.GetValue<string>() == "Contacted Leads")!;
        Assert.Equal("equal", contacted["criteria"]!["comparator"]!.GetValue<string>());
        Assert.Equal("Lead_Status", contacted["criteria"]!["field"]!["api_name"]!.GetValue<string>());
        Assert.NotNull(response.Json["info"]!["default"]);

        var id = contacted["id"]!.GetValue<string>();
        var one = await Client.GetAsync($"/crm/v8/settings/custom_views/{id}?module=Leads");
        Assert.Equal(id, one.Json["custom_views"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/settings/custom_views/5725767000000000001?module=Leads")).Code);
    }

    [Fact]
    public async Task Metadata_answers_304_when_nothing_changed()
    {
        var response = await Client.GetAsync("/crm/v8/settings/fields?module=Leads", r => TestClient.IfModifiedSince(r, "2025-06-01T00:00:00+05:30"));
        Assert.Equal(HttpStatusCode.NotModified, response.Status);
    }

    [Fact]
    public async Task Metadata_calls_cost_one_credit_each()
    {
        var before = Emulator.Credits.Used;
        await Client.GetAsync("/crm/v8/org");
        await Client.GetAsync("/crm/v8/users?type=CurrentUser");
        await Client.GetAsync("/crm/v8/settings/modules");
        Assert.Equal(3, Emulator.Credits.Used - before);
    }
}
