using System.Diagnostics;
using System.Net.Http.Headers;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// A 20 MB attachment up and down: Add-ZcrmAttachment and Save-ZcrmAttachment against a plain HttpClient doing the
/// same calls (multipart POST from a FileStream; GET streamed to a file) in the same run, fifteen rounds after the same
/// warm-up with the side that goes first alternating, as MB/s and the ratio of the medians (target ≥ 0.9); and the
/// process's memory growth while the module transfers (managed heap and working set; target: well under the file's
/// 20 MB). Downloads are timed twice: into a new file (what archiving does) and over an existing file, where ext4 (and
/// other file systems that guard a rename over a file) flushes the new file's data before the module's final rename,
/// a cost a plain overwrite in place does not pay at that moment.
/// </summary>
public static class AttachmentBenchmark
{
    private const int Rounds = 15;

    public static void Run(int megabytes)
    {
        var size = megabytes * 1024L * 1024L;
        Console.WriteLine($"Attachments: a {megabytes} MB file up and down, emulator in its own process");
        using var emulator = EmulatorProcess.Start("--leads", "10", "--contacts", "10", "--accounts", "10", "--deals", "10");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var token = MintToken(http, emulator);
        using var module = new HostedModule(emulator);
        var deal = (string)module.Invoke("[string](Get-ZcrmRecord -Module Deals -First 1).id").Single().BaseObject;
        var work = Directory.CreateTempSubdirectory("zcrm-bench-files-").FullName;
        try
        {
            var source = Path.Combine(work, "payload.bin");
            var bytes = new byte[size];
            new Random(1).NextBytes(bytes);
            File.WriteAllBytes(source, bytes);
            bytes = null;
            var baseUrl = $"{emulator.Url}/crm/v8/Deals/{deal}/Attachments";

            for (var warm = 0; warm < 2; warm++)
            {
                var id = BaselineUpload(http, token, baseUrl, source);
                BaselineDownload(http, token, $"{baseUrl}/{id}", Path.Combine(work, "baseline.bin"));
                Delete(http, token, $"{baseUrl}/{id}");
                id = ModuleUpload(module, deal, source);
                ModuleDownload(module, deal, id, Path.Combine(work, "warm.bin"), overwrite: true);
                Delete(http, token, $"{baseUrl}/{id}");
            }

            var baselineUp = new RoundTimes();
            var baselineDown = new RoundTimes();
            var baselineOver = new RoundTimes();
            var moduleUp = new RoundTimes();
            var moduleDown = new RoundTimes();
            var moduleOver = new RoundTimes();
            BaselineDownload(http, token, $"{baseUrl}/{BaselineUpload(http, token, baseUrl, source)}", Path.Combine(work, "baseline-over.bin"));
            File.Copy(Path.Combine(work, "baseline-over.bin"), Path.Combine(work, "module-over.bin"));
            for (var round = 0; round < Rounds; round++)
            {
                // Who goes first alternates, so neither side always meets a page cache or a journal the other just filled.
                var baselineFirst = round % 2 == 0;
                for (var turn = 0; turn < 2; turn++)
                {
                    var newFile = Path.Combine(work, $"round-{round}-{turn}.bin");
                    var watch = Stopwatch.StartNew();
                    string id;
                    if ((turn == 0) == baselineFirst)
                    {
                        id = BaselineUpload(http, token, baseUrl, source);
                        baselineUp.Add(watch.Elapsed, megabytes);
                        watch.Restart();
                        BaselineDownload(http, token, $"{baseUrl}/{id}", newFile);
                        baselineDown.Add(watch.Elapsed, megabytes);
                        watch.Restart();
                        BaselineDownload(http, token, $"{baseUrl}/{id}", Path.Combine(work, "baseline-over.bin"));
                        baselineOver.Add(watch.Elapsed, megabytes);
                    }
                    else
                    {
                        id = ModuleUpload(module, deal, source);
                        moduleUp.Add(watch.Elapsed, megabytes);
                        watch.Restart();
                        ModuleDownload(module, deal, id, newFile, overwrite: false);
                        moduleDown.Add(watch.Elapsed, megabytes);
                        watch.Restart();
                        ModuleDownload(module, deal, id, Path.Combine(work, "module-over.bin"), overwrite: true);
                        moduleOver.Add(watch.Elapsed, megabytes);
                    }
                    if (new FileInfo(newFile).Length != size) throw new InvalidOperationException($"{newFile} has {new FileInfo(newFile).Length} bytes, not {size}.");
                    Delete(http, token, $"{baseUrl}/{id}");
                    File.Delete(newFile);
                }
            }

            double heapGrowth, workingSetGrowth;
            using (var heap = new MemorySampler())
            using (var workingSet = new WorkingSetSampler())
            {
                var id = ModuleUpload(module, deal, source);
                ModuleDownload(module, deal, id, Path.Combine(work, "memory.bin"), overwrite: true);
                heapGrowth = heap.PeakGrowthMiB;
                workingSetGrowth = workingSet.PeakGrowthMiB;
                Delete(http, token, $"{baseUrl}/{id}");
            }

            Report("upload", "Add-ZcrmAttachment", baselineUp, moduleUp);
            Report("download to a new file", "Save-ZcrmAttachment", baselineDown, moduleDown);
            Report("download over an existing file", "Save-ZcrmAttachment -Force", baselineOver, moduleOver);
            Console.WriteLine($"  peak managed heap growth, up+down  {heapGrowth,8:0.0} MiB   (file {megabytes} MiB; ratio {heapGrowth / megabytes:0.00})");
            Console.WriteLine($"  peak working set growth, up+down   {workingSetGrowth,8:0.0} MiB   (ratio {workingSetGrowth / megabytes:0.00})");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string ModuleUpload(HostedModule module, string deal, string path)
        => (string)module.Invoke("(Add-ZcrmAttachment -Module Deals -Id $args[0] -Path $args[1] -Confirm:$false).Id", deal, path).Single().BaseObject;

    private static string ModuleDownload(HostedModule module, string deal, string id, string path, bool overwrite)
        => (string)module.Invoke("(Save-ZcrmAttachment -Module Deals -Id $args[0] -AttachmentId $args[1] -Destination $args[2] -Force:$args[3]).FullName",
            deal, id, path, overwrite).Single().BaseObject;

    private static void Report(string what, string cmdlet, RoundTimes baseline, RoundTimes module)
    {
        Console.WriteLine($"  {what}");
        Console.WriteLine($"    baseline (HttpClient)           {baseline.BestRate,8:0.0} MB/s best   rounds, ms: {baseline}");
        Console.WriteLine($"    {cmdlet,-30}  {module.BestRate,8:0.0} MB/s best   rounds, ms: {module}");
        Console.WriteLine($"    ratio module/baseline           {baseline.MedianMilliseconds / module.MedianMilliseconds,8:0.00} of the medians, {module.BestRate / baseline.BestRate:0.00} of the best rounds (target >= 0.90)");
    }

    /// <summary>What a script author would write: a multipart POST whose file part streams from a FileStream.</summary>
    private static string BaselineUpload(HttpClient http, string token, string url, string path)
    {
        using var file = File.OpenRead(path);
        using var form = new MultipartFormDataContent();
        var part = new StreamContent(file, 81920);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", Path.GetFileName(path));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
        var body = JObject.Parse(response.Content.ReadAsStringAsync().Result);
        return (string)body["data"]![0]!["details"]!["id"]!;
    }

    private static void BaselineDownload(HttpClient http, string token, string url, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var file = File.Create(path);
        response.Content.ReadAsStream().CopyTo(file, 81920);
    }

    private static void Delete(HttpClient http, string token, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
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

    /// <summary>Samples the process's working set (every 10 ms) to report its peak growth over the starting point.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly long _baseline;
        private readonly Timer _timer;
        private long _peak;

        public WorkingSetSampler()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            _baseline = Environment.WorkingSet;
            _peak = _baseline;
            _timer = new Timer(_ => Sample(), null, 0, 10);
        }

        private void Sample()
        {
            var now = Environment.WorkingSet;
            long seen;
            do { seen = Interlocked.Read(ref _peak); } while (now > seen && Interlocked.CompareExchange(ref _peak, now, seen) != seen);
        }

        public double PeakGrowthMiB
        {
            get
            {
                Sample();
                return (Interlocked.Read(ref _peak) - _baseline) / 1024.0 / 1024.0;
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
