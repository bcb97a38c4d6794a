using System.Globalization;
using System.Text.RegularExpressions;

namespace ZohoCrm.Emulator.Data;

/// <summary>Zoho's text forms of values, read strictly (writes, search criteria and COQL literals share them).</summary>
internal static partial class ValueText
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9+\-()./ ]*[0-9][0-9+\-()./ ]*$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^(https?://)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+(:\d+)?([/?#][^\s]*)?$")]
    private static partial Regex WebsitePattern();

    /// <summary>yyyy-MM-dd, a real date.</summary>
    public static bool TryParseDate(string text, out DateOnly value)
    {
        value = default;
        return DatePattern().IsMatch(text) &&
               DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>yyyy-MM-ddTHH:mm:ss±HH:mm (an offset is required; "Z" and fractions are refused).</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        return DateTimePattern().IsMatch(text) &&
               DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    public static bool IsEmail(string text) => EmailPattern().IsMatch(text);

    /// <summary>Digits with the usual separators: + - ( ) . / and spaces.</summary>
    public static bool IsPhone(string text) => PhonePattern().IsMatch(text);

    /// <summary>A host name with a dot, optionally with http(s)://, a port and a path.</summary>
    public static bool IsWebsite(string text) => WebsitePattern().IsMatch(text);

    /// <summary>Only the digits of a phone number.</summary>
    public static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());
}
