using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZohoCrm.ContractTests.Oas;

/// <summary>
/// Validates requests and responses against Zoho's OpenAPI files.
/// <para>
/// Responses: a 2xx body must match a success branch of the operation's response schema (the branches of a
/// top-level oneOf/anyOf that are not error objects); 204 and 304 must be empty; an error body must match an
/// error branch documented for its status or, since Zoho's files leave most error statuses out, the generic
/// error envelope (<see cref="OasValidationOptions.GenericErrorSchema"/>).
/// </para>
/// <para>
/// Requests: every query parameter must be declared by the operation (values are checked against their
/// schema when given), required query parameters must be present, and a JSON body must match the request body schema.
/// </para>
/// </summary>
public sealed class OasValidator
{
    private readonly SchemaEvaluator _evaluator;

    public OasValidator(OasDocumentSet documents, OasValidationOptions? options = null)
    {
        Documents = documents;
        Options = options ?? new OasValidationOptions();
        _evaluator = new SchemaEvaluator(documents, Options);
    }

    public OasDocumentSet Documents { get; }

    public OasValidationOptions Options { get; }

    /// <summary>Loads every *.json file of a folder (e.g. the value of ZCRM_OAS_DIR).</summary>
    public static OasDocumentSet Load(string directory) => OasDocumentSet.Load(directory);

    public OasValidationResult ValidateResponse(string method, string path, int status, string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return ValidateResponse(method, path, status, (JsonNode?)null, empty: true);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return new OasValidationResult([$"$: body is not JSON ({ex.Message})"]);
        }

        return ValidateResponse(method, path, status, node, empty: false);
    }

    public OasValidationResult ValidateResponse(string method, string path, int status, JsonNode? body) =>
        ValidateResponse(method, path, status, body, empty: false);

    private OasValidationResult ValidateResponse(string method, string path, int status, JsonNode? body, bool empty)
    {
        var operations = Documents.FindOperations(method, path);
        if (operations.Count == 0)
        {
            return new OasValidationResult([$"no operation {method.ToUpperInvariant()} {path} in {Documents.Directory}"]);
        }

        if (status is 204 or 304)
        {
            return new OasValidationResult(empty ? [] : [$"$: a {status} response must have an empty body"], operations[0].ToString());
        }

        if (empty)
        {
            return new OasValidationResult([$"$: a {status} response needs a JSON body"], operations[0].ToString());
        }

        var success = status is >= 200 and < 300;
        OasValidationResult? closest = null;
        OasValidationResult? undocumented = null;
        foreach (var operation in operations)
        {
            var schema = operation.ResponseSchema(status.ToString(CultureInfo.InvariantCulture)) ??
                         (success ? operation.ResponseSchema("200") ?? operation.ResponseSchema("default") : null);
            var branches = schema is null ? [] : Branches(schema).Where(b => IsErrorSchema(b) != success).ToList();
            if (!success)
            {
                branches.Add(Documents.Resolve(Options.GenericErrorSchema, operation.File));
            }

            if (branches.Count == 0)
            {
                undocumented ??= new OasValidationResult([$"$: {operation} documents no {(success ? "success" : "error")} body for {status}"], operation.ToString());
                continue;
            }

            foreach (var branch in branches)
            {
                var result = new OasValidationResult(_evaluator.Validate(branch, body), operation.ToString(), branch.ToString());
                if (result.IsValid)
                {
                    return result;
                }

                if (closest is null || result.Errors.Count < closest.Errors.Count)
                {
                    closest = result;
                }
            }
        }

        return closest ?? undocumented!;
    }

    /// <summary>Checks query parameter names (and values) and an optional JSON body of a request.</summary>
    public OasValidationResult ValidateRequest(string method, string path, IReadOnlyDictionary<string, string> query, string? body = null) =>
        ValidateRequest(method, path, query.Keys, query, body);

    /// <summary>Checks that each query parameter name is declared by the operation.</summary>
    public OasValidationResult ValidateRequest(string method, string path, IEnumerable<string> queryParameterNames, string? body = null) =>
        ValidateRequest(method, path, queryParameterNames, null, body);

    private OasValidationResult ValidateRequest(string method, string path, IEnumerable<string> names, IReadOnlyDictionary<string, string>? values, string? body)
    {
        var operations = Documents.FindOperations(method, path);
        if (operations.Count == 0)
        {
            return new OasValidationResult([$"no operation {method.ToUpperInvariant()} {path} in {Documents.Directory}"]);
        }

        var nameList = names.ToList();
        OasValidationResult? best = null;
        foreach (var operation in operations)
        {
            var errors = new List<string>();
            var declared = operation.Parameters.Where(p => p.In == "query").ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (var name in nameList)
            {
                if (!declared.TryGetValue(name, out var parameter))
                {
                    errors.Add($"query parameter '{name}' is not declared by {operation}");
                }
                else if (values is not null && parameter.Schema is not null && values.TryGetValue(name, out var text))
                {
                    errors.AddRange(_evaluator.Validate(parameter.Schema, ParameterValue(parameter.Schema, text), "query." + name));
                }
            }

            foreach (var parameter in declared.Values.Where(p => p.Required && !nameList.Contains(p.Name, StringComparer.Ordinal)))
            {
                errors.Add($"required query parameter '{parameter.Name}' is missing");
            }

            if (!string.IsNullOrWhiteSpace(body))
            {
                var schema = operation.RequestBodySchema();
                if (schema is null)
                {
                    errors.Add($"{operation} takes no request body");
                }
                else
                {
                    try
                    {
                        errors.AddRange(_evaluator.Validate(schema, JsonNode.Parse(body)));
                    }
                    catch (JsonException ex)
                    {
                        errors.Add($"$: request body is not JSON ({ex.Message})");
                    }
                }
            }

            var result = new OasValidationResult(errors, operation.ToString());
            if (result.IsValid)
            {
                return result;
            }

            best ??= result;
        }

        return best!;
    }

    /// <summary>Validates a value against a schema named like "users.json#/components/schemas/users".</summary>
    public OasValidationResult ValidateSchema(string schemaReference, JsonNode? instance)
    {
        var hash = schemaReference.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? schemaReference : schemaReference[..hash];
        return ValidateSchema(Documents.Resolve(schemaReference, file[(file.LastIndexOf('/') + 1)..]), instance);
    }

    public OasValidationResult ValidateSchema(OasSchema schema, JsonNode? instance) =>
        new(_evaluator.Validate(schema, instance), schema: schema.ToString());

    /// <summary>The top-level alternatives of a response schema (following references through oneOf/anyOf).</summary>
    private List<OasSchema> Branches(OasSchema schema)
    {
        var node = schema;
        for (var hops = 0; hops < 10 && node.Node is JsonObject o && o["$ref"] is JsonValue r && o.Count == 1; hops++)
        {
            node = Documents.Resolve(r.GetValue<string>(), node.File);
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (node.Node is JsonObject obj && obj[keyword] is JsonArray list)
            {
                return list.SelectMany((b, i) => Branches(new OasSchema(node.File, b!, $"{node.Pointer}/{keyword}/{i}"))).ToList();
            }
        }

        return [node];
    }

    /// <summary>An error object: has code, message and status properties (after references).</summary>
    private bool IsErrorSchema(OasSchema schema)
    {
        var node = schema;
        for (var hops = 0; hops < 10 && node.Node is JsonObject o && o["$ref"] is JsonValue r; hops++)
        {
            node = Documents.Resolve(r.GetValue<string>(), node.File);
        }

        return node.Node["properties"] is JsonObject properties &&
               properties.ContainsKey("code") && properties.ContainsKey("status") && properties.ContainsKey("message");
    }

    /// <summary>A query string value as the JSON value its schema expects (numbers and booleans parsed).</summary>
    private static JsonNode? ParameterValue(OasSchema schema, string text)
    {
        var type = schema.Node["type"]?.GetValueKind() == JsonValueKind.String ? schema.Node["type"]!.GetValue<string>() : null;
        return type switch
        {
            "integer" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
            "boolean" when text is "true" or "false" => JsonValue.Create(text == "true"),
            _ => JsonValue.Create(text),
        };
    }
}
