using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Data.Criteria;

namespace ZohoCrm.Emulator.Json;

/// <summary>
/// Module, field and custom-view metadata in the shapes of Zoho's modules.json, fields.json and
/// custom_views.json. Those files mark nearly every key as required, so every key is sent, with null
/// where Zoho would have nothing to say.
/// </summary>
internal static class MetadataJson
{
    private static readonly string[] ProfileNames = ["Administrator", "Standard"];

    public static JsonObject Module(ModuleDefinition module, UserDirectory users, bool includeFields)
    {
        var admin = users.Current;
        var fields = new JsonArray();
        if (includeFields)
        {
            foreach (var field in module.Fields)
            {
                fields.Add(Field(module, field));
            }
        }

        var defaultView = module.CustomViews.First(v => v.Default);
        return new JsonObject
        {
            ["has_more_profiles"] = false,
            ["sub_menu_available"] = false,
            ["common.search_supported"] = true,
            ["deletable"] = false,
            ["description"] = null,
            ["creatable"] = true,
            ["recycle_bin_on_delete"] = true,
            ["inventory_template_supported"] = false,
            ["modified_time"] = ZohoTime.FormatDateTime(module.ModifiedTime),
            ["plural_label"] = module.PluralLabel,
            ["presence_sub_menu"] = false,
            ["triggers_supported"] = true,
            ["id"] = ZohoIds.Format(module.Id),
            ["chart_view"] = false,
            ["isBlueprintSupported"] = true,
            ["visibility"] = 1,
            ["visible"] = true,
            ["convertable"] = module.SupportsConversion,
            ["editable"] = true,
            ["emailTemplate_support"] = true,
            ["email_parser_supported"] = false,
            ["filter_supported"] = true,
            ["show_as_tab"] = true,
            ["web_link"] = null,
            ["sequence_number"] = module.SequenceNumber,
            ["singular_label"] = module.SingularLabel,
            ["viewable"] = true,
            ["api_supported"] = true,
            ["api_name"] = module.ApiName,
            ["quick_create"] = true,
            ["generated_type"] = "default",
            ["feeds_required"] = false,
            ["scoring_supported"] = module.ApiName is "Leads" or "Contacts" or "Accounts" or "Deals",
            ["webform_supported"] = module.ApiName is "Leads" or "Contacts",
            ["arguments"] = new JsonArray(),
            ["module_name"] = module.ModuleName,
            ["chart_view_supported"] = true,
            ["profile_count"] = ProfileNames.Length,
            ["business_card_field_limit"] = 5,
            ["track_current_data"] = false,
            ["modified_by"] = new JsonObject { ["name"] = admin.FullName, ["id"] = ZohoIds.Format(admin.Id) },
            ["profiles"] = new JsonArray(ProfileNames.Select((p, i) => (JsonNode)new JsonObject { ["id"] = ZohoIds.Format(ZohoIds.Make(231_011 + (2 * i))), ["name"] = p }).ToArray()),
            ["parent_module"] = new JsonObject(),
            ["activity_badge"] = null,
            ["$field_states"] = new JsonArray(),
            ["business_card_fields"] = new JsonArray(),
            ["per_page"] = 10,
            ["$properties"] = new JsonArray(),
            ["$on_demand_properties"] = new JsonArray(),
            ["search_layout_fields"] = new JsonArray(module.Fields.Take(4).Select(f => (JsonNode)JsonValue.Create(f.ApiName)).ToArray()),
            ["kanban_view_supported"] = true,
            ["lookup_field_properties"] = new JsonObject
            {
                ["fields"] = new JsonArray(module.Fields.Take(3).Select((f, i) => (JsonNode)new JsonObject
                {
                    ["sequence_number"] = i + 1,
                    ["api_name"] = f.ApiName,
                    ["id"] = ZohoIds.Format(f.Id),
                }).ToArray()),
            },
            ["kanban_view"] = false,
            ["related_lists"] = new JsonArray(),
            ["filter_status"] = true,
            ["related_list_properties"] = new JsonObject
            {
                ["sort_by"] = new JsonObject { ["api_name"] = null, ["id"] = null },
                ["fields"] = new JsonArray(),
                ["sort_order"] = null,
            },
            ["display_field"] = new JsonObject { ["api_name"] = module.DisplayFieldApiName, ["id"] = ZohoIds.Format(module.Field(module.DisplayFieldApiName)!.Id) },
            ["layouts"] = new JsonArray(),
            ["fields"] = fields,
            ["custom_view"] = CustomView(module, defaultView, users),
            ["zia_view"] = false,
            ["default_mapping_fields"] = new JsonArray(),
            ["status"] = "visible",
            ["layout_associations"] = new JsonArray(Layout(module)),
        };
    }

    private static JsonObject Layout(ModuleDefinition module) => new()
    {
        ["api_name"] = "Standard",
        ["name"] = "Standard",
        ["id"] = ZohoIds.Format(module.Id + 100_000),
    };

    private static JsonObject NullModule() => new() { ["api_name"] = null, ["id"] = null };

    public static JsonObject Field(ModuleDefinition module, FieldDefinition field)
    {
        var type = field.DataType;
        var picklist = new JsonArray();
        for (var i = 0; i < field.PickListValues.Count; i++)
        {
            picklist.Add(new JsonObject
            {
                ["colour_code"] = null,
                ["actual_value"] = field.PickListValues[i],
                ["type"] = "used",
                ["id"] = ZohoIds.Format(field.PickListValueIds[i]),
                ["sequence_number"] = i + 1,
                ["display_value"] = field.PickListValues[i],
            });
        }

        JsonNode? lookup = null;
        if (field.DataType == FieldDataType.Lookup && field.LookupModule is { } target)
        {
            lookup = new JsonObject
            {
                ["display_label"] = field.Label,
                ["api_name"] = field.ApiName,
                ["module"] = new JsonObject { ["api_name"] = target, ["id"] = null },
                ["id"] = ZohoIds.Format(field.Id),
                ["query_details"] = new JsonObject(),
                ["revalidate_filter_during_edit"] = false,
                ["show_fields"] = new JsonArray(),
            };
        }

        var convert = new JsonObject { ["Contacts"] = null, ["Deals"] = null, ["Accounts"] = null };
        if (field.ConvertMapping is not null)
        {
            foreach (var (targetModule, targetField) in field.ConvertMapping)
            {
                convert[targetModule] = targetField;
            }
        }

        var editable = !field.ReadOnly;
        return new JsonObject
        {
            ["associated_module"] = NullModule(),
            ["data_type"] = type.DataType(),
            ["operation_type"] = new JsonObject { ["web_update"] = editable, ["api_create"] = editable, ["web_create"] = editable, ["api_update"] = editable },
            ["system_mandatory"] = field.SystemMandatory,
            ["webhook"] = true,
            ["blueprint_supported"] = editable,
            ["virtual_field"] = false,
            ["field_read_only"] = field.ReadOnly,
            ["customizable_properties"] = new JsonArray("tooltip", "field_label"),
            ["read_only"] = field.ReadOnly,
            ["custom_field"] = field.Custom,
            ["businesscard_supported"] = true,
            ["filterable"] = type != FieldDataType.TextArea,
            ["visible"] = true,
            ["available_in_user_layout"] = true,
            ["display_field"] = field.ApiName == module.DisplayFieldApiName,
            ["pick_list_values_sorted_lexically"] = false,
            ["sortable"] = type is not (FieldDataType.TextArea or FieldDataType.MultiSelectPicklist or FieldDataType.Tags),
            ["layout_associations"] = new JsonArray(Layout(module)),
            ["separator"] = false,
            ["searchable"] = type is not (FieldDataType.Tags or FieldDataType.Boolean),
            ["enable_colour_code"] = false,
            ["mass_update"] = editable,
            ["json_type"] = type.JsonType(),
            ["created_source"] = field.Custom ? "crm" : "default",
            ["type"] = "used",
            ["display_label"] = field.Label,
            ["column_name"] = field.ApiName.ToUpperInvariant().Replace("_", string.Empty, StringComparison.Ordinal),
            ["api_name"] = field.ApiName,
            ["display_type"] = -1,
            ["ui_type"] = UiType(type),
            ["colour_code_enabled_by_system"] = false,
            ["length"] = field.Length,
            ["decimal_place"] = field.DecimalPlace,
            ["quick_sequence_number"] = (field.Ordinal + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["email_parser"] = new JsonObject { ["fields_update_supported"] = false, ["record_operations_supported"] = false },
            ["rollup_summary"] = null,
            ["refer_from_field"] = new JsonObject { ["id"] = null, ["api_name"] = null },
            ["created_time"] = field.Custom ? ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-2)) : null,
            ["modified_time"] = field.Custom ? ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-1)) : null,
            ["show_type"] = 7,
            ["category"] = 0,
            ["id"] = ZohoIds.Format(field.Id),
            ["sequence_number"] = field.Ordinal + 1,
            ["multi_module_lookup"] = null,
            ["sharing_properties"] = new JsonObject(),
            ["currency"] = type == FieldDataType.Currency ? new JsonObject { ["rounding_option"] = "normal", ["precision"] = 2 } : null,
            ["file_upolad_optionlist"] = new JsonArray(),
            ["lookup"] = lookup,
            ["profiles"] = new JsonArray(ProfileNames.Select((p, i) => (JsonNode)new JsonObject
            {
                ["name"] = p,
                ["id"] = ZohoIds.Format(ZohoIds.Make(231_011 + (2 * i))),
                ["permission_type"] = editable ? "read_write" : "read_only",
            }).ToArray()),
            ["view_type"] = new JsonObject { ["view"] = true, ["edit"] = editable, ["quick_create"] = field.SystemMandatory, ["create"] = editable },
            ["unique"] = field.Unique ? new JsonObject { ["casesensitive"] = "false" } : null,
            ["sub_module"] = NullModule(),
            ["subform"] = null,
            ["external"] = new JsonObject { ["show"] = false, ["type"] = null },
            ["formula"] = null,
            ["convert_mapping"] = convert,
            ["multiselectlookup"] = null,
            ["multiuserlookup"] = new JsonObject
            {
                ["display_label"] = null,
                ["linking_module"] = NullModule(),
                ["connected_module"] = NullModule(),
                ["lookup_apiname"] = null,
                ["api_name"] = null,
                ["connectedfield_apiname"] = null,
                ["connectedlookup_apiname"] = null,
                ["id"] = null,
                ["record_access"] = null,
            },
            ["autonumber"] = new JsonObject
            {
                ["starting_number_length"] = type == FieldDataType.AutoNumber ? 5 : 0,
                ["prefix"] = field.AutoNumberPrefix,
                ["suffix"] = null,
                ["start_number"] = type == FieldDataType.AutoNumber ? 1 : null,
            },
            ["auto_number"] = null,
            ["pick_list_values"] = picklist,
            ["crypt"] = new JsonObject { ["mode"] = null, ["status"] = null },
            ["tooltip"] = new JsonObject { ["name"] = string.Empty, ["value"] = string.Empty },
            ["history_tracking"] = new JsonObject { ["module"] = new JsonObject(), ["duration_configured_field"] = NullModule() },
            ["association_details"] = new JsonObject { ["related_field"] = NullModule(), ["lookup_field"] = NullModule() },
            ["allowed_modules"] = new JsonArray(),
            ["additional_column"] = null,
            ["field_label"] = field.Label,
            ["common.picklist"] = null,
            ["hipaa_compliance_enabled"] = false,
            ["hipaa_compliance"] = new JsonObject { ["restricted_in_export"] = false, ["restricted"] = false },
            ["_update_existing_records"] = false,
            ["number_separator"] = type is FieldDataType.Integer or FieldDataType.Currency or FieldDataType.Double,
            ["textarea"] = type == FieldDataType.TextArea ? new JsonObject { ["type"] = "large" } : new JsonObject(),
            ["static_field"] = false,
        };
    }

    private static int UiType(FieldDataType type) => type switch
    {
        FieldDataType.Text => 1,
        FieldDataType.Picklist => 2,
        FieldDataType.TextArea => 3,
        FieldDataType.Email => 25,
        FieldDataType.Phone => 33,
        FieldDataType.Website => 21,
        FieldDataType.Integer => 32,
        FieldDataType.BigInt => 38,
        FieldDataType.Double => 36,
        FieldDataType.Currency => 36,
        FieldDataType.Boolean => 301,
        FieldDataType.Date => 24,
        FieldDataType.DateTime => 333,
        FieldDataType.Lookup => 133,
        FieldDataType.OwnerLookup => 8,
        FieldDataType.MultiSelectPicklist => 100,
        FieldDataType.AutoNumber => 1,
        _ => 1,
    };

    public static JsonObject CustomView(ModuleDefinition module, CustomViewDefinition view, UserDirectory users)
    {
        var owner = new JsonObject { ["name"] = users.Current.FullName, ["id"] = ZohoIds.Format(users.Current.Id) };
        var sortField = module.Field(view.SortBy);
        return new JsonObject
        {
            ["display_value"] = view.DisplayValue,
            ["system_name"] = view.SystemName,
            ["category"] = view.Category,
            ["created_time"] = ZohoTime.FormatDateTime(view.CreatedTime),
            ["modified_time"] = ZohoTime.FormatDateTime(view.ModifiedTime),
            ["last_accessed_time"] = null,
            ["name"] = view.Name,
            ["created_by"] = owner.DeepClone(),
            ["modified_by"] = owner.DeepClone(),
            ["module"] = new JsonObject { ["name"] = module.ApiName, ["id"] = ZohoIds.Format(module.Id) },
            ["criteria"] = Criteria(module, view.Criteria),
            ["default"] = view.Default,
            ["system_defined"] = view.SystemDefined,
            ["locked"] = false,
            ["favorite"] = null,
            ["offline"] = false,
            ["access_type"] = "public",
            ["shared_to"] = new JsonArray(),
            ["fields"] = new JsonArray(view.Fields.Select(name => (JsonNode)new JsonObject
            {
                ["id"] = ZohoIds.Format(module.Field(name)?.Id ?? 0),
                ["api_name"] = name,
                ["_pin"] = false,
            }).ToArray()),
            ["sort_by"] = new JsonObject
            {
                ["id"] = ZohoIds.Format(sortField?.Id ?? 0),
                ["api_name"] = view.SortBy,
            },
            ["sort_order"] = view.SortOrder,
            ["id"] = ZohoIds.Format(view.Id),
        };
    }

    /// <summary>
    /// Criteria with all five keys custom_views.json requires. A view without criteria gets an empty
    /// node (all null, empty group) rather than null, because the file does not allow null there.
    /// </summary>
    public static JsonObject Criteria(ModuleDefinition module, CriteriaNode? node)
    {
        switch (node)
        {
            case CriteriaCondition c:
                var field = module.Field(c.Field);
                JsonNode? value = c.Comparator is "in" or "not_in" or "between" or "not_between"
                    ? new JsonArray(c.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())
                    : JsonValue.Create(c.Values.FirstOrDefault());
                return new JsonObject
                {
                    ["comparator"] = c.Comparator,
                    ["field"] = new JsonObject { ["api_name"] = c.Field, ["id"] = field is null ? null : ZohoIds.Format(field.Id) },
                    ["value"] = value,
                    ["group_operator"] = null,
                    ["group"] = new JsonArray(),
                };
            case CriteriaGroup g:
                return new JsonObject
                {
                    ["comparator"] = null,
                    ["field"] = new JsonObject { ["api_name"] = null, ["id"] = null },
                    ["value"] = null,
                    ["group_operator"] = g.GroupOperator,
                    ["group"] = new JsonArray(g.Group.Select(n => (JsonNode)Criteria(module, n)).ToArray()),
                };
            default:
                return new JsonObject
                {
                    ["comparator"] = null,
                    ["field"] = new JsonObject { ["api_name"] = null, ["id"] = null },
                    ["value"] = null,
                    ["group_operator"] = null,
                    ["group"] = new JsonArray(),
                };
        }
    }
}
