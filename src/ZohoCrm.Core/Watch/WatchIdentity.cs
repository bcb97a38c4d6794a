using System;
using System.Security.Cryptography;
using System.Text;

namespace ZohoCrm.Core.Watch
{
    /// <summary>Channel ids and verification tokens the module makes up when the user gives none.</summary>
    public static class WatchIdentity
    {
        /// <summary>Zoho's limit on a channel's token (fact sheet §7.1).</summary>
        public const int MaxTokenLength = 50;

        /// <summary>40 characters of 62 possible: about 238 bits, well within the limit.</summary>
        public const int GeneratedTokenLength = 40;

        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        /// <summary>A random token from a CSPRNG, letters and digits only (it travels in JSON and may end up in logs of proxies).</summary>
        public static string NewToken()
        {
            var builder = new StringBuilder(GeneratedTokenLength);
            var buffer = new byte[GeneratedTokenLength * 2];
            using var random = RandomNumberGenerator.Create();
            while (builder.Length < GeneratedTokenLength)
            {
                random.GetBytes(buffer);
                foreach (var b in buffer)
                {
                    // Rejection sampling: 248 is the largest multiple of 62 below 256, so every character is equally likely.
                    if (b >= 248) continue;
                    builder.Append(Alphabet[b % Alphabet.Length]);
                    if (builder.Length == GeneratedTokenLength) break;
                }
            }
            return builder.ToString();
        }

        /// <summary>
        /// Seconds since 1970 times 10^9 plus 30 random bits: positive, within a long until the year 2262, ordered by
        /// creation time, and unlikely to collide even for channels registered in the same second by several scripts.
        /// </summary>
        public static long NewChannelId(DateTimeOffset now)
        {
            var bytes = new byte[4];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            var suffix = (BitConverter.ToUInt32(bytes, 0) & 0x3FFFFFFF) % 1_000_000_000L;
            return now.ToUnixTimeSeconds() * 1_000_000_000L + suffix;
        }
    }
}
