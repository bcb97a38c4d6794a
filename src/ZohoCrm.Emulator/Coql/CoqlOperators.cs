using System.Globalization;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Coql;

/// <summary>
/// COQL comparators per field type, literal typing, and evaluation. Text compares ignoring case; like takes
/// % wildcards; a comparison with an empty value is false except "is null" (SQL semantics).
/// </summary>
internal static class CoqlOperators
{
    private static readonly string[] TextOps = ["=", "!=", "like", "not like", "in", "not in", "is null", "is not null"];
    private static readonly string[] ChoiceOps = ["=", "!=", "in", "not in", "is null", "is not null"];
    private static readonly string[] OrderedOps = ["=", "!=", ">", ">=", "<", "<=", "between", "not between", "in", "not in", "is null", "is not null"];
    private static readonly string[] BooleanOps = ["=", "!=", "is null", "is not null"];

    public static IReadOnlyList<string> For(FieldDataType type) => type switch
    {
        FieldDataType.Text or FieldDataType.Email or FieldDataType.Phone or FieldDataType.Website or FieldDataType.Picklist
            or FieldDataType.MultiSelectPicklist or FieldDataType.AutoNumber => TextOps,
        FieldDataType.Lookup or FieldDataType.OwnerLookup => ChoiceOps,
        FieldDataType.Boolean => BooleanOps,
        FieldDataType.TextArea or FieldDataType.Tags => [],
        _ => OrderedOps,
    };

    /// <summary>A literal typed for the column; null when it does not fit.</summary>
    public static object? Literal(CoqlColumn column, string op, CoqlToken token)
    {
        var isString = token.Kind == CoqlTokenKind.String;
        var text = token.Text;
        if (op.EndsWith("like", StringComparison.Ordinal))
        {
            return isString ? text : null;
        }

        switch (column.Type)
        {
            case FieldDataType.Lookup or FieldDataType.OwnerLookup:
                return ZohoIds.TryParse(text, out var id) && (isString || token.Kind == CoqlTokenKind.Number) ? id : null;
            case FieldDataType.Integer or FieldDataType.BigInt:
                return (isString || token.Kind == CoqlTokenKind.Number) &&
                       long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null;
            case FieldDataType.Double or FieldDataType.Currency:
                return (isString || token.Kind == CoqlTokenKind.Number) &&
                       double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            case FieldDataType.Boolean:
                return text.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
            case FieldDataType.Date:
                return isString && ValueText.TryParseDate(text, out var date) ? date : null;
            case FieldDataType.DateTime:
                return isString && ValueText.TryParseDateTime(text, out var time) ? time : null;
            default:
                return isString ? text : null;
        }
    }

    public static bool Matches(CoqlFilter filter, ModuleRecordSet set, CrmRecord record) => filter switch
    {
        CoqlAndOr { Operator: "or" } g => Matches(g.Left, set, record) || Matches(g.Right, set, record),
        CoqlAndOr g => Matches(g.Left, set, record) && Matches(g.Right, set, record),
        CoqlTest t => Test(t, t.Column.ValueOf(set, record)),
        _ => false,
    };

    /// <summary>Sort order of two column values: empty first, then by value (text ignoring case).</summary>
    public static int Order(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        (IEnumerable<string> x, IEnumerable<string> y) => string.Compare(string.Join(';', x), string.Join(';', y), StringComparison.OrdinalIgnoreCase),
        _ => Compare(a, b) ?? 0,
    };

    private static bool Test(CoqlTest test, object? actual)
    {
        var value = CoqlColumn.Comparable(actual);
        var empty = value is null || (value is string s && s.Length == 0) || (value is IReadOnlyCollection<string> list && list.Count == 0);
        if (test.Operator == "is null")
        {
            return empty;
        }

        if (empty)
        {
            return false;
        }

        var first = test.Values.Count > 0 ? test.Values[0] : null;
        return test.Operator switch
        {
            "is not null" => true,
            "=" => Equal(value, first),
            "!=" => !Equal(value, first),
            "in" => test.Values.Any(v => Equal(value, v)),
            "not in" => !test.Values.Any(v => Equal(value, v)),
            ">" => Compare(value, first) > 0,
            ">=" => Compare(value, first) >= 0,
            "<" => Compare(value, first) < 0,
            "<=" => Compare(value, first) <= 0,
            "between" => Compare(value, first) >= 0 && Compare(value, test.Values[1]) <= 0,
            "not between" => !(Compare(value, first) >= 0 && Compare(value, test.Values[1]) <= 0),
            "like" => Like(value, (string)first!),
            "not like" => !Like(value, (string)first!),
            _ => false,
        };
    }

    private static bool Equal(object? actual, object? literal) => actual switch
    {
        string s => literal is string t && string.Equals(s, t, StringComparison.OrdinalIgnoreCase),
        IEnumerable<string> many => literal is string t && many.Contains(t, StringComparer.OrdinalIgnoreCase),
        _ => Compare(actual, literal) == 0,
    };

    private static int? Compare(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (long x, double y) => ((double)x).CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (double x, long y) => x.CompareTo(y),
        (bool x, bool y) => x.CompareTo(y),
        (DateOnly x, DateOnly y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (string x, string y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
        _ => null,
    };

    /// <summary>SQL like with % only: '%x%' contains, 'x%' starts with, '%x' ends with, 'x' equals.</summary>
    private static bool Like(object? actual, string pattern)
    {
        var texts = actual switch
        {
            string s => [s],
            IEnumerable<string> many => many.ToArray(),
            _ => Array.Empty<string>(),
        };
        var parts = pattern.Split('%');
        return texts.Any(text =>
        {
            if (!text.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var at = parts[0].Length;
            for (var i = 1; i < parts.Length - 1; i++)
            {
                var found = text.IndexOf(parts[i], at, StringComparison.OrdinalIgnoreCase);
                if (found < 0)
                {
                    return false;
                }

                at = found + parts[i].Length;
            }

            return parts.Length == 1
                ? text.Length == parts[0].Length
                : text.Length - at >= parts[^1].Length && text.EndsWith(parts[^1], StringComparison.OrdinalIgnoreCase);
        });
    }
}
