using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Watch
{
    /// <summary>
    /// Receives Zoho's notification POSTs on a listener prefix and queues them, in the order they are received, for
    /// <see cref="ReceiveAsync"/>. Each request is answered as soon as it is read, before anyone consumes it: 200 for a
    /// notification, 400 for a body that is not one, 403 for a token that does not match, 405 for anything but POST,
    /// 413 for a body over 1 MiB, 503 when the queue is full. A bad request never stops the listener. The HTTP server is
    /// <see cref="HttpReceiver"/> on plain sockets, not HttpListener: the managed HttpListener throws on a thread-pool
    /// callback (ending the process) when a connection arrives while it starts or stops.
    /// </summary>
    public sealed class NotificationListener : IDisposable
    {
        public const int MaxBodyBytes = 1 << 20;

        /// <summary>Notifications received but not yet consumed; past it, 503 asks Zoho to try again later.</summary>
        public const int DefaultCapacity = 10_000;

        private readonly string[] _tokens;
        private readonly IZcrmLog _log;
        private readonly int _capacity;
        private readonly ConcurrentQueue<WatchNotification> _queue = new ConcurrentQueue<WatchNotification>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private HttpReceiver? _receiver;
        private int _queued;
        private long _accepted;
        private long _rejected;
        private int _stopped;

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

        /// <summary>Sizes and timeouts of the HTTP server; set before <see cref="Start"/> (tests shorten the timeout).</summary>
        internal HttpReceiverLimits Limits { get; } = new HttpReceiverLimits { MaxBodyBytes = MaxBodyBytes };

        /// <summary>The end points listened on once started (the port is the one chosen when the prefix asked for 0).</summary>
        internal IReadOnlyList<IPEndPoint> EndPoints => _receiver?.EndPoints ?? Array.Empty<IPEndPoint>();

        /// <summary>Completes when the listener is disposed and every connection has ended.</summary>
        internal Task Stopped => _receiver?.Stopped ?? Task.CompletedTask;

        /// <summary>A listener prefix: absolute http or https, ending with a slash (added when missing).</summary>
        public static string NormalizePrefix(string prefix)
        {
            var text = (prefix ?? string.Empty).Trim();
            if (!text.EndsWith("/", StringComparison.Ordinal)) text += "/";
            // HttpListener's wildcard hosts (+ and *) are not valid URI hosts; check the rest with a stand-in.
            var checkable = ToCheckable(text);
            if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.Query))
                throw new ZcrmUsageException("ZcrmInvalidPrefix",
                    $"'{prefix}' is not an HTTP listener prefix. Use an absolute http:// or https:// URL that ends with a slash, such as http://127.0.0.1:8080/zoho/ or http://+:8080/zoho/.");
            return text;
        }

        private static string ToCheckable(string prefix) => prefix.Replace("://+", "://wildcard").Replace("://*", "://wildcard");

        private static bool IsWildcard(string prefix) => prefix.Contains("://+") || prefix.Contains("://*");

        /// <summary>True when only this machine can reach the prefix (127.0.0.1, ::1 or localhost).</summary>
        public static bool IsLoopback(string prefix)
        {
            var text = NormalizePrefix(prefix);
            if (IsWildcard(text)) return false;
            var host = new Uri(text).Host.Trim('[', ']');
            return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        }

        public void Start()
        {
            const string action = "Check that no other program uses the port and that the prefix names an address of this machine (or + for all of them).";
            if (_receiver != null) throw new InvalidOperationException("The listener is started already.");
            var uri = new Uri(ToCheckable(Prefix));
            if (uri.Scheme == Uri.UriSchemeHttps)
                throw new ZcrmUsageException("ZcrmListenerFailed",
                    $"Cannot listen on {Prefix}: the listener receives plain HTTP and has no certificate to terminate TLS with.",
                    "Let a reverse proxy or tunnel terminate TLS and forward to an http:// prefix on this machine, such as http://127.0.0.1:8080/zoho/.");
            IReadOnlyList<IPAddress> addresses;
            try
            {
                addresses = AddressesOf(IsWildcard(Prefix) ? null : uri.Host.Trim('[', ']'));
            }
            catch (SocketException ex)
            {
                throw new ZcrmUsageException("ZcrmListenerFailed", $"Cannot listen on {Prefix}: {ex.Message}", action);
            }
            var receiver = new HttpReceiver(addresses, uri.Port, uri.AbsolutePath, Handle, Refused, _log, Limits);
            try
            {
                receiver.Start();
            }
            catch (SocketException ex) when (addresses.Count > 1 && ex.SocketErrorCode == SocketError.AddressFamilyNotSupported)
            {
                // localhost on a machine without IPv6: its IPv4 address alone.
                receiver.Dispose();
                receiver = new HttpReceiver(addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToArray(), uri.Port, uri.AbsolutePath, Handle, Refused, _log, Limits);
                StartOrExplain(receiver, action);
            }
            catch (SocketException ex)
            {
                receiver.Dispose();
                throw new ZcrmUsageException("ZcrmListenerFailed", $"Cannot listen on {Prefix}: {ex.Message}", action);
            }
            _receiver = receiver;
            if (Volatile.Read(ref _stopped) != 0) receiver.Dispose(); // disposed while starting
        }

        private void StartOrExplain(HttpReceiver receiver, string action)
        {
            try
            {
                receiver.Start();
            }
            catch (SocketException ex)
            {
                receiver.Dispose();
                throw new ZcrmUsageException("ZcrmListenerFailed", $"Cannot listen on {Prefix}: {ex.Message}", action);
            }
        }

        /// <summary>The addresses to bind for a prefix host; null is the wildcard (every address, IPv4 and IPv6).</summary>
        private static IReadOnlyList<IPAddress> AddressesOf(string? host)
        {
            if (host == null) return new[] { Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any };
            if (IPAddress.TryParse(host, out var address)) return new[] { address };
            if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
                return Socket.OSSupportsIPv6 ? new[] { IPAddress.Loopback, IPAddress.IPv6Loopback } : new[] { IPAddress.Loopback };
            // A host name: the first of its addresses, as HttpListener bound it.
            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            return new[] { addresses[0] };
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

        private void Refused(int status, string from, string reason)
        {
            Interlocked.Increment(ref _rejected);
            _log.Warning($"Rejected a request from {from}: {reason} (answered {status.ToString(CultureInfo.InvariantCulture)}).");
        }

        private ReceiverAnswer Handle(ReceivedRequest request)
        {
            var from = request.From;
            if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
            {
                _log.Verbose($"Answered {request.Method} {request.Path} from {from} with 405: notifications are POSTed.");
                return new ReceiverAnswer(405, "Zoho CRM notifications are POSTed here.", new KeyValuePair<string, string>("Allow", "POST"));
            }
            var body = Encoding.UTF8.GetString(request.Body);
            if (!WatchNotification.TryParse(body, out var notification, out var problem))
                return Reject(400, $"Rejected a request from {from} that is not a Zoho CRM notification: {problem} (answered 400).");
            if (_tokens.Length > 0 && !_tokens.Any(t => FixedTimeEquals(t, notification!.Token)))
                return Reject(403, $"Rejected a notification for channel {notification!.ChannelId} from {from}: " +
                    (notification.Token == null ? "it carries no token" : "its token does not match") + " (answered 403). It may not come from Zoho.");
            if (Interlocked.Increment(ref _queued) > _capacity)
            {
                Interlocked.Decrement(ref _queued);
                return Reject(503, $"Rejected a notification for channel {notification!.ChannelId}: {_capacity} notifications are waiting to be consumed (answered 503, so Zoho may send it again).",
                    new KeyValuePair<string, string>("Retry-After", "5"));
            }

            notification!.ReceivedAt = DateTimeOffset.Now;
            _queue.Enqueue(notification);
            _available.Release();
            Interlocked.Increment(ref _accepted);
            return new ReceiverAnswer(200);
        }

        private ReceiverAnswer Reject(int status, string warning, params KeyValuePair<string, string>[] headers)
        {
            Interlocked.Increment(ref _rejected);
            _log.Warning(warning);
            return new ReceiverAnswer(status, warning, headers);
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

        /// <summary>Stops listening and closes open connections; never throws.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
            _receiver?.Dispose();
            _log.Verbose($"Stopped listening on {Prefix}: {Accepted} notification{(Accepted == 1 ? "" : "s")} accepted, {Rejected} request{(Rejected == 1 ? "" : "s")} rejected.");
        }

        public override string ToString() => Prefix + " (" + Accepted.ToString(CultureInfo.InvariantCulture) + " accepted)";
    }
}
