using System.Globalization;

namespace ZohoCrm.Emulator.Data;

/// <summary>The org's time zone (+05:30) and Zoho's date and date-time formats.</summary>
internal static class ZohoTime
{
    public const string TimeZoneName = "Asia/Kolkata";

    public static readonly TimeSpan Offset = new(5, 30, 0);

    /// <summary>Newest seeded time: seeded data does not depend on when the emulator runs.</summary>
    public static readonly DateTimeOffset SeedAnchor = new(2025, 1, 1, 0, 0, 0, Offset);

    public static string FormatDateTime(DateTimeOffset value) =>
        value.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+05:30";

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);

    /// <summary>Parses an ISO-8601 date-time with offset, or an HTTP date (RFC 1123), as If-Modified-Since may carry either.</summary>
    public static bool TryParseHeaderTime(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return true;
        }

        string[] formats = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
