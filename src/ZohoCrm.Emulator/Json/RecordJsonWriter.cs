using System.Globalization;
using System.Text.Json;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Relations;

namespace ZohoCrm.Emulator.Json;

/// <summary>Writes records the way Zoho sends them: ids and long integers as strings, lookups as objects, times in +05:30.</summary>
internal static class RecordJsonWriter
{
    public static void WriteRecord(Utf8JsonWriter writer, ModuleRecordSet set, CrmRecord record, IReadOnlyList<FieldDefinition>? fields)
    {
        writer.WriteStartObject();
        var all = fields is null;
        foreach (var field in fields ?? set.Module.Fields)
        {
            writer.WritePropertyName(field.ApiName);
            WriteValue(writer, field, set.GetValue(record, field));
        }

        if (all)
        {
            WriteSystemKeys(writer, set, record);
        }

        if (set.Module.ApiName == "Notes")
        {
            WriteNoteKeys(writer, withSystemKeys: all);
        }

        writer.WriteString("id", ZohoIds.Format(record.Id));
        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, FieldDefinition field, object? value)
    {
        switch (value)
        {
            case null:
                if (field.DataType is FieldDataType.MultiSelectPicklist or FieldDataType.Tags)
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l when field.DataType == FieldDataType.BigInt:
                writer.WriteStringValue(l.ToString(CultureInfo.InvariantCulture));
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(ZohoTime.FormatDateTime(t));
                break;
            case DateOnly d:
                writer.WriteStringValue(ZohoTime.FormatDate(d));
                break;
            case LookupValue lookup:
                WriteLookup(writer, lookup);
                break;
            case ParentValue parent:
                WriteParent(writer, parent);
                break;
            case IReadOnlyList<TagValue> tags:
                writer.WriteStartArray();
                foreach (var tag in tags)
                {
                    WriteTag(writer, tag);
                }

                writer.WriteEndArray();
                break;
            case IEnumerable<string> many:
                writer.WriteStartArray();
                foreach (var item in many)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static void WriteLookup(Utf8JsonWriter writer, LookupValue lookup)
    {
        writer.WriteStartObject();
        writer.WriteString("name", lookup.Name);
        writer.WriteString("id", ZohoIds.Format(lookup.Id));
        if (lookup.Email is not null)
        {
            writer.WriteString("email", lookup.Email);
        }

        writer.WriteEndObject();
    }

    /// <summary>A note's parent in the v8 object form: {"module":{"api_name","id"},"id","name"}.</summary>
    public static void WriteParent(Utf8JsonWriter writer, ParentValue parent)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("module");
        writer.WriteStartObject();
        writer.WriteString("api_name", parent.Module);
        writer.WriteString("id", ZohoIds.Format(parent.ModuleId));
        writer.WriteEndObject();
        writer.WriteString("id", ZohoIds.Format(parent.Id));
        writer.WriteString("name", parent.Name);
        writer.WriteEndObject();
    }

    /// <summary>A tag with the keys tags.json requires of it.</summary>
    private static void WriteTag(Utf8JsonWriter writer, TagValue tag)
    {
        writer.WriteStartObject();
        writer.WriteString("name", tag.Name);
        writer.WriteString("id", ZohoIds.Format(tag.Id));
        writer.WriteString("color_code", tag.ColorCode);
        writer.WriteString("created_time", ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-3)));
        writer.WriteString("modified_time", ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-3)));
        writer.WritePropertyName("created_by");
        WriteMinifiedUser(writer, TagOwner);
        writer.WritePropertyName("modified_by");
        WriteMinifiedUser(writer, TagOwner);
        writer.WriteEndObject();
    }

    private static readonly (string Name, long Id) TagOwner = ("Patricia Boyle", ZohoIds.Make(235_013));

    private static void WriteMinifiedUser(Utf8JsonWriter writer, (string Name, long Id) user)
    {
        writer.WriteStartObject();
        writer.WriteString("name", user.Name);
        writer.WriteString("id", ZohoIds.Format(user.Id));
        writer.WriteEndObject();
    }

    /// <summary>The "$" keys notes.json requires of every note.</summary>
    private static void WriteNoteKeys(Utf8JsonWriter writer, bool withSystemKeys)
    {
        writer.WriteStartArray("$attachments");
        writer.WriteEndArray();
        if (!withSystemKeys)
        {
            writer.WriteBoolean("$editable", true);
            writer.WriteString("$state", "save");
        }

        writer.WriteBoolean("$is_shared_to_client", false);
        writer.WriteString("$sharing_permission", "full_access");
        writer.WriteString("$size", "0");
        writer.WriteBoolean("$voice_note", false);
    }

    /// <summary>The "$" keys Zoho adds to a full record.</summary>
    private static void WriteSystemKeys(Utf8JsonWriter writer, ModuleRecordSet set, CrmRecord record)
    {
        writer.WriteBoolean("$approved", record.Approved);
        writer.WriteString("$approval_state", record.Approved ? "approved" : "awaiting");
        writer.WriteBoolean("$editable", !record.Converted);
        writer.WriteBoolean("$in_merge", false);
        writer.WriteBoolean("$locked_for_me", false);
        writer.WriteBoolean("$process_flow", false);
        writer.WriteString("$state", "save");
        writer.WriteString("$currency_symbol", "₹");
        if (set.Module.SupportsConversion)
        {
            writer.WriteBoolean("$converted", record.Converted);
            writer.WritePropertyName("$converted_detail");
            writer.WriteStartObject();
            if (record.Converted)
            {
                writer.WriteString("convert_date", ZohoTime.FormatDate(DateOnly.FromDateTime(record.ModifiedTime.ToOffset(ZohoTime.Offset).DateTime)));
                writer.WritePropertyName("converted_by");
                WriteMinifiedUser(writer, TagOwner);
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>The JSON form of a value as plain .NET objects (string, long, double, bool, null, lists, dictionaries).</summary>
    public static object? ToPlain(FieldDefinition field, object? value) => value switch
    {
        null when field.DataType is FieldDataType.MultiSelectPicklist or FieldDataType.Tags => Array.Empty<object?>(),
        null => null,
        string or bool or double => value,
        long l when field.DataType == FieldDataType.BigInt => l.ToString(CultureInfo.InvariantCulture),
        long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        decimal m => (double)m,
        DateTimeOffset t => ZohoTime.FormatDateTime(t),
        DateOnly d => ZohoTime.FormatDate(d),
        LookupValue l => l.Email is null
            ? new Dictionary<string, object?> { ["name"] = l.Name, ["id"] = ZohoIds.Format(l.Id) }
            : new Dictionary<string, object?> { ["name"] = l.Name, ["id"] = ZohoIds.Format(l.Id), ["email"] = l.Email },
        ParentValue p => new Dictionary<string, object?>
        {
            ["module"] = new Dictionary<string, object?> { ["api_name"] = p.Module, ["id"] = ZohoIds.Format(p.ModuleId) },
            ["id"] = ZohoIds.Format(p.Id),
            ["name"] = p.Name,
        },
        IReadOnlyList<TagValue> tags => tags.Select(t => (object?)new Dictionary<string, object?> { ["name"] = t.Name, ["id"] = ZohoIds.Format(t.Id), ["color_code"] = t.ColorCode }).ToArray(),
        IEnumerable<string> many => many.Cast<object?>().ToArray(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
