using System.Globalization;

namespace ZohoCrm.Emulator.Data.Criteria;

/// <summary>Evaluates a criteria tree against typed field values.</summary>
internal static class CriteriaEvaluator
{
    public const string CurrentUserMacro = "${CURRENTUSER}";
    public const string EmptyMacro = "${EMPTY}";

    public static bool Matches(CriteriaNode node, Func<string, object?> valueOf, long currentUserId) => node switch
    {
        CriteriaGroup g when string.Equals(g.GroupOperator, "or", StringComparison.OrdinalIgnoreCase) =>
            g.Group.Any(n => Matches(n, valueOf, currentUserId)),
        CriteriaGroup g => g.Group.All(n => Matches(n, valueOf, currentUserId)),
        CriteriaCondition c => Compare(c, valueOf(c.Field), currentUserId),
        _ => false,
    };

    private static bool Compare(CriteriaCondition c, object? actual, long currentUserId)
    {
        var values = c.Values.Select(v => v == CurrentUserMacro ? currentUserId.ToString(CultureInfo.InvariantCulture) : v).ToList();
        var first = values.Count > 0 ? values[0] : null;
        switch (c.Comparator)
        {
            case "equal":
                return first == EmptyMacro ? IsEmpty(actual) : EqualsAny(actual, values);
            case "not_equal":
                return first == EmptyMacro ? !IsEmpty(actual) : !EqualsAny(actual, values);
            case "in":
                return EqualsAny(actual, values);
            case "not_in":
                return !EqualsAny(actual, values);
            case "contains":
                return Text(actual)?.Contains(first ?? string.Empty, StringComparison.OrdinalIgnoreCase) == true;
            case "not_contains":
                return Text(actual)?.Contains(first ?? string.Empty, StringComparison.OrdinalIgnoreCase) != true;
            case "starts_with":
                return Text(actual)?.StartsWith(first ?? string.Empty, StringComparison.OrdinalIgnoreCase) == true;
            case "ends_with":
                return Text(actual)?.EndsWith(first ?? string.Empty, StringComparison.OrdinalIgnoreCase) == true;
            case "greater_than":
                return Order(actual, first) > 0;
            case "greater_equal":
                return Order(actual, first) >= 0;
            case "less_than":
                return Order(actual, first) is < 0 and not int.MinValue;
            case "less_equal":
                return Order(actual, first) is <= 0 and not int.MinValue;
            case "between":
                return values.Count == 2 && Order(actual, values[0]) >= 0 && Order(actual, values[1]) is <= 0 and not int.MinValue;
            case "not_between":
                return values.Count == 2 && !(Order(actual, values[0]) >= 0 && Order(actual, values[1]) is <= 0 and not int.MinValue);
            default:
                return false;
        }
    }

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        System.Collections.ICollection c => c.Count == 0,
        _ => false,
    };

    private static bool EqualsAny(object? actual, IReadOnlyList<string> values)
    {
        if (actual is IReadOnlyList<string> many)
        {
            return many.Any(m => values.Contains(m, StringComparer.OrdinalIgnoreCase));
        }

        var text = Text(actual);
        return text is not null && values.Any(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The value as criteria compare it: lookups by id, times in Zoho format, numbers invariant.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        LookupValue l => l.Id.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset d => ZohoTime.FormatDateTime(d),
        DateOnly d => ZohoTime.FormatDate(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Compares actual to the given text; int.MinValue when they cannot be compared.</summary>
    private static int Order(object? actual, string? other)
    {
        if (actual is null || other is null)
        {
            return int.MinValue;
        }

        switch (actual)
        {
            case long or int or double or decimal:
                return double.TryParse(other, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    ? Convert.ToDouble(actual, CultureInfo.InvariantCulture).CompareTo(n)
                    : int.MinValue;
            case DateTimeOffset d:
                return ZohoTime.TryParseHeaderTime(other, out var t) ? d.CompareTo(t) : int.MinValue;
            case DateOnly d:
                return DateOnly.TryParseExact(other, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var o) ? d.CompareTo(o) : int.MinValue;
            default:
                return string.Compare(Text(actual), other, StringComparison.OrdinalIgnoreCase);
        }
    }
}
