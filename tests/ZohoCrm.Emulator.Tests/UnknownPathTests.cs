using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>Paths Zoho does not have answer 404 INVALID_URL_PATTERN (§9.3), while module calls keep their own errors.</summary>
public sealed class UnknownPathTests : EmulatorTestBase
{
    [Theory]
    [InlineData("GET", "/crm/v8/nonexistent/thing")]
    [InlineData("GET", "/crm/v8/settings/no_such_setting")]
    [InlineData("GET", "/crm/v8/settings")]
    [InlineData("PUT", "/crm/v8/nonexistent/thing")]
    [InlineData("DELETE", "/crm/v8/widgets/abc")]
    public async Task A_path_Zoho_does_not_have_is_404_INVALID_URL_PATTERN(string method, string path)
    {
        var response = await Client.SendApiAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("INVALID_URL_PATTERN", response.Code);
        Assert.Equal("Please check if the URL trying to access is a correct one", response.Json["message"]!.GetValue<string>());
        Assert.False(response.Message.Headers.Contains("X-Emulator-Not-Implemented"));
    }

    [Theory]
    [InlineData("/crm/v8/Nope/123")]
    [InlineData("/crm/v8/Nope?fields=Name")]
    [InlineData("/crm/v8/Nope/deleted")]
    public async Task An_unknown_module_in_a_module_call_is_still_INVALID_MODULE(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_MODULE", response.Code);
    }

    [Theory]
    [InlineData("/crm/v8/settings/modules")]
    [InlineData("/crm/v8/settings/fields?module=Leads")]
    [InlineData("/crm/v8/org")]
    [InlineData("/crm/v8/users?type=CurrentUser")]
    [InlineData("/crm/v8/Leads?fields=Last_Name")]
    public async Task Real_endpoints_keep_working(string path)
    {
        var response = await Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task A_record_of_a_known_module_is_still_read_by_id()
    {
        var list = await Client.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=1");
        var id = list.Json["data"]![0]!["id"]!.GetValue<string>();

        var one = await Client.GetAsync("/crm/v8/Leads/" + id);

        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal(id, one.Json["data"]![0]!["id"]!.GetValue<string>());
    }
}
