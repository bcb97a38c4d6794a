using System;
using System.Globalization;

namespace ZohoCrm.Core.Http
{
    /// <summary>Reads a Retry-After header in either of its forms (seconds, or an HTTP date).</summary>
    public static class RetryAfter
    {
        public static TimeSpan? Read(ApiResponse response) => Parse(response.GetHeader("Retry-After"), DateTimeOffset.UtcNow);

        public static TimeSpan? Parse(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                return seconds < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParseExact(value!.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                var wait = when - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }
    }
}
