using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Tests;

/// <summary>Issue 11: values that cannot be sent fail their own row with the field named; caller-given paths stay inside the API.</summary>
public class RowSafetyTests
{
    private static readonly RecordPayloadBuilder Leads = new("Leads", new[]
    {
        new ZohoField("Last_Name", "Last Name", "text"), new ZohoField("Company", null, "text"), new ZohoField("No_of_Employees", null, "integer"), new ZohoField("Big", null, "bigint"),
        new ZohoField("Annual_Revenue", null, "currency"), new ZohoField("Rating", null, "double"), new ZohoField("Owner", null, "ownerlookup"),
        new ZohoField("Tags", null, "multiselectpicklist"), new ZohoField("Email_Opt_Out", null, "boolean"),
    });

    private static (string Json, List<PayloadProblem> Problems) Build(string field, object value)
    {
        var problems = new List<PayloadProblem>();
        var json = Leads.Build(new[] { new KeyValuePair<string, object?>("Last_Name", "Smith"), new KeyValuePair<string, object?>(field, value) }, clearEmpty: false, problems);
        return (json.ToString(Newtonsoft.Json.Formatting.None), problems);
    }

    public static TheoryData<string, object, string> BadValues => new()
    {
        { "Annual_Revenue", double.NaN, "NaN" },
        { "Annual_Revenue", double.PositiveInfinity, "Infinity" },
        { "Rating", double.NegativeInfinity, "Infinity" },
        { "Annual_Revenue", 1e300, "out of range" },
        { "No_of_Employees", 1e300, "out of range" },
        { "No_of_Employees", 3_000_000_000L, "out of range" },
        { "Big", 1e20, "out of range" },
        { "No_of_Employees", "1e300", "out of range" },
        { "Company", new object[] { "a", "b" }, "one value" },
        { "Annual_Revenue", new object[] { 1, 2 }, "one value" },
        { "Owner", new object[] { "1", "2" }, "one record id" },
        { "Company", new System.Text.StringBuilder("x"), "StringBuilder" },
        { "Tags", new object[] { "ok", new System.IO.MemoryStream() }, "MemoryStream" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_value_that_cannot_be_sent_is_a_problem_of_its_own_field(string field, object value, string says)
    {
        var (json, problems) = Build(field, value);

        var problem = Assert.Single(problems);
        Assert.Equal("ZcrmInvalidValue", problem.Code);
        Assert.Equal(field, problem.Field);
        Assert.StartsWith(field + ": ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(says, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_a_field_can_hold_still_go()
    {
        Assert.Empty(Build("No_of_Employees", int.MaxValue).Problems);
        Assert.Empty(Build("Big", 3_000_000_000L).Problems);
        Assert.Empty(Build("Annual_Revenue", 1e20).Problems);
        Assert.Empty(Build("Tags", new object[] { "a", "b" }).Problems);
        Assert.Empty(Build("Email_Opt_Out", "yes").Problems);
        Assert.Contains("https://example.test/", Build("Company", new Uri("https://example.test/")).Json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Leads", "Leads")]
    [InlineData("Leads/123/Notes?fields=Note_Title", "Leads/123/Notes?fields=Note_Title")]
    [InlineData("/crm/bulk/v8/read", "/crm/bulk/v8/read")]
    [InlineData("https://www.zohoapis.eu/crm/v8/Leads?per_page=2", "/crm/v8/Leads?per_page=2")]
    [InlineData("Leads?criteria=(Last_Name:equals:..)", "Leads?criteria=(Last_Name:equals:..)")] // dots in the query are data
    public void Paths_inside_the_API_pass(string given, string sent)
        => Assert.Equal(sent, ApiPath.Check(given, new Uri("https://www.zohoapis.eu")));

    [Theory]
    [InlineData("../../__emulator/stats")]
    [InlineData("Leads/../../oauth")]
    [InlineData("./Leads")]
    [InlineData("%2e%2e/%2e%2e/x")]
    [InlineData("%2E%2E%2Fx")]
    [InlineData("%252e%252e/x")]
    [InlineData("Leads\\..\\..\\x")]
    [InlineData("/__emulator/stats")]
    [InlineData("/oauth/v2/token")]
    [InlineData("//evil.example/crm/v8/Leads")]
    [InlineData("https://evil.example/crm/v8/Leads")]
    [InlineData("https://www.zohoapis.eu/crm/v8/../../x")]
    [InlineData("https://www.zohoapis.eu/other/path")]
    [InlineData("ftp://www.zohoapis.eu/crm/v8/Leads")]
    public void Paths_that_leave_the_API_are_refused(string given)
    {
        var error = Assert.Throws<ZcrmUsageException>(() => ApiPath.Check(given, new Uri("https://www.zohoapis.eu")));
        Assert.Equal("ZcrmPathOutsideApi", error.ErrorId);
        Assert.Contains("Nothing was sent", error.Message, StringComparison.Ordinal);
    }
}
