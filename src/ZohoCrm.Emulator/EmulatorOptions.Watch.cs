namespace ZohoCrm.Emulator;

/// <summary>What a channel_expiry past the maximum gets (fact sheet §7.1 says the 1-hour default).</summary>
public enum WatchExpiryBeyondMaximum
{
    /// <summary>The channel is kept for <see cref="EmulatorOptions.WatchDefaultExpiry"/> instead (the sheet's reading).</summary>
    DefaultExpiry,

    /// <summary>The entry fails with INVALID_DATA on channel_expiry.</summary>
    Reject,
}

/// <summary>The words a notification's "operation" uses (fact sheet §7.3/§12 #6, "?").</summary>
public enum NotificationOperationNames
{
    /// <summary>insert, update, delete (the sheet's and §13's captured requests).</summary>
    InsertUpdateDelete,

    /// <summary>create, edit, delete (as in the events; some third-party schemas).</summary>
    CreateEditDelete,
}

/// <summary>Settings of the notification channels (actions/watch) and of the notifications the emulator POSTs (fact sheet §7).</summary>
public sealed partial class EmulatorOptions
{
    // ---- channels (§7.1, §7.2) ----

    /// <summary>§2/§7.1: the longest channel_expiry (1 week from v4 on).</summary>
    public TimeSpan WatchMaxExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>§7.1: the expiry of a channel sent without channel_expiry.</summary>
    public TimeSpan WatchDefaultExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>§7.1 (?): a channel_expiry past <see cref="WatchMaxExpiry"/>.</summary>
    public WatchExpiryBeyondMaximum WatchExpiryBeyondMaximum { get; set; } = WatchExpiryBeyondMaximum.DefaultExpiry;

    /// <summary>(?): channels an org may have; Zoho documents no number. One more is LIMIT_EXCEEDED for that entry; 0 = no limit.</summary>
    public int WatchMaxChannels { get; set; } = 100;

    /// <summary>(?): entries in one POST, PUT or PATCH; more is a top-level LIMIT_EXCEEDED.</summary>
    public int WatchMaxEntriesPerRequest { get; set; } = 100;

    /// <summary>§7.1: characters of "token".</summary>
    public int WatchMaxTokenLength { get; set; } = 50;

    /// <summary>§7.1: notify_url must be https. Plain http to a loopback host is always accepted (the emulator's tests listen there).</summary>
    public bool WatchRequireHttpsNotifyUrl { get; set; } = true;

    /// <summary>§7.2/§12 (?): status of a POST whose channels all succeeded (notifications.json: 201; the sheet's sample: 200).</summary>
    public int WatchSubscribeStatusCode { get; set; } = 201;

    /// <summary>§7.2 (?): status of a POST, PUT, PATCH or DELETE when any channel failed (notifications.json: 202 with the watch array).</summary>
    public int WatchEntryErrorStatusCode { get; set; } = 202;

    /// <summary>§7.2: PATCH entries need "events" (the sheet lists channel_id and events for every PATCH).</summary>
    public bool WatchPatchRequiresEvents { get; set; } = true;

    /// <summary>§7.2: GET per_page when none is given, and its maximum.</summary>
    public int WatchMaxPerPage { get; set; } = 200;

    // ---- notifications (§7.3) ----

    /// <summary>
    /// (?): changes of one module and operation for one channel within this window go out as one notification with
    /// several ids (§7.3: "ids may hold several records"). Measured in real time, not by <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan NotificationBatchWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>(?): ids in one notification; a batch that reaches it is sent at once.</summary>
    public int NotificationMaxIdsPerBatch { get; set; } = 100;

    /// <summary>§7.3 (?): attempts after the first for a delivery that failed (no answer, or not 2xx).</summary>
    public int NotificationRetries { get; set; } = 3;

    /// <summary>(?): wait before the first retry; it doubles for each further one.</summary>
    public TimeSpan NotificationRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan NotificationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>§7.3 (?): consecutive failed deliveries (after their retries) that disable a channel; 0 = never.</summary>
    public int WatchDisableAfterFailedDeliveries { get; set; }

    /// <summary>§7.3/§12 #6 (?): the words of "operation".</summary>
    public NotificationOperationNames NotificationOperationNames { get; set; } = NotificationOperationNames.InsertUpdateDelete;

    /// <summary>§13 (?): the API version in a notification's resource_uri (captured requests show /crm/v2/ even for v8 channels).</summary>
    public string NotificationResourceUriVersion { get; set; } = "v2";

    /// <summary>(?): a lead conversion notifies Leads.edit subscribers (an update whose affected field is "$converted").</summary>
    public bool NotifyLeadConversion { get; set; } = true;
}
