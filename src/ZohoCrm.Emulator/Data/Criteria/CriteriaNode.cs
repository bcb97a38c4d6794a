namespace ZohoCrm.Emulator.Data.Criteria;

/// <summary>A filter tree in the shape of Zoho's criteria objects (custom views, bulk read, later search).</summary>
public abstract record CriteriaNode;

/// <summary>One comparison: field, comparator (equal, not_equal, in, …) and value(s).</summary>
public sealed record CriteriaCondition(string Field, string Comparator, IReadOnlyList<string> Values) : CriteriaNode
{
    public CriteriaCondition(string field, string comparator, string value)
        : this(field, comparator, new[] { value })
    {
    }
}

/// <summary>"and" or "or" over several nodes.</summary>
public sealed record CriteriaGroup(string GroupOperator, IReadOnlyList<CriteriaNode> Group) : CriteriaNode;
