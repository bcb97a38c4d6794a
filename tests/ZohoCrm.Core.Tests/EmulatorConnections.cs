using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Http;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>Connections to a test's emulator as its own client: by refresh token, or by a grant code for the given scopes.</summary>
internal static class EmulatorConnections
{
    /// <summary>Retries come quickly in tests; a test that counts them passes its own options.</summary>
    public static ResilienceOptions FastRetries() => new ResilienceOptions { BaseDelay = TimeSpan.FromMilliseconds(50) };

    public static ConnectRequest RequestFor(ZohoCrmEmulator emulator, string? grantScopes = null, ResilienceOptions? resilience = null) => new ConnectRequest
    {
        ClientId = emulator.ClientId,
        ClientSecret = emulator.ClientSecret,
        RefreshToken = grantScopes == null ? emulator.RefreshToken : null,
        GrantCode = grantScopes == null ? null : emulator.IssueGrantCode(grantScopes),
        AccountsUrl = emulator.Url,
        ApiDomain = emulator.Url,
        Resilience = resilience ?? FastRetries(),
    };

    public static Task<ZohoConnection> ConnectAsync(ZohoCrmEmulator emulator, string? grantScopes = null, ResilienceOptions? resilience = null, IZcrmLog? log = null)
        => ConnectionFactory.ConnectAsync(RequestFor(emulator, grantScopes, resilience), log ?? NullLog.Instance, CancellationToken.None);
}
