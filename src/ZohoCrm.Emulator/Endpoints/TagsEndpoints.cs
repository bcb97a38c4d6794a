using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// Tags (fact sheet §18): the module's tags, and adding or removing tags on up to 500 records per call, with the
/// per-record and per-module limits and the 25-character name limit.
/// </summary>
internal static class TagsEndpoints
{
    private static readonly string[] Colors =
        ["#57B1FD", "#879BFC", "#658BA8", "#FD87BD", "#969696", "#F48435", "#1DB9B4", "#E7A826", "#63C57E", "#F17574", "#D297EE", "#A8C026", "#B88562"];

    /// <summary>
    /// Tags created by add_tags, per module. They are kept apart from the module's seeded catalog, from which the
    /// seeded records' tags are computed, so creating a tag never changes another record's tags.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ModuleDefinition, List<TagValue>> Created = new();

    private static List<TagValue> CreatedOf(ModuleDefinition module) => Created.GetValue(module, _ => new List<TagValue>());

    /// <summary>The module's tags, seeded and created. Callers lock the module.</summary>
    private static IReadOnlyList<TagValue> AllTags(ModuleDefinition module) => module.Tags.Concat(CreatedOf(module)).ToList();

    public static void Map(ApiRouter router) => router
        .Map("GET", "settings/tags", ctx => Task.FromResult(List(ctx)))
        .Map("POST", "{module}/actions/add_tags", ctx => ChangeAsync(ctx, add: true), TagCost)
        .Map("POST", "{module}/actions/remove_tags", ctx => ChangeAsync(ctx, add: false), TagCost)
        .Map("POST", "{module}/{id}/actions/add_tags", ctx => ChangeAsync(ctx, add: true))
        .Map("POST", "{module}/{id}/actions/remove_tags", ctx => ChangeAsync(ctx, add: false));

    private static int TagCost(ApiContext ctx) => 1;

    private static ApiResult List(ApiContext ctx)
    {
        if (ctx.RequireScope(ScopeRequirement.Crm("READ", "settings", "tags")) is { } scopeError)
        {
            return scopeError;
        }

        var name = ctx.Query("module");
        if (string.IsNullOrEmpty(name))
        {
            return ZohoError.RequiredParamMissing("param", "module");
        }

        if (ctx.State.Catalog.Find(name) is not { } module)
        {
            return ZohoError.InvalidModule(new JsonObject { ["param_name"] = "module" });
        }

        var tags = new JsonArray();
        lock (module)
        {
            foreach (var tag in AllTags(module))
            {
                tags.Add(TagJson(ctx, tag));
            }
        }

        return ApiResult.Json(new JsonObject
        {
            ["tags"] = tags,
            ["info"] = new JsonObject { ["count"] = tags.Count, ["allowed_count"] = ctx.Options.TagsPerModule },
        });
    }

    private static JsonObject TagJson(ApiContext ctx, TagValue tag)
    {
        var owner = new JsonObject { ["name"] = ctx.State.Users.Current.FullName, ["id"] = ZohoIds.Format(ctx.State.Users.Current.Id) };
        var time = ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-3));
        return new JsonObject
        {
            ["name"] = tag.Name,
            ["color_code"] = tag.ColorCode,
            ["created_time"] = time,
            ["modified_time"] = time,
            ["modified_by"] = owner,
            ["created_by"] = owner.DeepClone(),
            ["id"] = ZohoIds.Format(tag.Id),
        };
    }

    private static ZohoError BodyError(string code, string message, JsonObject details) => new(400, code, message, details);

    private static async Task<ApiResult> ChangeAsync(ApiContext ctx, bool add)
    {
        var module = RecordWriteEndpoints.WritableModule(ctx, "UPDATE", out var error);
        if (module is null)
        {
            return error!;
        }

        var (root, bodyError) = await JsonBody.ReadObjectAsync(ctx).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        // The record ids: the one in the path, or the body's "ids".
        var ids = new List<string>();
        if (ctx.Route.TryGetValue("id", out var pathId))
        {
            ids.Add(pathId);
        }
        else if (root.TryGetProperty("ids", out var idsElement) && idsElement.ValueKind == JsonValueKind.Array)
        {
            ids.AddRange(idsElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()));
        }
        else if (ctx.Query("ids") is { } idsText)
        {
            ids.AddRange(idsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        if (ids.Count == 0)
        {
            return BodyError("MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "ids", ["json_path"] = "$.ids" });
        }

        if (ids.Count > ctx.Options.MaxRecordsPerTagCall)
        {
            return BodyError("LIMIT_EXCEEDED", "the limit exceeded", new JsonObject { ["limit"] = ctx.Options.MaxRecordsPerTagCall, ["api_name"] = "ids", ["json_path"] = "$.ids" });
        }

        if (!root.TryGetProperty("tags", out var tagsElement) || tagsElement.ValueKind != JsonValueKind.Array || tagsElement.GetArrayLength() == 0)
        {
            return BodyError("MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = "tags", ["json_path"] = "$.tags" });
        }

        var overwrite = false;
        if (add && root.TryGetProperty("over_write", out var ow) && ow.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            overwrite = ow.GetBoolean();
        }
        else if (add && ctx.Query("over_write") is { } owText)
        {
            overwrite = owText == "true";
        }

        if (ctx.ChargeAs((ids.Count + ctx.Options.RecordsPerTagCredit - 1) / ctx.Options.RecordsPerTagCredit) is { } noCredits)
        {
            return noCredits;
        }

        List<TagValue> tags;
        lock (module)
        {
            var resolved = ResolveTags(ctx, module, tagsElement, add, out var tagError);
            if (resolved is null)
            {
                return tagError!;
            }

            tags = resolved;
        }

        var set = ctx.State.Store.Records(module.ApiName)!;
        var answer = new PerItemAnswer(ctx.Options);
        foreach (var idText in ids)
        {
            IReadOnlyList<TagValue>? current = null;
            var found = false;
            if (ZohoIds.TryParse(idText, out var id))
            {
                lock (set.Gate)
                {
                    if (set.Find(id) is { } record)
                    {
                        found = true;
                        current = set.GetValue(record, "Tag") as IReadOnlyList<TagValue>;
                    }
                }
            }

            if (!found)
            {
                answer.Error("INVALID_DATA", "the id given seems to be invalid", new JsonObject { ["id"] = idText });
                continue;
            }

            var before = current ?? Array.Empty<TagValue>();
            var after = add
                ? (overwrite ? tags : before.Concat(tags.Where(t => before.All(b => b.Id != t.Id)))).ToList()
                : before.Where(b => tags.All(t => t.Id != b.Id)).ToList();
            if (add && after.Count > ctx.Options.TagsPerRecord)
            {
                answer.Error(ctx.Options.TagLimitCode, "tags limit exceeded for the record", new JsonObject { ["limit"] = ctx.Options.TagsPerRecord, ["id"] = idText });
                continue;
            }

            ctx.State.Store.Update(module.ApiName, id, new Dictionary<string, object?> { ["Tag"] = (IReadOnlyList<TagValue>)after.ToArray() }, ctx.State.Users.Current);
            var detailTags = new JsonArray(after.Select(t => (JsonNode?)new JsonObject { ["name"] = t.Name, ["id"] = ZohoIds.Format(t.Id), ["color_code"] = t.ColorCode }).ToArray());
            answer.Success(add ? "tags updated successfully" : "tags removed successfully", new JsonObject { ["id"] = idText, ["tags"] = detailTags });
        }

        return answer.Answer(extra: new JsonObject
        {
            ["wf_scheduler"] = false,
            ["success_count"] = answer.Succeeded.ToString(CultureInfo.InvariantCulture),
            ["locked_count"] = "0",
        });
    }

    /// <summary>The tags a body names (by id, which wins, or by name); new names are created when adding. Callers lock the module.</summary>
    private static List<TagValue>? ResolveTags(ApiContext ctx, ModuleDefinition module, JsonElement tagsElement, bool add, out ZohoError? error)
    {
        error = null;
        var result = new List<TagValue>();
        var created = new List<TagValue>();
        var known = AllTags(module);
        var i = -1;
        foreach (var item in tagsElement.EnumerateArray())
        {
            i++;
            var path = $"$.tags[{i}]";
            var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
            TagValue? tag;
            if (id is not null)
            {
                tag = ZohoIds.TryParse(id, out var tagId) ? known.Concat(created).FirstOrDefault(t => t.Id == tagId) : null;
                if (tag is null)
                {
                    error = BodyError("INVALID_DATA", "invalid data", new JsonObject { ["api_name"] = "id", ["json_path"] = path + ".id" });
                    return null;
                }
            }
            else if (!string.IsNullOrWhiteSpace(name))
            {
                if (name.Length > ctx.Options.TagNameMaxLength)
                {
                    error = BodyError("INVALID_DATA", "invalid data", new JsonObject { ["api_name"] = "name", ["json_path"] = path + ".name", ["maximum_length"] = ctx.Options.TagNameMaxLength });
                    return null;
                }

                tag = known.Concat(created).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
                if (tag is null && add && ctx.Options.AddTagsCreatesTags)
                {
                    if (known.Count + created.Count >= ctx.Options.TagsPerModule)
                    {
                        error = BodyError(ctx.Options.TagLimitCode, "tags limit exceeded for the module", new JsonObject { ["limit"] = ctx.Options.TagsPerModule, ["api_name"] = "name", ["json_path"] = path + ".name" });
                        return null;
                    }

                    tag = new TagValue(NextTagId(module, known.Count + created.Count), name, Colors[(known.Count + created.Count) % Colors.Length]);
                    created.Add(tag);
                }

                if (tag is null)
                {
                    error = BodyError("INVALID_DATA", "invalid data", new JsonObject { ["api_name"] = "name", ["json_path"] = path + ".name" });
                    return null;
                }
            }
            else
            {
                error = BodyError("EXPECTED_FIELD_MISSING", "One of the expected field is missing", new JsonObject { ["expected_fields"] = new JsonArray("id", "name"), ["json_path"] = path });
                return null;
            }

            if (result.All(t => t.Id != tag.Id))
            {
                result.Add(tag);
            }
        }

        CreatedOf(module).AddRange(created);

        return result;
    }

    private static long NextTagId(ModuleDefinition module, int index) =>
        ZohoIds.Make(800_000_000_000L + (module.Id % 1_000_000L * 1_000L) + index);
}
