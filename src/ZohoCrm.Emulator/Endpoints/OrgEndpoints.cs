using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>GET /org in the shape of org.json (all of its required keys).</summary>
internal static class OrgEndpoints
{
    public static void Map(ApiRouter router) => router.Map("GET", "org", GetAsync);

    private static Task<ApiResult> GetAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "org")) is { } scopeError)
        {
            return MetadataEndpoints.Done(scopeError);
        }

        var org = ctx.State.Org;
        if (MetadataEndpoints.NotModified(ctx, org.CreatedTime, out var error))
        {
            return MetadataEndpoints.Done(ApiResult.NotModified);
        }

        if (error is not null)
        {
            return MetadataEndpoints.Done(error);
        }

        var json = new JsonObject
        {
            ["country"] = org.Country,
            ["photo_id"] = null,
            ["city"] = "Chennai",
            ["description"] = null,
            ["mc_status"] = false,
            ["gapps_enabled"] = false,
            ["translation_enabled"] = false,
            ["street"] = "Estancia IT Park, Vallancheri",
            ["domain_name"] = org.DomainName,
            ["alias"] = null,
            ["currency"] = org.Currency,
            ["id"] = ZohoIds.Format(org.Id),
            ["state"] = "Tamil Nadu",
            ["fax"] = null,
            ["zip"] = "603202",
            ["employee_count"] = "250",
            ["website"] = "www.zylker.example",
            ["currency_symbol"] = org.CurrencySymbol,
            ["mobile"] = null,
            ["currency_locale"] = "en_IN",
            ["primary_zuid"] = org.PrimaryZuid,
            ["zia_portal_id"] = null,
            ["time_zone"] = org.TimeZone,
            ["zgid"] = org.Zgid,
            ["country_code"] = org.CountryCode,
            ["deletable_org_account"] = false,
            ["license_details"] = new JsonObject
            {
                ["paid_expiry"] = ZohoTime.FormatDateTime(org.PaidExpiry),
                ["users_license_purchased"] = org.UsersLicensePurchased,
                ["trial_type"] = null,
                ["trial_expiry"] = null,
                ["paid"] = true,
                ["paid_type"] = "enterprise",
                ["trial_action"] = string.Empty,
            },
            ["hierarchy_preferences"] = new JsonObject { ["type"] = "Role_Hierarchy", ["strictly_reporting"] = false },
            ["phone"] = "+91 44 4066 1000",
            ["company_name"] = org.CompanyName,
            ["privacy_settings"] = false,
            ["primary_email"] = org.PrimaryEmail,
            ["iso_code"] = org.IsoCode,
            ["hipaa_compliance_enabled"] = false,
            ["lite_users_enabled"] = false,
            ["max_per_page"] = 200,
            ["ezgid"] = "a1b2c3d4e5f60012344000",
            ["call_icon"] = "call",
            ["oauth_presence"] = true,
            ["zia_zgid"] = 60012344,
            ["checkin_preferences"] = new JsonObject { ["restricted_event_types"] = null },
            ["type"] = org.Type,
            ["created_time"] = ZohoTime.FormatDateTime(org.CreatedTime),
        };
        return MetadataEndpoints.Done(ApiResult.Json(new JsonObject { ["org"] = new JsonArray(json) }));
    }
}
