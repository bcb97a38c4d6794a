using ZohoCrm.Emulator;

namespace ZohoCrm.PowerShell.Tests.Hosting;

/// <summary>An emulator on an ephemeral loopback port plus a PowerShell session, with the connect script they need.</summary>
public sealed class ZcrmTestContext : IAsyncDisposable
{
    private ZcrmTestContext(ZohoCrmEmulator emulator, PowerShellSession session)
    {
        Emulator = emulator;
        Session = session;
    }

    public ZohoCrmEmulator Emulator { get; }
    public PowerShellSession Session { get; }

    public static async Task<ZcrmTestContext> StartAsync(Action<EmulatorOptions>? configure = null, bool withVault = true, string defaultVault = "TestVault")
    {
        var options = new EmulatorOptions();
        configure?.Invoke(options);
        var emulator = await ZohoCrmEmulator.StartAsync(options);
        return new ZcrmTestContext(emulator, new PowerShellSession(withVault: withVault, defaultVault: defaultVault));
    }

    /// <summary>An emulator with <paramref name="leads"/> leads whose bulk read jobs finish in a few tens of milliseconds.</summary>
    public static Task<ZcrmTestContext> StartWithQuickBulkJobsAsync(int leads, Action<EmulatorOptions>? configure = null) => StartAsync(o =>
    {
        o.Leads = leads;
        o.BulkReadAddedDuration = TimeSpan.FromMilliseconds(20);
        o.BulkReadInProgressDuration = TimeSpan.FromMilliseconds(30);
        configure?.Invoke(o);
    });

    /// <summary>Variables every connect script uses: $url, $clientId, $clientSecret (SecureString), $refreshToken (SecureString).</summary>
    public (string, object?)[] ConnectVariables => new (string, object?)[]
    {
        ("url", Emulator.Url.ToString().TrimEnd('/')),
        ("clientId", Emulator.ClientId),
        ("clientSecret", PowerShellSession.Secure(Emulator.ClientSecret)),
        ("refreshToken", PowerShellSession.Secure(Emulator.RefreshToken)),
    };

    public const string ConnectNoPersist = "Connect-Zcrm -ClientId $clientId -ClientSecret $clientSecret -RefreshToken $refreshToken -AccountsUrl $url -ApiDomain $url -NoPersist";

    /// <summary>Runs <paramref name="script"/> after connecting without a vault.</summary>
    public ScriptResult RunConnected(string script, params (string, object?)[] variables)
    {
        var connect = Session.Run(ConnectNoPersist + " | Out-Null", ConnectVariables);
        if (connect.HadErrors) throw new InvalidOperationException("Connect failed: " + connect.AllText());
        Emulator.Requests.Clear();
        return Session.Run(script, variables);
    }

    public ScriptResult Run(string script, params (string, object?)[] variables)
        => Session.Run(script, ConnectVariables.Concat(variables).ToArray());

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Emulator.DisposeAsync();
    }
}
