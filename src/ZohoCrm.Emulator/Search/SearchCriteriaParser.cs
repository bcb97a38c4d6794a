using System.Text;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Search;

/// <summary>
/// Parses <c>((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))</c>: conditions in parentheses, joined
/// by and/or (any case, spaces allowed around them), nested with parentheses. In a value, <c>(</c>, <c>)</c>,
/// <c>,</c> and <c>\</c> must be escaped with a backslash; an unescaped comma separates the values of in,
/// not_in, between and not_between and is an error elsewhere. Every problem is 400 INVALID_QUERY
/// ("Invalid query formed") with the reason in details.
/// </summary>
internal sealed class SearchCriteriaParser
{
    private readonly string _text;
    private readonly ModuleDefinition _module;
    private readonly EmulatorOptions _options;
    private int _pos;

    private SearchCriteriaParser(string text, ModuleDefinition module, EmulatorOptions options)
    {
        _text = text;
        _module = module;
        _options = options;
    }

    public static SearchNode? Parse(string text, ModuleDefinition module, EmulatorOptions options, out ZohoError? error)
    {
        error = null;
        try
        {
            var parser = new SearchCriteriaParser(text, module, options);
            var node = parser.ParseExpression();
            parser.SkipSpaces();
            if (!parser.AtEnd)
            {
                throw parser.Syntax($"unexpected '{parser.Rest()}' after the criteria");
            }

            if (node.ConditionCount > options.SearchMaxCriteria)
            {
                error = new ZohoError(400, "CRITERIA_LIMIT_EXCEEDED", $"no of criterium that can be given exceed the limit {options.SearchMaxCriteria}", new JsonObject { ["limit"] = options.SearchMaxCriteria });
                return null;
            }

            return node;
        }
        catch (CriteriaException ex)
        {
            error = ex.Error;
            return null;
        }
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Peek => _text[_pos];

    private SearchNode ParseExpression()
    {
        var items = new List<SearchNode> { ParseTerm() };
        string? op = null;
        while (true)
        {
            SkipSpaces();
            if (AtEnd || Peek == ')')
            {
                break;
            }

            var start = _pos;
            while (!AtEnd && char.IsAsciiLetter(Peek))
            {
                _pos++;
            }

            var word = _text[start.._pos].ToLowerInvariant();
            if (word is not ("and" or "or"))
            {
                _pos = start;
                throw Syntax($"expected 'and' or 'or' before '{Rest()}'");
            }

            if (op is not null && op != word)
            {
                if (!_options.SearchAllowsMixedAndOr)
                {
                    throw Syntax("'and' and 'or' are mixed at one level; group the conditions with parentheses");
                }

                items = [new SearchGroup(op, items)];
            }

            op = word;
            items.Add(ParseTerm());
        }

        return items.Count == 1 ? items[0] : new SearchGroup(op!, items);
    }

    private SearchNode ParseTerm()
    {
        SkipSpaces();
        Expect('(');
        SkipSpaces();
        var node = !AtEnd && Peek == '(' ? ParseExpression() : ParseCondition();
        SkipSpaces();
        Expect(')');
        return node;
    }

    private SearchNode ParseCondition()
    {
        var name = ReadName("a field API name");
        Expect(':');
        var op = ReadName("an operator");
        Expect(':');
        var values = ReadValues(name);

        var field = _module.Field(name);
        var allowed = field is null ? [] : SearchOperators.For(field, _options);
        if (field is null || allowed.Count == 0)
        {
            throw Invalid(new JsonObject { ["reason"] = $"{name} is not a searchable field of {_module.ApiName}", ["api_name"] = name });
        }

        if (!allowed.Contains(op, StringComparer.Ordinal))
        {
            var reason = SearchOperators.All.Contains(op, StringComparer.Ordinal)
                ? $"{op} is not supported for {field.DataType.DataType()} fields; use one of {string.Join(", ", allowed)}"
                : $"unknown operator {op}";
            throw Invalid(new JsonObject { ["operator"] = op, ["reason"] = reason, ["api_name"] = name });
        }

        if (SearchOperators.IsList(op) && values.Count > _options.SearchMaxInValues)
        {
            throw new CriteriaException(new ZohoError(400, "INVALID_QUERY", $"Only {_options.SearchMaxInValues} values are allowed in \"IN\" criteria", new JsonObject { ["api_name"] = name }));
        }

        var expected = SearchOperators.IsRange(op) ? 2 : SearchOperators.IsList(op) ? -1 : 1;
        if (expected > 0 && values.Count != expected)
        {
            var reason = expected == 2
                ? $"{op} takes two values separated by a comma"
                : $"{op} takes one value; escape a comma in a value as \\,";
            throw Invalid(new JsonObject { ["reason"] = reason, ["api_name"] = name, ["value"] = string.Join(',', values) });
        }

        var typed = new List<object>();
        foreach (var text in values)
        {
            if (text.Length == 0)
            {
                throw Invalid(new JsonObject { ["reason"] = "a value is missing", ["api_name"] = name, ["value"] = text });
            }

            typed.Add(SearchOperators.Typed(field, text) ?? throw Invalid(new JsonObject
            {
                ["expected_data_type"] = field.DataType.DataType(),
                ["reason"] = $"'{text}' is not a valid {field.DataType.DataType()} value",
                ["api_name"] = name,
            }));
        }

        return new SearchCondition(field, op, typed);
    }

    /// <summary>The value(s) up to the closing parenthesis, split on unescaped commas.</summary>
    private List<string> ReadValues(string field)
    {
        var values = new List<string>();
        var current = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Syntax($"the condition on {field} has no closing parenthesis");
            }

            var c = Peek;
            if (c == ')')
            {
                break;
            }

            _pos++;
            switch (c)
            {
                case '\\':
                    if (AtEnd || Peek is not ('(' or ')' or ',' or '\\'))
                    {
                        throw Syntax($"in the value of {field}, a backslash must be followed by (, ), comma or backslash");
                    }

                    current.Append(_text[_pos++]);
                    break;
                case '(':
                    throw Syntax($"the value of {field} has an unescaped '('; write it as \\(");
                case ',':
                    values.Add(current.ToString());
                    current.Clear();
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        values.Add(current.ToString());
        return values.Count == 1 ? values : values.Select(v => v.Trim()).ToList();
    }

    private string ReadName(string what)
    {
        var start = _pos;
        while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Syntax($"expected {what} at '{Rest()}'");
        }

        return _text[start.._pos];
    }

    private void Expect(char c)
    {
        if (AtEnd || Peek != c)
        {
            throw Syntax(AtEnd ? $"expected '{c}' at the end" : $"expected '{c}' at '{Rest()}'");
        }

        _pos++;
    }

    private void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(Peek))
        {
            _pos++;
        }
    }

    private string Rest() => _text.Length - _pos > 30 ? _text.Substring(_pos, 30) + "…" : _text[_pos..];

    private CriteriaException Syntax(string reason) =>
        Invalid(new JsonObject { ["reason"] = reason + $" (position {_pos + 1})", ["api_name"] = "criteria", ["param_name"] = "criteria" });

    private static CriteriaException Invalid(JsonObject details) => new(new ZohoError(400, "INVALID_QUERY", "Invalid query formed", details));

    private sealed class CriteriaException(ZohoError error) : Exception(error.Message)
    {
        public ZohoError Error { get; } = error;
    }
}
