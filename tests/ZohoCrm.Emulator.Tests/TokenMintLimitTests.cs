using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Hosting;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>
/// Issue 11: the mint limit of fact sheet §1.6 as an option (flags for scripts that run the emulator as a process),
/// and the counts of minted and refused tokens that /__emulator/stats reports.
/// </summary>
public sealed class TokenMintLimitTests : EmulatorTestBase
{
    private readonly ManualClock _clock = new();

    protected override EmulatorOptions CreateOptions() => new() { TimeProvider = _clock, TokenMintsPerWindow = 3, TokenMintWindow = TimeSpan.FromSeconds(30) };

    private Dictionary<string, string> RefreshGrant() => new()
    {
        ["grant_type"] = "refresh_token",
        ["client_id"] = Emulator.ClientId,
        ["client_secret"] = Emulator.ClientSecret,
        ["refresh_token"] = Emulator.RefreshToken,
    };

    private async Task<JsonNode> StatsAsync() => JsonNode.Parse(await Client.Http.GetStringAsync("/__emulator/stats"))!;

    [Fact]
    public void The_mint_limit_flags_map_to_options()
    {
        var options = CommandLine.Parse(["--token-mints-per-window", "3", "--token-mint-window-seconds", "45"]);
        Assert.Equal(3, options.TokenMintsPerWindow);
        Assert.Equal(TimeSpan.FromSeconds(45), options.TokenMintWindow);
        Assert.Equal(0, CommandLine.Parse(["--token-mints-per-window", "0"]).TokenMintsPerWindow);
        var defaults = CommandLine.Parse([]);
        Assert.Equal((10, TimeSpan.FromMinutes(10)), (defaults.TokenMintsPerWindow, defaults.TokenMintWindow));
    }

    [Fact]
    public async Task Mints_past_the_limit_are_refused_until_the_window_passes_and_stats_count_both()
    {
        // The test client may have minted its own token already: every mint of this refresh token counts.
        var baseMints = (await StatsAsync())["tokenMints"]!.GetValue<int>();
        for (var i = baseMints; i < 3; i++) Assert.NotNull((await Client.TokenAsync(RefreshGrant())).Json["access_token"]);
        var refused = await Client.TokenAsync(RefreshGrant());
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Access Denied", refused.Json["error"]!.GetValue<string>());
        Assert.Null(refused.Json["access_token"]);

        var stats = await StatsAsync();
        Assert.Equal(3, stats["tokenMints"]!.GetValue<int>());
        Assert.Equal(1, stats["tokenMintsDenied"]!.GetValue<int>());
        Assert.True(stats["tokenCalls"]!.GetValue<int>() >= 3);

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.NotNull((await Client.TokenAsync(RefreshGrant())).Json["access_token"]);
        Assert.Equal(4, (await StatsAsync())["tokenMints"]!.GetValue<int>());
    }
}
