namespace ZohoCrm.Emulator;

/// <summary>What an upsert entry carries in "duplicate_field" when it inserted (fact sheet §3.4 says null; record.json types it as a non-null string).</summary>
public enum UpsertInsertDuplicateField
{
    /// <summary>The key is left out (satisfies record.json).</summary>
    Omit,

    /// <summary>"duplicate_field": null (the sheet's wording).</summary>
    Null,
}

/// <summary>Settings of the writing endpoints, search, COQL, deleted records and lead conversion (fact sheet §3–§5).</summary>
public sealed partial class EmulatorOptions
{
    // ---- writes (§3.3, §3.4) ----

    /// <summary>§3.1: records per insert, update or upsert; more is a top-level LIMIT_EXCEEDED.</summary>
    public int MaxRecordsPerWrite { get; set; } = 100;

    /// <summary>§3.4/§12 (?): HTTP status when every record of a write failed (the body still holds the data array).</summary>
    public int AllRecordsFailedStatusCode { get; set; } = 400;

    /// <summary>§3.4 (?): HTTP status when some records succeeded and some failed (202 in v2).</summary>
    public int PartialSuccessStatusCode { get; set; } = 207;

    /// <summary>§3.4 (?): HTTP status of an upsert whose records all succeeded, even when it inserted.</summary>
    public int UpsertSuccessStatusCode { get; set; } = 200;

    /// <summary>§3.4 (?): "duplicate_field" of an upsert entry that inserted.</summary>
    public UpsertInsertDuplicateField UpsertInsertDuplicateField { get; set; } = UpsertInsertDuplicateField.Omit;

    /// <summary>§3.3 (?): upsert accepts any field in duplicate_check_fields, not only unique and system duplicate-check fields.</summary>
    public bool UpsertAllowsAnyDuplicateCheckField { get; set; }

    /// <summary>§3.3 (?): values accepted in "trigger".</summary>
    public IReadOnlyList<string> AllowedTriggers { get; set; } = ["workflow", "approval", "blueprint", "pathfinder", "orchestration"];

    /// <summary>
    /// A field name the module does not have gives INVALID_DATA (true) or is ignored (false). Zoho is said to
    /// ignore them; refusing catches misspelt API names.
    /// </summary>
    /// <summary>
    /// §4.1 (?): v8 search matches loosely ("equals" behaves like contains). When set, email= also returns records whose
    /// email contains the value (notjane@example.com for jane@example.com), so clients must match exactly themselves.
    /// </summary>
    public bool SearchEmailMatchesContains { get; set; }

    public bool RejectUnknownFields { get; set; } = true;

    /// <summary>Read-only and system fields in a write body (Created_Time, Full_Name, Lead_Number …) give INVALID_DATA (true) or are ignored (false, as Zoho does).</summary>
    public bool RejectReadOnlyFields { get; set; }

    /// <summary>A picklist value that is not one of the field's values is stored (true) or refused with INVALID_DATA (false).</summary>
    public bool AcceptUnknownPicklistValues { get; set; }

    /// <summary>record.json types details.maximum_length as a string ("255"); false sends a number.</summary>
    public bool MaximumLengthAsString { get; set; } = true;

    /// <summary>§3.4 (?): code of the per-record error for updating a converted lead (ID_ALREADY_CONVERTED, or CONVERTED_RECORD of the OAS enum).</summary>
    public string ConvertedRecordUpdateCode { get; set; } = "ID_ALREADY_CONVERTED";

    // ---- deleted records (§3.5) ----

    /// <summary>§3.5 (?): how long a deleted record stays in the recycle bin before it counts as permanently deleted.</summary>
    public TimeSpan RecycleBinRetention { get; set; } = TimeSpan.FromDays(60);

    /// <summary>§3.5 (?): "type" of GET deleted also accepts All/Recycle/Permanent in any case (default: only the lowercase v8 values).</summary>
    public bool DeletedTypeIgnoresCase { get; set; }

    /// <summary>§8.1: credits of GET /{module}/deleted.</summary>
    public int DeletedCreditCost { get; set; } = 2;

    // ---- search (§4.1) ----

    /// <summary>§4.1 (?): conditions in one criteria (module_search.json names 15 in its message; the sheet says 10).</summary>
    public int SearchMaxCriteria { get; set; } = 10;

    /// <summary>§4.1 (?): records reachable with page × per_page; past it 400 LIMIT_REACHED.</summary>
    public int SearchRecordCap { get; set; } = 2000;

    /// <summary>§4.1 (?): on the page that reaches the cap, more_records says whether more matches exist (true) or is always false.</summary>
    public bool SearchMoreRecordsAtCap { get; set; } = true;

    /// <summary>§4.1: values in one in/not_in list (module_search.json: "Only 100 values are allowed").</summary>
    public int SearchMaxInValues { get; set; } = 100;

    /// <summary>§4.1 (v8): "equals" on a text field also matches the value as whole words inside it ("ABC" finds "ABC Inc").</summary>
    public bool SearchTextEqualsMatchesWords { get; set; } = true;

    /// <summary>§4.1 (?): operators allowed on text-like fields (text, textarea, email, phone, website, autonumber) in v8.</summary>
    public IReadOnlyList<string> SearchTextOperators { get; set; } =
        ["equals", "not_equal", "starts_with", "ends_with", "contains", "not_contains", "in", "not_in"];

    /// <summary>(?): "and" and "or" may be mixed at one level without parentheses (evaluated left to right); default: INVALID_QUERY.</summary>
    public bool SearchAllowsMixedAndOr { get; set; }

    /// <summary>§4.1 (?): records created or changed this recently are not yet found by search.</summary>
    public TimeSpan SearchIndexDelay { get; set; } = TimeSpan.Zero;

    // ---- COQL (§4.2) ----

    /// <summary>§4.2/§13 (?): the largest LIMIT (2,000 for v7–v8 per the sheet; 200 per §13's reading of the OAS).</summary>
    public int CoqlMaxLimit { get; set; } = 2000;

    /// <summary>§4.2: LIMIT when none is given.</summary>
    public int CoqlDefaultLimit { get; set; } = 200;

    /// <summary>§4.2: rows reachable through OFFSET (OFFSET + LIMIT may not pass it).</summary>
    public int CoqlOffsetWindow { get; set; } = 100_000;

    /// <summary>§4.2 (?): a query without WHERE is a SYNTAX_ERROR (v2–v5 rule; v6+ may allow it).</summary>
    public bool CoqlRequiresWhere { get; set; } = true;

    /// <summary>§4.2 (?): no rows gives 204 (true) or 200 with "data": [] and count 0 (false).</summary>
    public bool CoqlEmptyIsNoContent { get; set; } = true;

    /// <summary>(?): COQL on Leads also returns converted leads (default: not, like the list API's converted=false).</summary>
    public bool CoqlIncludesConvertedLeads { get; set; }

    /// <summary>§4.2: fields in SELECT.</summary>
    public int CoqlMaxSelectFields { get; set; } = 50;

    /// <summary>§4.2: conditions in WHERE.</summary>
    public int CoqlMaxConditions { get; set; } = 25;

    /// <summary>§4.2: values in one in/not in list.</summary>
    public int CoqlMaxInValues { get; set; } = 50;

    /// <summary>§4.2: fields in ORDER BY.</summary>
    public int CoqlMaxOrderBy { get; set; } = 10;

    // ---- lead conversion (§5) ----

    /// <summary>§5/§12 (?): a conversion without a deal (or without an account) answers "Deals": null (true) or leaves the key out (false); convert_lead.json requires the keys but types them as objects.</summary>
    public bool ConvertAbsentEntityAsNull { get; set; } = true;

    /// <summary>§5 (?): resource_path_index of the lead id in ID_ALREADY_CONVERTED and INVALID_DATA of the convert path.</summary>
    public int ConvertLeadIdPathIndex { get; set; } = 2;

    /// <summary>§5 (?): HTTP status of ID_ALREADY_CONVERTED.</summary>
    public int AlreadyConvertedStatusCode { get; set; } = 400;

    /// <summary>(?): when the lead's company or e-mail matches an existing account or contact, conversion links that record instead of failing with DUPLICATE_DATA.</summary>
    public bool ConvertLinksExistingDuplicates { get; set; } = true;

    /// <summary>§8.1: credits of a lead conversion.</summary>
    public int ConvertCreditCost { get; set; } = 5;
}
