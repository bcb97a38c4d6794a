using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>Parses the "fields" parameter: comma-separated API names (case-sensitive), "id" implied.</summary>
internal static class FieldListParser
{
    public static IReadOnlyList<FieldDefinition>? Parse(ModuleDefinition module, string text, int max, out ZohoError? error)
    {
        error = null;
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > max)
        {
            error = ZohoError.LimitExceeded(max, "fields");
            return null;
        }

        var fields = new List<FieldDefinition>(names.Count);
        foreach (var name in names)
        {
            if (name == "id")
            {
                continue;
            }

            var field = module.Field(name);
            if (field is null)
            {
                error = ZohoError.InvalidParam("fields", extra: new JsonObject { ["api_name"] = name });
                return null;
            }

            fields.Add(field);
        }

        return fields;
    }
}
