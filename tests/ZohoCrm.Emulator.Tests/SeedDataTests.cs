using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class SeedDataTests
{
    [Fact]
    public async Task Two_hundred_thousand_leads_are_seeded_and_page_by_token()
    {
        var (emulator, client) = await TestClient.StartAsync(new EmulatorOptions { Leads = 200_000, DailyCredits = 0 });
        await using (emulator)
        using (client)
        {
            Assert.Equal(200_000, emulator.Store.Records("Leads")!.Count);

            var response = await client.GetAsync("/crm/v8/Leads?fields=Last_Name,Email&converted=both&sort_by=Modified_Time&per_page=200");
            Assert.Equal(HttpStatusCode.OK, response.Status);
            var token = response.Json["info"]!["next_page_token"]!.GetValue<string>();
            var next = await client.GetAsync("/crm/v8/Leads?fields=Last_Name,Email&converted=both&sort_by=Modified_Time&page_token=" + token);
            Assert.Equal(200, TestClient.Data(next).Count);
        }
    }

    [Fact]
    public async Task Same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        await using var a = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 20, Seed = 5 });
        await using var b = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 20, Seed = 5 });
        await using var c = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 20, Seed = 6 });

        string Names(ZohoCrmEmulator e) => string.Join('|', e.Records("Leads").Select(r => (string?)r["Full_Name"] + "/" + (string?)r["Email"]));
        Assert.Equal(Names(a), Names(b));
        Assert.NotEqual(Names(a), Names(c));
        Assert.Equal(a.Records("Leads").Select(r => r["id"]), b.Records("Leads").Select(r => r["id"]));
    }

    [Fact]
    public async Task Records_are_id_ascending_with_lookups_between_modules()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync();
        var ids = emulator.Records("Deals").Select(r => long.Parse((string)r["id"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(50, ids.Count);
        Assert.Equal(ids.Order(), ids);

        var accountIds = emulator.Records("Accounts").Select(r => (string)r["id"]!).ToHashSet();
        var lookups = emulator.Records("Deals")
            .Select(r => r["Account_Name"] as IReadOnlyDictionary<string, object?>)
            .Where(l => l is not null)
            .ToList();
        Assert.NotEmpty(lookups);
        Assert.All(lookups, l => Assert.Contains((string)l!["id"]!, accountIds));
        Assert.Equal(200, emulator.Records("Leads").Count);
        Assert.Equal(100, emulator.Records("Contacts").Count);
        Assert.Contains(emulator.Records("Leads"), r => r["Email_Opt_Out"] is true);
    }

    [Fact]
    public async Task Store_changes_raise_the_change_hook()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 3 });
        var changes = new List<ZohoCrm.Emulator.Data.RecordChange>();
        emulator.Store.RecordChanged += changes.Add;

        var id = emulator.Store.Insert("Leads", new Dictionary<string, object?> { ["Last_Name"] = "Nakamura", ["Company"] = "Zylker" });
        Assert.True(emulator.Store.Update("Leads", id, new Dictionary<string, object?> { ["Company"] = "Zylker Inc" }));
        Assert.True(emulator.Store.Delete("Leads", id));

        Assert.Equal(
            [ZohoCrm.Emulator.Data.RecordOperation.Insert, ZohoCrm.Emulator.Data.RecordOperation.Update, ZohoCrm.Emulator.Data.RecordOperation.Delete],
            changes.Select(c => c.Operation).ToArray());
        Assert.Equal(3, emulator.Records("Leads").Count);
    }
}
