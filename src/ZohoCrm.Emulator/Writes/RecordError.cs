using System.Globalization;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Writes;

/// <summary>A per-record error of a write: one entry of "data" with status "error" (fact sheet §3.4).</summary>
internal sealed record RecordError(string Code, string Message, JsonObject Details)
{
    public const string InvalidData = "invalid data";
    public const string InvalidId = "the id given seems to be invalid";

    public JsonObject ToJson() => new()
    {
        ["code"] = Code,
        ["details"] = Details.DeepClone(),
        ["message"] = Message,
        ["status"] = "error",
    };

    public static RecordError Mandatory(string apiName, string jsonPath) =>
        new("MANDATORY_NOT_FOUND", "required field not found", new JsonObject { ["api_name"] = apiName, ["json_path"] = jsonPath });

    /// <summary>A value of the wrong type or form: details api_name, json_path and expected_data_type.</summary>
    public static RecordError WrongType(string apiName, string jsonPath, string expected) =>
        new("INVALID_DATA", InvalidData, new JsonObject { ["api_name"] = apiName, ["json_path"] = jsonPath, ["expected_data_type"] = expected });

    /// <summary>A value longer than the field allows: details api_name, json_path and maximum_length (a string, as record.json types it, unless configured otherwise).</summary>
    public static RecordError TooLong(string apiName, string jsonPath, int maximum, bool asString) =>
        new("INVALID_DATA", InvalidData, new JsonObject
        {
            ["api_name"] = apiName,
            ["json_path"] = jsonPath,
            ["maximum_length"] = asString ? JsonValue.Create(maximum.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(maximum),
        });

    /// <summary>INVALID_DATA about a field, with a reason instead of a type (unknown or read-only field, value not allowed).</summary>
    public static RecordError Invalid(string apiName, string jsonPath, string reason) =>
        new("INVALID_DATA", InvalidData, new JsonObject { ["api_name"] = apiName, ["json_path"] = jsonPath, ["reason"] = reason });

    /// <summary>INVALID_DATA with only api_name and json_path (convert_lead.json's Invalid_Value_Exception).</summary>
    public static RecordError InvalidValue(string apiName, string jsonPath) =>
        new("INVALID_DATA", InvalidData, new JsonObject { ["api_name"] = apiName, ["json_path"] = jsonPath });

    /// <summary>A record id (to update or delete, or in a lookup) that does not exist: details {"id": …} plus any extras.</summary>
    public static RecordError UnknownId(string id, string? apiName = null, string? jsonPath = null)
    {
        var details = new JsonObject();
        if (apiName is not null)
        {
            details["api_name"] = apiName;
            details["json_path"] = jsonPath;
        }

        details["id"] = id;
        return new RecordError("INVALID_DATA", InvalidId, details);
    }

    public static RecordError Duplicate(string apiName, string jsonPath, long existingId, LookupValue? owner, ModuleDefinition module)
    {
        var record = new JsonObject { ["id"] = ZohoIds.Format(existingId) };
        if (owner is not null)
        {
            record["Owner"] = new JsonObject { ["name"] = owner.Name, ["id"] = ZohoIds.Format(owner.Id) };
        }

        record["module"] = new JsonObject { ["api_name"] = module.ApiName, ["id"] = ZohoIds.Format(module.Id) };
        return new RecordError("DUPLICATE_DATA", "duplicate data", new JsonObject
        {
            ["api_name"] = apiName,
            ["json_path"] = jsonPath,
            ["duplicate_record"] = record,
        });
    }

    /// <summary>Updating a converted lead (the code is <see cref="EmulatorOptions.ConvertedRecordUpdateCode"/>).</summary>
    public static RecordError Converted(string code, long id) =>
        new(code, code == "CONVERTED_RECORD" ? "can't update the converted record" : "id already converted", new JsonObject { ["id"] = ZohoIds.Format(id) });
}
