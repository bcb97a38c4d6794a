using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Watch;

internal enum WatchMethod
{
    Subscribe,
    Replace,
    Patch,
}

/// <summary>One checked entry of a POST, PUT or PATCH body; what was not sent stays null.</summary>
internal sealed class WatchEntry
{
    public WatchEntry(long channelId) => ChannelId = channelId;

    public long ChannelId { get; }

    public List<string>? Events { get; set; }

    public string? NotifyUrl { get; set; }

    public bool TokenGiven { get; set; }

    public string? Token { get; set; }

    /// <summary>The expiry to store: the one sent, or the default for one past the maximum.</summary>
    public DateTimeOffset? Expiry { get; set; }

    public bool? ReturnAffectedFieldValues { get; set; }

    public bool? NotifyOnRelatedAction { get; set; }

    public bool FieldsGiven { get; set; }

    public JsonObject? Fields { get; set; }

    public bool ConditionsGiven { get; set; }

    public JsonArray? NotificationCondition { get; set; }

    public bool DeleteEvents { get; set; }
}
