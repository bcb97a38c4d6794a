using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Hosting;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class CommandLineTests
{
    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(EmulatorBinary.Find());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    [Fact]
    public async Task Prints_exactly_one_json_line_and_serves_on_loopback()
    {
        using var process = Start("--port", "0", "--leads", "10", "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var json = JsonNode.Parse(line!)!.AsObject();
            Assert.Equal(["url", "clientId", "clientSecret", "refreshToken"], json.Select(p => p.Key).ToArray());
            var url = new Uri(json["url"]!.GetValue<string>());
            Assert.Equal("127.0.0.1", url.Host);
            Assert.Equal(EmulatorOptions.DefaultClientId, json["clientId"]!.GetValue<string>());

            using var http = new HttpClient { BaseAddress = url };
            var stats = await http.GetAsync("/__emulator/stats");
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);

            var unauthenticated = await http.GetAsync("/crm/v8/Leads?fields=Last_Name");
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

            // Nothing else goes to stdout.
            process.StandardInput.Close();
            Assert.True(process.WaitForExit(10_000), "the emulator should exit when stdin closes");
            Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync());
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Bad_flag_exits_with_usage()
    {
        using var process = Start("--bogus");
        var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.WaitForExit(10_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Unknown flag '--bogus'", stderr);
    }

    [Fact]
    public void Flags_map_to_options()
    {
        var options = CommandLine.Parse(
        [
            "--port", "5123", "--client-id", "cid", "--client-secret", "cs", "--refresh-token", "rt",
            "--leads", "7", "--contacts", "8", "--accounts", "9", "--deals", "10", "--seed", "42",
            "--token-lifetime", "60", "--latency-ms", "5", "--max-concurrency", "0", "--daily-credits", "99",
            "--fault", "429:count=3", "--fault", "drop", "--page-token-limit", "1000", "--parent-pid", "77", "--ignore-stdin",
        ]);
        Assert.Equal(5123, options.Port);
        Assert.Equal("cid", options.ClientId);
        Assert.Equal("cs", options.ClientSecret);
        Assert.Equal("rt", options.RefreshToken);
        Assert.Equal((7, 8, 9, 10), (options.Leads, options.Contacts, options.Accounts, options.Deals));
        Assert.Equal(42, options.Seed);
        Assert.Equal(60, options.TokenLifetimeSeconds);
        Assert.Equal(5, options.LatencyMs);
        Assert.Equal(0, options.MaxConcurrency);
        Assert.Equal(99, options.DailyCredits);
        Assert.Equal(2, options.Faults.Count);
        Assert.Equal(1000, options.PageTokenLimit);
        Assert.Equal(77, options.ParentPid);
        Assert.False(options.ExitOnStdinClose);
    }
}
