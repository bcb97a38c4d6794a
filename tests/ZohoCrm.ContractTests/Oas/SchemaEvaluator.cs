using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ZohoCrm.ContractTests.Oas;

/// <summary>
/// JSON-schema checks for the subset Zoho's OpenAPI files use: type (also arrays of types and OAS 3.0
/// nullable), properties, required, additionalProperties, items, enum, $ref, oneOf/anyOf/allOf, formats
/// date-time, date, int32 and int64, minimum/maximum, min/maxLength and pattern.
/// </summary>
internal sealed partial class SchemaEvaluator
{
    private const int MaxDepth = 256;
    private readonly OasDocumentSet _documents;
    private readonly OasValidationOptions _options;

    public SchemaEvaluator(OasDocumentSet documents, OasValidationOptions options)
    {
        _documents = documents;
        _options = options;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    public List<string> Validate(OasSchema schema, JsonNode? instance, string at = "$")
    {
        var errors = new List<string>();
        Validate(schema, instance, at, errors, 0);
        return errors;
    }

    private void Validate(OasSchema schema, JsonNode? instance, string at, List<string> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            errors.Add($"{at}: schema nesting deeper than {MaxDepth} at {schema}");
            return;
        }

        if (schema.Node is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            if (boolean.GetValueKind() == JsonValueKind.False)
            {
                errors.Add($"{at}: no value is allowed here ({schema})");
            }

            return;
        }

        if (schema.Node is not JsonObject node)
        {
            return;
        }

        if (node["$ref"] is JsonValue reference)
        {
            var target = _documents.Resolve(reference.GetValue<string>(), schema.File);
            Validate(target, instance, at, errors, depth + 1);
        }

        var types = Types(node);
        var nullable = node["nullable"]?.GetValueKind() == JsonValueKind.True || (types?.Contains("null") ?? false);
        if (instance is null)
        {
            if (types is not null && !nullable)
            {
                errors.Add($"{at}: null is not allowed (type {string.Join('|', types)}) ({schema})");
            }
            else if (node["enum"] is JsonArray nullEnum && !nullable && !nullEnum.Any(v => v is null))
            {
                errors.Add($"{at}: null is not one of the enum values ({schema})");
            }

            return;
        }

        if (_options.BareObjectIsAny && IsBareObject(node))
        {
            return;
        }

        if (types is not null && !types.Any(t => HasType(instance, t)))
        {
            errors.Add($"{at}: expected {string.Join('|', types)} but found {Describe(instance)} ({schema})");
            return;
        }

        if (node["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, instance)))
        {
            errors.Add($"{at}: {Short(instance)} is not one of {Short(values)} ({schema})");
        }

        CheckScalar(node, schema, instance, at, errors);

        if (instance is JsonObject obj)
        {
            CheckObject(node, schema, obj, at, errors, depth);
        }
        else if (instance is JsonArray array && node["items"] is { } items)
        {
            var itemSchema = new OasSchema(schema.File, items, schema.Pointer + "/items");
            for (var i = 0; i < array.Count; i++)
            {
                Validate(itemSchema, array[i], $"{at}[{i}]", errors, depth + 1);
            }
        }

        if (node["allOf"] is JsonArray allOf)
        {
            for (var i = 0; i < allOf.Count; i++)
            {
                Validate(new OasSchema(schema.File, allOf[i]!, $"{schema.Pointer}/allOf/{i}"), instance, at, errors, depth + 1);
            }
        }

        if (node["anyOf"] is JsonArray anyOf)
        {
            CheckBranches(schema, "anyOf", anyOf, instance, at, errors, depth, exactlyOne: false);
        }

        if (node["oneOf"] is JsonArray oneOf)
        {
            CheckBranches(schema, "oneOf", oneOf, instance, at, errors, depth, exactlyOne: !_options.OneOfMeansAnyOf);
        }
    }

    private void CheckObject(JsonObject node, OasSchema schema, JsonObject obj, string at, List<string> errors, int depth)
    {
        var properties = node["properties"] as JsonObject;
        if (node["required"] is JsonArray required)
        {
            foreach (var name in required)
            {
                var key = name!.GetValue<string>();
                if (!obj.ContainsKey(key))
                {
                    errors.Add($"{at}: required property '{key}' is missing ({schema})");
                }
            }
        }

        foreach (var (key, value) in obj)
        {
            var child = $"{at}.{key}";
            if (properties?[key] is { } property)
            {
                Validate(new OasSchema(schema.File, property, $"{schema.Pointer}/properties/{key}"), value, child, errors, depth + 1);
            }
            else if (node["additionalProperties"] is { } additional)
            {
                if (additional.GetValueKind() == JsonValueKind.False)
                {
                    errors.Add($"{child}: property '{key}' is not allowed ({schema})");
                }
                else if (additional is JsonObject)
                {
                    Validate(new OasSchema(schema.File, additional, schema.Pointer + "/additionalProperties"), value, child, errors, depth + 1);
                }
            }
        }
    }

    private void CheckScalar(JsonObject node, OasSchema schema, JsonNode instance, string at, List<string> errors)
    {
        if (instance is not JsonValue value)
        {
            return;
        }

        var format = node["format"]?.GetValue<string>();
        if (value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (format == "date-time" && (!DateTimePattern().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            {
                errors.Add($"{at}: '{text}' is not a date-time ({schema})");
            }
            else if (format == "date" && (!DatePattern().IsMatch(text) || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
            {
                errors.Add($"{at}: '{text}' is not a date ({schema})");
            }

            if (_options.CheckLengths)
            {
                var length = new StringInfo(text).LengthInTextElements;
                if (node["maxLength"] is JsonValue max && length > max.GetValue<int>())
                {
                    errors.Add($"{at}: longer than {max} characters ({schema})");
                }

                if (node["minLength"] is JsonValue min && length < min.GetValue<int>())
                {
                    errors.Add($"{at}: shorter than {min} characters ({schema})");
                }
            }

            if (_options.CheckPatterns && node["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
            {
                errors.Add($"{at}: '{text}' does not match /{pattern}/ ({schema})");
            }
        }
        else if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = ToDouble(value);
            if (format == "int32" && (number < int.MinValue || number > int.MaxValue))
            {
                errors.Add($"{at}: {number} is out of int32 range ({schema})");
            }

            if (node["minimum"] is JsonValue minimum && number < ToDouble(minimum))
            {
                errors.Add($"{at}: {number} is below the minimum {minimum} ({schema})");
            }

            if (node["maximum"] is JsonValue maximum && number > ToDouble(maximum))
            {
                errors.Add($"{at}: {number} is above the maximum {maximum} ({schema})");
            }
        }
    }

    private void CheckBranches(OasSchema schema, string keyword, JsonArray branches, JsonNode instance, string at, List<string> errors, int depth, bool exactlyOne)
    {
        List<string>? closest = null;
        var passed = 0;
        for (var i = 0; i < branches.Count; i++)
        {
            var branchErrors = new List<string>();
            Validate(new OasSchema(schema.File, branches[i]!, $"{schema.Pointer}/{keyword}/{i}"), instance, at, branchErrors, depth + 1);
            if (branchErrors.Count == 0)
            {
                passed++;
            }
            else if (closest is null || branchErrors.Count < closest.Count)
            {
                closest = branchErrors;
            }
        }

        if (passed == 0)
        {
            errors.Add($"{at}: matches none of the {branches.Count} {keyword} branches ({schema}); closest branch says:");
            errors.AddRange(closest ?? []);
        }
        else if (exactlyOne && passed > 1)
        {
            errors.Add($"{at}: matches {passed} oneOf branches, exactly one is allowed ({schema})");
        }
    }

    /// <summary>An object schema that says nothing about its content.</summary>
    private static bool IsBareObject(JsonObject node) =>
        node["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "object" &&
        node["properties"] is null && node["additionalProperties"] is null && node["required"] is null &&
        node["$ref"] is null && node["oneOf"] is null && node["anyOf"] is null && node["allOf"] is null && node["enum"] is null;

    private static string[]? Types(JsonObject node) => node["type"] switch
    {
        JsonValue single when single.GetValueKind() == JsonValueKind.String => [single.GetValue<string>()],
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToArray(),
        _ => null,
    };

    private static bool HasType(JsonNode instance, string type) => type switch
    {
        "object" => instance is JsonObject,
        "array" => instance is JsonArray,
        "string" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && IsIntegral(v),
        "null" => false,
        _ => true,
    };

    private static bool IsIntegral(JsonValue value)
    {
        if (value.TryGetValue<long>(out _))
        {
            return true;
        }

        var d = ToDouble(value);
        return Math.Abs(d % 1) < double.Epsilon * 100;
    }

    private static double ToDouble(JsonValue value) =>
        value.TryGetValue<long>(out var l) ? l :
        value.TryGetValue<int>(out var i) ? i :
        value.TryGetValue<decimal>(out var m) ? (double)m :
        value.GetValue<double>();

    private static string Describe(JsonNode instance) => instance switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string " + Short(v),
            JsonValueKind.Number => "number " + Short(v),
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => v.GetValueKind().ToString(),
        },
        _ => "?",
    };

    private static string Short(JsonNode node)
    {
        var text = node.ToJsonString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
