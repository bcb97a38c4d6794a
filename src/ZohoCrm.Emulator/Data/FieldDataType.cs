namespace ZohoCrm.Emulator.Data;

/// <summary>Zoho's field data types (the "data_type" of the fields API) that the emulator models.</summary>
public enum FieldDataType
{
    Text,
    TextArea,
    Email,
    Phone,
    Website,
    Picklist,
    MultiSelectPicklist,
    Lookup,
    OwnerLookup,
    DateTime,
    Date,
    Integer,
    BigInt,
    Double,
    Currency,
    Boolean,
    AutoNumber,

    /// <summary>The Tag field: an array of tag objects.</summary>
    Tags,
}

internal static class FieldDataTypeNames
{
    /// <summary>The "data_type" value.</summary>
    public static string DataType(this FieldDataType type) => type switch
    {
        FieldDataType.Text => "text",
        FieldDataType.TextArea => "textarea",
        FieldDataType.Email => "email",
        FieldDataType.Phone => "phone",
        FieldDataType.Website => "website",
        FieldDataType.Picklist => "picklist",
        FieldDataType.MultiSelectPicklist => "multiselectpicklist",
        FieldDataType.Lookup => "lookup",
        FieldDataType.OwnerLookup => "ownerlookup",
        FieldDataType.DateTime => "datetime",
        FieldDataType.Date => "date",
        FieldDataType.Integer => "integer",
        FieldDataType.BigInt => "bigint",
        FieldDataType.Double => "double",
        FieldDataType.Currency => "currency",
        FieldDataType.Boolean => "boolean",
        FieldDataType.AutoNumber => "autonumber",
        FieldDataType.Tags => "text",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The "json_type" value: how the value travels in JSON. Long integers travel as strings, like ids.</summary>
    public static string JsonType(this FieldDataType type) => type switch
    {
        FieldDataType.MultiSelectPicklist or FieldDataType.Tags => "jsonarray",
        FieldDataType.Lookup or FieldDataType.OwnerLookup => "jsonobject",
        FieldDataType.Integer => "integer",
        FieldDataType.Double or FieldDataType.Currency => "double",
        FieldDataType.Boolean => "boolean",
        _ => "string",
    };

    public static int DefaultLength(this FieldDataType type) => type switch
    {
        FieldDataType.TextArea => 32000,
        FieldDataType.Email => 100,
        FieldDataType.Phone => 30,
        FieldDataType.Website => 255,
        FieldDataType.Picklist or FieldDataType.MultiSelectPicklist => 120,
        FieldDataType.Integer => 9,
        FieldDataType.BigInt => 18,
        FieldDataType.Double or FieldDataType.Currency => 16,
        FieldDataType.DateTime or FieldDataType.Date or FieldDataType.Boolean => 120,
        FieldDataType.Lookup or FieldDataType.OwnerLookup => 120,
        FieldDataType.AutoNumber => 40,
        _ => 255,
    };
}
