namespace ZohoCrm.Emulator.Data;

/// <summary>The emulated organisation (GET /org).</summary>
public sealed class OrgProfile
{
    public long Id { get; } = ZohoIds.Make(0);

    public string CompanyName { get; } = "Zylker Traders";

    public string DomainName { get; } = "org60012345";

    public string PrimaryEmail { get; } = "patricia.boyle@zylker.example";

    public string PrimaryZuid { get; } = "60012345001";

    public string Zgid { get; } = "60012344000";

    public string TimeZone => ZohoTime.TimeZoneName;

    public string Currency { get; } = "Indian Rupee - INR";

    public string CurrencySymbol { get; } = "₹";

    public string IsoCode { get; } = "INR";

    public string CountryCode { get; } = "IN";

    public string Country { get; } = "India";

    public string Type { get; } = "Production";

    public int UsersLicensePurchased { get; } = 10;

    public DateTimeOffset CreatedTime { get; } = ZohoTime.SeedAnchor.AddYears(-4);

    public DateTimeOffset PaidExpiry { get; } = ZohoTime.SeedAnchor.AddYears(3);
}
