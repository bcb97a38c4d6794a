using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Faults;

namespace ZohoCrm.Emulator.Diagnostics;

/// <summary>Captures a request before it is handled and logs it, with its status, once the answer starts.</summary>
internal static class RequestRecorder
{
    public static async Task RecordAsync(HttpContext http, RequestLog log, TimeProvider clock, Func<Task> next)
    {
        var time = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        string? body = null;
        var contentType = http.Request.ContentType ?? string.Empty;
        var isFile = contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) ||
                     contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase);
        if (isFile)
        {
            // File uploads stream straight to the endpoint; the log keeps their size, not their bytes.
            body = "[" + contentType.Split(';')[0] + (http.Request.ContentLength is { } length ? ", " + length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes" : string.Empty) + "]";
        }
        else if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            http.Request.EnableBuffering();
            using var reader = new StreamReader(http.Request.Body, leaveOpen: true);
            body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
            http.Request.Body.Position = 0;
        }

        var query = http.Request.Query.ToDictionary(q => q.Key, q => string.Join(',', q.Value.ToArray()), StringComparer.Ordinal);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var logged = 0;
        void Log()
        {
            if (Interlocked.Exchange(ref logged, 1) == 1)
            {
                return;
            }

            var dropped = http.Items.ContainsKey(FaultMiddleware.DroppedItemKey);
            log.Add(new LoggedRequest(
                http.Request.Method,
                http.Request.Path.Value ?? string.Empty,
                query,
                body,
                dropped ? 0 : http.Response.StatusCode,
                time)
            {
                Headers = headers,
                Credits = http.Items.TryGetValue(ApiPipeline.CreditsItemKey, out var c) && c is int credits ? credits : 0,
                DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            });
        }

        // Logged as the response starts, so a client that has its answer always finds the request in the log.
        http.Response.OnStarting(() =>
        {
            Log();
            return Task.CompletedTask;
        });
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            Log();
        }
    }
}
