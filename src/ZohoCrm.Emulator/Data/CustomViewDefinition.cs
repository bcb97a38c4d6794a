using ZohoCrm.Emulator.Data.Criteria;

namespace ZohoCrm.Emulator.Data;

/// <summary>A custom view: a saved filter (criteria), sort and column list of one module.</summary>
public sealed class CustomViewDefinition
{
    public long Id { get; internal set; }

    public required string Name { get; init; }

    public required string DisplayValue { get; init; }

    /// <summary>Set for system views (e.g. "ALLVIEWS"), null for views users made.</summary>
    public string? SystemName { get; init; }

    /// <summary>public_views, created_by_me, shared_with_me or other_users_views.</summary>
    public string Category { get; init; } = "public_views";

    public bool Default { get; init; }

    public bool SystemDefined { get; init; }

    public CriteriaNode? Criteria { get; init; }

    public string SortBy { get; init; } = "Created_Time";

    public string SortOrder { get; init; } = "desc";

    public IReadOnlyList<string> Fields { get; init; } = Array.Empty<string>();

    public DateTimeOffset CreatedTime { get; init; } = ZohoTime.SeedAnchor.AddDays(-400);

    public DateTimeOffset ModifiedTime { get; init; } = ZohoTime.SeedAnchor.AddDays(-30);
}
