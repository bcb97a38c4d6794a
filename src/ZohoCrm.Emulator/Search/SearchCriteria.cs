using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Search;

/// <summary>A parsed search criteria: <c>(field:operator:value)</c> joined by and/or (fact sheet §4.1).</summary>
internal abstract record SearchNode
{
    public abstract int ConditionCount { get; }
}

/// <summary>One condition; <see cref="Values"/> holds the typed value(s), one except for in/not_in/between/not_between.</summary>
internal sealed record SearchCondition(FieldDefinition Field, string Operator, IReadOnlyList<object> Values) : SearchNode
{
    public override int ConditionCount => 1;
}

/// <summary>Conditions or groups joined by one operator ("and" or "or").</summary>
internal sealed record SearchGroup(string Operator, IReadOnlyList<SearchNode> Children) : SearchNode
{
    public override int ConditionCount => Children.Sum(c => c.ConditionCount);
}
