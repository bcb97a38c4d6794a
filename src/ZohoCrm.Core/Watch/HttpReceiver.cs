using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Watch
{
    /// <summary>One request as the receiver read it: the whole body is in memory (it is bounded).</summary>
    internal sealed class ReceivedRequest
    {
        public ReceivedRequest(string method, string path, IReadOnlyDictionary<string, string> headers, byte[] body, string from)
        {
            Method = method;
            Path = path;
            Headers = headers;
            Body = body;
            From = from;
        }

        public string Method { get; }
        public string Path { get; }

        /// <summary>Header names ignore case; repeated headers are joined with ", ".</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }
        public string From { get; }
    }

    internal sealed class ReceiverAnswer
    {
        public ReceiverAnswer(int status, string? text = null, params KeyValuePair<string, string>[] headers)
        {
            Status = status;
            Text = text;
            Headers = headers;
        }

        public int Status { get; }
        public string? Text { get; }
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    }

    internal sealed class HttpReceiverLimits
    {
        public int MaxHeaderBytes { get; set; } = 16 * 1024;
        public int MaxHeaderCount { get; set; } = 100;
        public int MaxBodyBytes { get; set; } = 1 << 20;

        /// <summary>How long a connection may take to deliver its whole request (head and body).</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Connections served at once; further ones wait in the operating system's backlog.</summary>
        public int MaxConnections { get; set; } = 64;
    }

    /// <summary>
    /// A small HTTP/1.1 server on TcpListener that reads one bounded request per connection, hands it to a handler and
    /// answers with <c>Connection: close</c>. Every socket operation runs on a task this class awaits, so no failure of a
    /// connection, of accepting or of stopping escapes to a thread-pool callback (the managed HttpListener's accept
    /// callback throws there and ends the process when a connection races its start or stop).
    /// </summary>
    internal sealed class HttpReceiver : IDisposable
    {
        private readonly IReadOnlyList<IPAddress> _addresses;
        private readonly int _port;
        private readonly string _pathPrefix;
        private readonly Func<ReceivedRequest, ReceiverAnswer> _handler;
        private readonly Action<int, string, string> _refused;
        private readonly IZcrmLog _log;
        private readonly HttpReceiverLimits _limits;
        private readonly List<TcpListener> _listeners = new List<TcpListener>();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<long, Socket> _connections = new ConcurrentDictionary<long, Socket>();
        private readonly TaskCompletionSource<bool> _stopped = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _slots;
        private long _nextConnection;
        private int _running = 1; // 1 until Dispose, plus one per accept loop and per connection being served
        private int _disposed;
        private bool _started;

        /// <param name="pathPrefix">Requests whose path does not start with it are answered 404.</param>
        /// <param name="refused">Told of every request the receiver answers itself (status, remote end point, reason).</param>
        public HttpReceiver(IReadOnlyList<IPAddress> addresses, int port, string pathPrefix, Func<ReceivedRequest, ReceiverAnswer> handler,
            Action<int, string, string>? refused, IZcrmLog log, HttpReceiverLimits? limits = null)
        {
            if (addresses == null || addresses.Count == 0) throw new ArgumentException("At least one address is needed.", nameof(addresses));
            _addresses = addresses;
            _port = port;
            _pathPrefix = pathPrefix.EndsWith("/", StringComparison.Ordinal) ? pathPrefix : pathPrefix + "/";
            _handler = handler;
            _refused = refused ?? ((status, from, reason) => { });
            _log = new QuietLog(log);
            _limits = limits ?? new HttpReceiverLimits();
            _slots = new SemaphoreSlim(Math.Max(1, _limits.MaxConnections));
        }

        /// <summary>The end points bound by <see cref="Start"/> (with the port chosen when 0 was asked for).</summary>
        public IReadOnlyList<IPEndPoint> EndPoints { get; private set; } = Array.Empty<IPEndPoint>();

        /// <summary>Completes once the receiver is disposed and every accept loop and connection has ended.</summary>
        public Task Stopped => _stopped.Task;

        /// <summary>Connections being served now.</summary>
        public int OpenConnections => _connections.Count;

        /// <summary>Binds every address; throws SocketException when one cannot be bound (nothing stays bound then).</summary>
        public void Start()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(HttpReceiver));
            if (_started) throw new InvalidOperationException("The receiver is started already.");
            _started = true;
            var bound = new List<IPEndPoint>();
            try
            {
                var port = _port;
                foreach (var address in _addresses)
                {
                    var listener = new TcpListener(address, port);
                    if (address.Equals(IPAddress.IPv6Any)) listener.Server.DualMode = true;
                    _listeners.Add(listener);
                    listener.Start(128);
                    var endPoint = (IPEndPoint)listener.LocalEndpoint;
                    bound.Add(endPoint);
                    port = endPoint.Port; // with port 0, every address gets the port the first one was given
                }
            }
            catch
            {
                foreach (var listener in _listeners) StopQuietly(listener);
                _listeners.Clear();
                throw;
            }
            EndPoints = bound;
            foreach (var listener in _listeners)
            {
                Interlocked.Increment(ref _running);
                _ = Task.Run(() => AcceptLoopAsync(listener));
            }
        }

        private async Task AcceptLoopAsync(TcpListener listener)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    Socket socket;
                    try
                    {
                        socket = await listener.AcceptSocketAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        _slots.Release();
                        if (_stop.IsCancellationRequested) return;
                        // One failed accept (a connection reset before it was taken, descriptors running out) must not end
                        // the receiver; the pause keeps a persistent fault from spinning.
                        _log.Verbose($"Accepting a connection on {listener.LocalEndpoint} failed: {ex.Message}");
                        await DelayQuietly(TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                        continue;
                    }
                    if (_stop.IsCancellationRequested)
                    {
                        CloseQuietly(socket);
                        _slots.Release();
                        return;
                    }
                    Interlocked.Increment(ref _running);
                    _ = Task.Run(() => ServeAsync(socket));
                }
            }
            catch (Exception ex)
            {
                _log.Verbose($"Listening on {SafeEndPoint(listener)} ended: {ex.Message}");
            }
            finally
            {
                Finished();
            }
        }

        private async Task ServeAsync(Socket socket)
        {
            var id = Interlocked.Increment(ref _nextConnection);
            var from = "an unknown address";
            try
            {
                from = socket.RemoteEndPoint?.ToString() ?? from;
                _connections[id] = socket;
                if (_stop.IsCancellationRequested) return; // Dispose may have closed the others before this one was listed
                socket.NoDelay = true;
                using var stream = new NetworkStream(socket, ownsSocket: false);
                var deadline = Stopwatch.StartNew();
                var reader = new ConnectionReader(stream, this, deadline);
                ReceiverAnswer answer;
                bool head = false;
                try
                {
                    var request = await ReadRequestAsync(reader, stream, from).ConfigureAwait(false);
                    if (request == null) return; // closed before sending anything
                    head = request.Method == "HEAD";
                    answer = InvokeHandler(request);
                }
                catch (RequestRefusedException refusal)
                {
                    if (!(refusal is RequestRefusedSilentlyException)) _refused(refusal.Status, from, refusal.Message);
                    answer = new ReceiverAnswer(refusal.Status, refusal.Message);
                }
                catch (TimeoutException)
                {
                    var reason = $"the request did not arrive within {_limits.RequestTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
                    _refused(408, from, reason);
                    answer = new ReceiverAnswer(408, reason);
                }
                await WriteAnswerAsync(stream, answer, head).ConfigureAwait(false);
                // Shut down sending, then read what the client still sends, so that closing does not reset the
                // connection and discard the answer before the client read it (it may still be sending a refused body).
                socket.Shutdown(SocketShutdown.Send);
                await DrainAsync(stream).ConfigureAwait(false);
            }
            catch (ReceiverStoppingException)
            {
                _log.Verbose($"Closed the connection from {from}: the listener is stopping.");
            }
            catch (Exception ex)
            {
                // A dropped connection, a reset, a socket closed by Dispose: whatever one connection does, the others go on.
                if (!_stop.IsCancellationRequested) _log.Verbose($"The connection from {from} failed: {ex.Message}");
            }
            finally
            {
                _connections.TryRemove(id, out _);
                CloseQuietly(socket);
                _slots.Release();
                Finished();
            }
        }

        private ReceiverAnswer InvokeHandler(ReceivedRequest request)
        {
            try
            {
                return _handler(request);
            }
            catch (Exception ex)
            {
                _log.Warning($"Handling a request from {request.From} failed: {ex.Message} (answered 500).");
                return new ReceiverAnswer(500, "The request could not be handled.");
            }
        }

        private async Task<ReceivedRequest?> ReadRequestAsync(ConnectionReader reader, Stream stream, string from)
        {
            // RFC 9112 2.2: a server SHOULD ignore at least one empty line before the request line.
            string? requestLine;
            var emptyLines = 0;
            do
            {
                requestLine = await reader.ReadLineAsync(headerLine: true).ConfigureAwait(false);
                if (requestLine == null) return null;
            }
            while (requestLine.Length == 0 && ++emptyLines <= 2);
            var parts = requestLine.Split(' ');
            if (parts.Length != 3 || !IsToken(parts[0]) || parts[1].Length == 0 || parts[1].Any(c => c <= ' ' || c >= 127))
                throw new RequestRefusedException(400, "its request line is malformed");
            var method = parts[0];
            var version = parts[2];
            if (version.Length != 8 || !version.StartsWith("HTTP/", StringComparison.Ordinal) || !char.IsDigit(version[5]) || version[6] != '.' || !char.IsDigit(version[7]))
                throw new RequestRefusedException(400, "its request line is malformed");
            if (version[5] != '1') throw new RequestRefusedException(505, $"it uses {version}; only HTTP/1.1 and HTTP/1.0 are served");
            var path = PathOf(parts[1]) ?? throw new RequestRefusedException(400, "its request target is not a path");

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var hosts = 0;
            var contentLengths = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var line = await reader.ReadLineAsync(headerLine: true).ConfigureAwait(false) ?? throw new IOException("The connection closed in the middle of the request head.");
                if (line.Length == 0) break;
                if (line[0] == ' ' || line[0] == '\t') throw new RequestRefusedException(400, "it folds a header over several lines");
                var colon = line.IndexOf(':');
                if (colon <= 0 || !IsToken(line.Substring(0, colon))) throw new RequestRefusedException(400, "a header line is malformed");
                var name = line.Substring(0, colon);
                var value = line.Substring(colon + 1).Trim(' ', '\t');
                if (value.Any(c => (c < ' ' && c != '\t') || c == 127)) throw new RequestRefusedException(400, "a header carries control characters");
                if (headers.Count >= _limits.MaxHeaderCount) throw new RequestRefusedException(431, $"it has more than {_limits.MaxHeaderCount} headers");
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) hosts++;
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    foreach (var item in value.Split(',')) contentLengths.Add(item.Trim());
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
            if (version == "HTTP/1.1" && hosts != 1) throw new RequestRefusedException(400, "an HTTP/1.1 request needs exactly one Host header");
            if (!PathMatches(path))
            {
                _log.Verbose($"Answered {method} {path} from {from} with 404: it is not under {_pathPrefix}.");
                throw new RequestRefusedSilentlyException(404, $"Nothing is served at {path}.");
            }

            var body = await ReadBodyAsync(reader, stream, headers, contentLengths, version).ConfigureAwait(false);
            return new ReceivedRequest(method, path, headers, body, from);
        }

        private async Task<byte[]> ReadBodyAsync(ConnectionReader reader, Stream stream, Dictionary<string, string> headers, HashSet<string> contentLengths, string version)
        {
            var max = _limits.MaxBodyBytes;
            headers.TryGetValue("Transfer-Encoding", out var transferEncoding);
            long length = 0;
            if (transferEncoding != null)
            {
                if (contentLengths.Count > 0) throw new RequestRefusedException(400, "it has both Transfer-Encoding and Content-Length");
                if (version == "HTTP/1.0") throw new RequestRefusedException(400, "an HTTP/1.0 request cannot be chunked");
                if (!transferEncoding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                    throw new RequestRefusedException(501, $"its Transfer-Encoding '{transferEncoding}' is not supported; only chunked is");
            }
            else if (contentLengths.Count > 0)
            {
                var text = contentLengths.Count == 1 ? contentLengths.First() : null;
                if (text == null || text.Length == 0 || !text.All(c => c >= '0' && c <= '9')) throw new RequestRefusedException(400, "its Content-Length is not one number");
                if (text.TrimStart('0').Length > 15 || (length = long.Parse(text, CultureInfo.InvariantCulture)) > max)
                    throw new RequestRefusedException(413, $"its body of {text.TrimStart('0')} bytes is over the {max} bytes accepted");
            }

            if (headers.TryGetValue("Expect", out var expect))
            {
                if (!expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase)) throw new RequestRefusedException(417, $"it expects '{expect}'");
                if (version == "HTTP/1.1")
                {
                    var interim = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");
                    await reader.WithinDeadline(stream.WriteAsync(interim, 0, interim.Length)).ConfigureAwait(false);
                }
            }

            using var body = new MemoryStream();
            if (transferEncoding == null)
            {
                await reader.CopyAsync(length, body).ConfigureAwait(false);
                return body.ToArray();
            }
            while (true)
            {
                var sizeLine = await reader.ReadLineAsync(headerLine: false).ConfigureAwait(false) ?? throw new IOException("The connection closed in the middle of a chunked body.");
                var semicolon = sizeLine.IndexOf(';');
                var sizeText = (semicolon >= 0 ? sizeLine.Substring(0, semicolon) : sizeLine).Trim(' ', '\t');
                if (sizeText.Length == 0 || sizeText.Length > 8 || !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
                    throw new RequestRefusedException(400, "a chunk size is malformed");
                if (size == 0) break;
                if (body.Length + size > max) throw new RequestRefusedException(413, $"its chunked body is over the {max} bytes accepted");
                await reader.CopyAsync(size, body).ConfigureAwait(false);
                var end = await reader.ReadLineAsync(headerLine: false).ConfigureAwait(false);
                if (end == null || end.Length != 0) throw new RequestRefusedException(400, "a chunk does not end where its size says");
            }
            // Trailer fields, read and ignored, until the empty line.
            for (var trailers = 0; ; trailers++)
            {
                var line = await reader.ReadLineAsync(headerLine: true).ConfigureAwait(false) ?? throw new IOException("The connection closed in the chunked trailer.");
                if (line.Length == 0) break;
                if (trailers >= _limits.MaxHeaderCount) throw new RequestRefusedException(431, "its chunked trailer is too long");
            }
            return body.ToArray();
        }

        private async Task WriteAnswerAsync(Stream stream, ReceiverAnswer answer, bool head)
        {
            var content = answer.Text == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(answer.Text);
            var text = new StringBuilder();
            text.Append("HTTP/1.1 ").Append(answer.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase(answer.Status)).Append("\r\n");
            foreach (var header in answer.Headers) text.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            if (content.Length > 0) text.Append("Content-Type: text/plain; charset=utf-8\r\n");
            text.Append("Content-Length: ").Append(content.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            // One request per connection: a sender that reused a kept-alive connection the listener was closing would
            // see its POST cut off (and a POST is not retried), so no connection is kept alive.
            text.Append("Connection: close\r\n\r\n");
            var bytes = Encoding.ASCII.GetBytes(text.ToString());
            if (!head && content.Length > 0) bytes = bytes.Concat(content).ToArray();
            await WithinAsync(stream.WriteAsync(bytes, 0, bytes.Length), _limits.RequestTimeout).ConfigureAwait(false);
        }

        private async Task DrainAsync(Stream stream)
        {
            var buffer = new byte[4096];
            var drained = 0;
            var linger = TimeSpan.FromSeconds(Math.Min(2, _limits.RequestTimeout.TotalSeconds));
            try
            {
                while (drained < 256 * 1024)
                {
                    var read = await WithinAsync(stream.ReadAsync(buffer, 0, buffer.Length), linger).ConfigureAwait(false);
                    if (read == 0) return;
                    drained += read;
                }
            }
            catch (Exception)
            {
                // The client closed, reset or stalled; the answer is written and the socket is closed next either way.
            }
        }

        /// <summary>Waits for a socket operation at most <paramref name="limit"/> and never past Dispose; the operation is observed either way.</summary>
        private async Task WithinAsync(Task operation, TimeSpan limit)
        {
            if (!operation.IsCompleted)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                wait.CancelAfter(limit <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : limit);
                var delay = Task.Delay(Timeout.Infinite, wait.Token);
                if (await Task.WhenAny(operation, delay).ConfigureAwait(false) != operation)
                {
                    TaskFaults.Observe(operation);
                    if (_stop.IsCancellationRequested) throw new ReceiverStoppingException();
                    throw new TimeoutException();
                }
                wait.Cancel();
                TaskFaults.Observe(delay);
            }
            await operation.ConfigureAwait(false);
        }

        private async Task<T> WithinAsync<T>(Task<T> operation, TimeSpan limit)
        {
            await WithinAsync((Task)operation, limit).ConfigureAwait(false);
            return await operation.ConfigureAwait(false);
        }

        private async Task DelayQuietly(TimeSpan delay)
        {
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        private bool PathMatches(string path)
        {
            var withSlash = path.EndsWith("/", StringComparison.Ordinal) ? path : path + "/";
            return withSlash.StartsWith(_pathPrefix, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The unescaped path of an origin-form or absolute-form target; null for anything else.</summary>
        private static string? PathOf(string target)
        {
            if (target.StartsWith("/", StringComparison.Ordinal))
            {
                if (!Uri.TryCreate("http://host" + target, UriKind.Absolute, out var relative)) return null;
                return Uri.UnescapeDataString(relative.AbsolutePath);
            }
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
                return Uri.UnescapeDataString(absolute.AbsolutePath);
            return null;
        }

        private static bool IsToken(string text) =>
            text.Length > 0 && text.All(c => c < 127 && (char.IsLetterOrDigit(c) || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0));

        internal static string ReasonPhrase(int status)
        {
            switch (status)
            {
                case 100: return "Continue";
                case 200: return "OK";
                case 400: return "Bad Request";
                case 403: return "Forbidden";
                case 404: return "Not Found";
                case 405: return "Method Not Allowed";
                case 408: return "Request Timeout";
                case 413: return "Payload Too Large";
                case 417: return "Expectation Failed";
                case 431: return "Request Header Fields Too Large";
                case 500: return "Internal Server Error";
                case 501: return "Not Implemented";
                case 503: return "Service Unavailable";
                case 505: return "HTTP Version Not Supported";
                default: return "Status";
            }
        }

        private void Finished()
        {
            if (Interlocked.Decrement(ref _running) == 0) _stopped.TrySetResult(true);
        }

        private static void CloseQuietly(Socket socket)
        {
            try
            {
                socket.Dispose();
            }
            catch (Exception)
            {
                // closed already
            }
        }

        private static void StopQuietly(TcpListener listener)
        {
            try
            {
                listener.Stop();
            }
            catch (Exception)
            {
                // stopped already
            }
        }

        private static string SafeEndPoint(TcpListener listener)
        {
            try
            {
                return listener.LocalEndpoint.ToString();
            }
            catch (Exception)
            {
                return "a stopped listener";
            }
        }

        /// <summary>Stops accepting and closes every open connection (one half-read is cut off). Never throws.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            try
            {
                _stop.Cancel();
            }
            catch (Exception ex)
            {
                _log.Verbose($"Stopping the receiver: {ex.Message}");
            }
            foreach (var listener in _listeners) StopQuietly(listener);
            foreach (var connection in _connections.Values) CloseQuietly(connection);
            Finished();
        }

        /// <summary>A request the receiver answers itself with a 4xx or 5xx.</summary>
        private class RequestRefusedException : Exception
        {
            public RequestRefusedException(int status, string message) : base(message) { Status = status; }
            public int Status { get; }
        }

        /// <summary>A refusal logged where it is raised (a 404), not reported as a rejected request.</summary>
        private sealed class RequestRefusedSilentlyException : RequestRefusedException
        {
            public RequestRefusedSilentlyException(int status, string message) : base(status, message) { }
        }

        private sealed class ReceiverStoppingException : Exception
        {
        }

        /// <summary>A log whose failure (a pipeline that has ended, say) cannot fail the connection that reports.</summary>
        private sealed class QuietLog : IZcrmLog
        {
            private readonly IZcrmLog _inner;
            public QuietLog(IZcrmLog inner) { _inner = inner; }
            public void Verbose(string message) => Quietly(() => _inner.Verbose(message));
            public void Debug(string message) => Quietly(() => _inner.Debug(message));
            public void Warning(string message) => Quietly(() => _inner.Warning(message));

            private static void Quietly(Action write)
            {
                try
                {
                    write();
                }
                catch (Exception)
                {
                    // nowhere left to report to
                }
            }
        }

        /// <summary>Reads lines and counted bytes from a connection, every read bounded by the request's deadline.</summary>
        private sealed class ConnectionReader
        {
            private readonly Stream _stream;
            private readonly HttpReceiver _owner;
            private readonly Stopwatch _elapsed;
            private readonly byte[] _buffer = new byte[8192];
            private int _position;
            private int _length;
            private int _headerBytes;

            public ConnectionReader(Stream stream, HttpReceiver owner, Stopwatch elapsed)
            {
                _stream = stream;
                _owner = owner;
                _elapsed = elapsed;
            }

            private TimeSpan Remaining
            {
                get
                {
                    var remaining = _owner._limits.RequestTimeout - _elapsed.Elapsed;
                    if (remaining <= TimeSpan.Zero) throw new TimeoutException();
                    return remaining;
                }
            }

            public Task WithinDeadline(Task operation) => _owner.WithinAsync(operation, Remaining);

            private async Task<bool> FillAsync()
            {
                if (_position == _length) _position = _length = 0;
                else if (_length == _buffer.Length)
                {
                    Buffer.BlockCopy(_buffer, _position, _buffer, 0, _length - _position);
                    _length -= _position;
                    _position = 0;
                }
                var read = await _owner.WithinAsync(_stream.ReadAsync(_buffer, _length, _buffer.Length - _length), Remaining).ConfigureAwait(false);
                _length += read;
                return read > 0;
            }

            /// <summary>A line without its CRLF (a bare LF also ends one); null when the connection ends before any byte of it.</summary>
            /// <param name="headerLine">Counts against the head's size limit (431 past it); other lines may be 1 KiB.</param>
            public async Task<string?> ReadLineAsync(bool headerLine)
            {
                var limit = headerLine ? _owner._limits.MaxHeaderBytes - _headerBytes : 1024;
                var line = new MemoryStream();
                while (true)
                {
                    var newline = Array.IndexOf(_buffer, (byte)'\n', _position, _length - _position);
                    var end = newline >= 0 ? newline : _length;
                    line.Write(_buffer, _position, end - _position);
                    var consumed = end - _position + (newline >= 0 ? 1 : 0);
                    _position += consumed;
                    if (headerLine) _headerBytes += consumed;
                    if (line.Length + (newline >= 0 ? 1 : 0) > limit)
                        throw headerLine ? new RequestRefusedException(431, $"its head is over the {_owner._limits.MaxHeaderBytes} bytes accepted") : new RequestRefusedException(400, "a chunk line is too long");
                    if (newline >= 0) break;
                    if (!await FillAsync().ConfigureAwait(false))
                    {
                        if (line.Length == 0) return null;
                        throw new IOException("The connection closed in the middle of a line.");
                    }
                }
                var bytes = line.ToArray();
                var length = bytes.Length > 0 && bytes[bytes.Length - 1] == '\r' ? bytes.Length - 1 : bytes.Length;
                var chars = new char[length];
                for (var i = 0; i < length; i++) chars[i] = (char)bytes[i]; // ISO-8859-1, as RFC 9110 5.5 reads field values
                return new string(chars);
            }

            public async Task CopyAsync(long count, Stream destination)
            {
                while (count > 0)
                {
                    if (_position == _length && !await FillAsync().ConfigureAwait(false))
                        throw new IOException("The connection closed before the whole body arrived.");
                    var take = (int)Math.Min(count, _length - _position);
                    destination.Write(_buffer, _position, take);
                    _position += take;
                    count -= take;
                }
            }
        }
    }
}
