namespace ZohoCrm.Emulator.Api;

internal delegate Task<ApiResult> ApiHandler(ApiContext context);

/// <summary>One endpoint: method, path template after /crm/v8/ ("{name}" segments capture), handler and credit cost.</summary>
internal sealed record ApiRoute(string Method, string[] Template, ApiHandler Handler, Func<ApiContext, int> Cost, Func<ApiContext, bool> IsHeavy)
{
    public int Literals { get; } = Template.Count(t => !t.StartsWith('{'));
}

/// <summary>Resolves a path to a route; the most specific matching templates win.</summary>
internal sealed class ApiRouter
{
    private static readonly ApiHandler NotImplemented = _ => Task.FromResult<ApiResult>(new NotImplementedResult());
    private readonly List<ApiRoute> _routes = new();

    public ApiRouter Map(string method, string template, ApiHandler handler, Func<ApiContext, int>? cost = null, Func<ApiContext, bool>? isHeavy = null)
    {
        _routes.Add(new ApiRoute(method, template.Split('/'), handler, cost ?? (_ => 1), isHeavy ?? (_ => false)));
        return this;
    }

    /// <summary>Registers an endpoint of the real API that the emulator does not implement yet.</summary>
    public ApiRouter Later(string methods, string template)
    {
        foreach (var method in methods.Split(','))
        {
            Map(method, template, NotImplemented, _ => 0);
        }

        return this;
    }

    /// <summary>The route and its captured values; or null with methodMismatch set when the path exists under other methods.</summary>
    public ApiRoute? Resolve(string method, string[] segments, Dictionary<string, string> values, out bool methodMismatch)
    {
        methodMismatch = false;
        var candidates = _routes.Where(r => PathMatches(r.Template, segments)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.Max(r => r.Literals);
        var route = candidates.FirstOrDefault(r => r.Literals == best && r.Method == method);
        if (route is null)
        {
            methodMismatch = true;
            return null;
        }

        for (var i = 0; i < route.Template.Length; i++)
        {
            if (route.Template[i].StartsWith('{'))
            {
                values[route.Template[i].Trim('{', '}')] = segments[i];
            }
        }

        return route;
    }

    private static bool PathMatches(string[] template, string[] segments)
    {
        if (template.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < template.Length; i++)
        {
            if (!template[i].StartsWith('{') && !string.Equals(template[i], segments[i], StringComparison.Ordinal))
            {
                return false;
            }

            if (segments[i].Length == 0)
            {
                return false;
            }
        }

        return true;
    }
}
