using System.Globalization;
using System.Text.Json;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Writes;

/// <summary>
/// Turns one JSON value of a write into the field's typed value (string, long, double, bool, DateOnly,
/// DateTimeOffset, LookupValue, string[]), or into the INVALID_DATA Zoho answers for it. Empty strings and
/// empty lists clear a field, like null.
/// </summary>
internal sealed class FieldValueReader
{
    private readonly CrmStore _store;
    private readonly EmulatorOptions _options;

    public FieldValueReader(CrmStore store, EmulatorOptions options)
    {
        _store = store;
        _options = options;
    }

    public object? Read(FieldDefinition field, JsonElement value, string path, out RecordError? error)
    {
        error = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var name = field.ApiName;
        switch (field.DataType)
        {
            case FieldDataType.Text or FieldDataType.TextArea or FieldDataType.Email or FieldDataType.Phone or FieldDataType.Website:
                return ReadText(field, value, path, out error);
            case FieldDataType.Picklist:
                var choice = ReadText(field, value, path, out error);
                if (choice is null || error is not null || choice == "-None-")
                {
                    return null;
                }

                if (!_options.AcceptUnknownPicklistValues && !field.PickListValues.Contains(choice, StringComparer.Ordinal))
                {
                    error = RecordError.WrongType(name, path, "picklist");
                    return null;
                }

                return choice;
            case FieldDataType.MultiSelectPicklist:
                return ReadMultiSelect(field, value, path, out error);
            case FieldDataType.Lookup:
                return ReadLookup(field, value, path, out error);
            case FieldDataType.OwnerLookup:
                return ReadOwner(field, value, path, out error);
            case FieldDataType.Integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var integer) || value.GetRawText().Contains('.'))
                {
                    error = RecordError.WrongType(name, path, "integer");
                    return null;
                }

                return DigitsOf(integer) > field.Length ? TooLong(field, path, out error) : integer;
            case FieldDataType.BigInt:
                long big = 0;
                var isBig = value.ValueKind switch
                {
                    JsonValueKind.Number => !value.GetRawText().Contains('.') && value.TryGetInt64(out big),
                    JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out big),
                    _ => false,
                };
                if (!isBig)
                {
                    error = RecordError.WrongType(name, path, "bigint");
                    return null;
                }

                return DigitsOf(big) > field.Length ? TooLong(field, path, out error) : big;
            case FieldDataType.Double or FieldDataType.Currency:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    error = RecordError.WrongType(name, path, field.DataType.DataType());
                    return null;
                }

                var decimals = field.DecimalPlace ?? 0;
                if (Math.Abs(number) >= Math.Pow(10, field.Length - decimals))
                {
                    return TooLong(field, path, out error);
                }

                return Math.Round(number, decimals, MidpointRounding.AwayFromZero);
            case FieldDataType.Boolean:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return value.GetBoolean();
                }

                error = RecordError.WrongType(name, path, "boolean");
                return null;
            case FieldDataType.Date:
                if (value.ValueKind == JsonValueKind.String && ValueText.TryParseDate(value.GetString()!, out var date))
                {
                    return date;
                }

                error = RecordError.WrongType(name, path, "date");
                return null;
            case FieldDataType.DateTime:
                if (value.ValueKind == JsonValueKind.String && ValueText.TryParseDateTime(value.GetString()!, out var time))
                {
                    return time;
                }

                error = RecordError.WrongType(name, path, "datetime");
                return null;
            default:
                error = RecordError.Invalid(name, path, "the field cannot be written");
                return null;
        }
    }

    private string? ReadText(FieldDefinition field, JsonElement value, string path, out RecordError? error)
    {
        error = null;
        var type = field.DataType.DataType();
        if (value.ValueKind != JsonValueKind.String)
        {
            error = RecordError.WrongType(field.ApiName, path, type);
            return null;
        }

        var text = value.GetString()!;
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > field.Length)
        {
            TooLong(field, path, out error);
            return null;
        }

        var wellFormed = field.DataType switch
        {
            FieldDataType.Email => ValueText.IsEmail(text),
            FieldDataType.Phone => ValueText.IsPhone(text),
            FieldDataType.Website => ValueText.IsWebsite(text),
            _ => true,
        };
        if (!wellFormed)
        {
            error = RecordError.WrongType(field.ApiName, path, type);
            return null;
        }

        return text;
    }

    private string[]? ReadMultiSelect(FieldDefinition field, JsonElement value, string path, out RecordError? error)
    {
        error = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            error = RecordError.WrongType(field.ApiName, path, "jsonarray");
            return null;
        }

        var values = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            if (item.ValueKind != JsonValueKind.String ||
                (!_options.AcceptUnknownPicklistValues && !field.PickListValues.Contains(item.GetString(), StringComparer.Ordinal)))
            {
                error = RecordError.WrongType(field.ApiName, itemPath, "multiselectpicklist");
                return null;
            }

            if (!values.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                values.Add(item.GetString()!);
            }
        }

        return values.Count == 0 ? null : values.ToArray();
    }

    private LookupValue? ReadLookup(FieldDefinition field, JsonElement value, string path, out RecordError? error)
    {
        var id = LookupId(field, value, path, out error);
        if (id is not { } targetId)
        {
            return null;
        }

        var set = field.LookupModule is null ? null : _store.Records(field.LookupModule);
        if (set is not null)
        {
            lock (set.Gate)
            {
                if (set.Find(targetId) is { } target)
                {
                    return new LookupValue(targetId, set.DisplayName(target));
                }
            }
        }

        error = RecordError.UnknownId(ZohoIds.Format(targetId), field.ApiName, path);
        return null;
    }

    private LookupValue? ReadOwner(FieldDefinition field, JsonElement value, string path, out RecordError? error)
    {
        var id = LookupId(field, value, path, out error);
        if (id is not { } userId)
        {
            return null;
        }

        if (_store.Users.Find(userId) is { CanOwnRecords: true } user)
        {
            return user.AsOwner();
        }

        error = RecordError.UnknownId(ZohoIds.Format(userId), field.ApiName, path);
        return null;
    }

    /// <summary>The id of a {"id": …} object (other keys, such as "name", are ignored).</summary>
    private static long? LookupId(FieldDefinition field, JsonElement value, string path, out RecordError? error)
    {
        error = null;
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("id", out var idValue))
        {
            if (idValue.ValueKind == JsonValueKind.String && ZohoIds.TryParse(idValue.GetString(), out var id))
            {
                return id;
            }

            if (idValue.ValueKind == JsonValueKind.Number && idValue.TryGetInt64(out id) && id > 0)
            {
                return id;
            }

            error = RecordError.UnknownId(idValue.ValueKind == JsonValueKind.String ? idValue.GetString()! : idValue.GetRawText(), field.ApiName, path + ".id");
            return null;
        }

        error = RecordError.WrongType(field.ApiName, path, "jsonobject");
        return null;
    }

    private object? TooLong(FieldDefinition field, string path, out RecordError? error)
    {
        error = RecordError.TooLong(field.ApiName, path, field.Length, _options.MaximumLengthAsString);
        return null;
    }

    private static int DigitsOf(long value) => value == 0 ? 1 : (int)Math.Floor(Math.Log10(Math.Abs((double)value))) + 1;
}
