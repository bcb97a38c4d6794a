using System.Diagnostics;
using System.IO.Compression;
using System.Management.Automation;
using System.Net.Http.Headers;
using nietras.SeparatedValues;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// Receive-ZcrmBulkRead over one N-lead export against a plain read of the same zip with Sep (download, unzip, every
/// cell as a string) in the same run: rows/s of both and their ratio (target ≥ 0.8), each the best of five rounds after
/// the same warm-up; the rate when the consumer also reads every field of every row (fields are typed on first read);
/// the module's peak heap growth at 20,000 and N rows (target: flat); and the API credits (and speed) of the export
/// against paging the same leads with Get-ZcrmRecord -All.
/// </summary>
public static class BulkReadBenchmark
{
    private const int Rounds = 5;

    public static void Run(int records)
    {
        Console.WriteLine($"Receive-ZcrmBulkRead: {records:N0} leads, emulator in its own process");
        using var emulator = EmulatorProcess.Start("--leads", records.ToString(), "--contacts", "10", "--accounts", "10", "--deals", "10",
            "--bulk-page-size", Math.Max(records, 1).ToString(), "--bulk-job-ms", "200", "--bulk-downloads-per-minute", "0", "--page-token-limit", "10000000");
        using var http = new HttpClient();
        var token = MintToken(http, emulator);
        using var module = new HostedModule(emulator);

        var creditsBefore = Credits(module);
        var job = module.Invoke("Start-ZcrmBulkRead -Module Leads -Wait -Confirm:$false").Single();
        var jobCredits = Credits(module) - creditsBefore;
        var id = (string)job.Properties["Id"].Value;
        var small = module.Invoke("Start-ZcrmBulkRead -Module Leads -Filter @{ id = @{ le = $args[0] } } -Wait -Confirm:$false",
            SmallJobLastId(records)).Single();
        var receive = new Dictionary<string, object> { ["InputObject"] = job };

        // Warm up both paths (JIT tiers, connections, metadata cache) the same way, then keep each one's best round.
        for (var warm = 0; warm < 3; warm++)
        {
            Baseline(http, emulator, token, (string)small.Properties["Id"].Value);
            module.Stream("Receive-ZcrmBulkRead", new Dictionary<string, object> { ["InputObject"] = small });
        }

        long baselineCount = 0, moduleCount = 0;
        var baselineRounds = new RoundTimes();
        var moduleRounds = new RoundTimes();
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            baselineCount = Baseline(http, emulator, token, id);
            baselineRounds.Add(watch.Elapsed, baselineCount);

            creditsBefore = Credits(module);
            watch.Restart();
            moduleCount = module.Stream("Receive-ZcrmBulkRead", receive);
            moduleRounds.Add(watch.Elapsed, moduleCount);
            jobCredits += round == 0 ? Credits(module) - creditsBefore : 0;
        }
        double bestBaseline = baselineRounds.BestRate, bestModule = moduleRounds.BestRate;
        if (moduleCount != baselineCount) throw new InvalidOperationException($"The module streamed {moduleCount} rows, the baseline {baselineCount}.");

        // Fields are typed when first read; this is what a consumer that reads every field of every row sees. Against
        // it, the strongest hand-written route: unzip and parse on a second thread (as the module does), every cell
        // typed by the field's type on the consumer's thread. The module reconnects (untimed) before each of its rounds,
        // so its pacing to Zoho's 10 downloads a minute is not timed.
        var kinds = FieldKinds(http, emulator, token);
        var everyRounds = new RoundTimes();
        var strongRounds = new RoundTimes();
        long valuesRead = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            var strongCount = StrongBaseline(http, emulator, token, id, kinds);
            strongRounds.Add(watch.Elapsed, strongCount);
            if (strongCount != moduleCount) throw new InvalidOperationException($"The module streamed {moduleCount} rows, the threaded baseline {strongCount}.");

            module.Reconnect();
            watch.Restart();
            module.StreamReadingEveryProperty("Receive-ZcrmBulkRead", receive, out valuesRead);
            everyRounds.Add(watch.Elapsed, moduleCount);
        }
        var everyFieldRate = everyRounds.BestRate;
        if (valuesRead == 0) throw new InvalidOperationException("Reading every field read nothing.");
        module.Reconnect();

        double smallPeak, largePeak;
        long smallCount;
        using (var sampler = new MemorySampler())
        {
            smallCount = module.Stream("Receive-ZcrmBulkRead", new Dictionary<string, object> { ["InputObject"] = small });
            smallPeak = sampler.PeakGrowthMiB;
        }
        using (var sampler = new MemorySampler())
        {
            module.Stream("Receive-ZcrmBulkRead", receive);
            largePeak = sampler.PeakGrowthMiB;
        }

        creditsBefore = Credits(module);
        var pagingWatch = Stopwatch.StartNew();
        var paged = module.Stream("Get-ZcrmRecord", new Dictionary<string, object> { ["Module"] = "Leads", ["All"] = true });
        var pagingRate = paged / pagingWatch.Elapsed.TotalSeconds;
        var pagingCredits = Credits(module) - creditsBefore;

        Console.WriteLine($"  rows                          {moduleCount,12:N0}");
        Console.WriteLine($"  baseline (HttpClient+Sep)     {bestBaseline,12:N0} rows/s");
        Console.WriteLine($"  Receive-ZcrmBulkRead          {bestModule,12:N0} rows/s");
        Console.WriteLine($"  rounds, ms                    baseline {baselineRounds}; module {moduleRounds}");
        Console.WriteLine($"  ratio module/baseline         {bestModule / bestBaseline,12:0.00}   (target >= 0.80; of the median rounds {baselineRounds.MedianMilliseconds / moduleRounds.MedianMilliseconds:0.00})");
        Console.WriteLine($"  ... and every field read      {everyFieldRate,12:N0} rows/s   (each value typed on its first read; ratio {everyFieldRate / bestBaseline:0.00})");
        Console.WriteLine($"  threaded, every field typed   {strongRounds.BestRate,12:N0} rows/s   (unzip+Sep on a second thread, each cell typed by its field)");
        Console.WriteLine($"  rounds, ms                    threaded {strongRounds}; module, every field read {everyRounds}");
        Console.WriteLine($"  ratio of the median rounds    {strongRounds.MedianMilliseconds / everyRounds.MedianMilliseconds,12:0.00}   (module reading every field against the threaded baseline; above 1: the module is faster)");
        Console.WriteLine($"  Get-ZcrmRecord -All, same run {pagingRate,12:N0} records/s   (bulk/paging {bestModule / pagingRate:0.00})");
        Console.WriteLine($"  peak heap growth @ {smallCount,-9:N0} {smallPeak,12:0.0} MiB");
        Console.WriteLine($"  peak heap growth @ {moduleCount,-9:N0} {largePeak,12:0.0} MiB   (target: flat; ratio {largePeak / Math.Max(smallPeak, 0.1):0.00})");
        Console.WriteLine($"  credits, bulk read            {jobCredits,12:N0}   (create 50, polls, download)");
        Console.WriteLine($"  credits, Get-ZcrmRecord -All  {pagingCredits,12:N0}   ({paged:N0} records; Zoho's page tokens stop at 100,000)");
    }

    private static long Credits(HostedModule module) => Convert.ToInt64(module.Invoke("(Get-ZcrmConnection -Current).CreditsUsed").Single().BaseObject);

    /// <summary>The id of about the 20,000th lead: seeded ids step by 1,000 from the Leads module's base.</summary>
    private static string SmallJobLastId(int records) => (5_725_767_000_000_000_000L + 1_000_000_000L + (long)Math.Min(records, 20_000) * 1_000L - 1).ToString();

    /// <summary>What a script author would do without the module: download the zip, open the CSV in it, read every cell.</summary>
    private static long Baseline(HttpClient http, EmulatorProcess emulator, string token, string jobId)
    {
        var path = Path.Combine(Path.GetTempPath(), "zcrm-bench-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            using (var request = new HttpRequestMessage(HttpMethod.Get, $"{emulator.Url}/crm/bulk/v8/read/{jobId}/result"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
                using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                using var file = File.Create(path);
                response.Content.ReadAsStream().CopyTo(file);
            }

            using var zip = ZipFile.OpenRead(path);
            using var text = new StreamReader(zip.Entries[0].Open());
            using var reader = Sep.Reader(o => o with { Unescape = true }).From(text);
            long rows = 0;
            long chars = 0;
            foreach (var row in reader)
            {
                for (var i = 0; i < row.ColCount; i++) chars += row[i].ToString().Length;
                rows++;
            }
            if (chars == 0) throw new InvalidOperationException("The baseline read nothing.");
            return rows;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Each Leads field's data_type, as a hand-written script would read it to type the file's cells.</summary>
    private static Dictionary<string, string> FieldKinds(HttpClient http, EmulatorProcess emulator, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, emulator.Url + "/crm/v8/settings/fields?module=Leads");
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        var body = JObject.Parse(http.Send(request).Content.ReadAsStringAsync().Result);
        return body["fields"]!.ToDictionary(f => (string)f["api_name"]!, f => (string)f["data_type"]!);
    }

    /// <summary>
    /// The strongest hand-written route for "read every field": download, then unzip and parse with Sep on a second
    /// thread in batches of 500 rows while this thread types every cell by its field's data_type (the .NET parsers:
    /// exact datetime form, long, decimal, double, bool; a lookup a dictionary with its id; multi-select an array).
    /// </summary>
    private static long StrongBaseline(HttpClient http, EmulatorProcess emulator, string token, string jobId, Dictionary<string, string> kinds)
    {
        var path = Path.Combine(Path.GetTempPath(), "zcrm-bench-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            using (var request = new HttpRequestMessage(HttpMethod.Get, $"{emulator.Url}/crm/bulk/v8/read/{jobId}/result"))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
                using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                using var file = File.Create(path);
                response.Content.ReadAsStream().CopyTo(file);
            }

            using var batches = new System.Collections.Concurrent.BlockingCollection<string[][]>(4);
            string[] header = Array.Empty<string>();
            using var headerRead = new ManualResetEventSlim();
            var producer = Task.Factory.StartNew(() =>
            {
                try
                {
                    using var zip = ZipFile.OpenRead(path);
                    using var text = new StreamReader(zip.Entries[0].Open());
                    using var reader = Sep.Reader(o => o with { Unescape = true }).From(text);
                    header = reader.Header.ColNames.ToArray();
                    headerRead.Set();
                    var batch = new List<string[]>(500);
                    foreach (var row in reader)
                    {
                        var cells = new string[row.ColCount];
                        for (var i = 0; i < cells.Length; i++) cells[i] = row[i].ToString();
                        batch.Add(cells);
                        if (batch.Count == 500) { batches.Add(batch.ToArray()); batch.Clear(); }
                    }
                    if (batch.Count > 0) batches.Add(batch.ToArray());
                }
                finally
                {
                    headerRead.Set();
                    batches.CompleteAdding();
                }
            }, TaskCreationOptions.LongRunning);

            headerRead.Wait();
            var types = header.Select(name => name == "id" ? "text" : kinds.TryGetValue(name, out var kind) ? kind : "text").ToArray();
            long rows = 0, values = 0;
            foreach (var batch in batches.GetConsumingEnumerable())
            {
                foreach (var cells in batch)
                {
                    for (var i = 0; i < cells.Length; i++)
                        if (TypeCell(cells[i], types[i]) != null) values++;
                    rows++;
                }
            }
            producer.Wait();
            if (values == 0) throw new InvalidOperationException("The threaded baseline read nothing.");
            return rows;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static object? TypeCell(string text, string dataType)
    {
        if (dataType == "multiselectpicklist") return text.Length == 0 ? Array.Empty<string>() : text.Split(';');
        if (text.Length == 0) return null;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        switch (dataType)
        {
            case "datetime":
                return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzz", invariant, System.Globalization.DateTimeStyles.None, out var time) ? time : text;
            case "date":
                return DateTime.TryParseExact(text, "yyyy-MM-dd", invariant, System.Globalization.DateTimeStyles.None, out var date) ? date : text;
            case "integer":
            case "bigint":
            case "long":
                return long.TryParse(text, System.Globalization.NumberStyles.Integer, invariant, out var number) ? number : text;
            case "currency":
            case "decimal":
                return decimal.TryParse(text, System.Globalization.NumberStyles.Number, invariant, out var money) ? money : text;
            case "double":
            case "percent":
                return double.TryParse(text, System.Globalization.NumberStyles.Float, invariant, out var real) ? real : text;
            case "boolean":
                return bool.TryParse(text, out var flag) ? flag : text;
            case "lookup":
            case "ownerlookup":
            case "userlookup":
                return new Dictionary<string, object?> { ["id"] = text };
            default:
                return text;
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
}
