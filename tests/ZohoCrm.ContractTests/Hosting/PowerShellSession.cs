using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace ZohoCrm.PowerShell.Tests.Hosting;

/// <summary>
/// One runspace of the real PowerShell engine with the built module imported (and, unless told otherwise, the
/// SecretManagement test double). Module auto-loading is off, so a real SecretManagement installed on the machine is
/// never touched by tests.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession(string? vaultStore = null, bool withVault = true, string defaultVault = "TestVault")
    {
        var state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        VaultStore = vaultStore ?? Path.Combine(Path.GetTempPath(), "zcrm-vault-" + Guid.NewGuid().ToString("N"));
        var setup = "$PSModuleAutoLoadingPreference = 'None'; $ErrorActionPreference = 'Stop'; Import-Module $manifest";
        if (withVault) setup += "; Import-Module $vaultDouble -ArgumentList $vaultStore, $defaultVault";
        var result = Run(setup, ("manifest", RepoPaths.Manifest), ("vaultDouble", RepoPaths.VaultDouble), ("vaultStore", VaultStore), ("defaultVault", defaultVault));
        if (result.HadErrors) throw new InvalidOperationException("Module import failed: " + result.AllText());
        Run("$ErrorActionPreference = 'Continue'");
    }

    /// <summary>The folder behind the vault double; pass it to a second session to share the vault.</summary>
    public string VaultStore { get; }

    public Runspace Runspace => _runspace;

    public ScriptResult Run(string script, params (string Name, object? Value)[] variables)
    {
        using var ps = Create(script, variables);
        var result = new ScriptResult();
        Collect(ps, result);
        try
        {
            var output = ps.Invoke();
            result.Output.AddRange(output.Where(o => o != null));
        }
        catch (RuntimeException ex)
        {
            result.Terminating = ex;
        }
        Drain(ps, result);
        return result;
    }

    /// <summary>Starts a script, lets <paramref name="whenToStop"/> decide when to stop it, and reports how long the stop took.</summary>
    public (ScriptResult Result, TimeSpan StopDuration) RunAndStop(string script, Func<ScriptResult, bool> whenToStop, TimeSpan timeout, params (string Name, object? Value)[] variables)
    {
        using var ps = Create(script, variables);
        var result = new ScriptResult();
        Collect(ps, result);
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) => { lock (result.Output) result.Output.Add(output[e.Index]); };
        var async = ps.BeginInvoke<PSObject, PSObject>(null, output);
        var deadline = DateTime.UtcNow + timeout;
        while (!async.IsCompleted && DateTime.UtcNow < deadline)
        {
            bool stop;
            lock (result.Output) stop = whenToStop(result);
            if (stop) break;
            Thread.Sleep(5);
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        watch.Stop();
        try { ps.EndInvoke(async); }
        catch (Exception ex) { result.Terminating = ex; }
        Drain(ps, result);
        return (result, watch.Elapsed);
    }

    private System.Management.Automation.PowerShell Create(string script, (string Name, object? Value)[] variables)
    {
        var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        ps.AddScript(script);
        return ps;
    }

    private static void Collect(System.Management.Automation.PowerShell ps, ScriptResult result)
    {
        ps.Streams.Progress.DataAdded += (_, e) => { lock (result.Progress) result.Progress.Add(ps.Streams.Progress[e.Index]); };
    }

    private static void Drain(System.Management.Automation.PowerShell ps, ScriptResult result)
    {
        result.Errors.AddRange(ps.Streams.Error);
        result.Warnings.AddRange(ps.Streams.Warning);
        result.Verbose.AddRange(ps.Streams.Verbose);
        result.Debug.AddRange(ps.Streams.Debug);
        result.Information.AddRange(ps.Streams.Information);
    }

    public static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    public void Dispose()
    {
        _runspace.Dispose();
    }
}
