namespace ZohoCrm.Emulator.Coql;

/// <summary>A column as written: "Last_Name", "Account_Name.Account_Name", "'External'".</summary>
internal sealed record CoqlColumnRef(IReadOnlyList<string> Path, CoqlToken At)
{
    public string Text => string.Join('.', Path);
}

internal sealed record CoqlSelectItem(CoqlColumnRef Column, string? Alias, CoqlToken? AliasAt);

internal abstract record CoqlExpr
{
    public abstract int ConditionCount { get; }
}

/// <summary>Exactly two operands: the bracketing rule forbids "A and B and C".</summary>
internal sealed record CoqlLogical(string Operator, CoqlExpr Left, CoqlExpr Right) : CoqlExpr
{
    public override int ConditionCount => Left.ConditionCount + Right.ConditionCount;
}

/// <summary>
/// One comparison. <see cref="Operator"/> is one of = != &gt; &gt;= &lt; &lt;= like, not like, in, not in,
/// between, not between, is null, is not null.
/// </summary>
internal sealed record CoqlComparison(CoqlColumnRef Column, string Operator, IReadOnlyList<CoqlToken> Values, CoqlToken At) : CoqlExpr
{
    public override int ConditionCount => 1;
}

internal sealed record CoqlOrder(CoqlColumnRef Column, bool Descending);

/// <summary>A parsed SELECT, before names are checked against the module.</summary>
internal sealed record CoqlSyntaxTree(
    IReadOnlyList<CoqlSelectItem> Select,
    CoqlToken Module,
    CoqlExpr? Where,
    IReadOnlyList<CoqlOrder> OrderBy,
    int? Limit,
    int? Offset);
