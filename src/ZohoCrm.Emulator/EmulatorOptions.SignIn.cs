namespace ZohoCrm.Emulator;

/// <summary>What the consent page does when a browser opens /oauth/v2/auth (set by a test through /__emulator/consent).</summary>
public enum ConsentDecision
{
    /// <summary>Shows the consent page; the user (or a test) submits Accept or Deny.</summary>
    Ask,

    /// <summary>The user has approved: the page redirects at once with a code.</summary>
    Approve,

    /// <summary>The user has denied: the page redirects at once with error=access_denied.</summary>
    Deny,
}

/// <summary>Settings of the person sign-in flows: the consent page (§1.2) and device authorization (§1.2a).</summary>
public sealed partial class EmulatorOptions
{
    /// <summary>§1.1: the data centre (location) of the emulator's own accounts server, as the redirect's "location" names it.</summary>
    public string PrimaryLocation { get; set; } = "us";

    /// <summary>
    /// §1.2/§1.2a: the second data centre, served by a second accounts server on another loopback port of the same
    /// emulator, so a client really moves (the redirect's accounts-server, other_dc, /oauth/serverinfo).
    /// </summary>
    public string OtherLocation { get; set; } = "eu";

    /// <summary>What /oauth/v2/auth does from the start.</summary>
    public ConsentDecision Consent { get; set; } = ConsentDecision.Ask;

    /// <summary>§1.2 (?): lifetime of a code from the consent page (about 1 to 2 minutes for the web flow).</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>§1.2a: at most one poll of /oauth/v3/device/token per this many seconds; faster polls get slow_down.</summary>
    public int DevicePollIntervalSeconds { get; set; } = 30;

    /// <summary>§1.2a (?): the "interval" the device/code answer reports; null reports <see cref="DevicePollIntervalSeconds"/>, 0 leaves it out.</summary>
    public int? DeviceReportedIntervalSeconds { get; set; }

    /// <summary>§1.2a: a user_code (and its device_code) is valid this long.</summary>
    public int DeviceCodeLifetimeSeconds { get; set; } = 300;
}
