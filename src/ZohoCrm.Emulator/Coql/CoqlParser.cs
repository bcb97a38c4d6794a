using System.Globalization;

namespace ZohoCrm.Emulator.Coql;

/// <summary>
/// Parses <c>select f1, f2, lookup.field [as alias] from Module [where …] [order by f [asc|desc], …]
/// [limit n [offset m] | limit m, n]</c>. Keywords ignore case; a quoted name ('External') is a column in the
/// select list, on the left of a comparison and in ORDER BY. Conditions combine two at a time: three or more
/// need brackets, as in <c>((A and B) and C)</c>.
/// </summary>
internal sealed class CoqlParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "where", "and", "or", "not", "in", "like", "between", "is", "null", "order", "by",
        "asc", "desc", "limit", "offset", "group", "as", "true", "false", "having",
    };

    private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase) { "count", "sum", "max", "min", "avg" };

    private readonly List<CoqlToken> _tokens;
    private readonly EmulatorOptions _options;
    private int _next;

    private CoqlParser(List<CoqlToken> tokens, EmulatorOptions options)
    {
        _tokens = tokens;
        _options = options;
    }

    private CoqlToken Current => _tokens[_next];

    /// <summary>Parses a query; throws <see cref="CoqlException"/>.</summary>
    public static CoqlSyntaxTree Parse(string query, EmulatorOptions options) =>
        new CoqlParser(CoqlLexer.Tokenize(query), options).ParseQuery();

    private CoqlSyntaxTree ParseQuery()
    {
        ExpectWord("select", "a query starts with SELECT");
        var select = new List<CoqlSelectItem>();
        do
        {
            select.Add(ParseSelectItem());
        }
        while (Accept(","));

        ExpectWord("from", "expected FROM after the selected fields");
        var module = Current;
        if (module.Kind != CoqlTokenKind.Word || Reserved.Contains(module.Text))
        {
            throw Unexpected("expected a module API name after FROM");
        }

        _next++;
        CoqlExpr? where = null;
        if (AcceptWord("where"))
        {
            where = ParseCondition();
        }
        else if (_options.CoqlRequiresWhere)
        {
            throw new CoqlException(CoqlErrors.Clause("where", "the WHERE clause is missing (use e.g. \"where id is not null\")"));
        }

        if (Current.IsWord("group"))
        {
            throw new CoqlException(CoqlErrors.Invalid(CoqlErrors.QueryInvalid, "group by", "GROUP BY is not implemented by the emulator"));
        }

        var order = new List<CoqlOrder>();
        if (AcceptWord("order"))
        {
            ExpectWord("by", "expected BY after ORDER");
            do
            {
                var column = ParseColumn("a field to order by");
                var descending = AcceptWord("desc");
                if (!descending)
                {
                    AcceptWord("asc");
                }

                order.Add(new CoqlOrder(column, descending));
            }
            while (Accept(","));
        }

        int? limit = null, offset = null;
        if (AcceptWord("limit"))
        {
            limit = ParseCount("LIMIT");
            if (Accept(","))
            {
                (offset, limit) = (limit, ParseCount("LIMIT"));
            }
            else if (AcceptWord("offset"))
            {
                offset = ParseCount("OFFSET");
            }
        }
        else if (AcceptWord("offset"))
        {
            offset = ParseCount("OFFSET");
        }

        if (Current.Kind != CoqlTokenKind.End)
        {
            throw Unexpected("unexpected text after the query");
        }

        return new CoqlSyntaxTree(select, module, where, order, limit, offset);
    }

    private CoqlSelectItem ParseSelectItem()
    {
        if (Current.Kind == CoqlTokenKind.Word && Aggregates.Contains(Current.Text) && _tokens[_next + 1].IsSymbol("("))
        {
            throw new CoqlException(CoqlErrors.Invalid(CoqlErrors.QueryInvalid, Current.Text, "aggregate functions are not implemented by the emulator"));
        }

        if (Current.IsSymbol("*"))
        {
            throw Unexpected("select * is not supported; name the fields");
        }

        var column = ParseColumn("a field name");
        if (!AcceptWord("as"))
        {
            return new CoqlSelectItem(column, null, null);
        }

        var alias = Current;
        if (alias.Kind is not (CoqlTokenKind.Word or CoqlTokenKind.String) || (alias.Kind == CoqlTokenKind.Word && Reserved.Contains(alias.Text)))
        {
            throw Unexpected("expected an alias after AS");
        }

        _next++;
        return new CoqlSelectItem(column, alias.Text, alias);
    }

    private CoqlColumnRef ParseColumn(string what)
    {
        var at = Current;
        var path = new List<string> { ColumnName(what) };
        while (Accept("."))
        {
            path.Add(ColumnName("a field name after '.'"));
        }

        return new CoqlColumnRef(path, at);
    }

    private string ColumnName(string what)
    {
        var token = Current;
        if ((token.Kind == CoqlTokenKind.Word && !Reserved.Contains(token.Text)) || token.Kind == CoqlTokenKind.String)
        {
            _next++;
            return token.Text;
        }

        throw Unexpected($"expected {what}");
    }

    /// <summary>One operand, or two joined by and/or; a third needs brackets.</summary>
    private CoqlExpr ParseCondition()
    {
        var left = ParseOperand();
        if (!Current.IsWord("and") && !Current.IsWord("or"))
        {
            return left;
        }

        var op = Current.Text.ToLowerInvariant();
        _next++;
        var right = ParseOperand();
        if (Current.IsWord("and") || Current.IsWord("or"))
        {
            throw Unexpected("three or more conditions need brackets, e.g. ((A and B) and C)");
        }

        return new CoqlLogical(op, left, right);
    }

    private CoqlExpr ParseOperand()
    {
        if (Accept("("))
        {
            var inner = ParseCondition();
            Expect(")", "expected ')' to close the bracket");
            return inner;
        }

        var column = ParseColumn("a field name in the condition");
        var at = Current;
        if (AcceptWord("is"))
        {
            var negated = AcceptWord("not");
            ExpectWord("null", "expected NULL after IS");
            return new CoqlComparison(column, negated ? "is not null" : "is null", [], at);
        }

        var not = AcceptWord("not");
        if (AcceptWord("in"))
        {
            Expect("(", "expected '(' after IN");
            var values = new List<CoqlToken> { ParseValue() };
            while (Accept(","))
            {
                values.Add(ParseValue());
            }

            Expect(")", "expected ')' to close the IN list");
            return new CoqlComparison(column, not ? "not in" : "in", values, at);
        }

        if (AcceptWord("between"))
        {
            var low = ParseValue();
            ExpectWord("and", "expected AND between the two values of BETWEEN");
            return new CoqlComparison(column, not ? "not between" : "between", [low, ParseValue()], at);
        }

        if (AcceptWord("like"))
        {
            return new CoqlComparison(column, not ? "not like" : "like", [ParseValue()], at);
        }

        if (not)
        {
            throw Unexpected("expected IN, BETWEEN or LIKE after NOT");
        }

        var symbol = Current;
        if (symbol.Kind != CoqlTokenKind.Symbol || symbol.Text is not ("=" or "!=" or "<" or "<=" or ">" or ">="))
        {
            throw Unexpected("expected a comparison operator (=, !=, <, <=, >, >=, like, in, between, is null)");
        }

        _next++;
        return new CoqlComparison(column, symbol.Text, [ParseValue()], at);
    }

    private CoqlToken ParseValue()
    {
        var token = Current;
        if (token.Kind is CoqlTokenKind.String or CoqlTokenKind.Number || token.IsWord("true") || token.IsWord("false"))
        {
            _next++;
            return token;
        }

        throw Unexpected(token.IsWord("null") ? "compare with NULL using IS NULL or IS NOT NULL" : "expected a value ('text', a number, true or false)");
    }

    private int ParseCount(string clause)
    {
        var token = Current;
        if (token.Kind == CoqlTokenKind.Number && int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            _next++;
            return value;
        }

        throw Unexpected($"{clause} takes a whole number");
    }

    private bool Accept(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            _next++;
            return true;
        }

        return false;
    }

    private bool AcceptWord(string keyword)
    {
        if (Current.IsWord(keyword))
        {
            _next++;
            return true;
        }

        return false;
    }

    private void Expect(string symbol, string reason)
    {
        if (!Accept(symbol))
        {
            throw Unexpected(reason);
        }
    }

    private void ExpectWord(string keyword, string reason)
    {
        if (!AcceptWord(keyword))
        {
            throw Unexpected(reason);
        }
    }

    private CoqlException Unexpected(string reason) =>
        new(CoqlErrors.Syntax(Current.Line, Current.Column, Current.Near, reason));
}
