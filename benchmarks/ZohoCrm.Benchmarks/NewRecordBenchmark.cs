using System.Diagnostics;
using System.Management.Automation;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// N rows through New-ZcrmRecord against an emulator with a fixed per-call latency: calls, credits and wall time for
/// batching alone and with -ThrottleLimit, against one record per call (the loop a script author writes) measured on
/// a sample in the same run and scaled to N.
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
