using System.Diagnostics;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// Get-ZcrmRecord -All over N leads against a plain HttpClient + Newtonsoft loop over the same pages, in the same
/// run: records/s of both (each the best of five rounds after the same warm-up), their ratio (target ≥ 0.9) and the
/// ratio of the median rounds, and the module's peak heap growth at 10,000 and N records (target: flat).
/// </summary>
public static class GetRecordBenchmark
{
    private const int Rounds = 5;

    public static void Run(int records)
    {
        Console.WriteLine($"Get-ZcrmRecord -All: {records:N0} leads, emulator in its own process");
        using var emulator = EmulatorProcess.Start("--leads", records.ToString(), "--contacts", "10", "--accounts", "10", "--deals", "10");
        using var http = new HttpClient();
        var token = MintToken(http, emulator);
        var fields = DefaultFields(http, emulator, token);
        using var module = new HostedModule(emulator);
        var parameters = new Dictionary<string, object> { ["Module"] = "Leads", ["All"] = true, ["Field"] = fields };

        // Warm up both paths (JIT tiers, connections, metadata cache) the same way, then keep each one's best round.
        for (var warm = 0; warm < 3; warm++)
        {
            Baseline(http, emulator, token, fields, limit: 2000);
            module.Stream("Get-ZcrmRecord", new Dictionary<string, object> { ["Module"] = "Leads", ["First"] = 2000L, ["Field"] = fields });
        }

        long baselineCount = 0, moduleCount = 0;
        var baselineRounds = new RoundTimes();
        var moduleRounds = new RoundTimes();
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            baselineCount = Baseline(http, emulator, token, fields, limit: long.MaxValue);
            baselineRounds.Add(watch.Elapsed, baselineCount);

            watch.Restart();
            moduleCount = module.Stream("Get-ZcrmRecord", parameters);
            moduleRounds.Add(watch.Elapsed, moduleCount);
        }
        double bestBaseline = baselineRounds.BestRate, bestModule = moduleRounds.BestRate;
        if (moduleCount != baselineCount) throw new InvalidOperationException($"The module streamed {moduleCount} records, the baseline {baselineCount}.");

        double small, large;
        using (var sampler = new MemorySampler())
        {
            module.Stream("Get-ZcrmRecord", new Dictionary<string, object> { ["Module"] = "Leads", ["First"] = 10000L, ["Field"] = fields });
            small = sampler.PeakGrowthMiB;
        }
        using (var sampler = new MemorySampler())
        {
            module.Stream("Get-ZcrmRecord", parameters);
            large = sampler.PeakGrowthMiB;
        }

        Console.WriteLine($"  records                    {moduleCount,12:N0}");
        Console.WriteLine($"  baseline (HttpClient+Json) {bestBaseline,12:N0} records/s");
        Console.WriteLine($"  Get-ZcrmRecord -All        {bestModule,12:N0} records/s");
        Console.WriteLine($"  rounds, ms                 baseline {baselineRounds}; module {moduleRounds}");
        Console.WriteLine($"  ratio module/baseline      {bestModule / bestBaseline,12:0.00}   (target >= 0.90; of the median rounds {baselineRounds.MedianMilliseconds / moduleRounds.MedianMilliseconds:0.00})");
        Console.WriteLine($"  peak heap growth @ 10,000  {small,12:0.0} MiB");
        Console.WriteLine($"  peak heap growth @ {moduleCount,-7:N0} {large,12:0.0} MiB   (target: flat; ratio {large / Math.Max(small, 0.1):0.00})");
    }

    private static string MintToken(HttpClient http, EmulatorProcess emulator)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = emulator.ClientId, ["client_secret"] = emulator.ClientSecret, ["refresh_token"] = emulator.RefreshToken,
        });
        var body = JObject.Parse(http.PostAsync(emulator.Url + "/oauth/v2/token", form).Result.Content.ReadAsStringAsync().Result);
        return (string)body["access_token"]!;
    }

    private static string[] DefaultFields(HttpClient http, EmulatorProcess emulator, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Url + "/crm/v8/settings/fields?module=Leads");
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        var body = JObject.Parse(http.Send(request).Content.ReadAsStringAsync().Result);
        return body["fields"]!.Select(f => (string)f["api_name"]!).Take(50).ToArray();
    }

    /// <summary>The plain loop a script author would write: page 1..10, then page_token, JSON parsed per page.</summary>
    private static long Baseline(HttpClient http, EmulatorProcess emulator, string token, string[] fields, long limit)
    {
        long count = 0;
        var page = 1;
        string? pageToken = null;
        var fieldList = Uri.EscapeDataString(string.Join(",", fields));
        while (count < limit)
        {
            var url = $"{emulator.Url}/crm/v8/Leads?fields={fieldList}&per_page=200&" + (pageToken == null ? $"page={page}" : $"page_token={Uri.EscapeDataString(pageToken)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
            using var response = http.Send(request);
            if ((int)response.StatusCode == 204) break;
            var body = JObject.Parse(response.Content.ReadAsStringAsync().Result);
            foreach (var record in (JArray)body["data"]!)
            {
                if (record["id"] != null) count++;
            }
            var info = body["info"]!;
            if (!(bool)info["more_records"]!) break;
            page++;
            if (pageToken != null || page * 200 > 2000) pageToken = (string?)info["next_page_token"];
        }
        return count;
    }
}
