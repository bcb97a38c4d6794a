using System.Globalization;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Search;

/// <summary>Which search operators each field type takes, and how criteria values are typed (fact sheet §4.1).</summary>
internal static class SearchOperators
{
    public static readonly string[] All =
    [
        "equals", "not_equal", "starts_with", "ends_with", "contains", "not_contains", "in", "not_in",
        "greater_than", "greater_equal", "less_than", "less_equal", "between", "not_between",
    ];

    private static readonly string[] Choice = ["equals", "not_equal", "in", "not_in"];

    private static readonly string[] Ordered =
        ["equals", "not_equal", "greater_than", "greater_equal", "less_than", "less_equal", "between", "not_between", "in", "not_in"];

    /// <summary>Operators the field accepts; empty when the field cannot be searched.</summary>
    public static IReadOnlyList<string> For(FieldDefinition field, EmulatorOptions options) => field.DataType switch
    {
        FieldDataType.Text or FieldDataType.TextArea or FieldDataType.Email or FieldDataType.Phone or FieldDataType.Website or FieldDataType.AutoNumber
            => options.SearchTextOperators,
        FieldDataType.Picklist or FieldDataType.MultiSelectPicklist or FieldDataType.Lookup or FieldDataType.OwnerLookup => Choice,
        FieldDataType.Integer or FieldDataType.BigInt or FieldDataType.Double or FieldDataType.Currency or FieldDataType.Date or FieldDataType.DateTime => Ordered,
        FieldDataType.Boolean => ["equals", "not_equal"],
        _ => [],
    };

    public static bool IsList(string op) => op is "in" or "not_in";

    public static bool IsRange(string op) => op is "between" or "not_between";

    /// <summary>The typed form of one criteria value: string, long, double, bool, DateOnly or DateTimeOffset; null when it does not fit the field.</summary>
    public static object? Typed(FieldDefinition field, string text)
    {
        switch (field.DataType)
        {
            case FieldDataType.Integer or FieldDataType.BigInt:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null;
            case FieldDataType.Double or FieldDataType.Currency:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;
            case FieldDataType.Boolean:
                return text switch { "true" => true, "false" => false, _ => null };
            case FieldDataType.Date:
                return ValueText.TryParseDate(text, out var date) ? date : null;
            case FieldDataType.DateTime:
                return ValueText.TryParseDateTime(text, out var time) ? time : null;
            default:
                return text;
        }
    }
}
