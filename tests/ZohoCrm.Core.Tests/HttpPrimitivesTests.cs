using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Tests;

public class HttpPrimitivesTests
{
    [Theory]
    [InlineData("5", 5)]
    [InlineData("0", 0)]
    [InlineData("1.5", 1.5)]
    public void Retry_after_in_seconds(string header, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfter.Parse(header, DateTimeOffset.UtcNow));

    [Fact]
    public void Retry_after_as_http_date()
    {
        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.Parse("Tue, 24 Nov 2026 10:00:30 GMT", now));
    }

    [Fact]
    public void Retry_after_garbage_is_ignored() => Assert.Null(RetryAfter.Parse("soon", DateTimeOffset.UtcNow));

    [Theory]
    [InlineData("https://accounts.zoho.eu")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    [InlineData("http://127.8.9.10")]
    public void Secure_or_loopback_urls_are_accepted(string url) => Assert.NotNull(UrlPolicy.RequireSecure(new Uri(url), "test URL"));

    [Theory]
    [InlineData("http://accounts.zoho.com")]
    [InlineData("http://10.0.0.5")]
    [InlineData("http://example.com:5000")]
    public void Plain_http_to_other_hosts_is_refused(string url)
    {
        var ex = Assert.Throws<ZcrmUsageException>(() => UrlPolicy.RequireSecure(new Uri(url), "API domain"));
        Assert.Equal("ZcrmInsecureUrl", ex.ErrorId);
        Assert.Contains("loopback", ex.Message);
    }

    [Theory]
    [InlineData(DataCenter.US, ZohoEnvironment.Production, "https://accounts.zoho.com", "https://www.zohoapis.com")]
    [InlineData(DataCenter.EU, ZohoEnvironment.Sandbox, "https://accounts.zoho.eu", "https://sandbox.zohoapis.eu")]
    [InlineData(DataCenter.IN, ZohoEnvironment.Developer, "https://accounts.zoho.in", "https://developer.zohoapis.in")]
    [InlineData(DataCenter.AU, ZohoEnvironment.Production, "https://accounts.zoho.com.au", "https://www.zohoapis.com.au")]
    [InlineData(DataCenter.CN, ZohoEnvironment.Production, "https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn")]
    [InlineData(DataCenter.JP, ZohoEnvironment.Production, "https://accounts.zoho.jp", "https://www.zohoapis.jp")]
    [InlineData(DataCenter.CA, ZohoEnvironment.Production, "https://accounts.zohocloud.ca", "https://www.zohoapis.ca")]
    [InlineData(DataCenter.SA, ZohoEnvironment.Sandbox, "https://accounts.zoho.sa", "https://sandbox.zohoapis.sa")]
    [InlineData(DataCenter.UK, ZohoEnvironment.Production, "https://accounts.zoho.uk", "https://www.zohoapis.uk")]
    public void Data_centres_map_to_the_fact_sheet_domains(DataCenter dc, ZohoEnvironment env, string accounts, string api)
    {
        var endpoints = ZohoEndpoints.Resolve(dc, env, null, null);
        Assert.Equal(new Uri(accounts), endpoints.AccountsUrl);
        Assert.Equal(new Uri(api), endpoints.ApiDomain);
        Assert.Equal(dc, ZohoEndpoints.DataCenterOf(endpoints.ApiDomain));
    }

    [Fact]
    public void Overrides_win_over_the_data_centre()
    {
        var endpoints = ZohoEndpoints.Resolve(DataCenter.EU, ZohoEnvironment.Production, new Uri("http://127.0.0.1:1"), new Uri("http://127.0.0.1:2"));
        Assert.Equal(1, endpoints.AccountsUrl.Port);
        Assert.Equal(2, endpoints.ApiDomain.Port);
    }

    [Theory]
    [InlineData("{\"expires_in\":3600}", 3600)]
    [InlineData("{\"expires_in\":3600000}", 3600)]
    [InlineData("{\"expires_in\":3600000,\"expires_in_sec\":3600}", 3600)]
    [InlineData("{}", 3600)]
    public void Token_lifetime_accepts_seconds_and_the_old_milliseconds(string json, int seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), OAuthClient.ReadLifetime(JObject.Parse(json)));

    [Fact]
    public void Refresh_margin_is_a_minute_for_hour_long_tokens_and_a_tenth_for_short_ones()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), new AccessToken("x", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), null).RefreshMargin);
        Assert.Equal(TimeSpan.FromSeconds(2), new AccessToken("x", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(20), null).RefreshMargin);
    }

    [Fact]
    public void Access_token_text_never_shows_its_value()
        => Assert.DoesNotContain("supersecretvalue", new AccessToken("supersecretvalue", DateTimeOffset.UtcNow, TimeSpan.FromHours(1), null).ToString());

    [Fact]
    public void Requests_resolve_relative_and_absolute_paths()
    {
        var relative = new ApiRequest(System.Net.Http.HttpMethod.Get, "Leads").AddQuery("fields", "Last_Name,Email").AddQuery("page", "2");
        Assert.Equal("https://www.zohoapis.com/crm/v8/Leads?fields=Last_Name%2CEmail&page=2", relative.BuildUri(new Uri("https://www.zohoapis.com"), "v8").ToString());
        var absolute = new ApiRequest(System.Net.Http.HttpMethod.Post, "/crm/bulk/v8/read");
        Assert.Equal("/crm/bulk/v8/read", absolute.ResolvePath("v8"));
        Assert.False(absolute.IsIdempotent);
        Assert.True(relative.IsIdempotent);
    }

    [Fact]
    public void Zoho_error_envelopes_are_read_top_level_and_per_record()
    {
        Assert.True(ZohoErrorBody.TryRead(JToken.Parse("{\"code\":\"INVALID_MODULE\",\"details\":{\"resource_path_index\":0},\"message\":\"the module name given seems to be invalid\",\"status\":\"error\"}"), out var code, out var message, out var details));
        Assert.Equal("INVALID_MODULE", code);
        Assert.Equal("the module name given seems to be invalid", message);
        Assert.Equal(0L, details["resource_path_index"]);
        Assert.True(ZohoErrorBody.TryRead(JToken.Parse("{\"data\":[{\"code\":\"MANDATORY_NOT_FOUND\",\"details\":{\"api_name\":\"Last_Name\"},\"message\":\"required field not found\",\"status\":\"error\"}]}"), out code, out _, out details));
        Assert.Equal("MANDATORY_NOT_FOUND", code);
        Assert.Equal("Last_Name", details["api_name"]);
        Assert.False(ZohoErrorBody.TryRead(JToken.Parse("{\"data\":[]}"), out _, out _, out _));
    }
}
