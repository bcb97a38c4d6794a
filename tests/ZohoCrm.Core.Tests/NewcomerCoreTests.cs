using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Metadata;
using ZohoCrm.Core.Records;

namespace ZohoCrm.Core.Tests;

/// <summary>Issue 18: the closest module for a misspelt name, a query's own LIMIT, lookup name columns of a CSV, auth wording.</summary>
public class NewcomerCoreTests
{
    private static readonly ZohoModule[] Modules =
    {
        new("Leads") { PluralLabel = "Leads", SingularLabel = "Lead" },
        new("Contacts") { PluralLabel = "Contacts", SingularLabel = "Contact" },
        new("Sales_Orders") { PluralLabel = "Sales Orders", SingularLabel = "Sales Order" },
        new("Deals") { PluralLabel = "Deals", SingularLabel = "Deal" },
    };

    [Theory]
    [InlineData("Leds", "Leads")]
    [InlineData("contcts", "Contacts")]
    [InlineData("Sales_Order", "Sales_Orders")]
    [InlineData("Dael", "Deals")]
    public void A_misspelt_module_has_a_closest_module(string name, string expected)
    {
        Assert.Equal(expected, MetadataCache.ClosestModule(Modules, name)?.ApiName);
    }

    [Theory]
    [InlineData("Widgets")]
    [InlineData("Xyzzy_Thing")]
    public void A_name_far_from_every_module_has_none(string name)
    {
        Assert.Null(MetadataCache.ClosestModule(Modules, name));
    }

    [Fact]
    public void An_unknown_module_error_is_about_the_name_given_not_the_metadata_call()
    {
        var error = MetadataCache.UnknownModule("Leds", Modules);

        Assert.Equal("INVALID_MODULE", error.Code);
        Assert.Equal("Leds", error.Details["module"]);
        Assert.Equal("Leads", error.Details["closest"]);
        Assert.DoesNotContain("settings/fields", error.Message);
        Assert.Null(error.Path);
    }

    [Theory]
    [InlineData("select Last_Name from Leads where Last_Name is not null limit 3", true)]
    [InlineData("select Last_Name from Leads where Last_Name is not null LIMIT 10 OFFSET 20;", true)]
    [InlineData("select Last_Name from Leads where Last_Name is not null limit 0, 5", true)]
    [InlineData("select Last_Name from Leads where Last_Name is not null", false)]
    [InlineData("select Last_Name from Leads where Last_Name = 'limit 3'", false)]
    public void A_query_with_its_own_limit_is_told_apart(string query, bool expected)
    {
        Assert.Equal(expected, CoqlQuery.HasOwnLimit(query));
    }

    [Fact]
    public void A_lookup_name_column_is_left_out_silently_and_other_unknown_names_are_reported()
    {
        var builder = new RecordPayloadBuilder("Leads", new[]
        {
            new ZohoField("Last_Name", "Last Name", "text"),
            new ZohoField("Owner", "Lead Owner", "ownerlookup"),
            new ZohoField("Product_Interest", "Product Interest", "multiselectpicklist"),
        });
        var problems = new List<PayloadProblem>();

        var json = builder.Build(new Dictionary<string, object?>
        {
            ["Last_Name"] = "Okafor",
            ["Owner"] = "4150868000000224001",
            ["Owner.name"] = "Patricia Boyle",
            ["Last_Name.name"] = "not a lookup",
            ["Product_Interest"] = "Software;Consulting",
        }, clearEmpty: false, problems);

        Assert.Empty(problems);
        Assert.Equal("4150868000000224001", (string?)json["Owner"]?["id"]);
        Assert.Equal(new[] { "Software", "Consulting" }, json["Product_Interest"]!.Select(v => (string?)v).ToArray());
        Assert.Null(json["Owner.name"]);
        Assert.Equal(new[] { "Last_Name.name" }, builder.UnknownNames.ToArray());
    }

    [Fact]
    public void An_accounts_server_refusal_says_its_code_once()
    {
        var error = new ZohoAuthException("invalid_code", "The Zoho accounts server refused the grant code or refresh token.");

        Assert.Equal("OAUTH_INVALID_CODE", error.Code);
        Assert.Equal("invalid_code", error.OAuthError);
        Assert.Equal("OAUTH_INVALID_CODE: The Zoho accounts server refused the grant code or refresh token.", error.Message);
    }
}
