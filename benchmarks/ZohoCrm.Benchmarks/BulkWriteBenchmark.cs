using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// Start-ZcrmBulkWrite over N rows, three figures with their baselines from the same run:
/// (1) API calls and credits of the whole import (upload, jobs, polls, result download) against New-ZcrmRecord, run on
///     a sample and scaled to N (target: at least 4x fewer credits);
/// (2) the client's peak heap growth while preparing and uploading 10,000 and N rows piped in (target: flat);
/// (3) the time to prepare the upload (convert every row as New-ZcrmRecord does, CSV, zip, input log) against writing
///     the same CSV into a zip with the plain .NET classes (StreamWriter over ZipArchive), best of three rounds
///     (target: at least 0.8x the baseline's speed).
/// </summary>
public static class BulkWriteBenchmark
{
    private const int Rounds = 3;
    private const int PairedRounds = 9;

    public static void Run(int rows, int sample)
    {
        Console.WriteLine($"Start-ZcrmBulkWrite: {rows:N0} rows, emulator in its own process");
        using var emulator = EmulatorProcess.Start("--leads", "10", "--contacts", "10", "--accounts", "10", "--deals", "10", "--bulk-write-job-ms", "300");
        using var module = new HostedModule(emulator);
        module.Invoke("Get-ZcrmField -Module Leads | Out-Null");

        // (1) Calls and credits: the whole import through bulk write, against New-ZcrmRecord on a sample.
        var before = Usage(emulator);
        var results = module.Invoke(
            "$jobs = 0..($args[0] - 1) | ForEach-Object { @{ Last_Name = \"Bulk$_\"; Email = \"bulk$_@bench.example\"; Company = 'Bench' } } | Start-ZcrmBulkWrite -Module Leads -Wait -Confirm:$false; @($jobs | Receive-ZcrmBulkWrite).Count",
            rows).Single();
        var bulk = Usage(emulator) - before;
        if (Convert.ToInt64(results.BaseObject, CultureInfo.InvariantCulture) != rows) throw new InvalidOperationException($"{results} results for {rows} rows.");

        before = Usage(emulator);
        module.Invoke("0..($args[0] - 1) | ForEach-Object { @{ Last_Name = \"Rec$_\"; Email = \"rec$_@bench.example\"; Company = 'Bench' } } | New-ZcrmRecord -Module Leads -Confirm:$false | Out-Null", sample);
        var records = (Usage(emulator) - before) * ((double)rows / sample);

        Console.WriteLine($"  {"",-44}{"calls",10}{"credits",10}");
        Console.WriteLine($"  {$"New-ZcrmRecord (x{rows / (double)sample:0.#} of {sample:N0} rows)",-44}{records.Calls,10:N0}{records.Credits,10:N0}");
        Console.WriteLine($"  {"Start-ZcrmBulkWrite -Wait | Receive-ZcrmBulkWrite",-44}{bulk.Calls,10:N0}{bulk.Credits,10:N0}");
        Console.WriteLine($"  credits: {records.Credits / bulk.Credits:0.0}x fewer through bulk write (target >= 4x); calls: {records.Calls / bulk.Calls:0.0}x fewer");

        // (2) Memory while preparing and uploading (no -Wait: the jobs are started, not waited for), the rows made one
        // at a time by a lazy generator. The heap figure counts garbage not yet collected; the live figure is sampled
        // after a full collection every 100 ms.
        var (_, generatorLive) = PeakWhile(module, rows, "Out-Null");
        var (small, smallLive) = PeakWhile(module, 10_000, "Start-ZcrmBulkWrite -Module Leads -Confirm:$false | Out-Null");
        var (large, largeLive) = PeakWhile(module, rows, "Start-ZcrmBulkWrite -Module Leads -Confirm:$false | Out-Null");
        Console.WriteLine($"  peak heap growth while preparing and uploading: {small:0.0} MiB at 10,000 rows, {large:0.0} MiB at {rows:N0} rows (ratio {large / Math.Max(small, 0.1):0.00})");
        Console.WriteLine($"  peak live heap growth (after full GCs):           {smallLive:0.0} MiB at 10,000 rows, {largeLive:0.0} MiB at {rows:N0} rows (ratio {largeLive / Math.Max(smallLive, 0.1):0.00}; target: flat); the same {rows:N0} rows into Out-Null: {generatorLive:0.0} MiB");

        // (3a) Preparing through the cmdlet (-WhatIf: converted, checked, written and zipped, not uploaded) against a
        // script that writes the same rows into a zip with the plain .NET classes, both in the same engine over the
        // same rows, best of three rounds.
        module.Invoke("$global:benchRows = @(0..($args[0] - 1) | ForEach-Object { [pscustomobject]@{ Last_Name = \"Row $_\"; Email = \"row$_@bench.example\"; Company = 'Zylker' } })", rows);
        var cmdlet = new RoundTimes();
        var script = new RoundTimes();
        for (var round = 0; round < Rounds + 1; round++)
        {
            var watch = Stopwatch.StartNew();
            module.Invoke(PlainScript, Path.Combine(Path.GetTempPath(), "zcrm-bench-" + Guid.NewGuid().ToString("N") + ".zip"));
            if (round > 0) script.Add(watch.Elapsed, rows);
            watch.Restart();
            module.Invoke("$global:benchRows | Start-ZcrmBulkWrite -Module Leads -WhatIf");
            if (round > 0) cmdlet.Add(watch.Elapsed, rows);
        }
        module.Invoke("$global:benchRows = $null");
        Console.WriteLine($"  prepare in PowerShell: Start-ZcrmBulkWrite -WhatIf {cmdlet.BestRate:N0} rows/s; script with StreamWriter + ZipArchive {script.BestRate:N0} rows/s; ratio {cmdlet.BestRate / script.BestRate:0.00} (target >= 0.8)");

        // (3b) The same preparing half called from C# against compiled C# with the plain classes (no engine on either
        // side): rounds in pairs, the order alternating and a full collection before each side, so neither pays for the
        // other's garbage; the ratio is the median of the pairs' ratios (the machine's load moves both sides of a pair).
        var fields = LeadFields();
        var input = Enumerable.Range(0, rows).Select(Row).ToArray();
        Prepare(input, fields);
        Plain(input);
        var prepared = new RoundTimes();
        var plain = new RoundTimes();
        var ratios = new List<double>();
        for (var round = 0; round < PairedRounds; round++)
        {
            var plainTime = TimeSpan.Zero;
            var preparedTime = TimeSpan.Zero;
            for (var side = 0; side < 2; side++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                if ((side + round) % 2 == 0) { Plain(input); plainTime = watch.Elapsed; }
                else { Prepare(input, fields); preparedTime = watch.Elapsed; }
            }
            plain.Add(plainTime, rows);
            prepared.Add(preparedTime, rows);
            ratios.Add(plainTime / preparedTime);
        }
        ratios.Sort();
        Console.WriteLine($"  prepare in C#: BulkWriteImport {prepared.BestRate:N0} rows/s; StreamWriter + ZipArchive {plain.BestRate:N0} rows/s (best of {PairedRounds}); ratio of the pairs: median {ratios[ratios.Count / 2]:0.00}, {ratios[0]:0.00} to {ratios[^1]:0.00} (target >= 0.8)");
        Console.WriteLine($"    rounds (ms): BulkWriteImport {prepared}; plain {plain}");
    }

    private readonly record struct Counts(double Calls, double Credits)
    {
        public static Counts operator -(Counts a, Counts b) => new(a.Calls - b.Calls, a.Credits - b.Credits);

        public static Counts operator *(Counts a, double factor) => new(a.Calls * factor, a.Credits * factor);
    }

    private static Counts Usage(EmulatorProcess emulator)
    {
        var stats = emulator.Stats();
        return new Counts(stats.GetProperty("apiCalls").GetInt64(), stats.GetProperty("creditsUsed").GetInt64());
    }

    /// <summary>The loop a script author writes with the plain classes: one CSV line per row into a zip entry.</summary>
    private const string PlainScript = """
        $zip = [System.IO.Compression.ZipFile]::Open($args[0], 'Create')
        $writer = [System.IO.StreamWriter]::new($zip.CreateEntry('Leads.csv').Open())
        $writer.WriteLine('Last_Name,Email,Company')
        foreach ($row in $global:benchRows) {
            $cells = foreach ($cell in $row.Last_Name, $row.Email, $row.Company) { if ($cell -match '[",\r\n]') { '"' + $cell.Replace('"', '""') + '"' } else { $cell } }
            $writer.WriteLine($cells -join ',')
        }
        $writer.Dispose()
        $zip.Dispose()
        [System.IO.File]::Delete($args[0])
        """;

    private static (double Heap, double Live) PeakWhile(HostedModule module, int rows, string consumer)
    {
        using var sampler = new MemorySampler();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(true);
        long peakLive = baseline;
        using var live = new Timer(_ => { var now = GC.GetTotalMemory(true); if (now > Interlocked.Read(ref peakLive)) Interlocked.Exchange(ref peakLive, now); }, null, 0, 100);
        module.Invoke("[System.Linq.Enumerable]::Range(0, $args[0]) | ForEach-Object { @{ Last_Name = \"Mem$_\"; Email = \"mem$_@bench.example\"; Company = 'Bench' } } | " + consumer, rows);
        return (sampler.PeakGrowthMiB, (Interlocked.Read(ref peakLive) - baseline) / 1024.0 / 1024.0);
    }

    private static IReadOnlyList<ZohoField> LeadFields() => new[]
    {
        new ZohoField("Last_Name", "Last Name", "text") { SystemMandatory = true },
        new ZohoField("Email", "Email", "email"),
        new ZohoField("Company", "Company", "text"),
        new ZohoField("No_of_Employees", "No. of Employees", "integer"),
        new ZohoField("Annual_Revenue", "Annual Revenue", "currency"),
        new ZohoField("Lead_Source", "Lead Source", "picklist"),
    };

    private static KeyValuePair<string, object?>[] Row(int i) => new[]
    {
        new KeyValuePair<string, object?>("Last_Name", "Row " + i),
        new KeyValuePair<string, object?>("Email", $"row{i}@bench.example"),
        new KeyValuePair<string, object?>("Company", i % 7 == 0 ? "Zylker, Inc" : "Zylker"),
        new KeyValuePair<string, object?>("No_of_Employees", (i % 500).ToString(CultureInfo.InvariantCulture)),
        new KeyValuePair<string, object?>("Annual_Revenue", (i * 10.5m).ToString(CultureInfo.InvariantCulture)),
        new KeyValuePair<string, object?>("Lead_Source", "Web Download"),
    };

    /// <summary>The module's preparing half: convert, CSV, zip, input log; the files are deleted again.</summary>
    private static void Prepare(KeyValuePair<string, object?>[][] input, IReadOnlyList<ZohoField> fields)
    {
        using var import = new BulkWriteImport("insert", new RecordPayloadBuilder("Leads", fields), fields, null);
        var files = new List<BulkWriteFile>();
        for (var i = 0; i < input.Length; i++)
        {
            if (import.Add(i, null, input[i], input[i]) != null) throw new InvalidOperationException("A benchmark row was refused.");
            while (import.TakeReady() is { } ready) files.Add(ready);
        }
        files.AddRange(import.Complete());
        foreach (var file in files)
        {
            file.Input.Dispose();
            file.Dispose();
        }
    }

    /// <summary>What a script author would write with the plain classes: the same rows as CSV lines in a zip entry, 25,000 per file.</summary>
    private static void Plain(KeyValuePair<string, object?>[][] input)
    {
        for (var start = 0; start < input.Length; start += BulkWriteLimits.MaxRowsPerFile)
        {
            var path = Path.Combine(Path.GetTempPath(), "zcrm-bench-" + Guid.NewGuid().ToString("N") + ".zip");
            try
            {
                using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
                using (var writer = new StreamWriter(zip.CreateEntry("Leads.csv").Open(), new UTF8Encoding(false)))
                {
                    writer.Write(string.Join(",", input[0].Select(kv => kv.Key)));
                    writer.Write("\r\n");
                    foreach (var row in input.Skip(start).Take(BulkWriteLimits.MaxRowsPerFile))
                    {
                        writer.Write(string.Join(",", row.Select(kv => Quote(Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? string.Empty))));
                        writer.Write("\r\n");
                    }
                }
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private static string Quote(string cell) => cell.IndexOfAny(new[] { ',', '"', '\r', '\n' }) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
