using System.Text.Json.Nodes;

namespace ZohoCrm.ContractTests.Oas;

/// <summary>A schema node together with the file it lives in (needed to resolve its local "#/…" references).</summary>
public sealed record OasSchema(string File, JsonNode Node, string Pointer)
{
    public override string ToString() => File + "#" + Pointer;
}

/// <summary>A parameter of an operation (path-level and operation-level ones merged, references resolved).</summary>
public sealed record OasParameter(string Name, string In, bool Required, OasSchema? Schema);
