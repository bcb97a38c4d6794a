namespace ZohoCrm.ContractTests.Oas;

/// <summary>
/// How literally to read Zoho's OpenAPI files. The defaults match what those files mean rather than what
/// they literally say; each relaxation is explained on its property.
/// </summary>
public sealed class OasValidationOptions
{
    /// <summary>
    /// Treat oneOf as anyOf. Zoho's files put overlapping schemas side by side in oneOf (a success wrapper
    /// next to an exception object with no required keys), so a valid body often matches several branches.
    /// </summary>
    public bool OneOfMeansAnyOf { get; set; } = true;

    /// <summary>
    /// Accept any value for a bare <c>{"type":"object"}</c> (no properties, items or combinators). Zoho's
    /// generator writes that for members typed Object in its SDKs, i.e. "any JSON value": criteria values
    /// that are strings or arrays (fact sheet §6.1), a user's time_zone ("Asia/Kolkata").
    /// </summary>
    public bool BareObjectIsAny { get; set; } = true;

    /// <summary>Check "pattern". Off by default: Zoho's patterns are derived from sample values (e.g. an e-mail with exactly nine letters before the @).</summary>
    public bool CheckPatterns { get; set; }

    /// <summary>Check minLength and maxLength.</summary>
    public bool CheckLengths { get; set; } = true;

    /// <summary>Error bodies whose status the operation does not document are checked against this schema.</summary>
    public string GenericErrorSchema { get; set; } = "common.json#/components/schemas/API_Exception";
}
