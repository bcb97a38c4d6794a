using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Coql;

/// <summary>A COQL error on its way out of the lexer, parser or binder.</summary>
internal sealed class CoqlException(ZohoError error) : Exception(error.Message)
{
    public ZohoError Error { get; } = error;
}

/// <summary>The errors of coql.json: SYNTAX_ERROR, INVALID_QUERY, LIMIT_EXCEEDED, DUPLICATE_DATA, DUPLICATE_ALIAS.</summary>
internal static class CoqlErrors
{
    public const string ColumnInvalid = "column given seems to be invalid";
    public const string ValueInvalid = "value given seems to be invalid for the column";
    public const string TypeNotSupported = "data type not supported";
    public const string QueryInvalid = "invalid query formed";

    /// <summary>SYNTAX_ERROR with details {line, column, near}; the message says what was expected.</summary>
    public static ZohoError Syntax(int line, int column, string near, string reason) =>
        new(400, "SYNTAX_ERROR", "syntax error: " + reason, new JsonObject { ["line"] = line, ["column"] = column, ["near"] = near });

    /// <summary>SYNTAX_ERROR about a whole clause (details {"clause": …}).</summary>
    public static ZohoError Clause(string clause, string reason) =>
        new(400, "SYNTAX_ERROR", "syntax error: " + reason, new JsonObject { ["clause"] = clause });

    /// <summary>INVALID_QUERY with details {column_name, reason} plus extras.</summary>
    public static ZohoError Invalid(string message, string column, string reason, JsonObject? extra = null)
    {
        var details = new JsonObject { ["column_name"] = column, ["reason"] = reason };
        foreach (var (key, value) in extra ?? [])
        {
            details[key] = value?.DeepClone();
        }

        return new ZohoError(400, "INVALID_QUERY", message, details);
    }

    public static ZohoError Limit(string clause, int limit, string reason) =>
        new(400, "LIMIT_EXCEEDED", reason, new JsonObject { ["clause"] = clause, ["limit"] = limit });
}
