namespace ZohoCrm.Emulator.Data.Modules;

/// <summary>Builds a <see cref="ModuleDefinition"/> field by field.</summary>
internal sealed class ModuleBuilder
{
    private readonly string _apiName;
    private readonly string _singular;
    private readonly string _plural;
    private readonly string _displayField;
    private readonly List<FieldDefinition> _fields = new();
    private readonly List<CustomViewDefinition> _views = new();
    private readonly List<(string Name, string Color)> _tags = new();

    public ModuleBuilder(string apiName, string singular, string plural, string displayField)
    {
        _apiName = apiName;
        _singular = singular;
        _plural = plural;
        _displayField = displayField;
    }

    public bool SupportsConversion { get; set; }

    public ModuleBuilder Add(FieldDefinition field)
    {
        _fields.Add(field);
        return this;
    }

    public ModuleBuilder Text(string api, string label, int length = 255, bool mandatory = false, bool readOnly = false, bool custom = false, bool unique = false) =>
        Add(new FieldDefinition(api, label, FieldDataType.Text) { Length = length, SystemMandatory = mandatory, ReadOnly = readOnly, Custom = custom, Unique = unique });

    public ModuleBuilder Of(FieldDataType type, string api, string label, bool mandatory = false, bool readOnly = false, bool custom = false, bool unique = false, int? length = null, int? decimals = null) =>
        Add(new FieldDefinition(api, label, type)
        {
            Length = length ?? type.DefaultLength(),
            SystemMandatory = mandatory,
            ReadOnly = readOnly,
            Custom = custom,
            Unique = unique,
            DecimalPlace = decimals ?? (type is FieldDataType.Currency or FieldDataType.Double ? 2 : null),
        });

    public ModuleBuilder Picklist(string api, string label, string[] values, bool mandatory = false, bool multi = false, bool custom = false) =>
        Add(new FieldDefinition(api, label, multi ? FieldDataType.MultiSelectPicklist : FieldDataType.Picklist)
        {
            PickListValues = values,
            SystemMandatory = mandatory,
            Custom = custom,
        });

    public ModuleBuilder Lookup(string api, string label, string module, bool mandatory = false) =>
        Add(new FieldDefinition(api, label, FieldDataType.Lookup) { LookupModule = module, SystemMandatory = mandatory });

    public ModuleBuilder AutoNumber(string api, string label, string prefix, bool custom = true) =>
        Add(new FieldDefinition(api, label, FieldDataType.AutoNumber) { AutoNumberPrefix = prefix, ReadOnly = true, Custom = custom });

    /// <summary>Owner plus the audit fields and Tag that every module has.</summary>
    public ModuleBuilder SystemFields(string ownerLabel)
    {
        Add(new FieldDefinition("Owner", ownerLabel, FieldDataType.OwnerLookup) { LookupModule = "users" });
        Add(new FieldDefinition("Created_By", "Created By", FieldDataType.OwnerLookup) { LookupModule = "users", ReadOnly = true });
        Add(new FieldDefinition("Modified_By", "Modified By", FieldDataType.OwnerLookup) { LookupModule = "users", ReadOnly = true });
        Add(new FieldDefinition("Created_Time", "Created Time", FieldDataType.DateTime) { ReadOnly = true });
        Add(new FieldDefinition("Modified_Time", "Modified Time", FieldDataType.DateTime) { ReadOnly = true });
        Add(new FieldDefinition("Tag", "Tag", FieldDataType.Tags) { ReadOnly = true });
        return this;
    }

    public ModuleBuilder View(CustomViewDefinition view)
    {
        _views.Add(view);
        return this;
    }

    public ModuleBuilder Tag(string name, string color)
    {
        _tags.Add((name, color));
        return this;
    }

    /// <summary>Builds the module, adding the system "All" view first, and hands out ids.</summary>
    public ModuleDefinition Build(Func<long> nextId)
    {
        var module = new ModuleDefinition(_apiName, _singular, _plural, _displayField, _fields) { SupportsConversion = SupportsConversion };
        module.Id = nextId();
        foreach (var field in _fields)
        {
            field.Id = nextId();
            if (field.PickListValues.Count > 0)
            {
                field.PickListValueIds = field.PickListValues.Select(_ => nextId()).ToArray();
            }
        }

        var columns = _fields.Take(5).Select(f => f.ApiName).ToArray();
        var all = new CustomViewDefinition
        {
            Name = "All " + _plural,
            DisplayValue = "All " + _plural,
            SystemName = "ALLVIEWS",
            Default = true,
            SystemDefined = true,
            Fields = columns,
        };
        var views = new List<CustomViewDefinition> { all };
        views.AddRange(_views);
        foreach (var view in views)
        {
            view.Id = nextId();
        }

        module.CustomViews = views;
        module.Tags = _tags.Select(t => new TagValue(nextId(), t.Name, t.Color)).ToArray();
        return module;
    }
}
