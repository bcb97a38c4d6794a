using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Writes;

/// <summary>The body of an insert, update or upsert (fact sheet §3.3), checked key by key.</summary>
internal sealed class WriteBody
{
    private WriteBody(IReadOnlyList<JsonElement> records)
    {
        Records = records;
    }

    public IReadOnlyList<JsonElement> Records { get; }

    /// <summary>The given duplicate_check_fields (upsert only); null when not sent.</summary>
    public IReadOnlyList<FieldDefinition>? DuplicateCheckFields { get; private set; }

    /// <summary>Validates the body; the first problem is returned as a top-level error.</summary>
    public static WriteBody? Parse(JsonElement root, ModuleDefinition module, EmulatorOptions options, bool upsert, int maxRecords, out ZohoError? error)
    {
        error = null;
        if (!root.TryGetProperty("data", out var data))
        {
            error = new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "data", ["json_path"] = "$.data" });
            return null;
        }

        if (data.ValueKind != JsonValueKind.Array)
        {
            error = Invalid("data", "$.data", "expected_data_type", "jsonarray");
            return null;
        }

        var count = data.GetArrayLength();
        if (count == 0)
        {
            error = Invalid("data", "$.data", "reason", "data holds no record");
            return null;
        }

        if (count > maxRecords)
        {
            error = new ZohoError(400, "LIMIT_EXCEEDED", "the limit exceeded", new JsonObject { ["limit"] = maxRecords });
            return null;
        }

        if (root.TryGetProperty("trigger", out var trigger) && (error = CheckTriggers(trigger, options)) is not null)
        {
            return null;
        }

        if (root.TryGetProperty("lar_id", out var lar) &&
            !(lar.ValueKind == JsonValueKind.String && ZohoIds.TryParse(lar.GetString(), out _)) &&
            !(lar.ValueKind == JsonValueKind.Number && lar.TryGetInt64(out var larNumber) && larNumber > 0))
        {
            error = new ZohoError(400, "INVALID_DATA", ZohoError.InvalidIdMessage, new JsonObject { ["api_name"] = "lar_id", ["json_path"] = "$.lar_id" });
            return null;
        }

        if (root.TryGetProperty("wf_trigger", out var wf) &&
            wf.ValueKind is not (JsonValueKind.True or JsonValueKind.False) &&
            !(wf.ValueKind == JsonValueKind.String && wf.GetString() is "true" or "false"))
        {
            error = Invalid("wf_trigger", "$.wf_trigger", "expected_data_type", "boolean");
            return null;
        }

        foreach (var key in new[] { "process", "apply_feature_execution" })
        {
            if (root.TryGetProperty(key, out var list) && list.ValueKind != JsonValueKind.Array)
            {
                error = Invalid(key, "$." + key, "expected_data_type", "jsonarray");
                return null;
            }
        }

        var body = new WriteBody(data.EnumerateArray().ToArray());
        if (upsert && root.TryGetProperty("duplicate_check_fields", out var duplicateFields))
        {
            body.DuplicateCheckFields = ParseDuplicateFields(duplicateFields, module, options, out error);
            if (error is not null)
            {
                return null;
            }
        }

        return body;
    }

    private static ZohoError? CheckTriggers(JsonElement trigger, EmulatorOptions options)
    {
        if (trigger.ValueKind != JsonValueKind.Array)
        {
            return Invalid("trigger", "$.trigger", "expected_data_type", "jsonarray");
        }

        var i = 0;
        foreach (var item in trigger.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !options.AllowedTriggers.Contains(item.GetString(), StringComparer.Ordinal))
            {
                return Invalid("trigger", $"$.trigger[{i}]", "reason", "trigger must be one of " + string.Join(", ", options.AllowedTriggers));
            }

            i++;
        }

        return null;
    }

    private static List<FieldDefinition>? ParseDuplicateFields(JsonElement value, ModuleDefinition module, EmulatorOptions options, out ZohoError? error)
    {
        error = null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            error = Invalid("duplicate_check_fields", "$.duplicate_check_fields", "expected_data_type", "jsonarray");
            return null;
        }

        var fields = new List<FieldDefinition>();
        var allowed = Writes.DuplicateCheckFields.Default(module);
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"$.duplicate_check_fields[{i++}]";
            var field = item.ValueKind == JsonValueKind.String ? module.Field(item.GetString()!) : null;
            if (field is null)
            {
                error = Invalid(item.ValueKind == JsonValueKind.String ? item.GetString()! : "duplicate_check_fields", path, "reason", "no such field in " + module.ApiName);
                return null;
            }

            if (!options.UpsertAllowsAnyDuplicateCheckField && !allowed.Contains(field))
            {
                error = Invalid(field.ApiName, path, "reason", "only unique fields and the module's system duplicate-check fields can be used: " + string.Join(", ", allowed.Select(f => f.ApiName)));
                return null;
            }

            if (!fields.Contains(field))
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    private static ZohoError Invalid(string apiName, string jsonPath, string key, string value) =>
        new(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = apiName, ["json_path"] = jsonPath, [key] = value });
}
