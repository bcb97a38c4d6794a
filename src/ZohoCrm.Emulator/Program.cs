using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ZohoCrm.Emulator;
using ZohoCrm.Emulator.Hosting;

// The command-line emulator: prints exactly one JSON line on stdout when ready, logs (Warning and up)
// to stderr, and runs until it is killed, its stdin closes, or --parent-pid exits.
EmulatorOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.Error.WriteLine(CommandLine.Usage);
        return 0;
    }

    options = CommandLine.Parse(args);
}
catch (FormatException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

ZohoCrmEmulator emulator;
try
{
    emulator = await ZohoCrmEmulator.StartAsync(options, logToStandardError: true, stop.Token);
}
catch (Exception ex) when (ex is IOException or ArgumentOutOfRangeException)
{
    Console.Error.WriteLine("The emulator could not start: " + ex.Message);
    return 1;
}

await using var running = emulator;

if (options.ParentPid is { } parentPid)
{
    _ = WatchParentAsync(parentPid, stop);
}

if (options.ExitOnStdinClose && !StandardInputIsNullDevice())
{
    var reader = new Thread(() =>
    {
        try
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[256];
            while (stdin.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        stop.Cancel();
    })
    { IsBackground = true, Name = "stdin watcher" };
    reader.Start();
}

var ready = JsonSerializer.Serialize(new Dictionary<string, string>
{
    ["url"] = emulator.Url.GetLeftPart(UriPartial.Authority),
    ["clientId"] = emulator.ClientId,
    ["clientSecret"] = emulator.ClientSecret,
    ["refreshToken"] = emulator.RefreshToken,
});
Console.Out.WriteLine(ready);
Console.Out.Flush();

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;

static async Task WatchParentAsync(int pid, CancellationTokenSource stop)
{
    try
    {
        using var parent = Process.GetProcessById(pid);
        await parent.WaitForExitAsync(stop.Token);
    }
    catch (ArgumentException)
    {
        // Already gone.
    }
    catch (OperationCanceledException)
    {
        return;
    }

    stop.Cancel();
}

// Standard input on /dev/null (a background job, CI without stdin) is at its end from the start: no one
// can close it, so it is not a lifeline and is not watched.
static bool StandardInputIsNullDevice()
{
    try
    {
        return OperatingSystem.IsLinux() && new FileInfo("/proc/self/fd/0").LinkTarget == "/dev/null";
    }
    catch (IOException)
    {
        return false;
    }
    catch (UnauthorizedAccessException)
    {
        return false;
    }
}
