namespace ZohoCrm.Emulator.Data;

/// <summary>A role of the org's hierarchy (roles.json).</summary>
public sealed record RoleDefinition(long Id, string Name, string? Description, long? ReportingToId, bool AdminUser, bool ShareWithPeers);

/// <summary>A profile: a set of permissions (profiles.json).</summary>
public sealed record ProfileDefinition(long Id, string Name, string Description, bool Default, bool Custom, string Type);

/// <summary>
/// The roles and profiles the seeded users hold (ids shared with <see cref="UserDirectory"/>), plus one role and one
/// profile nobody holds yet, as in a real org.
/// </summary>
public static class OrgSecurity
{
    public static long CeoRoleId { get; } = ZohoIds.Make(231_001);

    public static long ManagerRoleId { get; } = ZohoIds.Make(231_003);

    public static long AdministratorProfileId { get; } = ZohoIds.Make(231_011);

    public static long StandardProfileId { get; } = ZohoIds.Make(231_013);

    public static IReadOnlyList<RoleDefinition> Roles { get; } =
    [
        new(CeoRoleId, "CEO", "Users with this role have access to the data owned by all other users.", null, true, true),
        new(ManagerRoleId, "Manager", "Users belonging to this role cannot see data of admin users.", CeoRoleId, false, false),
        new(ZohoIds.Make(231_005), "Sales Representative", "Field sales; sees the data of peers.", ManagerRoleId, false, true),
    ];

    public static IReadOnlyList<ProfileDefinition> Profiles { get; } =
    [
        new(AdministratorProfileId, "Administrator", "This profile will have all the permissions. Users with Administrator profile will be able to view and manage all the data within the organization account by default.", false, false, "normal_profile"),
        new(StandardProfileId, "Standard", "This profile will have all the permissions except administrative privileges.", true, false, "normal_profile"),
        new(ZohoIds.Make(231_015), "Sales Lite", "Read-mostly access for occasional sales users.", false, true, "lite_profile"),
    ];

    public static RoleDefinition? Role(long id) => Roles.FirstOrDefault(r => r.Id == id);

    public static ProfileDefinition? Profile(long id) => Profiles.FirstOrDefault(p => p.Id == id);
}
