using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>Related records, notes and tags (fact sheet §16–§18).</summary>
public sealed class RelatedDataTests : EmulatorTestBase
{
    private string FeaturedContact => (string)Emulator.Records("Contacts")[0]["id"]!;

    private async Task<List<JsonNode>> ReadAllAsync(string path, int perPage)
    {
        var rows = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var response = await Client.GetAsync($"{path}{(path.Contains('?') ? '&' : '?')}page={page}&per_page={perPage}");
            if (response.Status == HttpStatusCode.NoContent)
            {
                Assert.Empty(response.Body);
                return rows;
            }

            Assert.Equal(HttpStatusCode.OK, response.Status);
            rows.AddRange(TestClient.Data(response).Select(r => r!));
            Assert.Equal(perPage, response.Json["info"]!["per_page"]!.GetValue<int>());
            if (!response.Json["info"]!["more_records"]!.GetValue<bool>())
            {
                return rows;
            }
        }
    }

    [Theory]
    [InlineData("Cases", "Related_To", "Subject")]
    [InlineData("Quotes", "Contact_Name", "Subject")]
    public async Task A_contacts_children_come_back_across_pages(string list, string lookup, string field)
    {
        var expected = Emulator.Records(list).Where(r => r[lookup] is IReadOnlyDictionary<string, object?> l && (string)l["id"]! == FeaturedContact).Select(r => (string)r["id"]!).ToList();
        Assert.True(expected.Count >= 10, $"{expected.Count} {list} of the featured contact");

        var rows = await ReadAllAsync($"/crm/v8/Contacts/{FeaturedContact}/{list}?fields={field},{lookup}", 5);
        Assert.Equal(expected, rows.Select(r => r["id"]!.GetValue<string>()).ToList());
        Assert.All(rows, r => Assert.Equal(FeaturedContact, r[lookup]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Notes_of_a_record_carry_the_parent_in_the_v8_object_form()
    {
        var rows = await ReadAllAsync($"/crm/v8/Contacts/{FeaturedContact}/Notes?fields=Note_Title,Note_Content,Parent_Id", 7);
        Assert.True(rows.Count >= 21, rows.Count.ToString());
        Assert.All(rows, r =>
        {
            Assert.Equal("Contacts", r["Parent_Id"]!["module"]!["api_name"]!.GetValue<string>());
            Assert.Equal(FeaturedContact, r["Parent_Id"]!["id"]!.GetValue<string>());
            Assert.NotNull(r["$attachments"]);
        });
    }

    [Fact]
    public async Task If_modified_since_keeps_the_rows_changed_after_it_and_answers_304_when_none_changed()
    {
        var path = $"/crm/v8/Contacts/{FeaturedContact}/Cases?fields=Subject";
        var all = TestClient.Data(await Client.GetAsync(path));
        var future = await Client.GetAsync(path, r => TestClient.IfModifiedSince(r, "2099-01-01T00:00:00+05:30"));
        Assert.Equal(HttpStatusCode.NotModified, future.Status);
        var past = TestClient.Data(await Client.GetAsync(path, r => TestClient.IfModifiedSince(r, "2000-01-01T00:00:00+05:30")));
        Assert.Equal(all.Count, past.Count);
    }

    [Fact]
    public async Task Related_list_errors_are_zoho_errors()
    {
        var relation = await Client.GetAsync($"/crm/v8/Contacts/{FeaturedContact}/Nope?fields=id");
        Assert.Equal("INVALID_DATA", relation.Code);
        Assert.Equal("The relation name given seems to be invalid", relation.Json["message"]!.GetValue<string>());
        Assert.Equal(2, relation.Json["details"]!["resource_path_index"]!.GetValue<int>());

        var parent = await Client.GetAsync("/crm/v8/Contacts/5725767000000000001/Cases?fields=Subject");
        Assert.Equal("INVALID_DATA", parent.Code);
        Assert.Equal(1, parent.Json["details"]!["resource_path_index"]!.GetValue<int>());

        Assert.Equal("REQUIRED_PARAM_MISSING", (await Client.GetAsync($"/crm/v8/Contacts/{FeaturedContact}/Cases")).Code);
        Assert.Equal("INVALID_MODULE", (await Client.GetAsync($"/crm/v8/Nope/{FeaturedContact}/Cases?fields=Subject")).Code);
        var empty = await Client.GetAsync($"/crm/v8/Contacts/{FeaturedContact}/Campaigns?fields=Campaign_Name");
        Assert.Equal(HttpStatusCode.NoContent, empty.Status);
        Assert.Equal("INVALID_URL_PATTERN", (await Client.GetAsync("/crm/v8/settings/nothing/here")).Code);
    }

    [Fact]
    public async Task Many_to_many_lists_link_and_delink_with_relation_fields()
    {
        var campaign = (await Client.PostJsonAsync("/crm/v8/Campaigns", JsonRequests.Data(new JsonObject { ["Campaign_Name"] = "Spring" }))).Json["data"]![0].Id();
        var contacts = Emulator.Records("Contacts").Skip(1).Take(3).Select(r => (string)r["id"]!).ToArray();
        var body = JsonRequests.Data(
            new JsonObject { ["id"] = contacts[0], ["Member_Status"] = "Sent" },
            new JsonObject { ["id"] = contacts[1] },
            new JsonObject { ["id"] = "5725767000000000001" });
        var linked = await Client.PutJsonAsync($"/crm/v8/Campaigns/{campaign}/Contacts", body);
        Assert.Equal(207, linked.StatusCode);
        Assert.Equal(["SUCCESS", "SUCCESS", "INVALID_DATA"], TestClient.Data(linked).Select(e => e.Code()).ToArray());
        Assert.Equal("relation added", TestClient.Data(linked)[0]!["message"]!.GetValue<string>());

        var rows = TestClient.Data(await Client.GetAsync($"/crm/v8/Campaigns/{campaign}/Contacts?fields=Last_Name"));
        Assert.Equal(contacts.Take(2).Order(), rows.Select(r => r!["id"]!.GetValue<string>()).Order());
        Assert.Equal("Sent", rows.Single(r => r!["id"]!.GetValue<string>() == contacts[0])!["Member_Status"]!.GetValue<string>());
        var reverse = TestClient.Data(await Client.GetAsync($"/crm/v8/Contacts/{contacts[0]}/Campaigns?fields=Campaign_Name"));
        Assert.Equal(campaign, reverse.Single()!["id"]!.GetValue<string>());

        var delinked = await Client.DeleteAsync($"/crm/v8/Campaigns/{campaign}/Contacts?ids={contacts[0]},{contacts[1]}");
        Assert.Equal(200, delinked.StatusCode);
        Assert.All(TestClient.Data(delinked), e => Assert.Equal("relation removed", e!["message"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync($"/crm/v8/Campaigns/{campaign}/Contacts?fields=Last_Name")).Status);

        var tooMany = string.Join(",", Enumerable.Range(0, 101).Select(_ => contacts[2]));
        Assert.Equal("LIMIT_EXCEEDED", (await Client.DeleteAsync($"/crm/v8/Campaigns/{campaign}/Contacts?ids={tooMany}")).Code);
        var notLinkable = await Client.PutJsonAsync($"/crm/v8/Contacts/{FeaturedContact}/Cases", JsonRequests.Data(new JsonObject { ["id"] = contacts[2] }));
        Assert.Equal(400, notLinkable.StatusCode);
        Assert.Equal("INVALID_REQUEST_METHOD", notLinkable.Code);
    }

    [Fact]
    public async Task Notes_are_created_in_both_parent_forms_and_refused_per_note()
    {
        var lead = (string)Emulator.OpenLeads()[0]["id"]!;
        var body = JsonRequests.Data(
            new JsonObject { ["Note_Title"] = "Nested", ["Note_Content"] = "v8 form", ["Parent_Id"] = new JsonObject { ["module"] = new JsonObject { ["api_name"] = "Leads" }, ["id"] = lead } },
            new JsonObject { ["Note_Title"] = "Flat", ["Note_Content"] = "v2 form", ["Parent_Id"] = lead, ["se_module"] = "Leads" },
            new JsonObject { ["Note_Title"] = "Empty", ["Parent_Id"] = lead, ["se_module"] = "Leads" },
            new JsonObject { ["Note_Content"] = "orphan", ["Parent_Id"] = "5725767000000000001", ["se_module"] = "Leads" });
        var created = await Client.PostJsonAsync("/crm/v8/Notes", body);
        Assert.Equal(207, created.StatusCode);
        var entries = TestClient.Data(created);
        Assert.Equal(["SUCCESS", "SUCCESS", "MANDATORY_NOT_FOUND", "INVALID_DATA"], entries.Select(e => e.Code()).ToArray());
        Assert.Equal("Note_Content", entries[2]!["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal("Parent_Id", entries[3]!["details"]!["api_name"]!.GetValue<string>());

        var notes = TestClient.Data(await Client.GetAsync($"/crm/v8/Leads/{lead}/Notes?fields=Note_Title,Parent_Id"));
        Assert.Equal(["Nested", "Flat"], notes.Select(n => n!["Note_Title"]!.GetValue<string>()).ToArray());
        Assert.All(notes, n => Assert.Equal("Leads", n!["Parent_Id"]!["module"]!["api_name"]!.GetValue<string>()));

        var underParent = await Client.PostJsonAsync($"/crm/v8/Leads/{lead}/Notes", JsonRequests.Data(new JsonObject { ["Note_Content"] = "from the path" }));
        Assert.Equal(201, underParent.StatusCode);
        var noteId = TestClient.Data(underParent)[0].Id();
        var updated = await Client.PutJsonAsync($"/crm/v8/Leads/{lead}/Notes/{noteId}", JsonRequests.Data(new JsonObject { ["Note_Content"] = "changed" }));
        Assert.Equal("record updated", TestClient.Data(updated)[0]!["message"]!.GetValue<string>());
        Assert.Equal("changed", TestClient.Data(await Client.GetAsync($"/crm/v8/Notes/{noteId}"))[0]!["Note_Content"]!.GetValue<string>());
        var deleted = await Client.DeleteAsync($"/crm/v8/Leads/{lead}/Notes/{noteId}");
        Assert.Equal("record deleted", TestClient.Data(deleted)[0]!["message"]!.GetValue<string>());
        Assert.Equal(2, TestClient.Data(await Client.GetAsync($"/crm/v8/Leads/{lead}/Notes?fields=Note_Title")).Count);
    }

    [Fact]
    public async Task Tags_are_listed_added_to_many_records_and_removed()
    {
        var list = await Client.GetAsync("/crm/v8/settings/tags?module=Leads");
        Assert.Equal(100, list.Json["info"]!["allowed_count"]!.GetValue<int>());
        Assert.Contains("VIP", list.Json["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("REQUIRED_PARAM_MISSING", (await Client.GetAsync("/crm/v8/settings/tags")).Code);

        var ids = Emulator.OpenLeads().Take(3).Select(r => (string)r["id"]!).ToList();
        ids.Add("5725767000000000001");
        var added = await Client.PostJsonAsync("/crm/v8/Leads/actions/add_tags", new JsonObject
        {
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "Webinar" }, new JsonObject { ["name"] = "VIP" }),
            ["ids"] = new JsonArray(ids.Select(i => (JsonNode?)i).ToArray()),
            ["over_write"] = false,
        });
        Assert.Equal(207, added.StatusCode);
        Assert.Equal("3", added.Json["success_count"]!.GetValue<string>());
        Assert.Equal(["SUCCESS", "SUCCESS", "SUCCESS", "INVALID_DATA"], TestClient.Data(added).Select(e => e.Code()).ToArray());
        Assert.Contains("Webinar", TestClient.Data(added)[0]!["details"]!["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Contains("Webinar", (await Client.GetAsync("/crm/v8/settings/tags?module=Leads")).Json["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));

        var removed = await Client.PostJsonAsync("/crm/v8/Leads/actions/remove_tags", new JsonObject
        {
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "Webinar" }),
            ["ids"] = new JsonArray(ids.Take(3).Select(i => (JsonNode?)i).ToArray()),
        });
        Assert.Equal(200, removed.StatusCode);
        Assert.All(TestClient.Data(removed), e => Assert.DoesNotContain("Webinar", e!["details"]!["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Tag_limits_are_enforced()
    {
        var lead = (string)Emulator.OpenLeads()[5]["id"]!;
        JsonObject Body(int count, int start = 0) => new()
        {
            ["tags"] = new JsonArray(Enumerable.Range(start, count).Select(i => (JsonNode?)new JsonObject { ["name"] = "Limit" + i }).ToArray()),
            ["ids"] = new JsonArray(lead),
            ["over_write"] = true,
        };

        var perRecord = await Client.PostJsonAsync("/crm/v8/Leads/actions/add_tags", Body(11));
        Assert.Equal(400, perRecord.StatusCode);
        Assert.Equal("LIMIT_EXCEEDED", TestClient.Data(perRecord)[0].Code());
        Assert.Equal(10, TestClient.Data(perRecord)[0]!["details"]!["limit"]!.GetValue<int>());

        var longName = await Client.PostJsonAsync("/crm/v8/Leads/actions/add_tags", new JsonObject
        {
            ["tags"] = new JsonArray(new JsonObject { ["name"] = new string('x', 26) }),
            ["ids"] = new JsonArray(lead),
        });
        Assert.Equal("INVALID_DATA", longName.Code);
        Assert.Equal(25, longName.Json["details"]!["maximum_length"]!.GetValue<int>());

        // Leads start with 3 tags; new names fill the module up to its 100 and the call that would pass it fails whole.
        ApiResponse? perModule = null;
        for (var start = 0; start < 200 && perModule is null; start += 10)
        {
            var response = await Client.PostJsonAsync("/crm/v8/Leads/actions/add_tags", Body(10, start));
            if (response.Code is not null)
            {
                perModule = response;
            }
        }

        Assert.Equal("LIMIT_EXCEEDED", perModule!.Code);
        Assert.Equal(100, perModule.Json["details"]!["limit"]!.GetValue<int>());
        Assert.True((await Client.GetAsync("/crm/v8/settings/tags?module=Leads")).Json["tags"]!.AsArray().Count <= 100);

        var tooMany = new JsonObject
        {
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "VIP" }),
            ["ids"] = new JsonArray(Enumerable.Range(0, 501).Select(_ => (JsonNode?)lead).ToArray()),
        };
        Assert.Equal("LIMIT_EXCEEDED", (await Client.PostJsonAsync("/crm/v8/Leads/actions/add_tags", tooMany)).Code);
    }
}
