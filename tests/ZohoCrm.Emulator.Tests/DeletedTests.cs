using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class DeletedTests : EmulatorTestBase
{
    private readonly ManualClock _clock = new();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock, TokenLifetimeSeconds = 10_000_000 };

    private async Task<string[]> DeleteAsync(int count)
    {
        var records = Emulator.Records("Accounts").Take(count).ToArray();
        await Client.DeleteAsync("/crm/v8/Accounts?ids=" + string.Join(',', records.Select(r => (string)r["id"]!)));
        return records.Select(r => (string)r["id"]!).ToArray();
    }

    [Fact]
    public async Task Deleted_records_are_listed_newest_first_in_zohos_shape()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/Accounts/deleted?type=all")).Status);
        var name = (string)Emulator.Records("Accounts")[0]["Account_Name"]!;
        var first = await DeleteAsync(1);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await DeleteAsync(2);

        var before = Emulator.Credits.TotalCharged;
        var response = await Client.GetAsync("/crm/v8/Accounts/deleted?type=all");
        Assert.Equal(2, Emulator.Credits.TotalCharged - before);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var data = TestClient.Data(response);
        Assert.Equal([second[1], second[0], first[0]], data.Select(d => d!["id"]!.GetValue<string>()).ToArray());
        var entry = data[2]!.AsObject();
        Assert.Equal(["deleted_by", "id", "display_name", "type", "created_by", "deleted_time"], entry.Select(p => p.Key).ToArray());
        Assert.Equal(name, entry["display_name"]!.GetValue<string>());
        Assert.Equal("recycle", entry["type"]!.GetValue<string>());
        Assert.Equal("Patricia Boyle", entry["deleted_by"]!["name"]!.GetValue<string>());
        Assert.NotNull(entry["created_by"]!["id"]);
        Assert.Equal("2026-03-01T14:30:00+05:30", entry["deleted_time"]!.GetValue<string>());
        var info = response.Json["info"]!;
        Assert.Equal(3, info["count"]!.GetValue<int>());
        Assert.False(info["more_records"]!.GetValue<bool>());

        var paged = await Client.GetAsync("/crm/v8/Accounts/deleted?page=2&per_page=2");
        Assert.Equal([first[0]], TestClient.Data(paged).Select(d => d!["id"]!.GetValue<string>()).ToArray());
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/Accounts/deleted?page=3&per_page=2")).Status);
    }

    [Fact]
    public async Task After_the_retention_period_records_count_as_permanently_deleted()
    {
        await DeleteAsync(1);
        _clock.Advance(TimeSpan.FromDays(61));
        await DeleteAsync(1);

        Assert.Single(TestClient.Data(await Client.GetAsync("/crm/v8/Accounts/deleted?type=recycle")));
        var permanent = TestClient.Data(await Client.GetAsync("/crm/v8/Accounts/deleted?type=permanent")).Single()!;
        Assert.Equal("permanent", permanent["type"]!.GetValue<string>());
        Assert.Equal(2, TestClient.Data(await Client.GetAsync("/crm/v8/Accounts/deleted")).Count);
    }

    [Fact]
    public async Task Type_paging_and_If_Modified_Since_are_checked()
    {
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/Accounts/deleted?type=All")).Code);
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/Accounts/deleted?type=gone")).Code);
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/Accounts/deleted?per_page=201")).Code);
        Assert.Equal("INVALID_MODULE", (await Client.GetAsync("/crm/v8/Nope/deleted")).Code);

        await DeleteAsync(1);
        var notModified = await Client.GetAsync("/crm/v8/Accounts/deleted", r => TestClient.IfModifiedSince(r, "2026-03-01T15:00:00+05:30"));
        Assert.Equal(HttpStatusCode.NotModified, notModified.Status);
        var modified = await Client.GetAsync("/crm/v8/Accounts/deleted", r => TestClient.IfModifiedSince(r, "2026-03-01T14:00:00+05:30"));
        Assert.Equal(HttpStatusCode.OK, modified.Status);
    }
}

public sealed class DeletedTypeCaseTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { DeletedTypeIgnoresCase = true };

    [Fact]
    public async Task The_v2_spelling_can_be_accepted()
    {
        await Client.DeleteAsync("/crm/v8/Deals?ids=" + Emulator.Records("Deals")[0]["id"]);
        Assert.Equal("recycle", TestClient.Data(await Client.GetAsync("/crm/v8/Deals/deleted?type=Recycle")).Single()!["type"]!.GetValue<string>());
    }
}
