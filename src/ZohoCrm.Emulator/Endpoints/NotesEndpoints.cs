using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Relations;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Creating notes (fact sheet §17): POST /Notes with each note's Parent_Id, in the v8 object form or the flat
/// v2 form with se_module, or POST /{module}/{id}/Notes with the parent in the path. Reading, updating and
/// deleting notes go through the records endpoints of the Notes module and the Notes related list.
/// </summary>
internal static class NotesEndpoints
{
    private const int TitleMaxLength = 120;

    /// <summary>POST /Notes (the records endpoint hands the Notes module over).</summary>
    public static Task<ApiResult> CreateAsync(ApiContext ctx) => CreateAsync(ctx, null, null);

    private static ZohoError? RequireNotesScope(ApiContext ctx, string operation) =>
        ctx.RequireScope(ScopeRequirement.Crm(operation, "modules", "notes")) is { } mismatch &&
        ctx.RequireScope(ScopeRequirement.Crm("WRITE", "modules", "notes")) is not null
            ? mismatch
            : null;

    /// <summary>POST /{module}/{id}/Notes.</summary>
    public static Task<ApiResult> CreateUnderParentAsync(ApiContext ctx)
    {
        var module = ctx.State.Catalog.Find(ctx.Route["module"]);
        if (module is null)
        {
            return Task.FromResult<ApiResult>(ZohoError.InvalidModuleInPath(0));
        }

        if (!RelationCatalog.NoteParents.Contains(module.ApiName, StringComparer.Ordinal))
        {
            return Task.FromResult<ApiResult>(new ZohoError(400, "INVALID_DATA", "The relation name given seems to be invalid", new JsonObject { ["resource_path_index"] = 2 }));
        }

        if (!ZohoIds.TryParse(ctx.Route["id"], out var parentId) || FindParent(ctx, module.ApiName, parentId) is null)
        {
            return Task.FromResult<ApiResult>(ZohoError.InvalidIdInPath(1));
        }

        return CreateAsync(ctx, module.ApiName, parentId);
    }

    private static ParentValue? FindParent(ApiContext ctx, string module, long id)
    {
        var definition = ctx.State.Catalog.Find(module);
        var set = ctx.State.Store.Records(module);
        if (definition is null || set is null)
        {
            return null;
        }

        lock (set.Gate)
        {
            return set.Find(id) is { } record ? new ParentValue(module, definition.Id, id, set.DisplayName(record)) : null;
        }
    }

    private static async Task<ApiResult> CreateAsync(ApiContext ctx, string? pathModule, long? pathParentId)
    {
        if (RequireNotesScope(ctx, "CREATE") is { } scopeError)
        {
            return scopeError;
        }

        var (root, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            return new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "data", ["json_path"] = "$.data" });
        }

        if (data.GetArrayLength() > ctx.Options.MaxRecordsPerWrite)
        {
            return ZohoError.LimitExceeded(ctx.Options.MaxRecordsPerWrite, "data");
        }

        if (ctx.ChargeAs((data.GetArrayLength() + 9) / 10) is { } noCredits)
        {
            return noCredits;
        }

        var answer = new PerItemAnswer(ctx.Options);
        var i = -1;
        foreach (var note in data.EnumerateArray())
        {
            i++;
            var path = $"$.data[{i}]";
            if (note.ValueKind != JsonValueKind.Object)
            {
                answer.Error("INVALID_DATA", "invalid data", new JsonObject { ["expected_data_type"] = "jsonobject", ["api_name"] = "data", ["json_path"] = path });
                continue;
            }

            var content = note.TryGetProperty("Note_Content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (string.IsNullOrWhiteSpace(content))
            {
                answer.Error("MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "Note_Content", ["json_path"] = path + ".Note_Content" });
                continue;
            }

            string? title = null;
            if (note.TryGetProperty("Note_Title", out var t) && t.ValueKind != JsonValueKind.Null)
            {
                if (t.ValueKind != JsonValueKind.String)
                {
                    answer.Error("INVALID_DATA", "invalid data", new JsonObject { ["expected_data_type"] = "string", ["api_name"] = "Note_Title", ["json_path"] = path + ".Note_Title" });
                    continue;
                }

                title = t.GetString();
                if (title!.Length > TitleMaxLength)
                {
                    answer.Error("INVALID_DATA", "invalid data", new JsonObject { ["maximum_length"] = TitleMaxLength, ["api_name"] = "Note_Title", ["json_path"] = path + ".Note_Title" });
                    continue;
                }
            }

            ParentValue? parent;
            if (pathModule is not null)
            {
                parent = FindParent(ctx, pathModule, pathParentId!.Value);
            }
            else if (ReadParent(note, path, out var parentModule, out var parentIdText, out var problem) is false)
            {
                answer.Error(problem!.Value.Code, problem.Value.Code == "MANDATORY_NOT_FOUND" ? "required field not found" : "invalid data", problem.Value.Details);
                continue;
            }
            else
            {
                parent = RelationCatalog.NoteParents.Contains(parentModule, StringComparer.Ordinal) && ZohoIds.TryParse(parentIdText, out var parentId)
                    ? FindParent(ctx, parentModule!, parentId)
                    : null;
            }

            if (parent is null)
            {
                answer.Error("INVALID_DATA", "invalid data", new JsonObject { ["api_name"] = "Parent_Id", ["json_path"] = path + ".Parent_Id" });
                continue;
            }

            var by = ctx.State.Users.Current;
            var id = ctx.State.Store.Insert("Notes", new Dictionary<string, object?>
            {
                // notes.json types Note_Title as a string that is never null: an untitled note has an empty title.
                ["Note_Title"] = title ?? string.Empty,
                ["Note_Content"] = content,
                ["Parent_Id"] = parent,
            }, by);
            answer.Success("record added", AuditDetails(ctx, id));
        }

        return answer.Answer(ctx.Options.NotesCreatedStatusCode);
    }

    /// <summary>The parent named by a note: {"module":{"api_name"},"id"} (v8) or "id" with se_module / $se_module (v2).</summary>
    private static bool ReadParent(JsonElement note, string path, out string? module, out string? id, out (string Code, JsonObject Details)? problem)
    {
        module = null;
        id = null;
        problem = null;
        if (!note.TryGetProperty("Parent_Id", out var parent) || parent.ValueKind == JsonValueKind.Null)
        {
            problem = ("MANDATORY_NOT_FOUND", new JsonObject { ["api_name"] = "Parent_Id", ["json_path"] = path + ".Parent_Id" });
            return false;
        }

        if (parent.ValueKind == JsonValueKind.Object)
        {
            id = parent.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            module = parent.TryGetProperty("module", out var moduleElement) && moduleElement.ValueKind == JsonValueKind.Object &&
                     moduleElement.TryGetProperty("api_name", out var apiName) && apiName.ValueKind == JsonValueKind.String
                ? apiName.GetString()
                : null;
        }
        else if (parent.ValueKind == JsonValueKind.String)
        {
            id = parent.GetString();
            foreach (var key in new[] { "se_module", "$se_module" })
            {
                if (note.TryGetProperty(key, out var flat) && flat.ValueKind == JsonValueKind.String)
                {
                    module = flat.GetString();
                }
            }
        }

        if (module is null)
        {
            problem = ("MANDATORY_NOT_FOUND", new JsonObject { ["api_name"] = "se_module", ["json_path"] = path + ".Parent_Id.module" });
            return false;
        }

        if (id is null)
        {
            problem = ("MANDATORY_NOT_FOUND", new JsonObject { ["api_name"] = "Parent_Id", ["json_path"] = path + ".Parent_Id.id" });
            return false;
        }

        return true;
    }

    private static JsonObject AuditDetails(ApiContext ctx, long id)
    {
        var set = ctx.State.Store.Records("Notes")!;
        lock (set.Gate)
        {
            var record = set.Find(id)!;
            var by = ctx.State.Users.Current;
            return new JsonObject
            {
                ["Modified_Time"] = ZohoTime.FormatDateTime(record.ModifiedTime),
                ["Modified_By"] = new JsonObject { ["name"] = by.FullName, ["id"] = ZohoIds.Format(by.Id) },
                ["Created_Time"] = ZohoTime.FormatDateTime(record.CreatedTime),
                ["id"] = ZohoIds.Format(id),
                ["Created_By"] = new JsonObject { ["name"] = by.FullName, ["id"] = ZohoIds.Format(by.Id) },
            };
        }
    }

    /// <summary>
    /// DELETE /Notes?ids= and /Notes/{id}: notes.json answers each deleted note with its audit details (not only
    /// the id, as other modules do).
    /// </summary>
    public static ApiResult Delete(ApiContext ctx)
    {
        if (RequireNotesScope(ctx, "DELETE") is { } scopeError)
        {
            return scopeError;
        }

        if (ctx.Route.TryGetValue("id", out var one) && !ZohoIds.TryParse(one, out _))
        {
            return ZohoError.InvalidIdInPath(1);
        }

        if (IdsParameter.Read(ctx, "id", ctx.Options.MaxIdsPerRequest, out var idsError) is not { } ids)
        {
            return idsError!;
        }

        var answer = new PerItemAnswer(ctx.Options);
        foreach (var idText in ids)
        {
            DeleteNote(ctx, answer, idText);
        }

        return answer.Answer();
    }

    private static void DeleteNote(ApiContext ctx, PerItemAnswer answer, string idText)
    {
        var set = ctx.State.Store.Records("Notes")!;
        bool exists;
        lock (set.Gate)
        {
            exists = ZohoIds.TryParse(idText, out var probe) && set.Find(probe) is not null;
        }

        if (!exists)
        {
            answer.Error("INVALID_DATA", "record not deleted", new JsonObject { ["id"] = idText });
            return;
        }

        var id = long.Parse(idText, System.Globalization.CultureInfo.InvariantCulture);
        var details = AuditDetails(ctx, id);
        ctx.State.Store.Delete("Notes", id, ctx.State.Users.Current);
        answer.Success("record deleted", details);
    }

    /// <summary>The note of that parent with that id, or null.</summary>
    private static long? NoteOf(ApiContext ctx, string parentModule, long parentId, string noteIdText)
    {
        if (!ZohoIds.TryParse(noteIdText, out var noteId))
        {
            return null;
        }

        var set = ctx.State.Store.Records("Notes")!;
        lock (set.Gate)
        {
            return set.Find(noteId) is { } note && set.GetValue(note, "Parent_Id") is ParentValue p && p.Module == parentModule && p.Id == parentId ? noteId : null;
        }
    }

    /// <summary>PUT /{module}/{id}/Notes/{note_id}: a new title or content for one note of that record.</summary>
    public static async Task<ApiResult> UpdateUnderParentAsync(ApiContext ctx, string parentModule, long parentId)
    {
        if (RequireNotesScope(ctx, "UPDATE") is { } scopeError)
        {
            return scopeError;
        }

        if (NoteOf(ctx, parentModule, parentId, ctx.Route["related_id"]) is not { } noteId)
        {
            return ZohoError.InvalidIdInPath(3);
        }

        var (root, error) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() != 1 || data[0].ValueKind != JsonValueKind.Object)
        {
            return new ZohoError(400, "MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "data", ["json_path"] = "$.data" });
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in new[] { "Note_Title", "Note_Content" })
        {
            if (data[0].TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                values[name] = value.GetString();
            }
        }

        var answer = new PerItemAnswer(ctx.Options);
        if (values.TryGetValue("Note_Content", out var content) && string.IsNullOrWhiteSpace(content as string))
        {
            answer.Error("MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "Note_Content", ["json_path"] = "$.data[0].Note_Content" });
            return answer.Answer();
        }

        ctx.State.Store.Update("Notes", noteId, values, ctx.State.Users.Current);
        answer.Success("record updated", AuditDetails(ctx, noteId));
        return answer.Answer();
    }

    /// <summary>DELETE /{module}/{id}/Notes/{note_id}.</summary>
    public static ApiResult DeleteUnderParent(ApiContext ctx, string parentModule, long parentId, string noteIdText)
    {
        if (RequireNotesScope(ctx, "DELETE") is { } scopeError)
        {
            return scopeError;
        }

        var answer = new PerItemAnswer(ctx.Options);
        if (NoteOf(ctx, parentModule, parentId, noteIdText) is not { } noteId)
        {
            answer.Error("INVALID_DATA", "record not deleted", new JsonObject { ["id"] = noteIdText });
            return answer.Answer();
        }

        DeleteNote(ctx, answer, ZohoIds.Format(noteId));
        return answer.Answer();
    }
}
