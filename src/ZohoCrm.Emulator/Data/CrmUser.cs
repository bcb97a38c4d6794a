namespace ZohoCrm.Emulator.Data;

/// <summary>A CRM user of the emulated org.</summary>
public sealed class CrmUser
{
    public required long Id { get; init; }

    public required string FirstName { get; init; }

    public required string LastName { get; init; }

    public string FullName => FirstName + " " + LastName;

    public required string Email { get; init; }

    /// <summary>active, disabled or deleted.</summary>
    public string Status { get; internal set; } = "active";

    public bool Confirmed { get; init; } = true;

    public required string RoleName { get; init; }

    public required long RoleId { get; init; }

    public required string ProfileName { get; init; }

    public required long ProfileId { get; init; }

    public required string Zuid { get; init; }

    public string? Phone { get; init; }

    public string? Mobile { get; init; }

    public string City { get; init; } = "Chennai";

    public string Country { get; init; } = "India";

    public long? ReportingToId { get; init; }

    public DateTimeOffset CreatedTime { get; init; } = ZohoTime.SeedAnchor.AddYears(-3);

    public DateTimeOffset ModifiedTime { get; internal set; } = ZohoTime.SeedAnchor.AddDays(-60);

    public bool IsAdmin => ProfileName == "Administrator";

    /// <summary>Whether the user can own records (active and confirmed).</summary>
    public bool CanOwnRecords => Status == "active" && Confirmed;

    internal LookupValue AsOwner() => new(Id, FullName, Email);
}
