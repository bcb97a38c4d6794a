using System;
using System.Collections.Generic;

namespace ZohoCrm.Core.Metadata
{
    /// <summary>How a field's JSON value is turned into a .NET value.</summary>
    public enum FieldValueKind
    {
        Text,
        DateTime,
        Date,
        Integer,
        Double,
        Decimal,
        Boolean,
        Lookup,
        MultiSelect,
        Other,
    }

    /// <summary>One field of a module, from <c>GET /settings/fields?module=…</c>.</summary>
    public sealed class ZohoField
    {
        public ZohoField(string apiName, string? label, string? dataType)
        {
            ApiName = apiName;
            Label = label ?? apiName;
            DataType = dataType ?? "text";
            Kind = KindOf(DataType);
        }

        public string ApiName { get; }
        public string Label { get; }

        /// <summary>The module's API name.</summary>
        public string? Module { get; set; }

        /// <summary>Zoho's data_type: text, email, picklist, lookup, datetime, currency, …</summary>
        public string DataType { get; }

        public FieldValueKind Kind { get; }
        public string? JsonType { get; set; }
        public int? Length { get; set; }
        public bool SystemMandatory { get; set; }
        public bool ReadOnly { get; set; }
        public bool Unique { get; set; }
        public string? Id { get; set; }
        public string? LookupModule { get; set; }
        public IReadOnlyList<string> PickListValues { get; set; } = Array.Empty<string>();

        /// <summary>Subforms and multi-select lookups are not returned by the records list API.</summary>
        public bool IsListable => !(DataType == "subform" || DataType == "multiselectlookup" || DataType == "multi_module_lookup");

        public static FieldValueKind KindOf(string dataType)
        {
            switch (dataType)
            {
                case "datetime":
                    return FieldValueKind.DateTime;
                case "date":
                    return FieldValueKind.Date;
                case "integer":
                case "bigint":
                case "long":
                    return FieldValueKind.Integer;
                case "double":
                case "percent":
                    return FieldValueKind.Double;
                case "currency":
                case "decimal":
                    return FieldValueKind.Decimal;
                case "boolean":
                    return FieldValueKind.Boolean;
                case "lookup":
                case "ownerlookup":
                case "userlookup":
                    return FieldValueKind.Lookup;
                case "multiselectpicklist":
                    return FieldValueKind.MultiSelect;
                case "text":
                case "textarea":
                case "email":
                case "phone":
                case "website":
                case "picklist":
                case "autonumber":
                    return FieldValueKind.Text;
                default:
                    return FieldValueKind.Other;
            }
        }

        public override string ToString() => ApiName;
    }

    /// <summary>One module, from <c>GET /settings/modules</c>.</summary>
    public sealed class ZohoModule
    {
        public ZohoModule(string apiName) { ApiName = apiName; }

        public string ApiName { get; }
        public string? ModuleName { get; set; }
        public string? SingularLabel { get; set; }
        public string? PluralLabel { get; set; }
        public string? Id { get; set; }
        public bool ApiSupported { get; set; } = true;
        public bool Creatable { get; set; }
        public bool Editable { get; set; }
        public bool Deletable { get; set; }
        public bool Viewable { get; set; }
        public string? GeneratedType { get; set; }

        public override string ToString() => ApiName;
    }
}
