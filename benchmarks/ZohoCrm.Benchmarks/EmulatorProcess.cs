using System.Diagnostics;
using System.Text.Json;

namespace ZohoCrm.Benchmarks;

/// <summary>The emulator as its own process, started with `dotnet ZohoCrm.Emulator.dll --port 0 …`.</summary>
public sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, JsonElement ready)
    {
        _process = process;
        Url = ready.GetProperty("url").GetString()!;
        ClientId = ready.GetProperty("clientId").GetString()!;
        ClientSecret = ready.GetProperty("clientSecret").GetString()!;
        RefreshToken = ready.GetProperty("refreshToken").GetString()!;
    }

    public string Url { get; }
    public string ClientId { get; }
    public string ClientSecret { get; }
    public string RefreshToken { get; }

    /// <summary>The emulator's own counts: API calls per path and credits used.</summary>
    public JsonElement Stats()
    {
        using var http = new HttpClient();
        return JsonDocument.Parse(http.GetStringAsync(Url + "/__emulator/stats").Result).RootElement.Clone();
    }

    public (int Calls, long Credits) Usage(string methodAndPath)
    {
        var stats = Stats();
        var calls = stats.GetProperty("paths").TryGetProperty(methodAndPath, out var count) ? count.GetInt32() : 0;
        return (calls, stats.GetProperty("creditsUsed").GetInt64());
    }

    public static EmulatorProcess Start(params string[] arguments)
    {
        var dll = Directory.GetFiles(Path.Combine(Repo.Root, "src", "ZohoCrm.Emulator", "bin"), "ZohoCrm.Emulator.dll", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}net10.0{Path.DirectorySeparatorChar}"))
            .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new InvalidOperationException("Build the emulator first (dotnet build).");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        // Under dotnet-trace the benchmark is started suspended on a diagnostic port; the emulator must not inherit it.
        info.Environment.Remove("DOTNET_DiagnosticPorts");
        foreach (var a in new[] { "--port", "0", "--max-concurrency", "0", "--daily-credits", "0", "--parent-pid", Environment.ProcessId.ToString() }.Concat(arguments))
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The emulator exited before it was ready.");
        return new EmulatorProcess(process, JsonDocument.Parse(line).RootElement.Clone());
    }

    public void Dispose()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}

public static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ZohoCrm.psd1"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the repository.");
    }
}
