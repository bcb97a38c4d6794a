using System.Collections;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Bulk;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Filters;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Tests;

/// <summary>
/// One -Filter converter and field rule for search and bulk read, and one condition type with two renderers (search
/// criteria text, bulk read criteria JSON).
/// </summary>
public class FilterConverterTests
{
    private static readonly ZohoField[] LeadFields =
    {
        new("Last_Name", "Last Name", "text"),
        new("Lead_Source", "Lead Source", "picklist"),
        new("Annual_Revenue", "Annual Revenue", "currency"),
        new("Follow_Up_Date", "Follow-up Date", "date"),
        new("Owner", "Lead Owner", "ownerlookup"),
        new("email_alias", "Email Alias", "email"),
        new("Email_Alias", "Email alias (old)", "email"),
    };

    private static readonly FieldResolver Leads = new("Leads", LeadFields);

    private static IReadOnlyList<FieldCondition> Convert(FieldResolver? fields, params (string Key, object? Value)[] filter) =>
        FilterConverter.ToConditions(filter.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value)), fields);

    [Theory]
    [InlineData("Lead_Source", "Lead_Source")]
    [InlineData("lead_source", "Lead_Source")]
    [InlineData("LEAD_SOURCE", "Lead_Source")]
    [InlineData("Lead Source", "Lead_Source")]
    [InlineData("lead source", "Lead_Source")]
    [InlineData("  Lead_Source ", "Lead_Source")]
    [InlineData("Lead Owner", "Owner")]
    [InlineData("id", "id")]
    [InlineData("Email_Alias", "Email_Alias")]
    [InlineData("email_alias", "email_alias")]
    [InlineData("EMAIL_ALIAS", "email_alias")]
    public void A_filter_key_finds_its_field_by_API_name_then_any_case_or_label(string key, string apiName)
    {
        var condition = Assert.Single(Convert(Leads, (key, "x")));
        Assert.Equal(apiName, condition.Field);
        Assert.Equal(apiName, Leads.Resolve(key));
    }

    [Fact]
    public void An_unknown_field_is_refused_with_the_module_named_and_no_cmdlet_named()
    {
        var ex = Assert.Throws<ZcrmUsageException>(() => Convert(Leads, ("Lead_Sauce", "Web")));
        Assert.Equal("ZcrmUnknownField", ex.ErrorId);
        Assert.Contains("'Lead_Sauce' is not a field of Leads", ex.Message);
        Assert.DoesNotContain("-Zcrm", ex.Message + ex.RecommendedAction);
        Assert.Equal((RemedyKind.ListFields, "Leads"), (ex.Remedy!.Kind, ex.Remedy.Module));
    }

    [Fact]
    public void Without_the_field_list_names_are_only_trimmed_and_resolved_later_by_the_same_rule()
    {
        var unresolved = Convert(null, (" lead source ", "Web"), ("Annual revenue", new Hashtable { ["gt"] = 5 }));
        Assert.Equal(new[] { "lead source", "Annual revenue" }, unresolved.Select(c => c.Field));
        Assert.Equal(new[] { "Lead_Source", "Annual_Revenue" }, Leads.Resolve(unresolved).Select(c => c.Field));

        var unreadable = new FieldResolver("Leads", null);
        Assert.False(unreadable.KnowsFields);
        Assert.Equal("Anything_Goes", unreadable.Resolve(" Anything_Goes "));
        Assert.Null(unreadable.FieldOf("Last_Name"));
        Assert.Equal("ZcrmInvalidFilter", Assert.Throws<ZcrmUsageException>(() => Convert(null, ("  ", "x"))).ErrorId);
    }

    [Fact]
    public void Values_become_equal_in_operator_conditions_and_lookups_by_id()
    {
        var conditions = Convert(Leads,
            ("Last_Name", "Burns"),
            ("Lead_Source", new object?[] { "Web", "Fair" }),
            ("Annual_Revenue", new Hashtable { ["ge"] = 100, ["lt"] = 500 }),
            ("Owner", new Hashtable { ["id"] = "4150868000000225013", ["name"] = "Patricia Boyle" }),
            ("Follow_Up_Date", new Hashtable { ["between"] = new object?[] { new DateTime(2026, 1, 1), new DateTime(2026, 2, 1) } }));

        Assert.Equal(6, conditions.Count);
        Assert.Equal(("Last_Name", "equal"), (conditions[0].Field, conditions[0].Operator));
        Assert.Equal(new object?[] { "Web", "Fair" }, conditions[1].Values);
        Assert.Equal("in", conditions[1].Operator);
        Assert.Equal(new[] { "greater_equal", "less_than" }, conditions.Where(c => c.Field == "Annual_Revenue").Select(c => c.Operator).OrderBy(o => o));
        Assert.Equal(("Owner", "equal", "4150868000000225013"), (conditions[4].Field, conditions[4].Operator, conditions[4].Values.Single()));
        Assert.Equal(2, conditions[5].Values.Count);
        Assert.Equal("ZcrmInvalidOperator", Assert.Throws<ZcrmUsageException>(() => Convert(Leads, ("Last_Name", new Hashtable { ["roughly"] = "x" }))).ErrorId);
    }

    [Theory]
    [InlineData("eq", "equal")]
    [InlineData("equals", "equal")]
    [InlineData("Equal", "equal")]
    [InlineData("ne", "not_equal")]
    [InlineData("greater-than", "greater_than")]
    [InlineData("notbetween", "not_between")]
    [InlineData("like", "contains")]
    public void Operators_are_canonical_whichever_spelling_came_in(string given, string canonical)
    {
        Assert.Equal(canonical, FilterOperators.Normalize(given));
        Assert.Equal(canonical, new FieldCondition("Last_Name", given, new object?[] { "x" }).Operator);
    }

    [Fact]
    public void One_set_of_conditions_renders_as_search_criteria_text_and_as_bulk_read_criteria_json()
    {
        var conditions = Convert(Leads,
            ("Last Name", "Zylker (Asia), Ltd"),
            ("Lead_Source", new object?[] { "Web", "Fair" }),
            ("Follow_Up_Date", new Hashtable { ["ge"] = new DateTime(2026, 1, 1) }));

        var text = SearchCriteria.Build(conditions, any: false, name => LeadFields.First(f => f.ApiName == name).Kind);
        Assert.Equal("((Last_Name:equals:Zylker \\(Asia\\)\\, Ltd)and(Lead_Source:in:Web,Fair)and(Follow_Up_Date:greater_equal:2026-01-01))", text);

        var json = BulkCriteria.Build(conditions, any: true, Leads.FieldOf);
        Assert.Equal(
            """{"group_operator":"or","group":[{"field":{"api_name":"Last_Name"},"comparator":"equal","value":"Zylker (Asia), Ltd"},""" +
            """{"field":{"api_name":"Lead_Source"},"comparator":"in","value":["Web","Fair"]},""" +
            """{"field":{"api_name":"Follow_Up_Date"},"comparator":"greater_equal","value":"2026-01-01"}]}""",
            json.ToString(Newtonsoft.Json.Formatting.None));
    }

    [Fact]
    public void Each_renderer_keeps_its_own_limits()
    {
        var eleven = Enumerable.Range(0, 11).Select(i => new FieldCondition("Last_Name", "equal", new object?[] { "x" + i })).ToList();
        Assert.Equal("ZcrmTooManyConditions", Assert.Throws<ZcrmUsageException>(() => SearchCriteria.Build(eleven, false, _ => FieldValueKind.Text)).ErrorId);
        Assert.Equal(11, ((JArray)BulkCriteria.Build(eleven, false, Leads.FieldOf)["group"]!).Count);

        var contains = new[] { new FieldCondition("Lead_Source", "contains", new object?[] { "We" }) };
        Assert.Equal("(Lead_Source:contains:We)", SearchCriteria.Build(contains, false, _ => FieldValueKind.Text));
        Assert.Equal("ZcrmInvalidOperator", Assert.Throws<ZcrmUsageException>(() => BulkCriteria.Build(contains, false, Leads.FieldOf)).ErrorId);
    }
}
