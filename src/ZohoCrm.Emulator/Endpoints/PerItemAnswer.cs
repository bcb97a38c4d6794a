using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Api;

namespace ZohoCrm.Emulator.Endpoints;

/// <summary>
/// The {"data":[…]} answer of a call that acts on several items, one entry per item in input order, with the
/// status rule of writes: all succeeded → <c>success</c>, some failed → PartialSuccessStatusCode, all failed →
/// AllRecordsFailedStatusCode (fact sheet §3.4).
/// </summary>
internal sealed class PerItemAnswer(EmulatorOptions options)
{
    private readonly List<JsonNode?> _entries = new();
    private int _succeeded;

    public void Success(string message, JsonObject details)
    {
        _succeeded++;
        _entries.Add(new JsonObject { ["code"] = "SUCCESS", ["details"] = details, ["message"] = message, ["status"] = "success" });
    }

    public void Error(string code, string message, JsonObject details) =>
        _entries.Add(new JsonObject { ["code"] = code, ["details"] = details, ["message"] = message, ["status"] = "error" });

    public int Count => _entries.Count;

    public int Succeeded => _succeeded;

    public ApiResult Answer(int success = 200, JsonObject? extra = null)
    {
        var status = _succeeded == _entries.Count ? success
            : _succeeded == 0 ? options.AllRecordsFailedStatusCode
            : options.PartialSuccessStatusCode;
        var body = new JsonObject { ["data"] = new JsonArray(_entries.ToArray()) };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                body[key] = value?.DeepClone();
            }
        }

        return ApiResult.Json(body, status);
    }
}
