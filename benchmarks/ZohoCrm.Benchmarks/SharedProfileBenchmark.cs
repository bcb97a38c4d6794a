using System.Diagnostics;
using System.Text.Json;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// Issue 11: N pwsh processes started together on one saved profile right after the cached access token expired
/// (the emulator expires it on demand). Counts the token-endpoint calls Zoho would see, with the cross-process profile
/// lock and without it (ZCRM_PROFILE_LOCK=off, the baseline), each round on a fresh emulator with Zoho's mint limit
/// (10 per refresh token per 10 minutes). The profile is kept by the SecretManagement test double
/// (tests/TestDoubles), a file-backed stand-in for a vault that every process reads and writes.
/// </summary>
public static class SharedProfileBenchmark
{
    private const string ChildScript = """
        param([string] $Double, [string] $Store, [string] $Manifest, [string] $Go, [string] $Ready)
        $ErrorActionPreference = 'Stop'
        Import-Module $Double -ArgumentList $Store, 'TestVault'
        Import-Module $Manifest
        [System.IO.File]::WriteAllText($Ready, 'ready')
        while (-not [System.IO.File]::Exists($Go)) { Start-Sleep -Milliseconds 5 }
        Connect-Zcrm -Profile bench -Vault TestVault | Out-Null
        $null = Get-ZcrmRecord -Module Leads -First 1
        """;

    private const string SetupScript = """
        param([string] $Double, [string] $Store, [string] $Manifest, [string] $Url, [string] $ClientId, [string] $ClientSecret, [string] $RefreshToken)
        $ErrorActionPreference = 'Stop'
        Import-Module $Double -ArgumentList $Store, 'TestVault'
        Import-Module $Manifest
        $secret = ConvertTo-SecureString -String $ClientSecret -AsPlainText -Force
        $refresh = ConvertTo-SecureString -String $RefreshToken -AsPlainText -Force
        Connect-Zcrm -Profile bench -ClientId $ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $Url -ApiDomain $Url -Vault TestVault | Out-Null
        """;

    public static void Run(int[] counts)
    {
        var pwsh = FindPwsh();
        var manifest = Path.Combine(Repo.Root, "ZohoCrm.psd1");
        var double_ = Path.Combine(Repo.Root, "tests", "TestDoubles", "SecretManagement.TestDouble", "SecretManagement.TestDouble.psd1");
        Console.WriteLine($"Shared profile: N pwsh processes started together right after the cached token expired ({Environment.ProcessorCount} cores).");
        Console.WriteLine($"{"N",4} {"lock",-5} {"token calls",12} {"mints",6} {"refused",8} {"failed",7} {"seconds",8}");
        var rows = new List<(int N, bool Lock, int Calls)>();
        foreach (var n in counts)
        {
            foreach (var withLock in new[] { false, true })
            {
                var (calls, mints, refused, failed, seconds) = Round(pwsh, manifest, double_, n, withLock);
                rows.Add((n, withLock, calls));
                Console.WriteLine($"{n,4} {(withLock ? "on" : "off"),-5} {calls,12} {mints,6} {refused,8} {failed,7} {seconds,8:0.0}");
            }
        }
        Console.WriteLine();
        foreach (var n in counts)
        {
            var off = rows.First(r => r.N == n && !r.Lock).Calls;
            var on = rows.First(r => r.N == n && r.Lock).Calls;
            Console.WriteLine($"N={n}: {off} token calls without the lock, {on} with it ({(on == 0 ? 0 : (double)off / on):0.0}x fewer; target 1).");
        }
    }

    private static (int Calls, int Mints, int Refused, int Failed, double Seconds) Round(string pwsh, string manifest, string vaultDouble, int n, bool withLock)
    {
        var folder = Path.Combine(Path.GetTempPath(), "zcrm-bench-profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var emulator = EmulatorProcess.Start("--leads", "5");
            var store = Path.Combine(folder, "vault");
            var locks = Path.Combine(folder, "locks");
            var setup = Path.Combine(folder, "setup.ps1");
            var child = Path.Combine(folder, "child.ps1");
            File.WriteAllText(setup, SetupScript);
            File.WriteAllText(child, ChildScript);

            var env = new Dictionary<string, string> { ["ZCRM_PROFILE_LOCK_DIR"] = locks, ["ZCRM_PROFILE_LOCK"] = withLock ? "on" : "off" };
            var (saving, errors) = StartPwsh(pwsh, setup, env, vaultDouble, store, manifest, emulator.Url, emulator.ClientId, emulator.ClientSecret, emulator.RefreshToken);
            using (saving)
            {
                saving.WaitForExit();
                if (saving.ExitCode != 0) throw new InvalidOperationException("Saving the profile failed: " + errors);
            }

            using (var http = new HttpClient()) http.PostAsync(emulator.Url + "/__emulator/expire-tokens", null).Result.EnsureSuccessStatusCode();
            var before = Counts(emulator.Stats());

            var go = Path.Combine(folder, "go");
            var processes = Enumerable.Range(0, n).Select(i => StartPwsh(pwsh, child, env, vaultDouble, store, manifest, go, Path.Combine(folder, $"ready-{i}")).Process).ToList();
            while (Enumerable.Range(0, n).Any(i => !File.Exists(Path.Combine(folder, $"ready-{i}"))) && processes.All(p => !p.HasExited)) Thread.Sleep(20);
            var watch = Stopwatch.StartNew();
            File.WriteAllText(go, "go");
            var failed = 0;
            foreach (var process in processes)
            {
                process.WaitForExit();
                if (process.ExitCode != 0) failed++;
                process.Dispose();
            }
            var after = Counts(emulator.Stats());
            return (after.Calls - before.Calls, after.Mints - before.Mints, after.Refused - before.Refused, failed, watch.Elapsed.TotalSeconds);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static (int Calls, int Mints, int Refused) Counts(JsonElement stats)
        => (stats.GetProperty("tokenCalls").GetInt32(), stats.GetProperty("tokenMints").GetInt32(), stats.GetProperty("tokenMintsDenied").GetInt32());

    private static (Process Process, System.Text.StringBuilder Errors) StartPwsh(string pwsh, string script, Dictionary<string, string> env, params string[] arguments)
    {
        var errors = new System.Text.StringBuilder();
        var info = new ProcessStartInfo(pwsh) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-File", script }.Concat(arguments)) info.ArgumentList.Add(a);
        foreach (var (key, value) in env) info.Environment[key] = value;
        info.Environment.Remove("DOTNET_DiagnosticPorts");
        var process = Process.Start(info)!;
        // Drain both streams so a chatty child never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, errors);
    }

    private static string FindPwsh()
    {
        var name = OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh";
        var fromEnv = Environment.GetEnvironmentVariable("PWSH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("pwsh was not found on PATH (or in $PWSH).");
    }
}
