using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Api;

/// <summary>One authenticated API call on its way through the router.</summary>
internal sealed class ApiContext
{
    public ApiContext(HttpContext http, EmulatorState state, AccessTokenEntry token, string[] segments)
    {
        Http = http;
        State = state;
        Token = token;
        Segments = segments;
    }

    public HttpContext Http { get; }

    public EmulatorState State { get; }

    public AccessTokenEntry Token { get; }

    /// <summary>Path segments after /crm/v8/.</summary>
    public string[] Segments { get; }

    public Dictionary<string, string> Route { get; } = new(StringComparer.Ordinal);

    /// <summary>Credits set by an endpoint once it knows them (writes by record count, COQL by LIMIT); null keeps the route's cost.</summary>
    public int? Credits { get; set; }

    public CancellationToken Aborted => Http.RequestAborted;

    public EmulatorOptions Options => State.Options;

    public DateTimeOffset Now => State.Clock.GetUtcNow();

    /// <summary>A query parameter (several values joined with commas), or null when absent.</summary>
    public string? Query(string name) =>
        Http.Request.Query.TryGetValue(name, out var values) ? string.Join(',', values.ToArray()) : null;

    public bool HasQuery(string name) => Http.Request.Query.ContainsKey(name);

    public string? Header(string name) =>
        Http.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null;

    public ZohoError? RequireScope(ScopeRequirement need) =>
        Token.Scopes.Covers(need) ? null : ZohoError.ScopeMismatch(Options.ScopeMismatchStatusCode);
}
