using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Conversion;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Writes;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>POST /crm/v8/Leads/{id}/actions/convert (fact sheet §5, convert_lead.json).</summary>
internal static class ConvertEndpoints
{
    public static void Map(ApiRouter router) =>
        router.Map("POST", "Leads/{id}/actions/convert", ConvertAsync, ctx => ctx.Options.ConvertCreditCost, _ => true);

    private static async Task<ApiResult> ConvertAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("CREATE", "modules", "leads")) is { } scopeError &&
            ctx.RequireScope(ScopeRequirement.Crm("WRITE", "modules", "leads")) is not null)
        {
            return scopeError;
        }

        var index = ctx.Options.ConvertLeadIdPathIndex;
        if (!ZohoIds.TryParse(ctx.Route["id"], out var leadId))
        {
            return ZohoError.InvalidIdInPath(index);
        }

        var leads = ctx.State.Store.Records("Leads")!;
        lock (leads.Gate)
        {
            var lead = leads.Find(leadId);
            if (lead is null)
            {
                return ZohoError.InvalidIdInPath(index);
            }

            if (lead.Converted)
            {
                return new ZohoError(ctx.Options.AlreadyConvertedStatusCode, "ID_ALREADY_CONVERTED", "id already converted", new JsonObject { ["resource_path_index"] = index });
            }
        }

        var (root, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var body = WriteBody.Parse(root, leads.Module, ctx.Options, upsert: false, maxRecords: 1, out error);
        if (body is null)
        {
            return error!;
        }

        var request = ConvertRequest.Parse(body.Records[0], ctx.State.Store, ctx.Options, out var recordError);
        JsonObject? details = null;
        if (request is not null)
        {
            details = new LeadConverter(ctx.State.Store, ctx.Options).Convert(leadId, request, out recordError);
        }

        if (details is null)
        {
            return ApiResult.Json(new JsonObject { ["data"] = new JsonArray(recordError!.ToJson()) }, ctx.Options.AllRecordsFailedStatusCode);
        }

        return ApiResult.Json(new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["code"] = "SUCCESS",
                ["details"] = details,
                ["message"] = "The record has been converted successfully",
                ["status"] = "success",
            }),
        });
    }
}
