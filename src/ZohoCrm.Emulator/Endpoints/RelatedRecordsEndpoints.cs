using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Relations;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Related records (fact sheet §16): GET the rows of a related list a page at a time; PUT (link) and DELETE
/// (delink) on the many-to-many lists only; a note under its parent through the Notes list.
/// </summary>
internal static class RelatedRecordsEndpoints
{
    private const string RelationInvalid = "The relation name given seems to be invalid";
    private const string RelatedIdInvalid = "the related id given seems to be invalid";

    public static void Map(ApiRouter router) => router
        .Map("GET", "{module}/{id}/{related_list}", ctx => Task.FromResult(List(ctx)))
        .Map("GET", "{module}/{id}/{related_list}/{related_id}", ctx => Task.FromResult(List(ctx)))
        .Map("PUT", "{module}/{id}/{related_list}", LinkAsync)
        .Map("PUT", "{module}/{id}/{related_list}/{related_id}", LinkAsync)
        .Map("DELETE", "{module}/{id}/{related_list}", ctx => Task.FromResult(Delink(ctx)))
        .Map("DELETE", "{module}/{id}/{related_list}/{related_id}", ctx => Task.FromResult(Delink(ctx)))
        .Map("POST", "{module}/{id}/{related_list}", ctx => ctx.Route["related_list"] == "Notes"
            ? NotesEndpoints.CreateUnderParentAsync(ctx)
            : Task.FromResult<ApiResult>(ZohoError.InvalidRequestMethod()));

    /// <summary>The parent module, the parent record's id and the relation, or the error Zoho gives for the path.</summary>
    private static (ModuleDefinition Module, long ParentId, Relation Relation)? Resolve(ApiContext ctx, string operation, out ZohoError? error)
    {
        var name = ctx.Route["module"];
        if (name == "settings")
        {
            error = ZohoError.InvalidUrlPattern();
            return null;
        }

        var module = ctx.State.Catalog.Find(name);
        if (module is null)
        {
            error = ZohoError.InvalidModuleInPath(0);
            return null;
        }

        var scope = module.ApiName.ToLowerInvariant();
        error = ctx.RequireScope(ScopeRequirement.Crm(operation, "modules", scope)) is { } mismatch &&
                (operation == "READ" || ctx.RequireScope(ScopeRequirement.Crm("WRITE", "modules", scope)) is not null)
            ? mismatch
            : null;
        if (error is not null)
        {
            return null;
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var parentId) || !Exists(ctx, module.ApiName, parentId))
        {
            error = ZohoError.InvalidIdInPath(1);
            return null;
        }

        var relation = RelationCatalog.Find(module.ApiName, ctx.Route["related_list"]);
        if (relation is null || ctx.State.Catalog.Find(relation.RelatedModule) is null)
        {
            error = new ZohoError(400, "INVALID_DATA", RelationInvalid, new JsonObject { ["resource_path_index"] = 2 });
            return null;
        }

        return (module, parentId, relation);
    }

    private static bool Exists(ApiContext ctx, string module, long id)
    {
        var set = ctx.State.Store.Records(module)!;
        lock (set.Gate)
        {
            return set.Find(id) is not null;
        }
    }

    private static ApiResult List(ApiContext ctx)
    {
        if (Resolve(ctx, "READ", out var error) is not { } target)
        {
            return error!;
        }

        var (_, parentId, relation) = target;
        var related = ctx.State.Catalog.Find(relation.RelatedModule)!;
        IReadOnlyList<FieldDefinition>? fields = null;
        var fieldsText = ctx.Query("fields");
        if (string.IsNullOrWhiteSpace(fieldsText))
        {
            if (ctx.Options.RelatedRecordsRequireFields)
            {
                return ZohoError.RequiredParamMissing(ctx.Options.RequiredParamDetailsKey, "fields");
            }
        }
        else
        {
            fields = FieldListParser.Parse(related, fieldsText, ctx.Options.MaxFieldsPerRequest, out error);
            if (fields is null)
            {
                return error!;
            }
        }

        if (!Paging.TryRead(ctx, out var page, out var perPage, out error))
        {
            return error!;
        }

        long? onlyId = null;
        if (ctx.Route.TryGetValue("related_id", out var relatedIdText))
        {
            if (!ZohoIds.TryParse(relatedIdText, out var relatedId))
            {
                return ZohoError.InvalidIdInPath(3);
            }

            onlyId = relatedId;
        }

        DateTimeOffset? since = null;
        if (ctx.Header("If-Modified-Since") is { } sinceText)
        {
            if (!ZohoTime.TryParseHeaderTime(sinceText, out var parsed))
            {
                return ZohoError.InvalidParam("If-Modified-Since");
            }

            since = parsed;
        }

        var set = ctx.State.Store.Records(related.ApiName)!;
        var linked = relation.Kind == RelationKind.Linked
            ? ctx.State.Links.Linked(relation, parentId).ToDictionary(l => l.Id, l => l.Fields)
            : null;
        lock (set.Gate)
        {
            var rows = set.ById.Where(r => (onlyId is null || r.Id == onlyId) && Belongs(set, r, relation, parentId, linked)).ToList();
            if (since is { } s)
            {
                // Only rows changed after the given time; none changed (but some exist) is 304 Not Modified.
                var changed = rows.Where(r => r.ModifiedTime > s).ToList();
                if (changed.Count == 0 && rows.Count > 0)
                {
                    return ApiResult.NotModified;
                }

                rows = changed;
            }

            var pageRows = rows.Skip((page - 1) * perPage).Take(perPage).ToList();
            if (pageRows.Count == 0)
            {
                return ApiResult.NoContent;
            }

            var more = rows.Count > page * perPage;
            return ApiResult.Bytes(EmulatorJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("data");
                foreach (var record in pageRows)
                {
                    if (linked is null)
                    {
                        RecordJsonWriter.WriteRecord(w, set, record, fields);
                    }
                    else
                    {
                        WriteLinked(w, set, record, fields ?? related.Fields, relation, linked[record.Id]);
                    }
                }

                w.WriteEndArray();
                w.WriteStartObject("info");
                w.WriteNumber("per_page", perPage);
                w.WriteNumber("count", pageRows.Count);
                w.WriteNumber("page", page);
                w.WriteBoolean("more_records", more);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
        }
    }

    private static bool Belongs(ModuleRecordSet set, CrmRecord record, Relation relation, long parentId, Dictionary<long, IReadOnlyDictionary<string, object?>>? linked) => relation.Kind switch
    {
        RelationKind.Children => set.GetValue(record, relation.LookupField!) is LookupValue lookup && lookup.Id == parentId,
        RelationKind.Notes => set.GetValue(record, "Parent_Id") is ParentValue parent && parent.Module == relation.ParentModule && parent.Id == parentId,
        _ => linked!.ContainsKey(record.Id),
    };

    private static void WriteLinked(Utf8JsonWriter w, ModuleRecordSet set, CrmRecord record, IReadOnlyList<FieldDefinition> fields, Relation relation, IReadOnlyDictionary<string, object?> relationFields)
    {
        w.WriteStartObject();
        foreach (var field in fields)
        {
            w.WritePropertyName(field.ApiName);
            RecordJsonWriter.WriteValue(w, field, set.GetValue(record, field));
        }

        if (relation.RelationField is { } name)
        {
            w.WritePropertyName(name);
            if (relationFields.TryGetValue(name, out var value) && value is not null)
            {
                JsonSerializer.Serialize(w, value);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteString("id", ZohoIds.Format(record.Id));
        w.WriteEndObject();
    }

    private static ZohoError? NotLinkable(ApiContext ctx, Relation relation) =>
        relation.Kind == RelationKind.Linked
            ? null
            : new ZohoError(400, ctx.Options.NonLinkableRelationCode, "The http request method type is not a valid one", new JsonObject { ["resource_path_index"] = 2 });

    private static async Task<ApiResult> LinkAsync(ApiContext ctx)
    {
        if (Resolve(ctx, "UPDATE", out var error) is not { } target)
        {
            return error!;
        }

        var (_, parentId, relation) = target;
        if (relation.Kind == RelationKind.Notes && ctx.Route.ContainsKey("related_id"))
        {
            return await NotesEndpoints.UpdateUnderParentAsync(ctx, relation.ParentModule, parentId).ConfigureAwait(false);
        }

        if (NotLinkable(ctx, relation) is { } notLinkable)
        {
            return notLinkable;
        }

        var (root, bodyError) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var items = new List<JsonElement>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            items.AddRange(data.EnumerateArray());
        }
        else if (!ctx.Route.ContainsKey("related_id"))
        {
            return new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "data", ["json_path"] = "$.data" });
        }

        if (ctx.Route.TryGetValue("related_id", out var pathId))
        {
            // One related id in the path; the body, when there is one, only carries relation fields.
            var fieldsOnly = items.FirstOrDefault();
            items = [JsonSerializer.SerializeToElement(Merge(fieldsOnly, pathId))];
        }

        if (items.Count == 0)
        {
            return new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "data", ["json_path"] = "$.data" });
        }

        if (items.Count > ctx.Options.MaxRelatedIdsPerCall)
        {
            return ZohoError.LimitExceeded(ctx.Options.MaxRelatedIdsPerCall, "data");
        }

        var answer = new PerItemAnswer(ctx.Options);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var idText = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            if (idText is null)
            {
                answer.Error("MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "id", ["json_path"] = $"$.data[{i}].id" });
                continue;
            }

            if (!ZohoIds.TryParse(idText, out var relatedId) || !Exists(ctx, relation.RelatedModule, relatedId))
            {
                answer.Error("INVALID_DATA", RelatedIdInvalid, new JsonObject { ["id"] = idText, ["json_path"] = $"$.data[{i}].id" });
                continue;
            }

            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (relation.RelationField is { } name && item.TryGetProperty(name, out var value))
            {
                fields[name] = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetDouble(),
                    _ => null,
                };
            }

            ctx.State.Links.Link(relation, parentId, relatedId, fields);
            answer.Success("relation added", new JsonObject { ["id"] = idText });
        }

        return answer.Answer();
    }

    private static Dictionary<string, object?> Merge(JsonElement fields, string id)
    {
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (fields.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in fields.EnumerateObject())
            {
                merged[property.Name] = property.Value;
            }
        }

        merged["id"] = id;
        return merged;
    }

    private static ApiResult Delink(ApiContext ctx)
    {
        if (Resolve(ctx, "DELETE", out var error) is not { } target)
        {
            return error!;
        }

        var (_, parentId, relation) = target;
        if (relation.Kind == RelationKind.Notes && ctx.Route.TryGetValue("related_id", out var noteId))
        {
            return NotesEndpoints.DeleteUnderParent(ctx, relation.ParentModule, parentId, noteId);
        }

        if (NotLinkable(ctx, relation) is { } notLinkable)
        {
            return notLinkable;
        }

        if (IdsParameter.Read(ctx, "related_id", ctx.Options.MaxRelatedIdsPerCall, out var idsError) is not { } ids)
        {
            return idsError!;
        }

        var answer = new PerItemAnswer(ctx.Options);
        foreach (var idText in ids)
        {
            if (!ZohoIds.TryParse(idText, out var relatedId) || !Exists(ctx, relation.RelatedModule, relatedId))
            {
                answer.Error("INVALID_DATA", RelatedIdInvalid, new JsonObject { ["id"] = idText });
                continue;
            }

            ctx.State.Links.Unlink(relation, parentId, relatedId);
            answer.Success("relation removed", new JsonObject { ["id"] = idText });
        }

        return answer.Answer();
    }
}
