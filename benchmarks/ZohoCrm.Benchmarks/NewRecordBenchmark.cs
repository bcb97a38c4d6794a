using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// N rows through New-ZcrmRecord against an emulator with a fixed per-call latency: calls, credits and wall time for
/// batching alone and with -ThrottleLimit, against one record per call (the loop a script author writes) measured on
/// a sample in the same run and scaled to N; then, over several rounds, against a loop that also posts 100 per call,
/// sequentially and with the same number of calls in flight (the ratio of the median rounds).
/// </summary>
public static class NewRecordBenchmark
{
    public static void Run(int rows, int latencyMs, int throttle, int baselineSample)
    {
        Console.WriteLine($"New-ZcrmRecord: {rows:N0} rows, {latencyMs} ms per call, emulator in its own process");
        using var emulator = EmulatorProcess.Start("--leads", "10", "--contacts", "10", "--accounts", "10", "--deals", "10", "--latency-ms", latencyMs.ToString());
        using var http = new HttpClient();
        var token = MintToken(http, emulator);

        var (calls0, credits0) = emulator.Usage("POST /crm/v8/Leads");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < baselineSample; i++) PostOne(http, emulator, token, Row("single", i));
        var baselineSeconds = watch.Elapsed.TotalSeconds * rows / baselineSample;
        var (calls1, credits1) = emulator.Usage("POST /crm/v8/Leads");

        using var module = new HostedModule(emulator, maxConcurrency: throttle);
        module.Invoke("Get-ZcrmField -Module Leads | Out-Null"); // the field list is read once per session; keep it out of the timing
        var (batched, batchedSeconds) = Insert(module, emulator, rows, "batched", 1);
        var (throttled, throttledSeconds) = Insert(module, emulator, rows, "throttled", throttle);

        Console.WriteLine($"  {"",-34}{"calls",10}{"credits",10}{"seconds",10}{"rows/s",10}");
        Print($"one record per call (x{rows / baselineSample} of {baselineSample})", (calls1 - calls0) * rows / baselineSample, (credits1 - credits0) * rows / baselineSample, baselineSeconds, rows);
        Print("New-ZcrmRecord (100 per call)", batched.Calls, batched.Credits, batchedSeconds, rows);
        Print($"New-ZcrmRecord -ThrottleLimit {throttle}", throttled.Calls, throttled.Credits, throttledSeconds, rows);
        Console.WriteLine($"  speed-up over one per call: batching {baselineSeconds / batchedSeconds,6:0.0}x, with -ThrottleLimit {throttle} {baselineSeconds / throttledSeconds,6:0.0}x");

        // The strong baseline: a hand-written loop that also posts 100 records per call, sequentially and with the same
        // number of calls in flight as the module's -ThrottleLimit, alternating with the module for several rounds.
        var loop = new RoundTimes();
        var moduleBatched = new RoundTimes();
        var loopConcurrent = new RoundTimes();
        var moduleThrottled = new RoundTimes();
        for (var round = 0; round < WriteRounds; round++)
        {
            loop.Add(PostBatches(http, emulator, token, rows, $"loop{round}", 1), rows);
            moduleBatched.Add(TimeSpan.FromSeconds(Insert(module, emulator, rows, $"mod{round}", 1).Seconds), rows);
            loopConcurrent.Add(PostBatches(http, emulator, token, rows, $"loopc{round}", throttle), rows);
            moduleThrottled.Add(TimeSpan.FromSeconds(Insert(module, emulator, rows, $"modc{round}", throttle).Seconds), rows);
        }
        Console.WriteLine($"  loop posting 100 per call, {WriteRounds} rounds, ms: loop {loop}; New-ZcrmRecord {moduleBatched}");
        Console.WriteLine($"  ratio of the median rounds       {loop.MedianMilliseconds / moduleBatched.MedianMilliseconds,6:0.00}   (above 1: the module is faster)");
        Console.WriteLine($"  the same with {throttle} calls in flight, ms: loop {loopConcurrent}; New-ZcrmRecord -ThrottleLimit {throttle} {moduleThrottled}");
        Console.WriteLine($"  ratio of the median rounds       {loopConcurrent.MedianMilliseconds / moduleThrottled.MedianMilliseconds,6:0.00}");
    }

    private const int WriteRounds = 3;

    /// <summary>Inserts <paramref name="rows"/> leads 100 per call, with up to <paramref name="concurrency"/> calls in flight.</summary>
    private static TimeSpan PostBatches(HttpClient http, EmulatorProcess emulator, string token, int rows, string tag, int concurrency)
    {
        var batches = Enumerable.Range(0, rows).Chunk(100).ToArray();
        var watch = Stopwatch.StartNew();
        Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (batch, ct) =>
        {
            var data = new JArray(batch.Select(i => Row(tag, i)));
            using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Url + "/crm/v8/Leads")
            {
                Content = new StringContent(new JObject { ["data"] = data }.ToString(Newtonsoft.Json.Formatting.None), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
            using var response = await http.SendAsync(request, ct);
            var body = JObject.Parse(await response.Content.ReadAsStringAsync(ct));
            var created = body["data"]!.Count(r => (string?)r["status"] == "success");
            if (created != batch.Length) throw new InvalidOperationException($"{created} of {batch.Length} records were created ({(int)response.StatusCode}).");
        }).GetAwaiter().GetResult();
        return watch.Elapsed;
    }

    private static ((int Calls, long Credits), double Seconds) Insert(HostedModule module, EmulatorProcess emulator, int rows, string tag, int throttle)
    {
        var (calls0, credits0) = emulator.Usage("POST /crm/v8/Leads");
        var input = Enumerable.Range(0, rows).Select(i => (object)PSObject.AsPSObject(new System.Collections.Hashtable
        {
            ["Last_Name"] = "Row" + i, ["Company"] = tag + " Co", ["Email"] = $"{tag}.{i}@bench.example",
        })).ToArray();
        var watch = Stopwatch.StartNew();
        var written = module.Stream("New-ZcrmRecord", new Dictionary<string, object> { ["Module"] = "Leads", ["ThrottleLimit"] = throttle }, input);
        var seconds = watch.Elapsed.TotalSeconds;
        if (written != rows) throw new InvalidOperationException($"{written} results for {rows} rows.");
        var (calls1, credits1) = emulator.Usage("POST /crm/v8/Leads");
        return ((calls1 - calls0, credits1 - credits0), seconds);
    }

    private static void Print(string what, long calls, long credits, double seconds, int rows)
        => Console.WriteLine($"  {what,-34}{calls,10:N0}{credits,10:N0}{seconds,10:0.0}{rows / seconds,10:N0}");

    private static JObject Row(string tag, int i) => new() { ["Last_Name"] = "Row" + i, ["Company"] = tag + " Co", ["Email"] = $"{tag}.{i}@bench.example" };

    private static void PostOne(HttpClient http, EmulatorProcess emulator, string token, JObject record)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.Url + "/crm/v8/Leads")
        {
            Content = new StringContent(new JObject { ["data"] = new JArray(record) }.ToString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        using var response = http.Send(request);
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"Insert answered {(int)response.StatusCode}.");
    }

    private static string MintToken(HttpClient http, EmulatorProcess emulator)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = emulator.ClientId, ["client_secret"] = emulator.ClientSecret, ["refresh_token"] = emulator.RefreshToken,
        });
        return (string)JObject.Parse(http.PostAsync(emulator.Url + "/oauth/v2/token", form).Result.Content.ReadAsStringAsync().Result)["access_token"]!;
    }
}
