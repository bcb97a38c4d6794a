using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Filters;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Tests;

public class WriteAndQueryBuildingTests
{
    private static readonly ZohoField[] LeadFields =
    {
        new("Last_Name", "Last Name", "text") { SystemMandatory = true },
        new("Email", "Email", "email"),
        new("No_of_Employees", "No. of Employees", "integer"),
        new("Annual_Revenue", "Annual Revenue", "currency"),
        new("Email_Opt_Out", "Email Opt Out", "boolean"),
        new("Follow_Up_Date", "Follow-up Date", "date"),
        new("Last_Activity_Time", "Last Activity Time", "datetime"),
        new("Owner", "Lead Owner", "ownerlookup"),
        new("Product_Interest", "Product Interest", "multiselectpicklist"),
        new("Full_Name", "Full Name", "text") { ReadOnly = true },
    };

    private static JObject Build(IEnumerable<KeyValuePair<string, object?>> values, bool clearEmpty, out List<PayloadProblem> problems, RecordPayloadBuilder? builder = null)
    {
        problems = new List<PayloadProblem>();
        return (builder ?? new RecordPayloadBuilder("Leads", LeadFields)).Build(values, clearEmpty, problems);
    }

    private static KeyValuePair<string, object?> V(string name, object? value) => new(name, value);

    [Fact]
    public void CSV_strings_become_the_types_of_their_fields_and_labels_map_to_API_names()
    {
        var json = Build(new[]
        {
            V("Last Name", "Okafor"), V("e-mail", "ada@example.test"), V("No. of Employees", "42"), V("Annual Revenue", "250000.50"),
            V("Email Opt Out", "yes"), V("Follow-up Date", "2026-12-01"), V("Last_Activity_Time", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1))),
            V("Lead Owner", "4150868000000225013"), V("Product_Interest", "A; B ;"), V("Full_Name", "ignored"), V("$state", "ignored"),
        }, clearEmpty: false, out var problems);
        Assert.Empty(problems);
        Assert.Equal("Okafor", (string)json["Last_Name"]!);
        Assert.Equal("ada@example.test", (string)json["Email"]!);
        Assert.Equal(42L, (long)json["No_of_Employees"]!);
        Assert.Equal(250000.50m, (decimal)json["Annual_Revenue"]!);
        Assert.True((bool)json["Email_Opt_Out"]!);
        Assert.Equal("2026-12-01", (string)json["Follow_Up_Date"]!);
        Assert.Equal("2026-01-02T03:04:05+01:00", (string)json["Last_Activity_Time"]!);
        Assert.Equal("4150868000000225013", (string)json["Owner"]!["id"]!);
        Assert.Equal(new[] { "A", "B" }, json["Product_Interest"]!.Select(t => (string)t!));
        Assert.Null(json["Full_Name"]);
        Assert.Null(json["$state"]);
    }

    [Fact]
    public void Empty_values_are_left_out_of_a_create_and_cleared_in_an_update()
    {
        var values = new[] { V("Last_Name", "X"), V("Email", ""), V("No_of_Employees", null) };
        var create = Build(values, clearEmpty: false, out _);
        Assert.Equal(new[] { "Last_Name" }, create.Properties().Select(p => p.Name));
        var update = Build(values, clearEmpty: true, out _);
        Assert.Equal(JTokenType.Null, update["Email"]!.Type);
        Assert.Equal(JTokenType.Null, update["No_of_Employees"]!.Type);
    }

    [Fact]
    public void Values_that_cannot_be_converted_are_problems_and_unknown_names_are_collected()
    {
        var builder = new RecordPayloadBuilder("Leads", LeadFields);
        Build(new[] { V("Last_Name", "X"), V("No_of_Employees", "lots"), V("Email_Opt_Out", "maybe"), V("Owner", "Patricia"), V("Shoe_Size", 44) }, false, out var problems, builder);
        Assert.Equal(new[] { "No_of_Employees", "Email_Opt_Out", "Owner" }, problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.Equal("ZcrmInvalidValue", p.Code));
        Assert.Equal(new[] { "Shoe_Size" }, builder.UnknownNames);
    }

    [Fact]
    public void Without_metadata_names_and_values_pass_through()
    {
        var json = Build(new[] { V("Anything", 5), V("When", new DateTime(2026, 5, 1)) }, false, out var problems, new RecordPayloadBuilder("Custom_Module", null));
        Assert.Empty(problems);
        Assert.Equal(5L, (long)json["Anything"]!);
        Assert.StartsWith("2026-05-01T00:00:00", (string)json["When"]!);
    }

    [Theory]
    [InlineData("Zylker (Asia), Ltd", "Zylker \\(Asia\\)\\, Ltd")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("plain", "plain")]
    public void Search_values_are_escaped_as_the_API_requires(string value, string escaped) => Assert.Equal(escaped, SearchCriteria.Escape(value));

    [Fact]
    public void Search_criteria_are_built_with_operators_lists_and_dates()
    {
        var conditions = new[]
        {
            new FieldCondition("Company", "equals", new object?[] { "A, B" }),
            new FieldCondition("Lead_Status", "in", new object?[] { "Cold", "Warm" }),
            new FieldCondition("Follow_Up_Date", "between", new object?[] { new DateTime(2026, 1, 1), new DateTime(2026, 2, 1) }),
        };
        var criteria = SearchCriteria.Build(conditions, any: false, name => name == "Follow_Up_Date" ? FieldValueKind.Date : FieldValueKind.Text);
        Assert.Equal("((Company:equals:A\\, B)and(Lead_Status:in:Cold,Warm)and(Follow_Up_Date:between:2026-01-01,2026-02-01))", criteria);
        Assert.Equal("(Email:starts_with:x)", SearchCriteria.Build(new[] { new FieldCondition("Email", "starts_with", new object?[] { "x" }) }, any: true, _ => FieldValueKind.Text));
        Assert.Equal("greater_equal", FilterOperators.Normalize("ge"));
        Assert.Equal("ZcrmInvalidOperator", Assert.Throws<ZcrmUsageException>(() => FilterOperators.Normalize("roughly")).ErrorId);
        Assert.Equal("ZcrmInvalidFilter", Assert.Throws<ZcrmUsageException>(() => SearchCriteria.Build(new[] { new FieldCondition("A", "between", new object?[] { 1 }) }, false, _ => FieldValueKind.Other)).ErrorId);
    }

    [Theory]
    [InlineData("select id from Leads where id is not null", 1)]
    [InlineData("select id from Leads where id is not null limit 200", 1)]
    [InlineData("select id from Leads where id is not null limit 1000", 2)]
    [InlineData("select id from Leads where id is not null limit 2000 offset 4000", 3)]
    [InlineData("select id from Leads where id is not null limit 4000, 500", 2)]
    public void COQL_credits_follow_the_limit(string query, int credits) => Assert.Equal(credits, CreditEstimator.CoqlCredits(query));

    [Fact]
    public void Generic_calls_are_charged_by_the_published_table()
    {
        static int Estimate(string method, string path, JToken? body = null, string? cvid = null)
        {
            var request = new ApiRequest(new HttpMethod(method), path) { JsonBody = body };
            request.AddQuery("cvid", cvid);
            return CreditEstimator.Estimate(request);
        }
        Assert.Equal(1, Estimate("GET", "Leads"));
        Assert.Equal(3, Estimate("GET", "Leads", cvid: "1"));
        Assert.Equal(2, Estimate("GET", "Leads/deleted"));
        Assert.Equal(5, Estimate("POST", "Leads/123/actions/convert"));
        Assert.Equal(50, Estimate("POST", "/crm/bulk/v8/read"));
        Assert.Equal(500, Estimate("POST", "/crm/bulk/v8/write"));
        Assert.Equal(10, Estimate("POST", "Leads", JObject.Parse("{\"data\":[" + string.Join(",", Enumerable.Repeat("{}", 100)) + "]}")));
        Assert.Equal(2, Estimate("POST", "Leads/upsert", JObject.Parse("{\"data\":[" + string.Join(",", Enumerable.Repeat("{}", 11)) + "]}")));
        Assert.Equal(1, Estimate("POST", "actions/watch", JObject.Parse("{\"watch\":[{}]}")));
    }

    [Fact]
    public void Paged_COQL_refuses_its_own_limit_and_is_ordered_for_stable_offsets()
    {
        Assert.Equal("ZcrmQueryHasLimit", Assert.Throws<ZcrmUsageException>(() => new CoqlQuery(null!, "select id from Leads where id is not null limit 10", page: true, FieldTypeMap.Empty)).ErrorId);
        Assert.Equal("Leads", CoqlQuery.ModuleOf("SELECT Last_Name FROM Leads WHERE id is not null"));
        Assert.Null(CoqlQuery.ModuleOf("not a query"));
    }
}
