namespace ZohoCrm.Emulator.Data.Relations;

/// <summary>
/// A note's parent record, written as notes.json's Parent_Id: {"module":{"api_name","id"},"id","name"}
/// (fact sheet §17.2, the v8 object form).
/// </summary>
public sealed record ParentValue(string Module, long ModuleId, long Id, string Name);
