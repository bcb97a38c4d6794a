using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>GET /users and /users/{id} in the shape of users.json.</summary>
internal static class UsersEndpoints
{
    public static void Map(ApiRouter router)
    {
        router.Map("GET", "users", ListAsync);
        router.Map("GET", "users/{id}", GetOneAsync);
    }

    private static readonly ScopeRequirement Scope = ScopeRequirement.Crm("READ", "users");

    private static Task<ApiResult> ListAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(Scope) is { } scopeError)
        {
            return MetadataEndpoints.Done(scopeError);
        }

        var type = ctx.Query("type") ?? "AllUsers";
        var users = ctx.State.Users.OfType(type);
        if (users is null)
        {
            return MetadataEndpoints.Done(ZohoError.InvalidParam("type"));
        }

        if (!Paging.TryRead(ctx, out var page, out var perPage, out var error))
        {
            return MetadataEndpoints.Done(error!);
        }

        if (ctx.Query("ids") is { } idsText)
        {
            var ids = new HashSet<long>();
            foreach (var part in idsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!ZohoIds.TryParse(part, out var id))
                {
                    return MetadataEndpoints.Done(ZohoError.InvalidParam("ids", ZohoError.InvalidIdMessage));
                }

                ids.Add(id);
            }

            users = users.Where(u => ids.Contains(u.Id)).ToList();
        }

        if (MetadataEndpoints.NotModified(ctx, users.Count == 0 ? DateTimeOffset.MinValue : users.Max(u => u.ModifiedTime), out error))
        {
            return MetadataEndpoints.Done(ApiResult.NotModified);
        }

        if (error is not null)
        {
            return MetadataEndpoints.Done(error);
        }

        var slice = users.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (slice.Count == 0)
        {
            return MetadataEndpoints.Done(ApiResult.NoContent);
        }

        return MetadataEndpoints.Done(ApiResult.Json(Wrap(ctx.State.Users, slice, page, perPage, page * perPage < users.Count)));
    }

    private static Task<ApiResult> GetOneAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(Scope) is { } scopeError)
        {
            return MetadataEndpoints.Done(scopeError);
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var id))
        {
            return MetadataEndpoints.Done(ZohoError.InvalidIdInPath(1));
        }

        var user = ctx.State.Users.Find(id);
        if (user is null)
        {
            return MetadataEndpoints.Done(ApiResult.NoContent);
        }

        if (MetadataEndpoints.NotModified(ctx, user.ModifiedTime, out var error))
        {
            return MetadataEndpoints.Done(ApiResult.NotModified);
        }

        return MetadataEndpoints.Done(error ?? ApiResult.Json(Wrap(ctx.State.Users, [user], 1, 200, false)));
    }

    private static JsonObject Wrap(UserDirectory directory, IReadOnlyList<CrmUser> users, int page, int perPage, bool more) => new()
    {
        ["users"] = new JsonArray(users.Select(u => (JsonNode)User(directory, u)).ToArray()),
        ["info"] = new JsonObject { ["per_page"] = perPage, ["count"] = users.Count, ["page"] = page, ["more_records"] = more },
    };

    private static JsonObject Minified(CrmUser user) => new() { ["name"] = user.FullName, ["id"] = ZohoIds.Format(user.Id) };

    public static JsonObject User(UserDirectory directory, CrmUser user)
    {
        var admin = directory.Current;
        var json = new JsonObject
        {
            ["country"] = user.Country,
            ["language"] = "en_US",
            ["microsoft"] = false,
            ["id"] = ZohoIds.Format(user.Id),
            ["state"] = null,
            ["fax"] = null,
            ["country_locale"] = "en_IN",
            ["zip"] = null,
            ["created_time"] = ZohoTime.FormatDateTime(user.CreatedTime),
            ["time_format"] = "hh:mm a",
            ["offset"] = (int)ZohoTime.Offset.TotalMilliseconds,
            ["profile"] = new JsonObject { ["name"] = user.ProfileName, ["id"] = ZohoIds.Format(user.ProfileId) },
            ["role"] = new JsonObject { ["name"] = user.RoleName, ["id"] = ZohoIds.Format(user.RoleId) },
            ["created_by"] = Minified(admin),
            ["full_name"] = user.FullName,
            ["zuid"] = user.Zuid,
            ["phone"] = user.Phone,
            ["dob"] = null,
            ["status"] = user.Status,
            ["customize_info"] = new JsonObject
            {
                ["notes_desc"] = null,
                ["show_right_panel"] = null,
                ["bc_view"] = null,
                ["unpin_recent_item"] = null,
                ["show_home"] = false,
                ["show_detail_view"] = true,
            },
            ["city"] = user.City,
            ["signature"] = null,
            ["sort_order_preference__s"] = "First Name,Last Name",
            ["category"] = "regular_user",
            ["date_format"] = "MMM d, yyyy",
            ["confirm"] = user.Confirmed,
            ["decimal_separator"] = "Period",
            ["number_separator"] = null,
            ["time_zone"] = ZohoTime.TimeZoneName,
            ["last_name"] = user.LastName,
            ["mobile"] = user.Mobile,
            ["Currency"] = "INR",
            ["Modified_Time"] = ZohoTime.FormatDateTime(user.ModifiedTime),
            ["website"] = null,
            ["status_reason__s"] = null,
            ["email"] = user.Email,
            ["first_name"] = user.FirstName,
            ["sandboxDeveloper"] = false,
            ["alias"] = null,
            ["street"] = null,
            ["Modified_By"] = new JsonObject
            {
                ["name"] = admin.FullName,
                ["id"] = ZohoIds.Format(admin.Id),
                ["last_name"] = admin.LastName,
                ["first_name"] = admin.FirstName,
            },
            ["Isonline"] = false,
            ["locale"] = "en_IN",
            ["name_format__s"] = "Salutation,First Name,Last Name",
            ["personal_account"] = false,
            ["default_tab_group"] = "0",
            ["theme"] = new JsonObject
            {
                ["normal_tab"] = new JsonObject { ["font_color"] = "#FFFFFF", ["background"] = "#222222" },
                ["selected_tab"] = new JsonObject { ["font_color"] = "#FFFFFF", ["background"] = "#222222" },
                ["new_background"] = null,
                ["background"] = "#F3F0EB",
                ["screen"] = "fixed",
                ["type"] = "default",
            },
            ["sort_order_preference"] = "First Name,Last Name",
        };
        if (user.ReportingToId is { } managerId && directory.Find(managerId) is { } manager)
        {
            json["Reporting_To"] = Minified(manager);
        }

        return json;
    }
}
