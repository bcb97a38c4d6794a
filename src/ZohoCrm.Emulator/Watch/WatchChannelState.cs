using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Watch;

/// <summary>One notification channel as the emulator stores it (fact sheet §7.1).</summary>
internal sealed class WatchChannelState
{
    public WatchChannelState(long id) => Id = id;

    public long Id { get; }

    /// <summary>Module.operation, operation in create, edit, delete, all; in the order subscribed.</summary>
    public List<string> Events { get; set; } = new();

    public string NotifyUrl { get; set; } = string.Empty;

    public string? Token { get; set; }

    public DateTimeOffset Expiry { get; set; }

    public bool ReturnAffectedFieldValues { get; set; }

    /// <summary>§7.1: true unless the channel says otherwise.</summary>
    public bool NotifyOnRelatedAction { get; set; } = true;

    /// <summary>{"Leads": ["Last_Name", …]}: the fields a notification reports, per module.</summary>
    public JsonObject? Fields { get; set; }

    /// <summary>v6+ field_selection conditions, as sent.</summary>
    public JsonArray? NotificationCondition { get; set; }

    public int ConsecutiveFailures { get; set; }

    public IEnumerable<string> Modules => Events.Select(e => e[..e.LastIndexOf('.')]).Distinct(StringComparer.Ordinal);

    public bool Watches(string module, string operation) =>
        Events.Contains(module + "." + operation, StringComparer.Ordinal) || Events.Contains(module + ".all", StringComparer.Ordinal);

    public WatchChannelState Clone() => new(Id)
    {
        Events = [.. Events],
        NotifyUrl = NotifyUrl,
        Token = Token,
        Expiry = Expiry,
        ReturnAffectedFieldValues = ReturnAffectedFieldValues,
        NotifyOnRelatedAction = NotifyOnRelatedAction,
        Fields = Fields?.DeepClone().AsObject(),
        NotificationCondition = NotificationCondition?.DeepClone().AsArray(),
        ConsecutiveFailures = ConsecutiveFailures,
    };

    /// <summary>The conditions that concern <paramref name="module"/>, or an empty array.</summary>
    public JsonArray ConditionsFor(string module)
    {
        var result = new JsonArray();
        foreach (var condition in NotificationCondition ?? [])
        {
            if (condition?["module"]?["api_name"]?.GetValue<string>() == module)
            {
                result.Add(condition.DeepClone());
            }
        }

        return result;
    }

    /// <summary>The fields a notification about <paramref name="module"/> may report, or null for all.</summary>
    public IReadOnlySet<string>? ReportedFields(string module) =>
        Fields?[module] is JsonArray names
            ? names.Select(n => n?.GetValue<string>()).Where(n => n is not null).Select(n => n!).ToHashSet(StringComparer.Ordinal)
            : null;
}
