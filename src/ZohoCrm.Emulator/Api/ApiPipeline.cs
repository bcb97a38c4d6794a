using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Api;

/// <summary>
/// Handles every request under /crm/: authentication, concurrency, latency, routing, credits, then the endpoint.
/// </summary>
internal sealed class ApiPipeline
{
    public const string CreditsItemKey = "zcrm.credits";
    public const string Version = "v8";

    private readonly EmulatorState _state;
    private readonly ApiRouter _router;
    private readonly ApiRouter _bulkRouter;
    private readonly ILogger _logger;

    public ApiPipeline(EmulatorState state, ApiRouter router, ApiRouter bulkRouter, ILogger logger)
    {
        _state = state;
        _router = router;
        _bulkRouter = bulkRouter;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var token = ApiAuthenticator.Authenticate(http.Request, _state.Tokens, _state.Options, out var authError);
        if (token is null)
        {
            await ResponseWriter.WriteErrorAsync(http, authError!).ConfigureAwait(false);
            return;
        }

        var max = _state.Options.MaxConcurrency;
        var inFlight = Interlocked.Increment(ref _state.InFlight);
        for (var peak = Volatile.Read(ref _state.PeakInFlight); inFlight > peak; peak = Volatile.Read(ref _state.PeakInFlight))
        {
            if (Interlocked.CompareExchange(ref _state.PeakInFlight, inFlight, peak) == peak)
            {
                break;
            }
        }

        if (inFlight > max && max > 0)
        {
            Interlocked.Decrement(ref _state.InFlight);
            await ResponseWriter.WriteErrorAsync(http, ZohoError.TooManyRequests(_state.Options.TooManyRequestsMessage)).ConfigureAwait(false);
            return;
        }

        try
        {
            if (_state.Options.LatencyMs > 0)
            {
                await Task.Delay(_state.Options.LatencyMs, http.RequestAborted).ConfigureAwait(false);
            }

            await DispatchAsync(http, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            Interlocked.Decrement(ref _state.InFlight);
        }
    }

    /// <summary>First path segments that name a part of the API, never a module.</summary>
    private static readonly HashSet<string> ApiNamespaces = new(StringComparer.Ordinal) { "settings", "actions", "org", "users", "coql", "functions" };

    /// <summary>
    /// A path that only a {module} template matched but that Zoho does not have (§9.3: 404 INVALID_URL_PATTERN): an API
    /// namespace the emulator does not serve (settings/layouts), or an unknown first segment followed by something that
    /// is not a record id (nonexistent/thing). An unknown module with a record id (Nope/123) stays INVALID_MODULE, as
    /// does one with an external id (X-EXTERNAL header).
    /// </summary>
    private static bool IsNoModuleCall(ApiRoute route, ApiContext context)
    {
        if (route.Template[0] != "{module}")
        {
            return false;
        }

        var first = context.Segments[0];
        if (ApiNamespaces.Contains(first))
        {
            return true;
        }

        if (context.State.Catalog.Find(first) is not null || !context.Route.TryGetValue("id", out var id))
        {
            return false;
        }

        return !id.All(char.IsAsciiDigit) && !context.Http.Request.Headers.ContainsKey("X-EXTERNAL");
    }

    private async Task DispatchAsync(HttpContext http, AccessTokenEntry token)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        var segments = path["/crm/".Length..].TrimEnd('/').Split('/');
        // Bulk APIs live under /crm/bulk/v8/ (read, write) with routes of their own.
        var bulk = segments[0] == "bulk";
        var router = bulk ? _bulkRouter : _router;
        if (bulk)
        {
            segments = segments[1..];
        }

        if (segments.Length < 2 || segments[0] != Version)
        {
            await ResponseWriter.WriteErrorAsync(http, ZohoError.InvalidUrlPattern()).ConfigureAwait(false);
            return;
        }

        var context = new ApiContext(http, _state, token, segments[1..]);
        var route = router.Resolve(http.Request.Method, context.Segments, context.Route, out var methodMismatch);
        if (route is null || (!bulk && IsNoModuleCall(route, context)))
        {
            await ResponseWriter.WriteErrorAsync(http, methodMismatch ? ZohoError.InvalidRequestMethod() : ZohoError.InvalidUrlPattern()).ConfigureAwait(false);
            return;
        }

        var cost = route.Cost(context);
        if (_state.Credits.WouldExceed(cost))
        {
            await ResponseWriter.WriteErrorAsync(http, ZohoError.TooManyRequests(_state.Options.TooManyRequestsMessage)).ConfigureAwait(false);
            return;
        }

        var heavy = route.IsHeavy(context);
        if (heavy)
        {
            var limit = _state.Options.SubConcurrencyLimit;
            if (Interlocked.Increment(ref _state.HeavyInFlight) > limit && limit > 0)
            {
                Interlocked.Decrement(ref _state.HeavyInFlight);
                await ResponseWriter.WriteErrorAsync(http, ZohoError.TooManyRequests(_state.Options.TooManyRequestsMessage)).ConfigureAwait(false);
                return;
            }
        }

        ApiResult result;
        try
        {
            result = await route.Handler(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Endpoint {Method} {Path} failed", http.Request.Method, path);
            result = ZohoError.InternalError();
        }
        finally
        {
            if (heavy)
            {
                Interlocked.Decrement(ref _state.HeavyInFlight);
            }
        }

        cost = context.Credits ?? cost;
        if (result.StatusCode < 400 && cost > 0)
        {
            _state.Credits.Charge(cost);
            http.Items[CreditsItemKey] = cost;
        }

        if (_state.Options.EmitCreditsRemainingHeader && _state.Credits.DailyLimit > 0 && _state.Credits.Used * 2 >= _state.Credits.DailyLimit)
        {
            http.Response.Headers["X-API-CREDITS-REMAINING"] = _state.Credits.Remaining.ToString(CultureInfo.InvariantCulture);
        }

        await ResponseWriter.WriteAsync(http, result).ConfigureAwait(false);
    }
}
