using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Http
{
    /// <summary>One call to the Zoho CRM API, described independently of how it is sent or retried.</summary>
    public sealed class ApiRequest
    {
        public ApiRequest(HttpMethod method, string path)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Path = path ?? throw new ArgumentNullException(nameof(path));
            IsIdempotent = method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head;
        }

        public HttpMethod Method { get; }

        /// <summary>
        /// Either relative to <c>/crm/{version}/</c> (<c>Leads</c>, <c>settings/fields</c>) or an absolute path starting
        /// with a slash (<c>/crm/bulk/v8/read</c>).
        /// </summary>
        public string Path { get; }

        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public JToken? JsonBody { get; set; }

        /// <summary>
        /// A body other than JSON (a file upload), made afresh for every attempt: a retry after a 429, a 5xx or a token
        /// refresh sends the whole body again from its start, never the rest of a half-read stream.
        /// </summary>
        public Func<HttpContent>? ContentFactory { get; set; }

        /// <summary>How long one attempt may take; null: the connection's per-call timeout. Large uploads need longer.</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Safe to send again when its outcome is unknown (GET, PUT, DELETE, and POSTs such as upsert or a query).</summary>
        public bool IsIdempotent { get; set; }

        /// <summary>API credits Zoho charges for this call (fact sheet §8.1), for -Verbose and the session total.</summary>
        public int Credits { get; set; } = 1;

        /// <summary>
        /// How long to wait before retrying a 429 that carries no Retry-After, for a limit whose window is known (bulk
        /// downloads: a minute). Null: the usual backoff.
        /// </summary>
        public TimeSpan? RetryAfterWhenUnsaid { get; set; }

        /// <summary>Sent without the OAuth token (a function called with its own API key).</summary>
        public bool Anonymous { get; set; }

        /// <summary>Query parameters that hold credentials (zapikey): their values are masked in every description.</summary>
        public HashSet<string> SecretQuery { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>When true, 4xx answers are handed to the reader (writes report per-record errors in a 400 body).</summary>
        public bool AllowErrorStatus { get; set; }

        /// <summary>
        /// Another host than the API domain (the bulk-write upload host, a result download host); the token goes there
        /// too, so only a Zoho host or loopback is ever set. Null: the API domain.
        /// </summary>
        public Uri? BaseUri { get; set; }

        public ApiRequest AddQuery(string name, string? value)
        {
            if (value != null) Query.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public ApiRequest WithCredits(int credits)
        {
            Credits = credits;
            return this;
        }

        public string? GetQuery(string name) => Query.LastOrDefault(kv => kv.Key == name).Value;

        public string ResolvePath(string apiVersion)
        {
            if (Path.StartsWith("/", StringComparison.Ordinal)) return Path;
            return "/crm/" + apiVersion + "/" + Path.TrimStart('/');
        }

        public Uri BuildUri(Uri apiDomain, string apiVersion)
        {
            var builder = new StringBuilder();
            builder.Append((BaseUri ?? apiDomain).GetLeftPart(UriPartial.Authority));
            builder.Append(ResolvePath(apiVersion));
            AppendQuery(builder, Query);
            return new Uri(builder.ToString());
        }

        internal static void AppendQuery(StringBuilder builder, IEnumerable<KeyValuePair<string, string>> query, ISet<string>? masked = null)
        {
            var first = true;
            foreach (var kv in query)
            {
                builder.Append(first ? '?' : '&');
                first = false;
                builder.Append(Uri.EscapeDataString(kv.Key)).Append('=');
                builder.Append(masked != null && masked.Contains(kv.Key) ? Diagnostics.SecretRedactor.Mask : Uri.EscapeDataString(kv.Value));
            }
        }

        /// <summary>Method, path and query as shown in -Verbose. Tokens travel in headers and form bodies; a query credential (<see cref="SecretQuery"/>) is masked.</summary>
        public string Describe(string apiVersion)
        {
            var builder = new StringBuilder();
            builder.Append(Method.Method).Append(' ').Append(ResolvePath(apiVersion));
            AppendQuery(builder, Query, SecretQuery);
            return builder.ToString();
        }
    }
}
