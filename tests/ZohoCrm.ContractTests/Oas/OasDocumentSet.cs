using System.Text.Json.Nodes;

namespace ZohoCrm.ContractTests.Oas;

/// <summary>
/// All OpenAPI files of one folder. References to other files, written by Zoho as
/// https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/&lt;file&gt;.json#/…,
/// (or as a relative file name) are resolved to the file of that name in the folder.
/// </summary>
public sealed class OasDocumentSet
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    private readonly Dictionary<string, JsonNode> _documents;
    private readonly List<OasOperation> _operations = new();

    private OasDocumentSet(string directory, Dictionary<string, JsonNode> documents)
    {
        Directory = directory;
        _documents = documents;
        foreach (var (file, document) in documents.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (document["paths"] is not JsonObject paths)
            {
                continue;
            }

            foreach (var (template, item) in paths)
            {
                if (item is not JsonObject pathItem)
                {
                    continue;
                }

                foreach (var method in Methods)
                {
                    if (pathItem[method] is JsonObject operation)
                    {
                        _operations.Add(new OasOperation(this, file, method.ToUpperInvariant(), template, pathItem, operation));
                    }
                }
            }
        }
    }

    public string Directory { get; }

    public IReadOnlyCollection<string> Files => _documents.Keys;

    public IReadOnlyList<OasOperation> Operations => _operations;

    public static OasDocumentSet Load(string directory)
    {
        var documents = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.GetFiles(directory, "*.json"))
        {
            documents[Path.GetFileName(path)] = JsonNode.Parse(File.ReadAllText(path))
                ?? throw new InvalidDataException(path + " is empty.");
        }

        if (documents.Count == 0)
        {
            throw new InvalidDataException("No OpenAPI files in " + directory + ".");
        }

        return new OasDocumentSet(directory, documents);
    }

    /// <summary>Builds a set from in-memory documents (file name → JSON text), for tests.</summary>
    public static OasDocumentSet FromJson(IReadOnlyDictionary<string, string> files) =>
        new("(memory)", files.ToDictionary(f => f.Key, f => JsonNode.Parse(f.Value)!, StringComparer.Ordinal));

    /// <summary>
    /// The operations for a method and a path, which may be a template ("/crm/v8/{module_api_name}") or a
    /// concrete path ("/crm/v8/Leads?fields=…"). The best matches come first: exact template, then most literal segments.
    /// </summary>
    public IReadOnlyList<OasOperation> FindOperations(string method, string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        path = path.TrimEnd('/');
        method = method.ToUpperInvariant();
        var exact = _operations.Where(o => o.Method == method && o.PathTemplate == path).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        var segments = path.Split('/');
        var matches = _operations
            .Where(o => o.Method == method)
            .Select(o => (Operation: o, Literals: Match(o.PathTemplate.Split('/'), segments)))
            .Where(m => m.Literals >= 0)
            .ToList();
        if (matches.Count == 0)
        {
            return Array.Empty<OasOperation>();
        }

        var best = matches.Max(m => m.Literals);
        return matches.Where(m => m.Literals == best).Select(m => m.Operation).ToList();
    }

    public OasOperation? FindOperation(string method, string path) => FindOperations(method, path).FirstOrDefault();

    /// <summary>Resolves "file.json#/pointer", "#/pointer" (relative to <paramref name="currentFile"/>) or a Zoho raw URL.</summary>
    public OasSchema Resolve(string reference, string currentFile)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var location = hash < 0 ? reference : reference[..hash];
        var pointer = hash < 0 ? string.Empty : reference[(hash + 1)..];
        var file = location.Length == 0 ? currentFile : location[(location.LastIndexOf('/') + 1)..];
        if (!_documents.TryGetValue(file, out var node))
        {
            throw new KeyNotFoundException($"Reference {reference} (from {currentFile}) names a file that is not in {Directory}.");
        }

        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj when obj[part] is { } child => child,
                JsonArray arr when int.TryParse(part, out var i) && i < arr.Count && arr[i] is { } item => item,
                _ => throw new KeyNotFoundException($"Reference {reference} (from {currentFile}) does not resolve at '{part}'."),
            };
        }

        return new OasSchema(file, node, pointer);
    }

    /// <summary>Number of literal segments matched, or -1 when the template does not match.</summary>
    private static int Match(string[] template, string[] segments)
    {
        if (template.Length != segments.Length)
        {
            return -1;
        }

        var literals = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{') && template[i].EndsWith('}'))
            {
                if (segments[i].Length == 0)
                {
                    return -1;
                }
            }
            else if (template[i] == segments[i])
            {
                literals++;
            }
            else
            {
                return -1;
            }
        }

        return literals;
    }
}
