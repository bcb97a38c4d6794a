namespace ZohoCrm.ContractTests;

/// <summary>A fact that needs Zoho's OpenAPI files: skipped, with the reason, when ZCRM_OAS_DIR is not set.</summary>
public sealed class OasFactAttribute : FactAttribute
{
    public OasFactAttribute()
    {
        if (OasFiles.Directory is null)
        {
            Skip = OasFiles.SkipReason;
        }
    }
}

/// <summary>A theory that needs Zoho's OpenAPI files (see <see cref="OasFactAttribute"/>).</summary>
public sealed class OasTheoryAttribute : TheoryAttribute
{
    public OasTheoryAttribute()
    {
        if (OasFiles.Directory is null)
        {
            Skip = OasFiles.SkipReason;
        }
    }
}

public static class OasFiles
{
    public const string Variable = "ZCRM_OAS_DIR";

    /// <summary>The folder named by ZCRM_OAS_DIR when it exists, else null.</summary>
    public static string? Directory
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) || !System.IO.Directory.Exists(value) ? null : value;
        }
    }

    public static string SkipReason =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? $"{Variable}={value} is not a folder; the contract tests need Zoho's OpenAPI files (v8.0/*.json)."
            : $"{Variable} is not set; the contract tests need Zoho's OpenAPI files, e.g. {Variable}=/work/shared/zoho-crm-oas/v8.0.";
}
