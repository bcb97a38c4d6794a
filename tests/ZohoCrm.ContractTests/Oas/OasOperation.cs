using System.Text.Json.Nodes;

namespace ZohoCrm.ContractTests.Oas;

/// <summary>One operation (method + path template) of an OpenAPI file.</summary>
public sealed class OasOperation
{
    private readonly OasDocumentSet _documents;
    private readonly JsonObject _operation;

    internal OasOperation(OasDocumentSet documents, string file, string method, string template, JsonObject pathItem, JsonObject operation)
    {
        _documents = documents;
        _operation = operation;
        File = file;
        Method = method;
        PathTemplate = template;
        OperationId = operation["operationId"]?.GetValue<string>();
        _parameters = new Lazy<IReadOnlyList<OasParameter>>(() => ReadParameters(pathItem, operation));
    }

    private readonly Lazy<IReadOnlyList<OasParameter>> _parameters;
    private readonly List<string> _unresolved = new();

    /// <summary>Parameter references that point nowhere (Zoho's files have a few); such parameters are left out.</summary>
    public IReadOnlyList<string> UnresolvedReferences
    {
        get
        {
            _ = _parameters.Value;
            return _unresolved;
        }
    }

    private List<OasParameter> ReadParameters(JsonObject pathItem, JsonObject operation)
    {
        var parameters = new Dictionary<(string, string), OasParameter>();
        foreach (var list in new[] { pathItem["parameters"], operation["parameters"] })
        {
            if (list is not JsonArray array)
            {
                continue;
            }

            foreach (var item in array)
            {
                OasSchema parameter;
                try
                {
                    parameter = Deref(item!);
                }
                catch (KeyNotFoundException ex)
                {
                    _unresolved.Add(ex.Message);
                    continue;
                }

                var name = parameter.Node["name"]!.GetValue<string>();
                var location = parameter.Node["in"]!.GetValue<string>();
                var schema = parameter.Node["schema"] is { } s ? new OasSchema(parameter.File, s, parameter.Pointer + "/schema") : null;
                parameters[(name, location)] = new OasParameter(name, location, parameter.Node["required"]?.GetValue<bool>() == true, schema);
            }
        }

        return parameters.Values.ToList();
    }

    public string File { get; }

    /// <summary>Upper case, e.g. "GET".</summary>
    public string Method { get; }

    public string PathTemplate { get; }

    public string? OperationId { get; }

    public IReadOnlyList<OasParameter> Parameters => _parameters.Value;

    public IReadOnlyCollection<string> ResponseStatuses =>
        _operation["responses"] is JsonObject responses ? responses.Select(r => r.Key).ToList() : Array.Empty<string>();

    public bool HasRequestBody => _operation["requestBody"] is not null;

    /// <summary>The JSON schema of the response with this status ("200", "default" …), or null when none is documented.</summary>
    public OasSchema? ResponseSchema(string status)
    {
        if (_operation["responses"]?[status] is not { } response)
        {
            return null;
        }

        return ContentSchema(Deref(response));
    }

    public OasSchema? RequestBodySchema() =>
        _operation["requestBody"] is { } body ? ContentSchema(Deref(body)) : null;

    public override string ToString() => $"{Method} {PathTemplate} ({File})";

    private OasSchema? ContentSchema(OasSchema holder)
    {
        if (holder.Node["content"] is not JsonObject content || content.Count == 0)
        {
            return null;
        }

        var (mediaType, media) = content.FirstOrDefault(c => c.Key.StartsWith("application/json", StringComparison.Ordinal));
        if (media is null)
        {
            (mediaType, media) = content.First();
        }

        return media?["schema"] is { } schema
            ? new OasSchema(holder.File, schema, $"{holder.Pointer}/content/{mediaType.Replace("/", "~1", StringComparison.Ordinal)}/schema")
            : null;
    }

    private OasSchema Deref(JsonNode node)
    {
        var current = new OasSchema(File, node, string.Empty);
        for (var hops = 0; hops < 10 && current.Node["$ref"] is JsonValue reference; hops++)
        {
            current = _documents.Resolve(reference.GetValue<string>(), current.File);
        }

        return current;
    }
}
