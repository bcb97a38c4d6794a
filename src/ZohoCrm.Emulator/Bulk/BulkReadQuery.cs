using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Criteria;

namespace ZohoCrm.Emulator.Bulk;

/// <summary>A validated bulk read request: what to export, which page, and where to call back.</summary>
internal sealed record BulkReadQuery(
    ModuleDefinition Module,
    IReadOnlyList<FieldDefinition> Columns,
    IReadOnlyList<string> RequestedFields,
    CriteriaNode? Criteria,
    JsonObject? CriteriaEcho,
    CustomViewDefinition? View,
    int Page,
    string FileType,
    string? CallbackUrl);
