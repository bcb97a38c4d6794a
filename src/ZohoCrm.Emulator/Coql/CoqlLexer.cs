using System.Text;

namespace ZohoCrm.Emulator.Coql;

internal enum CoqlTokenKind
{
    Word,
    String,
    Number,
    Symbol,
    End,
}

/// <summary>A token with its 1-based line and column; <see cref="Text"/> is the unescaped content of a string.</summary>
internal sealed record CoqlToken(CoqlTokenKind Kind, string Text, int Line, int Column, char Quote = '\0')
{
    public bool IsWord(string keyword) => Kind == CoqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == CoqlTokenKind.Symbol && Text == symbol;

    /// <summary>How the token looked in the query, for "near" in errors.</summary>
    public string Near => Kind switch
    {
        CoqlTokenKind.End => "<end of query>",
        CoqlTokenKind.String => Quote + Text + Quote,
        _ => Text,
    };
}

/// <summary>
/// Splits a COQL query into words, quoted strings ('…' or "…", a quote inside doubled or backslash-escaped),
/// numbers and the symbols , ( ) . * = != &lt;&gt; &lt; &lt;= &gt; &gt;=.
/// </summary>
internal static class CoqlLexer
{
    public static List<CoqlToken> Tokenize(string text)
    {
        var tokens = new List<CoqlToken>();
        int i = 0, line = 1, lineStart = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }

                i++;
            }

            var column = i - lineStart + 1;
            if (i >= text.Length)
            {
                tokens.Add(new CoqlToken(CoqlTokenKind.End, string.Empty, line, column));
                return tokens;
            }

            var c = text[i];
            if (char.IsAsciiLetter(c) || c is '_' or '$')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '$'))
                {
                    i++;
                }

                tokens.Add(new CoqlToken(CoqlTokenKind.Word, text[start..i], line, column));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new CoqlToken(CoqlTokenKind.Number, text[start..i], line, column));
            }
            else if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new CoqlException(CoqlErrors.Syntax(line, column, c.ToString(), "the string is not closed"));
                    }

                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\'' or '"' or '\\')
                    {
                        value.Append(text[i + 1]);
                        i += 2;
                    }
                    else if (text[i] == c && i + 1 < text.Length && text[i + 1] == c)
                    {
                        value.Append(c);
                        i += 2;
                    }
                    else if (text[i] == c)
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        value.Append(text[i++]);
                    }
                }

                tokens.Add(new CoqlToken(CoqlTokenKind.String, value.ToString(), line, column, c));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two is "!=" or "<>" or "<=" or ">=")
                {
                    tokens.Add(new CoqlToken(CoqlTokenKind.Symbol, two == "<>" ? "!=" : two, line, column));
                    i += 2;
                }
                else if (c is ',' or '(' or ')' or '.' or '*' or '=' or '<' or '>')
                {
                    tokens.Add(new CoqlToken(CoqlTokenKind.Symbol, c.ToString(), line, column));
                    i++;
                }
                else
                {
                    throw new CoqlException(CoqlErrors.Syntax(line, column, c.ToString(), $"unexpected character '{c}'"));
                }
            }
        }
    }
}
