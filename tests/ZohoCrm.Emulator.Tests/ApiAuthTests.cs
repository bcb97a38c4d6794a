using System.Net;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

public sealed class ApiAuthTests : EmulatorTestBase
{
    [Fact]
    public async Task Missing_header_is_AUTHENTICATION_FAILURE()
    {
        Client.AccessToken = null;
        var response = await Client.GetAsync("/crm/v8/org");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("AUTHENTICATION_FAILURE", response.Code);
        Assert.Equal("Authentication failed", response.Json["message"]!.GetValue<string>());
        Assert.Equal("error", response.Json["status"]!.GetValue<string>());
        Assert.Empty(response.Json["details"]!.AsObject());
    }

    [Fact]
    public async Task Bearer_scheme_is_not_accepted()
    {
        var token = Client.AccessToken!;
        Client.AccessToken = null;
        var response = await Client.GetAsync("/crm/v8/org", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token));
        Assert.Equal("AUTHENTICATION_FAILURE", response.Code);
    }

    [Fact]
    public async Task Token_in_the_query_string_is_not_accepted()
    {
        var token = Client.AccessToken!;
        Client.AccessToken = null;
        var response = await Client.GetAsync("/crm/v8/org?access_token=" + token);
        Assert.Equal("AUTHENTICATION_FAILURE", response.Code);
    }

    [Fact]
    public async Task Unknown_token_is_INVALID_TOKEN()
    {
        Client.AccessToken = "1000.0000.1111";
        var response = await Client.GetAsync("/crm/v8/org");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("INVALID_TOKEN", response.Code);
        Assert.Equal("invalid oauth token", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpireAccessTokens_invalidates_issued_tokens_until_refresh()
    {
        Emulator.ExpireAccessTokens();
        Assert.Equal("INVALID_TOKEN", (await Client.GetAsync("/crm/v8/org")).Code);
        await Client.AuthenticateAsync();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/crm/v8/org")).Status);
    }

    [Fact]
    public async Task Unknown_path_is_INVALID_URL_PATTERN()
    {
        var response = await Client.GetAsync("/crm/v8/settings/nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("INVALID_URL_PATTERN", response.Code);
        Assert.Equal("Please check if the URL trying to access is a correct one", response.Json["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/crm/v2/Leads?fields=Last_Name")]
    [InlineData("/crm/v7/org")]
    [InlineData("/crm/V8/org")]
    public async Task Other_versions_are_INVALID_URL_PATTERN(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("INVALID_URL_PATTERN", response.Code);
    }

    [Fact]
    public async Task Wrong_method_is_INVALID_REQUEST_METHOD()
    {
        var response = await Client.SendApiAsync(HttpMethod.Delete, "/crm/v8/org");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_REQUEST_METHOD", response.Code);
        Assert.Equal("The http request method type is not a valid one", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Endpoints_not_implemented_yet_are_flagged()
    {
        var response = await Client.SendApiAsync(HttpMethod.Post, "/crm/v8/Leads/actions/mass_update");
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("INVALID_URL_PATTERN", response.Code);
        Assert.True(response.Message.Headers.Contains("X-Emulator-Not-Implemented"));
    }

    [Theory]
    [InlineData("/crm/v8/Widgets?fields=Name")]
    [InlineData("/crm/v8/leads?fields=Last_Name")]
    [InlineData("/crm/v8/LEADS/123")]
    public async Task Unknown_or_wrongly_cased_module_is_INVALID_MODULE(string path)
    {
        var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("INVALID_MODULE", response.Code);
        Assert.Equal("the module name given seems to be invalid", response.Json["message"]!.GetValue<string>());
        Assert.Equal(0, response.Json["details"]!["resource_path_index"]!.GetValue<int>());
    }
}
