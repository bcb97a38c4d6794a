using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Criteria;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>
/// Reads bulk read criteria (fact sheet §6.1): a condition in the v8 form {"field":{"api_name"},"comparator","value"}
/// or the v2 form {"api_name",…}, or a group {"group_operator":"and"|"or","group":[…]} (nestable), and refuses what
/// Zoho refuses, with bulk_read.json's codes.
/// </summary>
internal sealed class BulkCriteriaParser
{
    private static readonly string[] TextComparators = ["equal", "not_equal", "in", "not_in", "contains", "not_contains", "starts_with", "ends_with"];
    private static readonly string[] ChoiceComparators = ["equal", "not_equal", "in", "not_in"];
    private static readonly string[] OrderedComparators = ["equal", "not_equal", "in", "not_in", "less_than", "less_equal", "greater_than", "greater_equal", "between", "not_between"];
    private static readonly string[] BooleanComparators = ["equal", "not_equal"];
    private static readonly string[] AllComparators = ["equal", "not_equal", "in", "not_in", "less_than", "less_equal", "greater_than", "greater_equal", "contains", "not_contains", "starts_with", "ends_with", "between", "not_between"];

    private readonly ModuleDefinition _module;
    private readonly EmulatorOptions _options;
    private int _conditions;

    private BulkCriteriaParser(ModuleDefinition module, EmulatorOptions options)
    {
        _module = module;
        _options = options;
    }

    /// <summary>The tree to evaluate and its echo for the job's status (v8 form, every key bulk_read.json requires).</summary>
    public static (CriteriaNode? Node, JsonObject? Echo, ZohoError? Error) Parse(JsonElement criteria, ModuleDefinition module, EmulatorOptions options)
    {
        var parser = new BulkCriteriaParser(module, options);
        try
        {
            var (node, echo) = parser.Read(criteria, depth: 0);
            if (parser._conditions > options.BulkReadMaxConditions)
            {
                return (null, null, Error("CRITERIA_LIMIT_EXCEEDED", $"the number of conditions in the criteria exceeds the limit of {options.BulkReadMaxConditions}", new JsonObject { ["limit"] = options.BulkReadMaxConditions }));
            }

            return (node, echo, null);
        }
        catch (CriteriaException ex)
        {
            return (null, null, ex.Error);
        }
    }

    /// <summary>The comparators a field type takes; null when bulk read cannot filter on it (multi-line text).</summary>
    public static IReadOnlyList<string>? ComparatorsFor(FieldDataType type) => type switch
    {
        FieldDataType.TextArea or FieldDataType.Tags => null,
        FieldDataType.Lookup or FieldDataType.OwnerLookup or FieldDataType.Picklist or FieldDataType.MultiSelectPicklist => ChoiceComparators,
        FieldDataType.Integer or FieldDataType.BigInt or FieldDataType.Double or FieldDataType.Currency or FieldDataType.Date or FieldDataType.DateTime => OrderedComparators,
        FieldDataType.Boolean => BooleanComparators,
        _ => TextComparators,
    };

    private (CriteriaNode Node, JsonObject Echo) Read(JsonElement element, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object || depth > 10)
        {
            throw new CriteriaException(Error("INVALID_CRITERIA", "the criteria given is invalid", new JsonObject { ["json_path"] = "$.query.criteria" }));
        }

        if (element.TryGetProperty("group", out var group))
        {
            var op = element.TryGetProperty("group_operator", out var g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : string.Empty;
            if (op is not ("and" or "or" or "AND" or "OR"))
            {
                throw new CriteriaException(Error("GROUP_OPERATOR_NOT_SUPPORTED", "the group operator given is not supported", new JsonObject { ["group_operator"] = op }));
            }

            if (group.ValueKind != JsonValueKind.Array || group.GetArrayLength() == 0)
            {
                throw new CriteriaException(Error("INVALID_CRITERIA", "a criteria group needs at least one condition", new JsonObject { ["json_path"] = "$.query.criteria.group" }));
            }

            var nodes = new List<CriteriaNode>();
            var echoes = new JsonArray();
            foreach (var item in group.EnumerateArray())
            {
                var (node, echo) = Read(item, depth + 1);
                nodes.Add(node);
                echoes.Add(echo);
            }

            return (new CriteriaGroup(op.ToLowerInvariant(), nodes), new JsonObject { ["type"] = null, ["group_operator"] = op.ToLowerInvariant(), ["group"] = echoes });
        }

        return ReadCondition(element);
    }

    private (CriteriaNode Node, JsonObject Echo) ReadCondition(JsonElement element)
    {
        _conditions++;
        var name = element.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.Object && f.TryGetProperty("api_name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()
            : element.TryGetProperty("api_name", out var v2) && v2.ValueKind == JsonValueKind.String ? v2.GetString() : null;
        var comparator = element.TryGetProperty("comparator", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
        if (name is null || !element.TryGetProperty("value", out var value))
        {
            throw new CriteriaException(Error("INVALID_CRITERIA", "the criteria given is invalid", new JsonObject { ["json_path"] = "$.query.criteria" }));
        }

        var field = name == "id" ? null : _module.Field(name);
        if (field is null && name != "id")
        {
            throw new CriteriaException(Error("FIELD_IN_CRITERIA_NOT_AVAILABLE", "the field given in the criteria is not available", new JsonObject { ["api_name"] = name }));
        }

        if (!AllComparators.Contains(comparator))
        {
            throw new CriteriaException(Error("INVALID_CRITERIA", "the comparator given in the criteria is invalid", new JsonObject { ["api_name"] = name, ["comparator"] = comparator }));
        }

        var allowed = field is null ? OrderedComparators : ComparatorsFor(field.DataType);
        if (allowed is null)
        {
            throw new CriteriaException(Error("FIELD_IN_CRITERIA_NOT_SUPPORTED", "the field given in the criteria is not supported", new JsonObject { ["api_name"] = name }));
        }

        if (!allowed.Contains(comparator))
        {
            throw new CriteriaException(Error("FIELD_COMPARATOR_IN_CRITERIA_NOT_SUPPORTED", "the comparator is not supported for the field",
                new JsonObject { ["comparator"] = comparator, ["api_name"] = name, ["supported"] = new JsonArray(allowed.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()) }));
        }

        var values = Values(value, name, comparator);
        foreach (var text in values)
        {
            CheckValue(field, name, text);
        }

        var echoField = new JsonObject { ["api_name"] = name, ["id"] = field is null ? null : ZohoIds.Format(field.Id) };
        var echo = new JsonObject
        {
            ["type"] = "value",
            ["field"] = echoField,
            ["comparator"] = comparator,
            ["value"] = JsonNode.Parse(value.GetRawText()),
        };
        return (new CriteriaCondition(name, comparator, values), echo);
    }

    private List<string> Values(JsonElement value, string name, string comparator)
    {
        var many = comparator is "in" or "not_in" or "between" or "not_between";
        var list = new List<string>();
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                list.Add(Text(item, name));
            }
        }
        else
        {
            list.Add(Text(value, name));
        }

        if (comparator is "in" or "not_in")
        {
            if (list.Count == 0)
            {
                throw new CriteriaException(Error("COMPARATOR_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE", "the value is not valid for the comparator", new JsonObject { ["api_name"] = name, ["comparator"] = comparator }));
            }

            if (list.Count > _options.BulkReadMaxInValues)
            {
                throw new CriteriaException(Error("VALUE_LIMIT_EXCEEDED_IN_CRITERIA", $"the number of values for the comparator exceeds the limit of {_options.BulkReadMaxInValues}",
                    new JsonObject { ["api_name"] = name, ["comparator"] = comparator, ["limit"] = _options.BulkReadMaxInValues }));
            }
        }
        else if (comparator is "between" or "not_between" ? list.Count != 2 : (list.Count != 1 || (!many && value.ValueKind == JsonValueKind.Array)))
        {
            throw new CriteriaException(Error("COMPARATOR_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE", "the value is not valid for the comparator", new JsonObject { ["api_name"] = name, ["comparator"] = comparator }));
        }

        return list;
    }

    private static string Text(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object when value.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString()!,
        _ => throw new CriteriaException(Error("VALUE_IN_CRITERIA_NOT_SUPPORTED", "the value given in the criteria is not supported", new JsonObject { ["api_name"] = name })),
    };

    private static void CheckValue(FieldDefinition? field, string name, string text)
    {
        if (text == CriteriaEvaluator.EmptyMacro || text == CriteriaEvaluator.CurrentUserMacro)
        {
            return;
        }

        var type = field?.DataType ?? FieldDataType.BigInt;
        var ok = type switch
        {
            FieldDataType.Integer or FieldDataType.BigInt or FieldDataType.Double or FieldDataType.Currency =>
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            FieldDataType.Date => ValueText.TryParseDate(text, out _),
            FieldDataType.DateTime => ValueText.TryParseDateTime(text, out _),
            FieldDataType.Boolean => text is "true" or "false",
            FieldDataType.Lookup or FieldDataType.OwnerLookup => ZohoIds.TryParse(text, out _),
            _ => true,
        };
        if (!ok)
        {
            throw new CriteriaException(Error("FIELD_AND_VALUE_IN_CRITERIA_NOT_COMPATIBLE", "the value is not compatible with the field",
                new JsonObject { ["api_name"] = name, ["expected_data_type"] = field is null ? "bigint" : DataTypeName(field.DataType) }));
        }
    }

    private static string DataTypeName(FieldDataType type) => type switch
    {
        FieldDataType.OwnerLookup => "ownerlookup",
        FieldDataType.Lookup => "lookup",
        FieldDataType.DateTime => "datetime",
        FieldDataType.Date => "date",
        FieldDataType.Boolean => "boolean",
        FieldDataType.Currency => "currency",
        FieldDataType.Double => "double",
        FieldDataType.BigInt => "bigint",
        _ => "integer",
    };

    public static ZohoError Error(string code, string message, JsonObject details) => new(400, code, message, details);

    private sealed class CriteriaException(ZohoError error) : Exception(error.Message)
    {
        public ZohoError Error { get; } = error;
    }
}
