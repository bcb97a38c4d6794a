using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Conversion;

/// <summary>Which lead field fills which field of the new (or overwritten) contact and account; Zoho's standard conversion mapping.</summary>
internal static class LeadConversionMap
{
    public static readonly (string Lead, string Target)[] Contacts =
    [
        ("Salutation", "Salutation"), ("First_Name", "First_Name"), ("Last_Name", "Last_Name"), ("Email", "Email"),
        ("Secondary_Email", "Secondary_Email"), ("Phone", "Phone"), ("Mobile", "Mobile"), ("Designation", "Title"),
        ("Lead_Source", "Lead_Source"), ("Email_Opt_Out", "Email_Opt_Out"), ("Description", "Description"),
        ("Street", "Mailing_Street"), ("City", "Mailing_City"), ("State", "Mailing_State"), ("Zip_Code", "Mailing_Zip"),
        ("Country", "Mailing_Country"),
    ];

    public static readonly (string Lead, string Target)[] Accounts =
    [
        ("Company", "Account_Name"), ("Phone", "Phone"), ("Website", "Website"), ("Industry", "Industry"),
        ("Annual_Revenue", "Annual_Revenue"), ("No_of_Employees", "Employees"), ("Rating", "Rating"),
        ("Street", "Billing_Street"), ("City", "Billing_City"), ("State", "Billing_State"), ("Zip_Code", "Billing_Code"),
        ("Country", "Billing_Country"),
    ];

    /// <summary>The lead's non-empty values under the target module's field names.</summary>
    public static Dictionary<string, object?> Values(ModuleRecordSet leads, CrmRecord lead, ModuleDefinition target, (string Lead, string Target)[] map)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (from, to) in map)
        {
            if (target.Field(to) is not null && leads.GetValue(lead, from) is { } value && !(value is string s && s.Length == 0))
            {
                values[to] = value;
            }
        }

        return values;
    }
}
