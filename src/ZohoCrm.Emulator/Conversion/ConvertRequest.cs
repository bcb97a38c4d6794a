using System.Text.Json;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Writes;

namespace ZohoCrm.Emulator.Conversion;

/// <summary>The one element of a convert body (convert_lead.json Lead_Converter), checked key by key.</summary>
internal sealed class ConvertRequest
{
    private const string Path = "$.data[0]";
    private static readonly string[] Flags = ["overwrite", "notify_lead_owner", "notify_new_entity_owner", "add_to_existing_record"];
    private static readonly string[] Targets = ["Contacts", "Accounts", "Deals"];

    public bool Overwrite { get; private set; }

    public long? AccountId { get; private set; }

    public long? ContactId { get; private set; }

    public CrmUser? AssignTo { get; private set; }

    /// <summary>The deal to create (typed like an insert into Deals), or null for none.</summary>
    public Dictionary<string, object?>? Deal { get; private set; }

    /// <summary>Tag names to carry over, per target module.</summary>
    public Dictionary<string, string[]> CarryOverTags { get; } = new(StringComparer.Ordinal);

    public static ConvertRequest? Parse(JsonElement element, CrmStore store, EmulatorOptions options, out RecordError? error)
    {
        error = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = RecordError.WrongType("data", Path, "jsonobject");
            return null;
        }

        var request = new ConvertRequest();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            var value = property.Value;
            var path = Path + "." + name;
            if (Flags.Contains(name))
            {
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    error = RecordError.WrongType(name, path, "boolean");
                    return null;
                }

                request.Overwrite |= name == "overwrite" && value.GetBoolean();
                continue;
            }

            switch (name)
            {
                case "Accounts" or "Contacts":
                    var id = ExistingId(store, name, value, path, out error);
                    if (error is not null)
                    {
                        return null;
                    }

                    if (name == "Accounts")
                    {
                        request.AccountId = id;
                    }
                    else
                    {
                        request.ContactId = id;
                    }

                    break;
                case "assign_to":
                    var userId = ObjectId(name, value, path, out error);
                    if (error is not null)
                    {
                        return null;
                    }

                    request.AssignTo = store.Users.Find(userId) is { CanOwnRecords: true } user ? user : null;
                    if (request.AssignTo is null)
                    {
                        error = RecordError.InvalidValue(name, path);
                        return null;
                    }

                    break;
                case "Deals":
                    if (value.ValueKind != JsonValueKind.Object)
                    {
                        error = RecordError.WrongType(name, path, "jsonobject");
                        return null;
                    }

                    var deal = new RecordReader(store.Catalog.Find("Deals")!, store, options).Read(value, path, creating: true, out error);
                    if (deal is null)
                    {
                        return null;
                    }

                    request.Deal = deal.Values;
                    break;
                case "carry_over_tags":
                    if ((error = ReadTags(request, value, path)) is not null)
                    {
                        return null;
                    }

                    break;
                case "move_attachments_to":
                    if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("id", out _) ||
                        (value.TryGetProperty("api_name", out var target) && (target.ValueKind != JsonValueKind.String || !Targets.Contains(target.GetString()))))
                    {
                        error = RecordError.WrongType(name, path, "jsonobject");
                        return null;
                    }

                    break;
                default:
                    if (options.RejectUnknownFields)
                    {
                        error = RecordError.Invalid(name, path, "not a key of the convert request");
                        return null;
                    }

                    break;
            }
        }

        return request;
    }

    private static RecordError? ReadTags(ConvertRequest request, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return RecordError.WrongType("carry_over_tags", path, "jsonobject");
        }

        foreach (var property in value.EnumerateObject())
        {
            var tagsPath = path + "." + property.Name;
            if (!Targets.Contains(property.Name))
            {
                return RecordError.Invalid(property.Name, tagsPath, "carry_over_tags takes Contacts, Accounts and Deals");
            }

            if (property.Value.ValueKind != JsonValueKind.Array || property.Value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            {
                return RecordError.WrongType(property.Name, tagsPath, "jsonarray");
            }

            request.CarryOverTags[property.Name] = property.Value.EnumerateArray().Select(t => t.GetString()!).ToArray();
        }

        return null;
    }

    private static long? ExistingId(CrmStore store, string module, JsonElement value, string path, out RecordError? error)
    {
        var id = ObjectId(module, value, path, out error);
        if (error is not null)
        {
            return null;
        }

        var set = store.Records(module)!;
        lock (set.Gate)
        {
            if (set.Find(id) is null)
            {
                error = RecordError.InvalidValue(module, path);
                return null;
            }
        }

        return id;
    }

    /// <summary>The id of a {"id": …} object; v2's bare id strings are refused (v8 takes objects).</summary>
    private static long ObjectId(string name, JsonElement value, string path, out RecordError? error)
    {
        error = null;
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("id", out var id))
        {
            error = RecordError.WrongType(name, path, "jsonobject");
            return 0;
        }

        if (id.ValueKind == JsonValueKind.String && ZohoIds.TryParse(id.GetString(), out var parsed))
        {
            return parsed;
        }

        error = RecordError.InvalidValue(name, path);
        return 0;
    }
}
