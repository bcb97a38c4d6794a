using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace ZohoCrm.Benchmarks;

/// <summary>The built module in a hosted PowerShell engine, connected to an emulator with -NoPersist.</summary>
public sealed class HostedModule : IDisposable
{
    private readonly Runspace _runspace;

    public HostedModule(EmulatorProcess emulator, int maxConcurrency = 5)
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        Invoke("Import-Module $args[0]", Path.Combine(Repo.Root, "ZohoCrm.psd1"));
        _connect = () => Invoke("Connect-Zcrm -ClientId $args[0] -ClientSecret $args[1] -RefreshToken $args[2] -AccountsUrl $args[3] -ApiDomain $args[3] -MaxConcurrency $args[4] -NoPersist | Out-Null",
            emulator.ClientId, Secure(emulator.ClientSecret), Secure(emulator.RefreshToken), emulator.Url, maxConcurrency);
        _connect();
    }

    private readonly Action _connect;

    /// <summary>
    /// Connects again: a new connection starts with no bulk downloads counted against Zoho's 10 a minute, which the
    /// module keeps to (so more than ten timed downloads a minute would otherwise time the wait).
    /// </summary>
    public void Reconnect() => _connect();

    public IReadOnlyList<PSObject> Invoke(string script, params object[] arguments)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var a in arguments) ps.AddArgument(a);
        var result = ps.Invoke();
        if (ps.HadErrors) throw new InvalidOperationException(string.Join(Environment.NewLine, ps.Streams.Error.Select(e => e.ToString())));
        return result;
    }

    /// <summary>Runs a command and counts what it streams without keeping it, as a consuming pipeline would.</summary>
    public long Stream(string command, IDictionary<string, object> parameters, IEnumerable<object>? input = null)
        => Stream(command, parameters, input, null);

    /// <summary>
    /// Like <see cref="Stream(string, IDictionary{string, object}, IEnumerable{object}?)"/>, and reads the value of
    /// every property of every object (on the pipeline thread, as a downstream command would).
    /// </summary>
    public long StreamReadingEveryProperty(string command, IDictionary<string, object> parameters, out long valuesRead)
    {
        long values = 0;
        var count = Stream(command, parameters, null, item =>
        {
            foreach (var property in item.Properties)
                if (property.Value != null) values++;
        });
        valuesRead = values;
        return count;
    }

    private long Stream(string command, IDictionary<string, object> parameters, IEnumerable<object>? input, Action<PSObject>? consume)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddCommand(command);
        foreach (var p in parameters) ps.AddParameter(p.Key, p.Value);
        long count = 0;
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, _) =>
        {
            count++;
            if (consume != null) foreach (var item in output.ReadAll()) consume(item);
            else if (output.Count >= 1000) output.ReadAll();
        };
        if (input == null) ps.Invoke(null, output);
        else
        {
            var pipeline = new PSDataCollection<object>(input);
            pipeline.Complete();
            ps.Invoke(pipeline, output);
        }
        if (ps.HadErrors) throw new InvalidOperationException(string.Join(Environment.NewLine, ps.Streams.Error.Select(e => e.ToString())));
        return count;
    }

    public static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    public void Dispose() => _runspace.Dispose();
}
