using System.Globalization;
using ZohoCrm.Emulator.Data.Modules;
using ZohoCrm.Emulator.Data.Relations;

namespace ZohoCrm.Emulator.Data.Seeding;

/// <summary>
/// Where the seeded Cases, Quotes and Notes hang. Every second case and quote and every third note belongs to the
/// featured contact, the first seeded Contact (lowest id), so one contact has enough of each to fill several pages.
/// </summary>
internal static class FeaturedContact
{
    public static LookupValue? Of(SeedContext context) =>
        context.Source("Contacts") is { Count: > 0 } contacts ? contacts.LookupOf(0) : null;
}

internal sealed class CasesSeed(SeedContext context, ModuleDefinition module, int count)
    : SeedSource(context, module, count, slot: 11)
{
    private static readonly string[] Subjects =
    [
        "Cannot sign in to the portal", "Invoice shows the wrong tax", "Delivery arrived damaged", "Licence key rejected",
        "Export to CSV times out", "Request for a refund", "Password reset mail not received", "Sync stopped overnight",
    ];

    private LookupValue? Contact(int index) =>
        index % 2 == 0 ? FeaturedContact.Of(Context) : Context.RandomLookup("Contacts", Hash.Of(index, "contact"));

    public override string DisplayName(int index) => Hash.Pick(index, "subject", Subjects);

    protected override object? ModuleValue(int index, string field) => field switch
    {
        "Case_Number" => "CS-" + (index + 1).ToString(CultureInfo.InvariantCulture),
        "Subject" => DisplayName(index),
        "Status" => PickValue(index, "status", PicklistValues.CaseStatus),
        "Case_Origin" => PickValue(index, "origin", PicklistValues.CaseOrigin),
        "Priority" => PickValue(index, "priority", PicklistValues.Priority),
        "Account_Name" => Context.RandomLookup("Accounts", Hash.Of(index, "account")),
        "Related_To" => Contact(index),
        "Description" => Description(index),
        _ => null,
    };
}

internal sealed class QuotesSeed(SeedContext context, ModuleDefinition module, int count)
    : SeedSource(context, module, count, slot: 12)
{
    private static readonly string[] Stages = ["Draft", "Negotiation", "Delivered", "On Hold", "Confirmed", "Closed Won", "Closed Lost"];

    private LookupValue? Contact(int index) =>
        index % 2 == 0 ? FeaturedContact.Of(Context) : Context.RandomLookup("Contacts", Hash.Of(index, "contact"));

    public override string DisplayName(int index) =>
        "Quote " + (index + 1).ToString(CultureInfo.InvariantCulture) + " - " + Hash.Pick(index, "product", SampleData.CompanyWords) + " licences";

    protected override object? ModuleValue(int index, string field) => field switch
    {
        "Subject" => DisplayName(index),
        "Quote_Stage" => Hash.Pick(index, "stage", Stages),
        "Valid_Till" => DateOnly.FromDateTime(CreatedOf(index).ToOffset(ZohoTime.Offset).DateTime).AddDays(30),
        "Contact_Name" => Contact(index),
        "Account_Name" => Context.RandomLookup("Accounts", Hash.Of(index, "account")),
        "Deal_Name" => Hash.OneIn(index, "nodeal", 3) ? null : Context.RandomLookup("Deals", Hash.Of(index, "deal")),
        "Grand_Total" => (1 + Hash.Pick(index, "total", 200)) * 500.0,
        "Description" => Description(index),
        _ => null,
    };
}

internal sealed class NotesSeed(SeedContext context, ModuleCatalog catalog, ModuleDefinition module, int count)
    : SeedSource(context, module, count, slot: 13)
{
    private static readonly string[] ParentModules = ["Leads", "Contacts", "Accounts", "Deals"];

    private static readonly string[] Titles =
    [
        "Call summary", "Follow-up", "Pricing discussed", "Demo feedback", "Contract question", "Next steps", "Meeting notes",
    ];

    private ParentValue? Parent(int index)
    {
        var featured = index % 3 == 0 ? FeaturedContact.Of(Context) : null;
        if (featured is not null)
        {
            return new ParentValue("Contacts", catalog.Find("Contacts")!.Id, featured.Id, featured.Name);
        }

        var name = Hash.Pick(index, "parentmodule", ParentModules);
        var lookup = Context.RandomLookup(name, Hash.Of(index, "parent"));
        return lookup is null ? null : new ParentValue(name, catalog.Find(name)!.Id, lookup.Id, lookup.Name);
    }

    public override string DisplayName(int index) => Hash.Pick(index, "title", Titles) + " " + (index + 1).ToString(CultureInfo.InvariantCulture);

    protected override object? ModuleValue(int index, string field) => field switch
    {
        "Note_Title" => DisplayName(index),
        "Note_Content" => Hash.Pick(index, "content", SampleData.Descriptions),
        "Parent_Id" => Parent(index),
        _ => null,
    };
}
