using System;
using ZohoCrm.Core.Errors;

namespace ZohoCrm.Core.Http
{
    /// <summary>
    /// Keeps a caller-given path inside the API: relative to <c>/crm/{version}/</c>, an absolute path under
    /// <c>/crm/</c>, or a full URL of the connection's own API domain under <c>/crm/</c>. Dot segments (<c>..</c>,
    /// <c>.</c>), also percent-encoded or behind a backslash, and anything else are refused before any call, so the
    /// token never goes to another path or host.
    /// </summary>
    public static class ApiPath
    {
        public const string ErrorId = "ZcrmPathOutsideApi";

        /// <summary>The path (with its query) to send, relative or absolute under /crm/; throws when it leaves the API.</summary>
        public static string Check(string pathAndQuery, Uri apiDomain)
        {
            var text = pathAndQuery.Trim();
            var queryStart = text.IndexOf('?');
            var path = queryStart < 0 ? text : text.Substring(0, queryStart);
            var query = queryStart < 0 ? string.Empty : text.Substring(queryStart);

            if (path.IndexOf("://", StringComparison.Ordinal) >= 0 || path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("\\\\", StringComparison.Ordinal))
            {
                if (!Uri.TryCreate(path, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                    throw Refuse(pathAndQuery, "it is not a URL of the API");
                if (!string.Equals(url.GetLeftPart(UriPartial.Authority), apiDomain.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                    throw Refuse(pathAndQuery, $"it names another host than the connection's API domain {apiDomain.GetLeftPart(UriPartial.Authority)}");
                path = url.AbsolutePath; // as sent: the parsed URL has already lost its dot segments, so check the original too
                CheckSegments(pathAndQuery, text.Substring(0, queryStart < 0 ? text.Length : queryStart));
            }

            CheckSegments(pathAndQuery, path);
            if (path.StartsWith("/", StringComparison.Ordinal) && !path.StartsWith("/crm/", StringComparison.Ordinal))
                throw Refuse(pathAndQuery, "an absolute path must start with /crm/");
            return path + query;
        }

        private static void CheckSegments(string original, string path)
        {
            // Decode repeatedly, so %2e%2e and %252e%252e are seen for what a server may make of them.
            var decoded = path;
            for (var i = 0; i < 3; i++)
            {
                var next = Uri.UnescapeDataString(decoded);
                if (next == decoded) break;
                decoded = next;
            }
            if (decoded.IndexOf('\0') >= 0) throw Refuse(original, "it holds a NUL character");
            foreach (var segment in decoded.Replace('\\', '/').Split('/'))
            {
                var trimmed = segment.Trim();
                if (trimmed == ".." || trimmed == ".") throw Refuse(original, $"it has a '{trimmed}' segment, which would leave the API's path");
            }
        }

        private static ZcrmUsageException Refuse(string path, string reason)
            => new ZcrmUsageException(ErrorId, $"The path '{path}' is refused: {reason}. Nothing was sent.",
                "Give a path relative to the API version (Leads, settings/modules, Leads/<id>/Notes) or an absolute path under /crm/ (/crm/bulk/v8/read).");
    }
}
