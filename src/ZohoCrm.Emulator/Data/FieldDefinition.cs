namespace ZohoCrm.Emulator.Data;

/// <summary>One field of a module, as the fields API describes it and as records carry it.</summary>
public sealed class FieldDefinition
{
    internal FieldDefinition(string apiName, string label, FieldDataType type)
    {
        ApiName = apiName;
        Label = label;
        DataType = type;
        Length = type.DefaultLength();
    }

    public long Id { get; internal set; }

    public string ApiName { get; }

    public string Label { get; }

    public FieldDataType DataType { get; }

    public int Length { get; internal init; }

    /// <summary>Mandatory on create (e.g. Last_Name of Leads).</summary>
    public bool SystemMandatory { get; internal init; }

    /// <summary>Set by the system only (Created_Time, Full_Name, autonumbers …).</summary>
    public bool ReadOnly { get; internal init; }

    public bool Custom { get; internal init; }

    public bool Unique { get; internal init; }

    public int? DecimalPlace { get; internal init; }

    public IReadOnlyList<string> PickListValues { get; internal init; } = Array.Empty<string>();

    /// <summary>Picklist value ids, parallel to <see cref="PickListValues"/>.</summary>
    internal IReadOnlyList<long> PickListValueIds { get; set; } = Array.Empty<long>();

    /// <summary>Target module of a lookup.</summary>
    public string? LookupModule { get; internal init; }

    public string? AutoNumberPrefix { get; internal init; }

    /// <summary>Leads only: where the value goes on conversion (Accounts/Contacts/Deals field api names).</summary>
    internal IReadOnlyDictionary<string, string>? ConvertMapping { get; init; }

    internal int Ordinal { get; set; }

    public override string ToString() => $"{ApiName} ({DataType.DataType()})";
}
