using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Writes;

/// <summary>
/// Carries out inserts, updates, upserts and deletes record by record through the store, and answers with
/// one entry per input record, in input order, and the HTTP status of the whole call (fact sheet §3.4).
/// </summary>
internal sealed class RecordWriter
{
    private readonly ApiContext _ctx;
    private readonly ModuleDefinition _module;
    private readonly ModuleRecordSet _set;
    private readonly RecordReader _reader;
    private readonly List<JsonObject> _entries = new();
    private int _failed;

    public RecordWriter(ApiContext ctx, ModuleDefinition module)
    {
        _ctx = ctx;
        _module = module;
        _set = ctx.State.Store.Records(module.ApiName)!;
        _reader = new RecordReader(module, ctx.State.Store, ctx.Options);
    }

    private CrmStore Store => _ctx.State.Store;

    private EmulatorOptions Options => _ctx.Options;

    public ApiResult Insert(WriteBody body)
    {
        for (var i = 0; i < body.Records.Count; i++)
        {
            var path = $"$.data[{i}]";
            var input = _reader.Read(body.Records[i], path, creating: true, out var error);
            if (input is null)
            {
                Fail(error!);
                continue;
            }

            Create(input, path, upsert: false);
        }

        return Answer(201);
    }

    /// <summary>PUT many (each record names its id) or PUT one (<paramref name="pathId"/>).</summary>
    public ApiResult Update(WriteBody body, long? pathId)
    {
        for (var i = 0; i < body.Records.Count; i++)
        {
            var path = $"$.data[{i}]";
            var input = _reader.Read(body.Records[i], path, creating: false, out var error);
            if (input is null)
            {
                Fail(error!);
                continue;
            }

            long id;
            if (pathId is { } fromPath)
            {
                id = fromPath;
                if (input.Id is { } bodyId && RecordId(bodyId) != fromPath)
                {
                    Fail(RecordError.UnknownId(IdText(bodyId)));
                    continue;
                }
            }
            else if (input.Id is not { } bodyId || bodyId.ValueKind == JsonValueKind.Null)
            {
                Fail(RecordError.Mandatory("id", path + ".id"));
                continue;
            }
            else if (RecordId(bodyId) is { } parsed)
            {
                id = parsed;
            }
            else
            {
                Fail(RecordError.UnknownId(IdText(bodyId)));
                continue;
            }

            Change(id, input.Values, path, null);
        }

        return Answer(200);
    }

    public ApiResult Upsert(WriteBody body)
    {
        var matchOn = body.DuplicateCheckFields ?? DuplicateCheckFields.Default(_module);
        var allInserted = true;
        for (var i = 0; i < body.Records.Count; i++)
        {
            var path = $"$.data[{i}]";
            var input = _reader.Read(body.Records[i], path, creating: false, out var error);
            if (input is null)
            {
                Fail(error!);
                continue;
            }

            var match = FindMatch(matchOn, input.Values);
            if (match is { } m)
            {
                allInserted = false;
                Change(m.Id, input.Values, path, m.Field.ApiName);
            }
            else if (_reader.CheckMandatory(body.Records[i], path, creating: true) is { } missing)
            {
                Fail(missing);
            }
            else
            {
                Create(input, path, upsert: true);
            }
        }

        return Answer(allInserted ? Options.UpsertSuccessStatusCode : 200);
    }

    public ApiResult Delete(IReadOnlyList<string> ids)
    {
        foreach (var text in ids)
        {
            if (ZohoIds.TryParse(text, out var locked) && Store.IsLocked(_module.ApiName, locked))
            {
                Fail(new RecordError("RECORD_LOCKED", "record not deleted", new JsonObject { ["id"] = text }));
                continue;
            }

            if (!ZohoIds.TryParse(text, out var id) || !Store.Delete(_module.ApiName, id, Store.Users.Current))
            {
                Fail(RecordError.UnknownId(text));
                continue;
            }

            _entries.Add(Success("record deleted", new JsonObject { ["id"] = ZohoIds.Format(id) }));
        }

        return Answer(200);
    }

    private void Create(RecordInput input, string path, bool upsert)
    {
        var conflict = Store.TryInsert(_module.ApiName, input.Values, Store.Users.Current, enforceUnique: true, out var id);
        if (conflict is not null)
        {
            Fail(DuplicateOf(conflict, path));
            return;
        }

        var entry = Success("record added", Details(id));
        if (upsert)
        {
            entry["action"] = "insert";
            if (Options.UpsertInsertDuplicateField == UpsertInsertDuplicateField.Null)
            {
                entry["duplicate_field"] = null;
            }
        }

        _entries.Add(entry);
    }

    private void Change(long id, Dictionary<string, object?> values, string path, string? duplicateField)
    {
        bool converted;
        lock (_set.Gate)
        {
            var record = _set.Find(id);
            if (record is null)
            {
                Fail(RecordError.UnknownId(ZohoIds.Format(id)));
                return;
            }

            converted = _module.SupportsConversion && record.Converted;
        }

        if (converted)
        {
            Fail(RecordError.Converted(Options.ConvertedRecordUpdateCode, id));
            return;
        }

        var conflict = Store.TryUpdate(_module.ApiName, id, values, Store.Users.Current, enforceUnique: true, out var found);
        if (!found)
        {
            Fail(RecordError.UnknownId(ZohoIds.Format(id)));
            return;
        }

        if (conflict is not null)
        {
            Fail(DuplicateOf(conflict, path));
            return;
        }

        var entry = Success("record updated", Details(id));
        if (duplicateField is not null)
        {
            entry["action"] = "update";
            entry["duplicate_field"] = duplicateField;
        }

        _entries.Add(entry);
    }

    /// <summary>The record an upsert updates: the first duplicate-check field (in order) whose value another record holds.</summary>
    private (FieldDefinition Field, long Id)? FindMatch(IReadOnlyList<FieldDefinition> fields, Dictionary<string, object?> values)
    {
        lock (_set.Gate)
        {
            foreach (var field in fields)
            {
                if (values.TryGetValue(field.ApiName, out var value) && _set.FindByValue(field, value) is { } id)
                {
                    return (field, id);
                }
            }
        }

        return null;
    }

    private RecordError DuplicateOf(StoreConflict conflict, string path)
    {
        LookupValue? owner;
        lock (_set.Gate)
        {
            owner = _set.Find(conflict.ExistingId) is { } existing ? _set.GetValue(existing, "Owner") as LookupValue : null;
        }

        return RecordError.Duplicate(conflict.Field.ApiName, path + "." + conflict.Field.ApiName, conflict.ExistingId, owner, _module);
    }

    /// <summary>The success details of §3.4: times, creator, modifier, id and $approval_state.</summary>
    private JsonObject Details(long id)
    {
        lock (_set.Gate)
        {
            var record = _set.Find(id)!;
            return new JsonObject
            {
                ["Modified_Time"] = ZohoTime.FormatDateTime(record.ModifiedTime),
                ["Modified_By"] = User(_set.GetValue(record, "Modified_By")),
                ["Created_Time"] = ZohoTime.FormatDateTime(record.CreatedTime),
                ["id"] = ZohoIds.Format(id),
                ["Created_By"] = User(_set.GetValue(record, "Created_By")),
                ["$approval_state"] = record.Approved ? "approved" : "awaiting",
            };
        }
    }

    private static JsonObject? User(object? value) =>
        value is LookupValue user ? new JsonObject { ["name"] = user.Name, ["id"] = ZohoIds.Format(user.Id) } : null;

    private static JsonObject Success(string message, JsonObject details) => new()
    {
        ["code"] = "SUCCESS",
        ["details"] = details,
        ["message"] = message,
        ["status"] = "success",
    };

    private void Fail(RecordError error)
    {
        _entries.Add(error.ToJson());
        _failed++;
    }

    private ApiResult Answer(int allSucceeded)
    {
        var status = _failed == 0 ? allSucceeded
            : _failed == _entries.Count ? Options.AllRecordsFailedStatusCode
            : Options.PartialSuccessStatusCode;
        return ApiResult.Json(new JsonObject { ["data"] = new JsonArray(_entries.ToArray<JsonNode?>()) }, status);
    }

    private static long? RecordId(JsonElement id) => id.ValueKind switch
    {
        JsonValueKind.String when ZohoIds.TryParse(id.GetString(), out var parsed) => parsed,
        JsonValueKind.Number when id.TryGetInt64(out var number) && number > 0 => number,
        _ => null,
    };

    private static string IdText(JsonElement id) => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
}
