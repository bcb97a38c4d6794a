using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ZohoCrm.Core.Diagnostics
{
    /// <summary>
    /// Removes secrets from any text before it can reach a user-visible stream, an error or an exception.
    /// Known secret values are registered as they are learned (client secret, refresh token, access tokens,
    /// grant codes); Zoho token shapes and Authorization headers are also caught by pattern as a second line.
    /// </summary>
    public static class SecretRedactor
    {
        public const string Mask = "***";

        // Zoho OAuth tokens look like 1000.<hex>.<hex>; the pattern is deliberately loose.
        private static readonly Regex TokenShape = new Regex(@"\b1000\.[0-9A-Za-z]{8,}(\.[0-9A-Za-z]{8,})?\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        private static readonly Regex AuthHeader = new Regex(@"(Zoho-oauthtoken|Bearer)\s+[^\s""',;]+", RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        private static readonly Regex SecretParameter = new Regex(@"((?<![A-Za-z0-9_])(?:client_secret|refresh_token|access_token|code|token|zapikey)=)[^&\s""']+", RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private static readonly ConcurrentDictionary<string, byte> Known = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        private static volatile string[] _ordered = Array.Empty<string>();

        /// <summary>Registers a value that must never be shown. Values shorter than 6 characters are ignored: masking them would garble ordinary text.</summary>
        public static void Register(string? secret)
        {
            if (string.IsNullOrEmpty(secret) || secret!.Length < 6) return;
            if (Known.TryAdd(secret, 0))
            {
                // Longest first, so a secret that contains another is masked whole.
                _ordered = Known.Keys.OrderByDescending(k => k.Length).ToArray();
            }
        }

        public static string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            string result = text!;
            foreach (var secret in _ordered)
            {
                if (result.IndexOf(secret, StringComparison.Ordinal) >= 0)
                    result = result.Replace(secret, Mask);
            }
            result = AuthHeader.Replace(result, m => m.Groups[1].Value + " " + Mask);
            result = SecretParameter.Replace(result, m => m.Groups[1].Value + Mask);
            result = TokenShape.Replace(result, Mask);
            return result;
        }

        internal static IReadOnlyCollection<string> KnownSecretsForTests => Known.Keys.ToArray();
    }
}
