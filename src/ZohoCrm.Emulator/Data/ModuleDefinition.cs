namespace ZohoCrm.Emulator.Data;

/// <summary>A CRM module: its metadata, fields, custom views and tag catalog.</summary>
public sealed class ModuleDefinition
{
    private readonly Dictionary<string, FieldDefinition> _byName;

    internal ModuleDefinition(
        string apiName,
        string singularLabel,
        string pluralLabel,
        string displayField,
        IReadOnlyList<FieldDefinition> fields)
    {
        ApiName = apiName;
        SingularLabel = singularLabel;
        PluralLabel = pluralLabel;
        DisplayFieldApiName = displayField;
        Fields = fields;
        _byName = new Dictionary<string, FieldDefinition>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            fields[i].Ordinal = i;
            _byName.Add(fields[i].ApiName, fields[i]);
        }
    }

    public long Id { get; internal set; }

    /// <summary>Case-sensitive API name, e.g. "Leads".</summary>
    public string ApiName { get; }

    public string ModuleName => ApiName;

    public string SingularLabel { get; }

    public string PluralLabel { get; }

    /// <summary>Field whose value names a record in lookups (Full_Name, Account_Name …).</summary>
    public string DisplayFieldApiName { get; }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    public int SequenceNumber { get; internal set; }

    /// <summary>Leads can be converted; the list API's "converted" filter applies to them.</summary>
    public bool SupportsConversion { get; internal init; }

    public IReadOnlyList<CustomViewDefinition> CustomViews { get; internal set; } = Array.Empty<CustomViewDefinition>();

    public IReadOnlyList<TagValue> Tags { get; internal set; } = Array.Empty<TagValue>();

    public DateTimeOffset ModifiedTime { get; internal set; } = ZohoTime.SeedAnchor;

    public FieldDefinition? Field(string apiName) => _byName.GetValueOrDefault(apiName);

    public CustomViewDefinition? CustomView(long id) => CustomViews.FirstOrDefault(v => v.Id == id);

    public override string ToString() => ApiName;
}
