using System.Globalization;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Search;

/// <summary>
/// Evaluates search criteria and the email/phone/word searches against a record. Text compares ignoring
/// case; negative operators (not_equal, not_in, not_contains, not_between) also match empty values;
/// lookups match by id or by the record's name.
/// </summary>
internal sealed class SearchMatcher
{
    private readonly bool _equalsMatchesWords;

    public SearchMatcher(EmulatorOptions options) => _equalsMatchesWords = options.SearchTextEqualsMatchesWords;

    public bool Matches(SearchNode node, Func<FieldDefinition, object?> valueOf) => node switch
    {
        SearchGroup { Operator: "or" } g => g.Children.Any(c => Matches(c, valueOf)),
        SearchGroup g => g.Children.All(c => Matches(c, valueOf)),
        SearchCondition c => Condition(c, valueOf(c.Field)),
        _ => false,
    };

    /// <summary>email=: any e-mail field equals the value.</summary>
    public static bool MatchesEmail(ModuleDefinition module, string email, Func<FieldDefinition, object?> valueOf, bool contains = false) =>
        module.Fields.Where(f => f.DataType == FieldDataType.Email)
            .Any(f => valueOf(f) is string s && (contains ? s.Contains(email, StringComparison.OrdinalIgnoreCase) : string.Equals(s, email, StringComparison.OrdinalIgnoreCase)));

    /// <summary>phone=: any phone field whose digits end with the value's digits.</summary>
    public static bool MatchesPhone(ModuleDefinition module, string phone, Func<FieldDefinition, object?> valueOf)
    {
        var digits = ValueText.Digits(phone);
        return digits.Length > 0 && module.Fields.Where(f => f.DataType == FieldDataType.Phone)
            .Any(f => valueOf(f) is string s && ValueText.Digits(s).EndsWith(digits, StringComparison.Ordinal));
    }

    /// <summary>word=: a word of any text-like field starts with the value.</summary>
    public static bool MatchesWord(ModuleDefinition module, string word, Func<FieldDefinition, object?> valueOf) =>
        module.Fields.Where(f => f.DataType is FieldDataType.Text or FieldDataType.TextArea or FieldDataType.Email or FieldDataType.Phone
                or FieldDataType.Website or FieldDataType.Picklist or FieldDataType.AutoNumber)
            .Any(f => valueOf(f) is string s && AtWordStart(s, word));

    private bool Condition(SearchCondition c, object? actual)
    {
        var first = c.Values[0];
        return c.Operator switch
        {
            "equals" => Equal(c.Field, actual, first),
            "not_equal" => !Equal(c.Field, actual, first),
            "in" => c.Values.Any(v => Equal(c.Field, actual, v)),
            "not_in" => !c.Values.Any(v => Equal(c.Field, actual, v)),
            "starts_with" => Text(actual)?.StartsWith((string)first, StringComparison.OrdinalIgnoreCase) == true,
            "ends_with" => Text(actual)?.EndsWith((string)first, StringComparison.OrdinalIgnoreCase) == true,
            "contains" => Text(actual)?.Contains((string)first, StringComparison.OrdinalIgnoreCase) == true,
            "not_contains" => Text(actual)?.Contains((string)first, StringComparison.OrdinalIgnoreCase) != true,
            "greater_than" => Compare(actual, first) is > 0 and not int.MaxValue,
            "greater_equal" => Compare(actual, first) is >= 0 and not int.MaxValue,
            "less_than" => Compare(actual, first) < 0,
            "less_equal" => Compare(actual, first) <= 0,
            "between" => InRange(actual, first, c.Values[1]),
            "not_between" => !InRange(actual, first, c.Values[1]),
            _ => false,
        };
    }

    private bool Equal(FieldDefinition field, object? actual, object expected)
    {
        switch (actual)
        {
            case null:
                return false;
            case LookupValue lookup:
                var text = (string)expected;
                return text == lookup.Id.ToString(CultureInfo.InvariantCulture) ||
                       string.Equals(text, lookup.Name, StringComparison.OrdinalIgnoreCase) ||
                       string.Equals(text, lookup.Email, StringComparison.OrdinalIgnoreCase);
            case IEnumerable<string> many when actual is not string:
                return many.Any(m => string.Equals(m, (string)expected, StringComparison.OrdinalIgnoreCase));
            case string s when _equalsMatchesWords && field.DataType is FieldDataType.Text or FieldDataType.TextArea:
                return Words(s, (string)expected);
            case string s:
                return string.Equals(s, (string)expected, StringComparison.OrdinalIgnoreCase);
            default:
                return Compare(actual, expected) == 0;
        }
    }

    /// <summary>The value as a whole, or as whole words inside the text ("ABC" in "ABC Inc", not in "ABCD").</summary>
    private static bool Words(string text, string value)
    {
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + value.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AtWordStart(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at == 0 || !char.IsLetterOrDigit(text[at - 1]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InRange(object? actual, object low, object high) =>
        Compare(actual, low) is >= 0 and not int.MaxValue && Compare(actual, high) <= 0;

    /// <summary>actual compared with a typed value; int.MaxValue when actual is empty or of another kind.</summary>
    private static int Compare(object? actual, object expected) => (actual, expected) switch
    {
        (long a, long b) => a.CompareTo(b),
        (long a, double b) => ((double)a).CompareTo(b),
        (double a, double b) => a.CompareTo(b),
        (double a, long b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        _ => int.MaxValue,
    };

    private static string? Text(object? value) => value as string;
}
