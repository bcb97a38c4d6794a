using System.Globalization;

namespace ZohoCrm.Emulator.Data;

/// <summary>
/// 19-digit ids like Zoho's: an org prefix followed by 12 digits. Seeded records of each module live in
/// their own range, in creation order; records created later come after all of them.
/// </summary>
internal static class ZohoIds
{
    private const long OrgPrefix = 5_725_767L;
    private const long Scale = 1_000_000_000_000L;

    public static long Make(long suffix) => (OrgPrefix * Scale) + suffix;

    /// <summary>First id of the seeded records of module number <paramref name="moduleSlot"/> (1-based).</summary>
    public static long SeedBase(int moduleSlot) => Make(moduleSlot * 1_000_000_000L);

    /// <summary>First id handed to records created through the API.</summary>
    public static long RuntimeBase => Make(900_000_000_000L);

    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a record id: digits only, 1 to 19 of them.</summary>
    public static bool TryParse(string? text, out long id)
    {
        id = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 19)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
