using System.Globalization;
using ZohoCrm.Emulator.Data.Modules;

namespace ZohoCrm.Emulator.Data.Seeding;

internal sealed class AccountsSeed(SeedContext context, ModuleDefinition module, int count)
    : SeedSource(context, module, count, slot: 3)
{
    private static readonly int Combinations = SampleData.CompanyWords.Length * SampleData.CompanySuffixes.Length;

    /// <summary>Account names are unique (Account_Name is a unique field): a shifted walk over word × suffix, numbered past the end.</summary>
    public override string DisplayName(int index)
    {
        var k = (index + (Context.Seed * 7919)) % Combinations;
        if (k < 0)
        {
            k += Combinations;
        }

        var words = SampleData.CompanyWords;
        var name = words[k % words.Length] + " " + SampleData.CompanySuffixes[k / words.Length];
        var round = index / Combinations;
        return round == 0 ? name : name + " " + (round + 1).ToString(CultureInfo.InvariantCulture);
    }

    protected override object? ModuleValue(int index, string field) => field switch
    {
        "Account_Name" => DisplayName(index),
        "Account_Number" => 4_000_000_000L + ((long)index * 17),
        "Account_Site" => Place(index).City,
        "Account_Type" => PickValue(index, "type", PicklistValues.AccountType),
        "Industry" => PickValue(index, "industry", PicklistValues.Industry),
        "Annual_Revenue" => (double)((100 + Hash.Pick(index, "revenue", 50_000)) * 1000L),
        "Employees" => (long)(5 + Hash.Pick(index, "employees", 20_000)),
        "Ownership" => PickValue(index, "ownership", PicklistValues.Ownership),
        "Rating" => PickValue(index, "rating", PicklistValues.Rating),
        "Phone" => Phone(index, "phone"),
        "Fax" => Hash.OneIn(index, "fax", 3) ? Phone(index, "faxno") : null,
        "Website" => "https://www." + Domain(DisplayName(index)),
        "Ticker_Symbol" => Hash.OneIn(index, "ticker", 4) ? new string(DisplayName(index).Where(char.IsLetter).Take(4).ToArray()).ToUpperInvariant() : null,
        "SIC_Code" => (long)(1000 + Hash.Pick(index, "sic", 8000)),
        "Parent_Account" => index > 0 && Hash.OneIn(index, "parent", 10) ? LookupOf(Hash.Pick(index, "parentidx", index)) : null,
        "Billing_Street" => Street(index),
        "Billing_City" => Place(index).City,
        "Billing_State" => Place(index).State,
        "Billing_Code" => Zip(index),
        "Billing_Country" => Place(index).Country,
        "Description" => Description(index),
        _ => null,
    };
}
