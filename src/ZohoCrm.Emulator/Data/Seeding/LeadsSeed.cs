using System.Globalization;
using ZohoCrm.Emulator.Data.Modules;

namespace ZohoCrm.Emulator.Data.Seeding;

internal sealed class LeadsSeed(SeedContext context, ModuleDefinition module, int count)
    : SeedSource(context, module, count, slot: 1)
{
    public override bool ConvertedOf(int index) => Hash.OneIn(index, "converted", 10);

    public override string DisplayName(int index) => FirstName(index) + " " + LastName(index);

    private string Company(int index) =>
        Hash.Pick(index, "company", SampleData.CompanyWords) + " " + Hash.Pick(index, "suffix", SampleData.CompanySuffixes);

    protected override object? ModuleValue(int index, string field) => field switch
    {
        "Salutation" => Maybe(index, "sal", 2, PickValue(index, "salutation", PicklistValues.Salutation)),
        "First_Name" => FirstName(index),
        "Last_Name" => LastName(index),
        "Full_Name" => DisplayName(index),
        "Company" => Company(index),
        "Designation" => Hash.Pick(index, "title", SampleData.Titles),
        "Email" => $"{FirstName(index)}.{LastName(index)}.{index + 1}@{Domain(Company(index))}".ToLowerInvariant(),
        "Secondary_Email" => Hash.OneIn(index, "email2", 6) ? $"{FirstName(index)}{index + 1}@mail.example".ToLowerInvariant() : null,
        "Phone" => Phone(index, "phone"),
        "Mobile" => Maybe(index, "hasmobile", 3, Phone(index, "mobile")),
        "Website" => Maybe(index, "hasweb", 4, "https://www." + Domain(Company(index))),
        "Lead_Source" => PickValue(index, "source", PicklistValues.LeadSource),
        "Lead_Status" => PickValue(index, "status", PicklistValues.LeadStatus),
        "Industry" => PickValue(index, "industry", PicklistValues.Industry),
        "No_of_Employees" => (long)(1 + Hash.Pick(index, "employees", 5000)),
        "Annual_Revenue" => (double)((50 + Hash.Pick(index, "revenue", 20_000)) * 1000L),
        "Rating" => PickValue(index, "rating", PicklistValues.Rating),
        "Email_Opt_Out" => Hash.OneIn(index, "optout", 8),
        "Twitter" => Maybe(index, "twitter", 3, "@" + FirstName(index).ToLowerInvariant() + (index + 1).ToString(CultureInfo.InvariantCulture)),
        "Description" => Description(index),
        "Street" => Street(index),
        "City" => Place(index).City,
        "State" => Place(index).State,
        "Zip_Code" => Zip(index),
        "Country" => Place(index).Country,
        "Product_Interest" => Interests(index),
        "Legacy_ID" => Hash.OneIn(index, "legacy", 2) ? 7_000_000_000_000L + index : null,
        "Lead_Number" => "LD-" + (index + 1).ToString("D5", CultureInfo.InvariantCulture),
        "Follow_Up_Date" => Hash.OneIn(index, "followup", 2) ? DateOnly.FromDateTime(CreatedOf(index).ToOffset(ZohoTime.Offset).DateTime).AddDays(7 + Hash.Pick(index, "followdays", 60)) : null,
        "Last_Activity_Time" => ModifiedOf(index),
        _ => null,
    };

    private IReadOnlyList<string> Interests(int index)
    {
        var values = PicklistValues.ProductInterest;
        var n = Hash.Pick(index, "interests", 4);
        var start = Hash.Pick(index, "interest0", values.Length);
        return Enumerable.Range(0, n).Select(k => values[(start + k) % values.Length]).ToArray();
    }
}
