using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Coql;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>POST /crm/v8/coql (fact sheet §4.2): {"select_query": "…"} → {"data":[…],"info":{"count","more_records"}}.</summary>
internal static class CoqlEndpoints
{
    public static void Map(ApiRouter router) => router.Map("POST", "coql", QueryAsync, isHeavy: _ => true);

    private static async Task<ApiResult> QueryAsync(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "coql")) is { } scopeError)
        {
            return scopeError;
        }

        var (root, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (!root.TryGetProperty("select_query", out var queryValue))
        {
            return new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "select_query", ["json_path"] = "$.select_query" });
        }

        if (queryValue.ValueKind != JsonValueKind.String)
        {
            return new ZohoError(400, "INVALID_DATA", ZohoError.InvalidDataMessage, new JsonObject { ["api_name"] = "select_query", ["json_path"] = "$.select_query", ["expected_data_type"] = "string" });
        }

        CoqlQuery query;
        try
        {
            query = CoqlQuery.Bind(CoqlParser.Parse(queryValue.GetString()!, ctx.Options), ctx.State.Store, ctx.Options);
        }
        catch (CoqlException ex)
        {
            return ex.Error;
        }

        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "modules", query.Module.ApiName.ToLowerInvariant())) is { } moduleScope)
        {
            return moduleScope;
        }

        if (ctx.ChargeAs(query.Credits) is { } noCredits)
        {
            return noCredits;
        }

        var set = ctx.State.Store.Records(query.Module.ApiName)!;
        lock (set.Gate)
        {
            var (rows, more) = query.Run(set, ctx.Options.CoqlIncludesConvertedLeads);
            if (rows.Count == 0 && ctx.Options.CoqlEmptyIsNoContent)
            {
                return ApiResult.NoContent;
            }

            return ApiResult.Bytes(EmulatorJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var record in rows)
                {
                    WriteRow(w, query, set, record);
                }

                w.WriteEndArray();
                w.WriteStartObject("info");
                w.WriteNumber("count", rows.Count);
                w.WriteBoolean("more_records", more);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }
    }

    /// <summary>The selected columns under the names they were asked by (lookups as {"id"}), then "id".</summary>
    private static void WriteRow(Utf8JsonWriter w, CoqlQuery query, ModuleRecordSet set, CrmRecord record)
    {
        w.WriteStartObject();
        foreach (var output in query.Select)
        {
            w.WritePropertyName(output.Key);
            var value = output.Column.ValueOf(set, record);
            switch (value)
            {
                case LookupValue lookup:
                    w.WriteStartObject();
                    w.WriteString("id", ZohoIds.Format(lookup.Id));
                    w.WriteEndObject();
                    break;
                case long id when output.Column.IsId:
                    w.WriteStringValue(ZohoIds.Format(id));
                    break;
                case var other when output.Column.Field is { } field:
                    RecordJsonWriter.WriteValue(w, field, other);
                    break;
                case string text:
                    w.WriteStringValue(text);
                    break;
                default:
                    w.WriteNullValue();
                    break;
            }
        }

        if (!query.Select.Any(s => s.Key == "id"))
        {
            w.WriteString("id", ZohoIds.Format(record.Id));
        }

        w.WriteEndObject();
    }
}
