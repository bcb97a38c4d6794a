using System.Text.Json;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Writes;

/// <summary>One record of a write body, read: its typed values and the "id" it carried.</summary>
internal sealed record RecordInput(Dictionary<string, object?> Values, JsonElement? Id);

/// <summary>
/// Reads the records of a write body for one module: mandatory fields, then each key in input order.
/// "$…" keys and "id" are not field values; read-only fields are ignored (or refused, by option);
/// unknown fields are refused (or ignored, by option). Reports the first problem of a record.
/// </summary>
internal sealed class RecordReader
{
    private readonly ModuleDefinition _module;
    private readonly EmulatorOptions _options;
    private readonly FieldValueReader _values;

    public RecordReader(ModuleDefinition module, CrmStore store, EmulatorOptions options)
    {
        _module = module;
        _options = options;
        _values = new FieldValueReader(store, options);
    }

    /// <summary>Reads a record; <paramref name="creating"/> requires the mandatory fields, otherwise only refuses clearing them.</summary>
    public RecordInput? Read(JsonElement record, string path, bool creating, out RecordError? error)
    {
        error = null;
        if (record.ValueKind != JsonValueKind.Object)
        {
            error = RecordError.WrongType("data", path, "jsonobject");
            return null;
        }

        if ((error = CheckMandatory(record, path, creating)) is not null)
        {
            return null;
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        JsonElement? id = null;
        foreach (var property in record.EnumerateObject())
        {
            var name = property.Name;
            var fieldPath = path + "." + name;
            if (name == "id")
            {
                id = property.Value;
                continue;
            }

            if (name.StartsWith('$'))
            {
                continue;
            }

            var field = _module.Field(name);
            if (field is null)
            {
                if (_options.RejectUnknownFields)
                {
                    error = RecordError.Invalid(name, fieldPath, $"{_module.ApiName} has no field {name}");
                    return null;
                }

                continue;
            }

            if (field.ReadOnly || field.DataType is FieldDataType.AutoNumber or FieldDataType.Tags)
            {
                if (_options.RejectReadOnlyFields)
                {
                    error = RecordError.Invalid(name, fieldPath, "the field is read only");
                    return null;
                }

                continue;
            }

            var value = _values.Read(field, property.Value, fieldPath, out error);
            if (error is not null)
            {
                return null;
            }

            // A record always has an owner: an empty Owner keeps the current one (the caller, on insert).
            if (value is null && field.DataType == FieldDataType.OwnerLookup)
            {
                continue;
            }

            values[name] = value;
        }

        return new RecordInput(values, id);
    }

    /// <summary>MANDATORY_NOT_FOUND for the first mandatory field missing (creating) or set to empty.</summary>
    public RecordError? CheckMandatory(JsonElement record, string path, bool creating)
    {
        foreach (var field in _module.Fields.Where(f => f.SystemMandatory))
        {
            var present = record.TryGetProperty(field.ApiName, out var value);
            if ((creating && !present) || (present && IsEmpty(value)))
            {
                return RecordError.Mandatory(field.ApiName, path + "." + field.ApiName);
            }
        }

        return null;
    }

    private static bool IsEmpty(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.String => value.GetString()!.Length == 0,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };
}
