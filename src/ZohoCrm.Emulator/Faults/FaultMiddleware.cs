using System.Globalization;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Faults;

/// <summary>Applies the fault rules to /crm/ and /oauth/ requests before anything else handles them.</summary>
internal static class FaultMiddleware
{
    public const string DroppedItemKey = "zcrm.dropped";

    /// <summary>Returns true when a fault answered (or dropped) the request.</summary>
    public static async Task<bool> ApplyAsync(HttpContext http, EmulatorState state)
    {
        var fired = state.Faults.Match(http.Request.Method, http.Request.Path.Value ?? string.Empty);
        foreach (var rule in fired)
        {
            switch (rule.Kind)
            {
                case FaultKind.Delay:
                    try
                    {
                        await Task.Delay(rule.DelayMs, http.RequestAborted).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return true;
                    }

                    break;
                case FaultKind.ExpireAccessTokens:
                    state.Tokens.ExpireAllAccessTokens();
                    break;
                case FaultKind.CutBody:
                    http.Response.Body = new CuttingStream(http, http.Response.Body, rule.AfterBytes);
                    break;
                case FaultKind.TooManyRequests:
                    SetRetryAfter(http, rule);
                    await ResponseWriter.WriteErrorAsync(http, ZohoError.TooManyRequests(state.Options.TooManyRequestsMessage)).ConfigureAwait(false);
                    return true;
                case FaultKind.InternalError:
                    await ResponseWriter.WriteErrorAsync(http, ZohoError.InternalError()).ConfigureAwait(false);
                    return true;
                case FaultKind.ServiceUnavailable:
                    SetRetryAfter(http, rule);
                    http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    http.Response.ContentType = "text/plain";
                    await http.Response.WriteAsync("Service Unavailable", http.RequestAborted).ConfigureAwait(false);
                    return true;
                case FaultKind.DropConnection:
                    http.Items[DroppedItemKey] = true;
                    http.Abort();
                    return true;
            }
        }

        return false;
    }

    private static void SetRetryAfter(HttpContext http, FaultRule rule)
    {
        if (rule.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
