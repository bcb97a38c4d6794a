using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>The org's recycle bin (fact sheet §22.1), locked records, peak in-flight calls and the §23 person links.</summary>
public sealed class RecycleBinTests : EmulatorTestBase
{
    private async Task<string[]> DeleteContactsAsync(int count)
    {
        var ids = Emulator.Records("Contacts").Take(count).Select(r => (string)r["id"]!).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await Client.SendApiAsync(HttpMethod.Delete, "/crm/v8/Contacts?ids=" + string.Join(',', ids))).Status);
        return ids;
    }

    [Fact]
    public async Task Deleted_records_are_in_the_bin_until_permanently_deleted()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/settings/recycle_bin")).Status);
        var ids = await DeleteContactsAsync(2);

        var bin = await Client.GetAsync("/crm/v8/settings/recycle_bin");
        Assert.Equal(HttpStatusCode.OK, bin.Status);
        var items = bin.Json["recycle_bin"]!.AsArray();
        Assert.Equal(ids.OrderBy(i => i), items.Select(i => i!["id"]!.GetValue<string>()).OrderBy(i => i));
        Assert.All(items, i => Assert.Equal("Contacts", i!["module"]!["api_name"]!.GetValue<string>()));
        Assert.False(bin.Json["info"]!["more_records"]!.GetValue<bool>());

        var purge = await Client.SendApiAsync(HttpMethod.Delete, "/crm/v8/settings/recycle_bin?ids=" + ids[0] + ",123");
        Assert.Equal((HttpStatusCode)207, purge.Status);
        var answers = purge.Json["recycle_bin"]!.AsArray();
        Assert.Equal("SUCCESS", answers[0]!["code"]!.GetValue<string>());
        Assert.Equal("INVALID_DATA", answers[1]!["code"]!.GetValue<string>());

        Assert.Equal([ids[1]], (await Client.GetAsync("/crm/v8/settings/recycle_bin")).Json["recycle_bin"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        var permanent = TestClient.Data(await Client.GetAsync("/crm/v8/Contacts/deleted?type=permanent"));
        Assert.Equal([ids[0]], permanent.Select(d => d!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendApiAsync(HttpMethod.Delete, "/crm/v8/settings/recycle_bin/" + ids[1])).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/settings/recycle_bin")).Status);
    }

    [Theory]
    [InlineData("/crm/v8/settings/recycle_bin", "REQUIRED_PARAM_MISSING")]
    [InlineData("/crm/v8/settings/recycle_bin?ids=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101", "LIMIT_EXCEEDED")]
    public async Task A_permanent_delete_needs_ids_and_at_most_100(string path, string code)
    {
        var response = await Client.SendApiAsync(HttpMethod.Delete, path);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_locked_record_refuses_deletion_per_item()
    {
        var ids = Emulator.Records("Contacts").Take(2).Select(r => (string)r["id"]!).ToArray();
        Emulator.Store.Lock("Contacts", long.Parse(ids[1], System.Globalization.CultureInfo.InvariantCulture));

        var response = await Client.SendApiAsync(HttpMethod.Delete, "/crm/v8/Contacts?ids=" + string.Join(',', ids));
        var data = TestClient.Data(response);
        Assert.Equal("success", data[0]!["status"]!.GetValue<string>());
        Assert.Equal("RECORD_LOCKED", data[1]!["code"]!.GetValue<string>());
        Assert.Contains(Emulator.Records("Contacts"), r => (string)r["id"]! == ids[1]);
    }

    [Fact]
    public async Task A_contacts_orders_invoices_and_activities_are_its_related_lists()
    {
        var contact = (string)Emulator.Records("Contacts")[0]["id"]!;
        var account = (string)Emulator.Records("Accounts")[0]["id"]!;
        foreach (var (module, body) in new[]
                 {
                     ("Invoices", "{\"data\":[{\"Subject\":\"Inv\",\"Contact_Name\":{\"id\":\"" + contact + "\"},\"Account_Name\":{\"id\":\"" + account + "\"}}]}"),
                     ("Sales_Orders", "{\"data\":[{\"Subject\":\"SO\",\"Contact_Name\":{\"id\":\"" + contact + "\"},\"Account_Name\":{\"id\":\"" + account + "\"}}]}"),
                     ("Events", "{\"data\":[{\"Event_Title\":\"Meet\",\"Start_DateTime\":\"2026-01-05T10:00:00+05:30\",\"End_DateTime\":\"2026-01-05T11:00:00+05:30\",\"Who_Id\":{\"id\":\"" + contact + "\"}}]}"),
                 })
        {
            var created = await Client.SendApiAsync(HttpMethod.Post, "/crm/v8/" + module, r => r.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.Status);
            var related = await Client.GetAsync($"/crm/v8/Contacts/{contact}/{module}?fields=id");
            Assert.Single(TestClient.Data(related));
        }
    }

    [Fact]
    public async Task Stats_report_the_peak_of_calls_in_flight()
    {
        Emulator.Options.LatencyMs = 50;
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Client.GetAsync("/crm/v8/Contacts?fields=id&per_page=1")));
        var stats = await Client.Http.GetStringAsync("/__emulator/stats");
        var peak = System.Text.Json.Nodes.JsonNode.Parse(stats)!["peakInFlight"]!.GetValue<int>();
        Assert.InRange(peak, 2, 3);
    }
}
