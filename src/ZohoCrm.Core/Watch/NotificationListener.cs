using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Watch
{
    /// <summary>
    /// Receives Zoho's notification POSTs on an HttpListener prefix and queues them, in the order they are received,
    /// for <see cref="ReceiveAsync"/>. Each request is answered as soon as it is read, before anyone consumes it: 200
    /// for a notification, 400 for a body that is not one, 403 for a token that does not match, 405 for anything but
    /// POST, 413 for a body over 1 MiB, 503 when the queue is full. A bad request never stops the listener.
    /// </summary>
    public sealed class NotificationListener : IDisposable
    {
        public const int MaxBodyBytes = 1 << 20;

        /// <summary>Notifications received but not yet consumed; past it, 503 asks Zoho to try again later.</summary>
        public const int DefaultCapacity = 10_000;

        private static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(10);

        private readonly HttpListener _http = new HttpListener();
        private readonly string[] _tokens;
        private readonly IZcrmLog _log;
        private readonly int _capacity;
        private readonly ConcurrentQueue<WatchNotification> _queue = new ConcurrentQueue<WatchNotification>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private int _queued;
        private long _accepted;
        private long _rejected;
        private volatile bool _stopped;

        /// <param name="tokens">Accepted channel tokens; empty accepts any notification.</param>
        public NotificationListener(string prefix, IEnumerable<string>? tokens, IZcrmLog log, int capacity = DefaultCapacity)
        {
            Prefix = NormalizePrefix(prefix);
            _tokens = (tokens ?? Array.Empty<string>()).Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var token in _tokens) SecretRedactor.Register(token);
            _log = log;
            _capacity = Math.Max(1, capacity);
        }

        public string Prefix { get; }

        /// <summary>Notifications answered with 200.</summary>
        public long Accepted => Interlocked.Read(ref _accepted);

        /// <summary>Requests answered with a 4xx or 5xx.</summary>
        public long Rejected => Interlocked.Read(ref _rejected);

        /// <summary>An HttpListener prefix: absolute http or https, ending with a slash (added when missing).</summary>
        public static string NormalizePrefix(string prefix)
        {
            var text = (prefix ?? string.Empty).Trim();
            if (!text.EndsWith("/", StringComparison.Ordinal)) text += "/";
            // HttpListener's wildcard hosts (+ and *) are not valid URI hosts; check the rest with a stand-in.
            var checkable = text.Replace("://+", "://wildcard").Replace("://*", "://wildcard");
            if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.Query))
                throw new ZcrmUsageException("ZcrmInvalidPrefix",
                    $"'{prefix}' is not an HTTP listener prefix. Use an absolute http:// or https:// URL that ends with a slash, such as http://127.0.0.1:8080/zoho/ or http://+:8080/zoho/.");
            return text;
        }

        /// <summary>True when only this machine can reach the prefix (127.0.0.1, ::1 or localhost).</summary>
        public static bool IsLoopback(string prefix)
        {
            var text = NormalizePrefix(prefix);
            if (text.Contains("://+") || text.Contains("://*")) return false;
            var host = new Uri(text).Host.Trim('[', ']');
            return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        }

        public void Start()
        {
            try
            {
                _http.Prefixes.Add(Prefix);
                _http.Start();
            }
            catch (Exception ex) when (ex is HttpListenerException || ex is ArgumentException || ex is PlatformNotSupportedException)
            {
                throw new ZcrmUsageException("ZcrmListenerFailed", $"Cannot listen on {Prefix}: {ex.Message}",
                    "Check that no other program uses the port, that the prefix names this machine, and on Windows that you may register it (prefixes other than localhost need an administrator or 'netsh http add urlacl').");
            }
            _ = Task.Run(AcceptLoopAsync);
        }

        /// <summary>The next notification, in the order received; waits until one arrives or <paramref name="ct"/> is cancelled.</summary>
        public async Task<WatchNotification> ReceiveAsync(CancellationToken ct)
        {
            while (true)
            {
                await _available.WaitAsync(ct).ConfigureAwait(false);
                if (_queue.TryDequeue(out var notification))
                {
                    Interlocked.Decrement(ref _queued);
                    return notification;
                }
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stopped)
            {
                HttpListenerContext context;
                try
                {
                    context = await _http.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stopped || !_http.IsListening)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // One broken connection must not end the listener; the pause keeps a persistent fault from spinning.
                    _log.Verbose($"A connection to {Prefix} failed before its request was read: {ex.Message}");
                    await Task.Delay(50).ConfigureAwait(false);
                    continue;
                }
                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            var request = context.Request;
            var from = request.RemoteEndPoint?.ToString() ?? "an unknown address";
            try
            {
                if (!string.Equals(request.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.AddHeader("Allow", "POST");
                    _log.Verbose($"Answered {request.HttpMethod} {request.Url?.AbsolutePath} from {from} with 405: notifications are POSTed.");
                    Answer(context, 405, "Zoho CRM notifications are POSTed here.");
                    return;
                }
                if (request.ContentLength64 > MaxBodyBytes)
                {
                    Reject(context, 413, $"Rejected a request from {from}: its body of {request.ContentLength64} bytes is over the 1 MiB a notification can need (answered 413).");
                    return;
                }

                var body = await ReadBodyAsync(request).ConfigureAwait(false);
                if (body == null)
                {
                    _log.Warning($"Rejected a request from {from}: its body was over 1 MiB or did not arrive within {BodyTimeout.TotalSeconds:0} s.");
                    Interlocked.Increment(ref _rejected);
                    context.Response.Abort();
                    return;
                }
                if (!WatchNotification.TryParse(body, out var notification, out var problem))
                {
                    Reject(context, 400, $"Rejected a request from {from} that is not a Zoho CRM notification: {problem} (answered 400).");
                    return;
                }
                if (_tokens.Length > 0 && !_tokens.Any(t => FixedTimeEquals(t, notification!.Token)))
                {
                    Reject(context, 403, $"Rejected a notification for channel {notification!.ChannelId} from {from}: " +
                        (notification.Token == null ? "it carries no token" : "its token does not match") + " (answered 403). It may not come from Zoho.");
                    return;
                }
                if (Interlocked.Increment(ref _queued) > _capacity)
                {
                    Interlocked.Decrement(ref _queued);
                    context.Response.AddHeader("Retry-After", "5");
                    Reject(context, 503, $"Rejected a notification for channel {notification!.ChannelId}: {_capacity} notifications are waiting to be consumed (answered 503, so Zoho may send it again).");
                    return;
                }

                notification!.ReceivedAt = DateTimeOffset.Now;
                _queue.Enqueue(notification);
                _available.Release();
                Interlocked.Increment(ref _accepted);
                Answer(context, 200, null);
            }
            catch (Exception ex)
            {
                // Whatever one request does (a dropped connection, a listener closing under it), the others go on.
                _log.Verbose($"The request from {from} failed: {ex.Message}");
                try { context.Response.Abort(); }
                catch (Exception) { /* the connection is gone already */ }
            }
        }

        /// <summary>The body as UTF-8 text, or null when it is too large or does not arrive in time.</summary>
        private static async Task<string?> ReadBodyAsync(HttpListenerRequest request)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            var stream = request.InputStream;
            var deadline = DateTime.UtcNow + BodyTimeout;
            while (true)
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero) return null;
                // The listener's streams do not honour cancellation on every platform; a timer bounds a stalled sender.
                var read = stream.ReadAsync(chunk, 0, chunk.Length);
                if (await Task.WhenAny(read, Task.Delay(remaining)).ConfigureAwait(false) != read) return null;
                var count = await read.ConfigureAwait(false);
                if (count == 0) break;
                buffer.Write(chunk, 0, count);
                if (buffer.Length > MaxBodyBytes) return null;
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private void Reject(HttpListenerContext context, int status, string warning)
        {
            Interlocked.Increment(ref _rejected);
            _log.Warning(warning);
            Answer(context, status, warning);
        }

        private static void Answer(HttpListenerContext context, int status, string? text)
        {
            var response = context.Response;
            response.StatusCode = status;
            // One request per connection: a sender that reused a kept-alive connection the listener was closing would
            // see its POST cut off (and a POST is not retried), so no connection is kept alive.
            response.KeepAlive = false;
            var bytes = text == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(text);
            if (bytes.Length > 0) response.ContentType = "text/plain; charset=utf-8";
            response.ContentLength64 = bytes.Length;
            if (bytes.Length > 0) response.OutputStream.Write(bytes, 0, bytes.Length);
            response.Close();
        }

        /// <summary>Compares in time that does not depend on where the strings differ, so the token cannot be guessed by timing.</summary>
        private static bool FixedTimeEquals(string expected, string? actual)
        {
            if (actual == null) return false;
            var a = Encoding.UTF8.GetBytes(expected);
            var b = Encoding.UTF8.GetBytes(actual);
            var difference = a.Length ^ b.Length;
            for (var i = 0; i < a.Length; i++) difference |= a[i] ^ (i < b.Length ? b[i] : 0);
            return difference == 0;
        }

        public void Dispose()
        {
            if (_stopped) return;
            _stopped = true;
            try
            {
                _http.Stop();
                _http.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException)
            {
                // already closed
            }
            _log.Verbose($"Stopped listening on {Prefix}: {Accepted} notification{(Accepted == 1 ? "" : "s")} accepted, {Rejected} request{(Rejected == 1 ? "" : "s")} rejected.");
        }

        public override string ToString() => Prefix + " (" + Accepted.ToString(CultureInfo.InvariantCulture) + " accepted)";
    }
}
