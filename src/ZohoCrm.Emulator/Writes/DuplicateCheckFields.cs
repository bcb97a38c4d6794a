using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Writes;

/// <summary>The fields upsert matches on when duplicate_check_fields is not sent (fact sheet §3.3).</summary>
internal static class DuplicateCheckFields
{
    /// <summary>Zoho's system duplicate-check field per module (Products is "?" in the sheet).</summary>
    private static readonly Dictionary<string, string> System = new(StringComparer.Ordinal)
    {
        ["Leads"] = "Email",
        ["Contacts"] = "Email",
        ["Accounts"] = "Account_Name",
        ["Deals"] = "Deal_Name",
        ["Products"] = "Product_Name",
    };

    /// <summary>The system duplicate-check field (if any) followed by the module's unique fields.</summary>
    public static IReadOnlyList<FieldDefinition> Default(ModuleDefinition module)
    {
        var fields = new List<FieldDefinition>();
        if (System.TryGetValue(module.ApiName, out var name) && module.Field(name) is { } system)
        {
            fields.Add(system);
        }

        fields.AddRange(module.Fields.Where(f => f.Unique && !fields.Contains(f)));
        return fields;
    }
}
