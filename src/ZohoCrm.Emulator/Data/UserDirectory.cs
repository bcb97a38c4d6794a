namespace ZohoCrm.Emulator.Data;

/// <summary>The org's users: the current user (the token's owner), four colleagues who own records, one deactivated and one unconfirmed user.</summary>
public sealed class UserDirectory
{
    internal UserDirectory()
    {
        var ceoRole = ZohoIds.Make(231_001);
        var managerRole = ZohoIds.Make(231_003);
        var adminProfile = ZohoIds.Make(231_011);
        var standardProfile = ZohoIds.Make(231_013);
        var current = ZohoIds.Make(235_013);
        Users =
        [
            new CrmUser { Id = current, FirstName = "Patricia", LastName = "Boyle", Email = "patricia.boyle@zylker.example", RoleName = "CEO", RoleId = ceoRole, ProfileName = "Administrator", ProfileId = adminProfile, Zuid = "60012345001", Phone = "+91 44 4066 1001", Mobile = "+91 98400 11001" },
            new CrmUser { Id = ZohoIds.Make(235_027), FirstName = "Marcus", LastName = "Chen", Email = "marcus.chen@zylker.example", RoleName = "Manager", RoleId = managerRole, ProfileName = "Standard", ProfileId = standardProfile, Zuid = "60012345002", ReportingToId = current, City = "Bengaluru" },
            new CrmUser { Id = ZohoIds.Make(235_041), FirstName = "Aisha", LastName = "Rahman", Email = "aisha.rahman@zylker.example", RoleName = "Manager", RoleId = managerRole, ProfileName = "Standard", ProfileId = standardProfile, Zuid = "60012345003", ReportingToId = current, City = "Mumbai" },
            new CrmUser { Id = ZohoIds.Make(235_055), FirstName = "Diego", LastName = "Alvarez", Email = "diego.alvarez@zylker.example", RoleName = "Manager", RoleId = managerRole, ProfileName = "Standard", ProfileId = standardProfile, Zuid = "60012345004", ReportingToId = current, City = "Pune" },
            new CrmUser { Id = ZohoIds.Make(235_069), FirstName = "Hannah", LastName = "Schmidt", Email = "hannah.schmidt@zylker.example", RoleName = "CEO", RoleId = ceoRole, ProfileName = "Administrator", ProfileId = adminProfile, Zuid = "60012345005", ReportingToId = current, City = "Hyderabad" },
            new CrmUser { Id = ZohoIds.Make(235_083), FirstName = "Tom", LastName = "Becker", Email = "tom.becker@zylker.example", Status = "disabled", RoleName = "Manager", RoleId = managerRole, ProfileName = "Standard", ProfileId = standardProfile, Zuid = "60012345006", ReportingToId = current },
            new CrmUser { Id = ZohoIds.Make(235_097), FirstName = "Nina", LastName = "Kowalski", Email = "nina.kowalski@zylker.example", Confirmed = false, RoleName = "Manager", RoleId = managerRole, ProfileName = "Standard", ProfileId = standardProfile, Zuid = "60012345007", ReportingToId = current },
        ];
        Current = Users[0];
        Owners = Users.Where(u => u.CanOwnRecords).ToArray();
    }

    public IReadOnlyList<CrmUser> Users { get; }

    /// <summary>The user every token belongs to.</summary>
    public CrmUser Current { get; }

    /// <summary>Users who own seeded records.</summary>
    public IReadOnlyList<CrmUser> Owners { get; }

    public CrmUser? Find(long id) => Users.FirstOrDefault(u => u.Id == id);

    /// <summary>Activates or deactivates a user (an admin's action); the records they own keep them as owner.</summary>
    public void SetStatus(CrmUser user, string status, DateTimeOffset now)
    {
        user.Status = status;
        user.ModifiedTime = now;
    }

    /// <summary>Users of a "type" of GET /users; null for an unknown type.</summary>
    public IReadOnlyList<CrmUser>? OfType(string type) => type switch
    {
        "AllUsers" => Users,
        "CurrentUser" => [Current],
        "ActiveUsers" => Users.Where(u => u.Status == "active").ToList(),
        "DeactiveUsers" => Users.Where(u => u.Status == "disabled").ToList(),
        "ConfirmedUsers" => Users.Where(u => u.Confirmed).ToList(),
        "NotConfirmedUsers" => Users.Where(u => !u.Confirmed).ToList(),
        "DeletedUsers" => Users.Where(u => u.Status == "deleted").ToList(),
        "ActiveConfirmedUsers" => Users.Where(u => u.Status == "active" && u.Confirmed).ToList(),
        "AdminUsers" => Users.Where(u => u.IsAdmin).ToList(),
        "ActiveConfirmedAdmins" => Users.Where(u => u.IsAdmin && u.Status == "active" && u.Confirmed).ToList(),
        _ => null,
    };
}
