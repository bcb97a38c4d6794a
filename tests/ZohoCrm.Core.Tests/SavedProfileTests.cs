using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;

namespace ZohoCrm.Core.Tests;

public class SavedProfileTests
{
    [Fact]
    public void A_profile_round_trips_with_its_access_token()
    {
        var endpoints = new ZohoEndpoints(new Uri("https://accounts.zoho.eu"), new Uri("https://www.zohoapis.eu"));
        var settings = new ConnectionSettings("prod", "1000.CLIENT", "client-secret-value", "1000.refresh.value", endpoints)
        {
            DataCenter = DataCenter.EU,
            Environment = ZohoEnvironment.Production,
            ApiVersion = "v8",
            Scopes = "ZohoCRM.modules.ALL",
            Resilience = new ResilienceOptions { MaxConcurrency = 7, MaxRetries = 2 },
        };
        var expires = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var token = new AccessToken("1000.access.value", expires, TimeSpan.FromHours(1), "ZohoCRM.modules.ALL");
        var text = SavedProfile.Serialize(settings, token, new ZohoUser { FullName = "P B", Email = "p@b" }, null);

        var request = SavedProfile.Parse(text, out var user, out var org);
        Assert.Equal("prod", request.Profile);
        Assert.Equal("1000.CLIENT", request.ClientId);
        Assert.Equal("client-secret-value", request.ClientSecret);
        Assert.Equal("1000.refresh.value", request.RefreshToken);
        Assert.Equal(DataCenter.EU, request.DataCenter);
        Assert.Equal(new Uri("https://www.zohoapis.eu"), request.ApiDomain);
        Assert.Equal(7, request.Resilience.MaxConcurrency);
        Assert.Equal(2, request.Resilience.MaxRetries);
        Assert.Equal("1000.access.value", request.CachedToken!.Value);
        Assert.Equal(expires, request.CachedToken.ExpiresAt);
        Assert.Equal("P B", user!.FullName);
        Assert.Null(org);
        Assert.Equal("ZohoCrm/prod", SavedProfile.SecretName("prod"));
    }

    [Fact]
    public void Foreign_or_damaged_secrets_give_a_clear_error()
    {
        Assert.Equal("ZcrmSavedProfileUnreadable", Assert.Throws<ZcrmUsageException>(() => SavedProfile.Parse("not json", out _, out _)).ErrorId);
        Assert.Equal("ZcrmSavedProfileUnreadable", Assert.Throws<ZcrmUsageException>(() => SavedProfile.Parse("{\"schema\":99}", out _, out _)).ErrorId);
    }
}
