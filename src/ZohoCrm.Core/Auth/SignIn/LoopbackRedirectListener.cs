using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ZohoCrm.Core.Auth.SignIn
{
    /// <summary>
    /// The redirect target of a browser sign-in: a minimal HTTP listener on the loopback interface only (RFC 8252 §7.3).
    /// It answers every request (a favicon, a stray probe) and hands back the one whose path is the redirect path.
    /// </summary>
    public sealed class LoopbackRedirectListener : IDisposable
    {
        private const int MaxRequestBytes = 16 * 1024;
        private readonly List<TcpListener> _listeners = new List<TcpListener>();

        private LoopbackRedirectListener(Uri redirectUri)
        {
            RedirectUri = redirectUri;
        }

        /// <summary>The URI the accounts server redirects to, e.g. http://127.0.0.1:52311/.</summary>
        public Uri RedirectUri { get; }

        /// <summary>
        /// Listens on a free port of 127.0.0.1, or on the host and port of <paramref name="registered"/> (which must be an
        /// http URI on a loopback host with a port; for <c>localhost</c> both 127.0.0.1 and ::1 are listened on).
        /// </summary>
        public static LoopbackRedirectListener Start(Uri? registered)
        {
            if (registered == null)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var started = new LoopbackRedirectListener(new Uri($"http://127.0.0.1:{port}/"));
                started._listeners.Add(listener);
                return started;
            }

            if (!registered.IsAbsoluteUri || registered.Scheme != Uri.UriSchemeHttp || !Http.UrlPolicy.IsLoopback(registered))
                throw new SignInException(SignInFailure.InvalidRedirectUri,
                    $"The redirect URI '{registered}' cannot receive the sign-in here: it must be http:// on a loopback host (127.0.0.1, localhost or [::1]), as registered for the client.");

            var result = new LoopbackRedirectListener(registered);
            var addresses = string.Equals(registered.Host, "localhost", StringComparison.OrdinalIgnoreCase)
                ? new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }
                : new[] { IPAddress.Parse(registered.DnsSafeHost) };
            SocketException? failure = null;
            foreach (var address in addresses)
            {
                try
                {
                    var listener = new TcpListener(address, registered.Port);
                    listener.Start();
                    result._listeners.Add(listener);
                }
                catch (SocketException ex)
                {
                    failure = ex;
                }
            }

            if (result._listeners.Count == 0)
                throw new SignInException(SignInFailure.InvalidRedirectUri, $"Port {registered.Port} on {registered.Host} cannot be listened on ({failure?.SocketErrorCode}); another program may be using it.", failure);
            return result;
        }

        /// <summary>
        /// Waits for the browser to arrive at the redirect path and returns its query parameters with a way to answer it.
        /// Other paths get a 404 and the wait goes on.
        /// </summary>
        public async Task<RedirectRequest> WaitForRedirectAsync(CancellationToken ct)
        {
            var accepts = new List<Task<TcpClient>>();
            foreach (var listener in _listeners) accepts.Add(listener.AcceptTcpClientAsync());
            using (ct.Register(Stop))
            {
                while (true)
                {
                    var done = await Task.WhenAny(accepts).ConfigureAwait(false);
                    ct.ThrowIfCancellationRequested();
                    var index = accepts.IndexOf(done);
                    TcpClient client;
                    try { client = await done.ConfigureAwait(false); }
                    catch (Exception) when (ct.IsCancellationRequested) { throw new OperationCanceledException(ct); }
                    accepts[index] = _listeners[index].AcceptTcpClientAsync();

                    var request = await ReadRequestAsync(client, ct).ConfigureAwait(false);
                    if (request == null) continue;
                    if (string.Equals(request.Value.Path, RedirectUri.AbsolutePath, StringComparison.Ordinal))
                        return new RedirectRequest(client, request.Value.Query);
                    await RedirectRequest.RespondAsync(client, 404, "Not found", "Nothing here.").ConfigureAwait(false);
                }
            }
        }

        private static async Task<(string Path, IReadOnlyDictionary<string, string> Query)?> ReadRequestAsync(TcpClient client, CancellationToken ct)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[MaxRequestBytes];
                var length = 0;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using (timeout.Token.Register(client.Dispose))
                {
                    while (length < buffer.Length)
                    {
                        var read = await stream.ReadAsync(buffer, length, buffer.Length - length, timeout.Token).ConfigureAwait(false);
                        if (read == 0) break;
                        length += read;
                        if (Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n")) break;
                    }
                }

                var head = Encoding.ASCII.GetString(buffer, 0, length);
                var line = head.Split(new[] { "\r\n" }, StringSplitOptions.None)[0].Split(' ');
                if (line.Length < 3 || line[0] != "GET")
                {
                    await RedirectRequest.RespondAsync(client, 400, "Bad request", "Only GET is understood here.").ConfigureAwait(false);
                    return null;
                }

                var target = line[1];
                var mark = target.IndexOf('?');
                var path = mark < 0 ? target : target.Substring(0, mark);
                return (Uri.UnescapeDataString(path), ParseQuery(mark < 0 ? string.Empty : target.Substring(mark + 1)));
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is SocketException || ex is OperationCanceledException)
            {
                client.Dispose();
                if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
                return null;
            }
        }

        internal static IReadOnlyDictionary<string, string> ParseQuery(string query)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in query.Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                var key = Uri.UnescapeDataString((eq < 0 ? pair : pair.Substring(0, eq)).Replace('+', ' '));
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
                if (!result.ContainsKey(key)) result[key] = value;
            }
            return result;
        }

        private void Stop()
        {
            foreach (var listener in _listeners) listener.Stop();
        }

        public void Dispose() => Stop();
    }

    /// <summary>The browser's request to the redirect URI: its query, and the page to answer it with.</summary>
    public sealed class RedirectRequest : IDisposable
    {
        private readonly TcpClient _client;

        internal RedirectRequest(TcpClient client, IReadOnlyDictionary<string, string> query)
        {
            _client = client;
            Query = query;
        }

        public IReadOnlyDictionary<string, string> Query { get; }

        public string? this[string key] => Query.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

        /// <summary>Shows a small page in the browser tab that came back.</summary>
        public Task RespondAsync(bool success, string title, string text) => RespondAsync(_client, success ? 200 : 400, title, text);

        internal static async Task RespondAsync(TcpClient client, int status, string title, string text)
        {
            try
            {
                var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) + "</title></head>" +
                           "<body style=\"font-family:sans-serif;margin:3em\"><h1>" + WebUtility.HtmlEncode(title) + "</h1><p>" + WebUtility.HtmlEncode(text) + "</p></body></html>";
                var body = Encoding.UTF8.GetBytes(html);
                var reason = status == 200 ? "OK" : status == 404 ? "Not Found" : "Bad Request";
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
                var stream = client.GetStream();
                await stream.WriteAsync(head, 0, head.Length).ConfigureAwait(false);
                await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException || ex is SocketException)
            {
                // The browser went away; the sign-in's outcome does not depend on this page.
            }
            finally
            {
                client.Dispose();
            }
        }

        public void Dispose() => _client.Dispose();
    }
}
