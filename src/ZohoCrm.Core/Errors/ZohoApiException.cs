using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.Core.Errors
{
    /// <summary>
    /// A request-level error answered by the Zoho CRM API: the error envelope
    /// <c>{"code","details","message","status":"error"}</c> with its HTTP status.
    /// </summary>
    public class ZohoApiException : Exception
    {
        public ZohoApiException(int httpStatus, string code, string zohoMessage, IReadOnlyDictionary<string, object?>? details,
            string? method = null, string? path = null, Exception? inner = null)
            : base(Compose(code, zohoMessage, details, method, path), inner)
        {
            HttpStatus = httpStatus;
            Code = string.IsNullOrEmpty(code) ? "UNKNOWN_ERROR" : code;
            ZohoMessage = SecretRedactor.Redact(zohoMessage);
            Details = details ?? new Dictionary<string, object?>();
            Method = method;
            Path = path;
        }

        /// <summary>HTTP status of the answer (0 when none was received).</summary>
        public int HttpStatus { get; }

        /// <summary>Zoho's error code, e.g. INVALID_MODULE. Used as the PowerShell error id.</summary>
        public string Code { get; }

        public string ZohoMessage { get; }

        public IReadOnlyDictionary<string, object?> Details { get; }

        public string? Method { get; }

        public string? Path { get; }

        /// <summary>How long Zoho asked us to wait, when it said so.</summary>
        public TimeSpan? RetryAfter { get; set; }

        /// <summary>What the user can do about it, when the client knows more than Zoho's code says.</summary>
        public Remedy? Remedy { get; set; }

        internal static string FormatDetails(IReadOnlyDictionary<string, object?>? details)
        {
            if (details == null || details.Count == 0) return string.Empty;
            return string.Join(", ", details.Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));
        }

        private static string Compose(string code, string message, IReadOnlyDictionary<string, object?>? details, string? method, string? path)
        {
            var text = code + ": " + message;
            var d = FormatDetails(details);
            if (d.Length > 0) text += " (" + d + ")";
            if (method != null && path != null) text += " [" + method + " " + path + "]";
            return SecretRedactor.Redact(text);
        }
    }

    /// <summary>The accounts server refused a token request (grant, refresh or revoke).</summary>
    public sealed class ZohoAuthException : ZohoApiException
    {
        // The raw error is in OAuthError and, mapped, in Code; repeating it as a detail would print it twice.
        public ZohoAuthException(string error, string message, int httpStatus = 200)
            : base(httpStatus, MapCode(error), message, null)
        {
            OAuthError = error;
        }

        /// <summary>The raw value of the accounts server's <c>error</c> key.</summary>
        public string OAuthError { get; }

        public bool IsThrottled => string.Equals(OAuthError, "Access Denied", StringComparison.OrdinalIgnoreCase);

        private static string MapCode(string error)
        {
            if (string.Equals(error, "Access Denied", StringComparison.OrdinalIgnoreCase)) return "OAUTH_ACCESS_DENIED";
            return "OAUTH_" + error.Trim().Replace(' ', '_').ToUpperInvariant();
        }
    }

    /// <summary>The module was used in a way that cannot work (not connected, bad argument), before any call to Zoho.</summary>
    public sealed class ZcrmUsageException : Exception
    {
        public ZcrmUsageException(string errorId, string message, string? recommendedAction = null) : base(SecretRedactor.Redact(message))
        {
            ErrorId = errorId;
            RecommendedAction = recommendedAction;
        }

        public ZcrmUsageException(string errorId, string message, Remedy remedy) : this(errorId, message)
        {
            Remedy = remedy;
        }

        public string ErrorId { get; }

        /// <summary>What to do, in API terms (never a command or parameter name: those come from the PowerShell layer's <see cref="Remedy"/> map).</summary>
        public string? RecommendedAction { get; }

        public Remedy? Remedy { get; }
    }

    /// <summary>No answer, or an unusable one, came back: network failure, timeout, or a body that is not Zoho's JSON.</summary>
    public sealed class ZohoTransportException : Exception
    {
        public ZohoTransportException(string message, Exception? inner, bool outcomeUnknown)
            : base(SecretRedactor.Redact(message), inner)
        {
            OutcomeUnknown = outcomeUnknown;
        }

        /// <summary>True when the request may have reached Zoho and been processed.</summary>
        public bool OutcomeUnknown { get; }
    }
}
