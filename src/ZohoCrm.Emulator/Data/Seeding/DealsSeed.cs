using ZohoCrm.Emulator.Data.Modules;

namespace ZohoCrm.Emulator.Data.Seeding;

internal sealed class DealsSeed(SeedContext context, ModuleDefinition module, int count)
    : SeedSource(context, module, count, slot: 4)
{
    private LookupValue? Account(int index) => Context.RandomLookup("Accounts", Hash.Of(index, "account"));

    public override string DisplayName(int index) =>
        (Account(index)?.Name ?? Hash.Pick(index, "company", SampleData.CompanyWords)) + " - " + Hash.Pick(index, "kind", SampleData.DealKinds);

    private int StageIndex(int index) => Hash.Pick(index, "stage", PicklistValues.Stage.Length);

    private double Amount(int index) => (5 + Hash.Pick(index, "amount", 500)) * 1000.0;

    protected override object? ModuleValue(int index, string field) => field switch
    {
        "Deal_Name" => DisplayName(index),
        "Account_Name" => Account(index),
        "Contact_Name" => Hash.OneIn(index, "nocontact", 4) ? null : Context.RandomLookup("Contacts", Hash.Of(index, "contact")),
        "Amount" => Amount(index),
        "Closing_Date" => DateOnly.FromDateTime(CreatedOf(index).ToOffset(ZohoTime.Offset).DateTime).AddDays(30 + Hash.Pick(index, "closing", 150)),
        "Stage" => PicklistValues.Stage[StageIndex(index)],
        "Pipeline" => PicklistValues.Pipeline[0],
        "Probability" => (long)PicklistValues.StageProbability[StageIndex(index)],
        "Expected_Revenue" => Amount(index) * PicklistValues.StageProbability[StageIndex(index)] / 100.0,
        "Type" => PickValue(index, "type", PicklistValues.DealType),
        "Next_Step" => Maybe(index, "nonext", 3, Hash.Pick(index, "next", SampleData.NextSteps)),
        "Lead_Source" => PickValue(index, "source", PicklistValues.LeadSource),
        "Campaign_Source" => null,
        "Description" => Description(index),
        _ => null,
    };
}
