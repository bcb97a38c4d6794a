namespace ZohoCrm.ContractTests.Oas;

public sealed class OasValidationResult
{
    public OasValidationResult(IReadOnlyList<string> errors, string? operation = null, string? schema = null)
    {
        Errors = errors;
        Operation = operation;
        Schema = schema;
    }

    public bool IsValid => Errors.Count == 0;

    /// <summary>Problems found, each starting with a JSON path such as "$.users[0].email".</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The OAS operation used, e.g. "GET /crm/v8/{module_api_name} (record.json)".</summary>
    public string? Operation { get; }

    /// <summary>The schema the body matched or was checked against.</summary>
    public string? Schema { get; }

    public override string ToString() =>
        (IsValid ? "valid" : "invalid") + (Operation is null ? string.Empty : " for " + Operation) +
        (Schema is null ? string.Empty : " against " + Schema) +
        (IsValid ? string.Empty : ":" + Environment.NewLine + string.Join(Environment.NewLine, Errors.Take(40)));
}
