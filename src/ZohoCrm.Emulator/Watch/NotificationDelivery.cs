namespace ZohoCrm.Emulator.Watch;

/// <summary>
/// One notification the emulator POSTed (or gave up on): the channel, where it went, the JSON body, and how it
/// ended after <see cref="Attempts"/> attempts (the first plus retries).
/// </summary>
public sealed record NotificationDelivery(
    long ChannelId,
    string NotifyUrl,
    string Module,
    string Operation,
    IReadOnlyList<string> Ids,
    string Body,
    int Attempts,
    int? StatusCode,
    bool Succeeded,
    string? Error,
    DateTimeOffset Time);

/// <summary>A channel as the emulator holds it, for tests and the admin endpoint.</summary>
public sealed record WatchChannelInfo(
    long ChannelId,
    IReadOnlyList<string> Events,
    string NotifyUrl,
    string? Token,
    DateTimeOffset Expiry,
    bool ReturnAffectedFieldValues,
    bool NotifyOnRelatedAction);
