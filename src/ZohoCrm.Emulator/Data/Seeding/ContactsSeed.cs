using ZohoCrm.Emulator.Data.Modules;

namespace ZohoCrm.Emulator.Data.Seeding;

internal sealed class ContactsSeed(SeedContext context, ModuleDefinition module, int count)
    : SeedSource(context, module, count, slot: 2)
{
    public override string DisplayName(int index) => FirstName(index) + " " + LastName(index);

    private LookupValue? Account(int index) =>
        Hash.OneIn(index, "noaccount", 7) ? null : Context.RandomLookup("Accounts", Hash.Of(index, "account"));

    protected override object? ModuleValue(int index, string field) => field switch
    {
        "Salutation" => Maybe(index, "sal", 2, PickValue(index, "salutation", PicklistValues.Salutation)),
        "First_Name" => FirstName(index),
        "Last_Name" => LastName(index),
        "Full_Name" => DisplayName(index),
        "Account_Name" => Account(index),
        "Email" => $"{FirstName(index)}.{LastName(index)}.{index + 1}@{Domain(Account(index)?.Name ?? "contacts")}".ToLowerInvariant(),
        "Secondary_Email" => Hash.OneIn(index, "email2", 5) ? $"{LastName(index)}{index + 1}@mail.example".ToLowerInvariant() : null,
        "Phone" => Phone(index, "phone"),
        "Mobile" => Maybe(index, "hasmobile", 3, Phone(index, "mobile")),
        "Home_Phone" => Hash.OneIn(index, "home", 4) ? Phone(index, "homephone") : null,
        "Title" => Hash.Pick(index, "title", SampleData.Titles),
        "Department" => Hash.Pick(index, "department", SampleData.Departments),
        "Lead_Source" => PickValue(index, "source", PicklistValues.LeadSource),
        "Date_of_Birth" => Hash.OneIn(index, "nodob", 3) ? null : new DateOnly(1960, 1, 1).AddDays(Hash.Pick(index, "dob", 40 * 365)),
        "Email_Opt_Out" => Hash.OneIn(index, "optout", 6),
        "Description" => Description(index),
        "Mailing_Street" => Street(index),
        "Mailing_City" => Place(index).City,
        "Mailing_State" => Place(index).State,
        "Mailing_Zip" => Zip(index),
        "Mailing_Country" => Place(index).Country,
        _ => null,
    };
}
