using System.Diagnostics;
using System.Net.Http.Headers;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// Get-ZcrmRecord -All over N leads against a plain HttpClient + Newtonsoft loop over the same pages, in the same
/// run: records/s of both (each the best of five rounds after the same warm-up), their ratio (target ≥ 0.9) and the
/// ratio of the median rounds, and the module's peak heap growth at 10,000 and N records (target: flat). A second,
/// stronger baseline is what a good engineer would write: the next page fetched while this one is parsed, and a
/// streaming parser that builds each record as a list of typed fields (the shape the module's records have).
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
        var strongRounds = new RoundTimes();
        FetchAheadBaseline(http, emulator, token, fields);
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            baselineCount = Baseline(http, emulator, token, fields, limit: long.MaxValue);
            baselineRounds.Add(watch.Elapsed, baselineCount);

            watch.Restart();
            moduleCount = module.Stream("Get-ZcrmRecord", parameters);
            moduleRounds.Add(watch.Elapsed, moduleCount);

            watch.Restart();
            var strongCount = FetchAheadBaseline(http, emulator, token, fields);
            strongRounds.Add(watch.Elapsed, strongCount);
            if (strongCount != moduleCount) throw new InvalidOperationException($"The module streamed {moduleCount} records, the fetch-ahead baseline {strongCount}.");
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
        Console.WriteLine($"  fetch-ahead + streaming    {strongRounds.BestRate,12:N0} records/s   (rounds, ms: {strongRounds})");
        Console.WriteLine($"  ratio of the median rounds {strongRounds.MedianMilliseconds / moduleRounds.MedianMilliseconds,12:0.00}   (module against the fetch-ahead baseline; above 1: the module is faster)");
        Console.WriteLine($"  peak heap growth @ 10,000  {small,12:0.0} MiB");
        Console.WriteLine($"  peak heap growth @ {moduleCount,-7:N0} {large,12:0.0} MiB   (target: flat; ratio {large / Math.Max(small, 0.1):0.00})");
    }

    /// <summary>
    /// The strongest loop a script author would write by hand: each page's body is downloaded, its next page (number,
    /// or the token found at the end of the body) is requested at once, and the body is parsed while that request is
    /// in flight, with a streaming reader into one list of typed fields per record.
    /// </summary>
    private static long FetchAheadBaseline(HttpClient http, EmulatorProcess emulator, string token, string[] fields)
    {
        var fieldList = Uri.EscapeDataString(string.Join(",", fields));
        string UrlOf(int page, string? pageToken) => $"{emulator.Url}/crm/v8/Leads?fields={fieldList}&per_page=200&" + (pageToken == null ? $"page={page}" : $"page_token={Uri.EscapeDataString(pageToken)}");
        async Task<string?> FetchAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            if ((int)response.StatusCode == 204) return null;
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        }

        long count = 0;
        var page = 1;
        var next = FetchAsync(UrlOf(page, null));
        while (true)
        {
            var body = next.Result;
            if (body == null) break;
            // info follows data in the body: read the paging facts from its end, ask for the next page, then parse.
            var more = body.IndexOf("\"more_records\":true", body.Length - Math.Min(body.Length, 2000), StringComparison.Ordinal) >= 0;
            string? pageToken = null;
            if (more)
            {
                page++;
                if (page * 200 > 2000) pageToken = TokenOf(body);
                next = FetchAsync(UrlOf(page, pageToken));
            }
            using (var reader = new JsonTextReader(new StringReader(body)))
            {
                while (reader.Read())
                {
                    if (reader.TokenType == JsonToken.PropertyName && (string)reader.Value! == "data" && reader.Depth == 1)
                    {
                        reader.Read();
                        while (reader.Read() && reader.TokenType == JsonToken.StartObject)
                        {
                            var record = ReadFields(reader);
                            if (record.Count > 0) count++;
                        }
                    }
                    else if (reader.TokenType == JsonToken.PropertyName && reader.Depth == 1) { reader.Read(); reader.Skip(); }
                }
            }
            if (!more) break;
        }
        return count;
    }

    private static string? TokenOf(string body)
    {
        const string key = "\"next_page_token\":\"";
        var at = body.LastIndexOf(key, StringComparison.Ordinal);
        if (at < 0) return null;
        var start = at + key.Length;
        return body.Substring(start, body.IndexOf('"', start) - start);
    }

    /// <summary>One JSON object as a list of typed fields (nested objects the same way, arrays as object arrays).</summary>
    private static List<KeyValuePair<string, object?>> ReadFields(JsonTextReader reader)
    {
        var fields = new List<KeyValuePair<string, object?>>();
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            var name = (string)reader.Value!;
            reader.Read();
            fields.Add(new KeyValuePair<string, object?>(name, ReadValue(reader)));
        }
        return fields;
    }

    private static object? ReadValue(JsonTextReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonToken.StartObject:
                return ReadFields(reader);
            case JsonToken.StartArray:
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonToken.EndArray) items.Add(ReadValue(reader));
                return items.ToArray();
            default:
                return reader.Value;
        }
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
