using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Emulator.Json;

/// <summary>Roles, profiles, layouts and related lists in the shapes of roles.json, profiles.json, layouts.json and related_lists.json.</summary>
internal static class OrgJson
{
    private static JsonObject Minified(CrmUser user) => new() { ["name"] = user.FullName, ["id"] = ZohoIds.Format(user.Id), ["email"] = user.Email };

    private static JsonObject? NamedId(string? name, long? id) =>
        id is null ? null : new JsonObject { ["name"] = name, ["id"] = ZohoIds.Format(id.Value) };

    public static JsonObject Role(RoleDefinition role, UserDirectory users)
    {
        var manager = role.ReportingToId is { } id ? OrgSecurity.Role(id) : null;
        // The top role reports to nobody: roles.json allows no null there, so the key is left out.
        var json = new JsonObject
        {
            ["display_label"] = role.Name,
            ["share_with_peers"] = role.ShareWithPeers,
            ["description"] = role.Description,
            ["id"] = ZohoIds.Format(role.Id),
            ["name"] = role.Name,
            ["created_by__s"] = Minified(users.Current),
            ["modified_by__s"] = Minified(users.Current),
            ["created_time__s"] = ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-3)),
            ["modified_time__s"] = ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddDays(-90)),
            ["admin_user"] = role.AdminUser,
        };
        if (manager is not null)
        {
            json["reporting_to"] = NamedId(manager.Name, manager.Id);
        }

        return json;
    }

    /// <summary>A profile; permissions and sections are filled only for GET by id (§14.3 (?)), as in Zoho's list answer.</summary>
    public static JsonObject Profile(ProfileDefinition profile, ModuleCatalog catalog, UserDirectory users, bool detailed)
    {
        var permissions = new JsonArray();
        var sections = new JsonArray();
        if (detailed)
        {
            var admin = profile.Id == OrgSecurity.AdministratorProfileId;
            foreach (var module in catalog.Modules)
            {
                foreach (var (action, index) in new[] { ("view", 0), ("create", 1), ("edit", 2), ("delete", 3) })
                {
                    permissions.Add(new JsonObject
                    {
                        ["id"] = ZohoIds.Format(module.Id + 300_000 + index),
                        ["enabled"] = admin || profile.Type == "normal_profile" || action == "view",
                        ["name"] = module.ApiName + "_" + action,
                        ["display_label"] = char.ToUpperInvariant(action[0]) + action[1..],
                        ["customizable"] = !admin,
                        ["parent_permissions"] = new JsonArray(),
                        ["module"] = module.ApiName,
                    });
                }
            }

            sections.Add(new JsonObject
            {
                ["name"] = "record_permissions",
                ["categories"] = new JsonArray(),
            });
        }

        return new JsonObject
        {
            ["_default_view"] = new JsonObject { ["name"] = "Standard", ["id"] = ZohoIds.Format(profile.Id + 1), ["type"] = "default" },
            ["name"] = profile.Name,
            ["description"] = profile.Description,
            ["id"] = ZohoIds.Format(profile.Id),
            ["default"] = profile.Default,
            ["_delete"] = profile.Custom,
            ["permission_type"] = profile.Type == "lite_profile" ? "lite" : "full",
            ["custom"] = profile.Custom,
            ["display_label"] = profile.Name,
            ["type"] = profile.Type,
            ["permissions_details"] = permissions,
            ["sections"] = sections,
            ["created_time"] = ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-3)),
            ["modified_time"] = ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddDays(-120)),
            ["modified_by"] = Minified(users.Current),
            ["category"] = profile.Custom,
            ["created_by"] = Minified(users.Current),
        };
    }

    /// <summary>The id of a module's one layout, the same id modules.json and fields.json show in layout_associations.</summary>
    public static long LayoutId(ModuleDefinition module) => module.Id + 100_000;

    public static JsonObject Layout(ModuleDefinition module, UserDirectory users)
    {
        var admin = users.Current;
        var main = module.Fields.Where(f => f.DataType != FieldDataType.TextArea).ToList();
        var description = module.Fields.Where(f => f.DataType == FieldDataType.TextArea).ToList();
        var sections = new JsonArray { Section(module, module.SingularLabel + " Information", 1, main) };
        if (description.Count > 0)
        {
            sections.Add(Section(module, "Description Information", 2, description));
        }

        return new JsonObject
        {
            ["display_type"] = -1,
            ["api_name"] = "Standard",
            ["has_more_profiles"] = false,
            ["created_time"] = ZohoTime.FormatDateTime(ZohoTime.SeedAnchor.AddYears(-3)),
            ["modified_time"] = ZohoTime.FormatDateTime(module.ModifiedTime),
            ["visible"] = true,
            ["source"] = "crm",
            ["id"] = ZohoIds.Format(LayoutId(module)),
            ["name"] = "Standard",
            ["display_label"] = "Standard",
            ["mode"] = "default",
            ["subform_properties"] = new JsonObject { ["pinned_column"] = null },
            ["status"] = "active",
            ["show_business_card"] = false,
            ["generated_type"] = "default",
            ["created_for"] = new JsonObject { ["name"] = admin.FullName, ["id"] = ZohoIds.Format(admin.Id), ["email"] = admin.Email },
            ["convert_mapping"] = new JsonObject
            {
                ["Contacts"] = MinifiedLayout(module.SupportsConversion ? "Standard" : null, null),
                ["Deals"] = new JsonObject { ["fields"] = new JsonArray(), ["name"] = module.SupportsConversion ? "Standard" : null, ["id"] = null },
                ["Accounts"] = MinifiedLayout(module.SupportsConversion ? "Standard" : null, null),
                ["Invoices"] = MinifiedLayout(null, null),
                ["SalesOrders"] = MinifiedLayout(null, null),
            },
            ["modified_by"] = new JsonObject { ["name"] = admin.FullName, ["id"] = ZohoIds.Format(admin.Id), ["email"] = admin.Email },
            ["profiles"] = new JsonArray(OrgSecurity.Profiles.Select(p => (JsonNode)new JsonObject
            {
                ["default"] = true,
                ["name"] = p.Name,
                ["id"] = ZohoIds.Format(p.Id),
                ["_default_view"] = new JsonObject { ["name"] = "Standard", ["id"] = ZohoIds.Format(LayoutId(module)), ["type"] = "layout" },
            }).ToArray()),
            ["created_by"] = new JsonObject { ["name"] = admin.FullName, ["id"] = ZohoIds.Format(admin.Id), ["email"] = admin.Email },
            ["sections"] = sections,
            ["actions_allowed"] = new JsonObject
            {
                ["edit"] = true,
                ["rename"] = false,
                ["clone"] = true,
                ["downgrade"] = false,
                ["delete"] = false,
                ["deactivate"] = false,
                ["set_layout_permissions"] = true,
            },
        };
    }

    private static JsonObject MinifiedLayout(string? name, string? id) => new() { ["name"] = name, ["id"] = id };

    private static JsonObject Section(ModuleDefinition module, string name, int sequence, IReadOnlyList<FieldDefinition> fields)
    {
        var sectionId = LayoutId(module) + sequence;
        var list = new JsonArray();
        foreach (var field in fields)
        {
            var json = MetadataJson.Field(module, field);
            json["required"] = field.SystemMandatory;
            json["validation_rule"] = null;
            json["default_value"] = null;
            json["section_id"] = sequence;
            json["static_values"] = new JsonArray();
            json["_delete"] = new JsonObject { ["permanent"] = false };
            list.Add(json);
        }

        return new JsonObject
        {
            ["display_label"] = name,
            ["sequence_number"] = sequence,
            ["isSubformSection"] = false,
            ["tab_traversal"] = "left_to_right",
            ["api_name"] = name.Replace(" ", "_", StringComparison.Ordinal),
            ["column_count"] = sequence == 1 ? 2 : 1,
            ["name"] = name,
            ["generated_type"] = "default",
            ["id"] = ZohoIds.Format(sectionId),
            ["type"] = "used",
            ["fields"] = list,
            ["properties"] = new JsonObject { ["reorder_rows"] = null, ["maximum_rows"] = null, ["tooltip"] = new JsonObject { ["name"] = "Info Icon", ["value"] = string.Empty } },
            ["_delete"] = new JsonObject { ["permanent"] = false },
        };
    }

    public static JsonObject RelatedList(ModuleDefinition module, RelatedListDefinition list, ModuleCatalog catalog)
    {
        var related = list.RelatedModule is { } name ? catalog.Find(name) : null;
        var json = new JsonObject
        {
            ["id"] = ZohoIds.Format(list.Id),
            ["sequence_number"] = list.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["display_label"] = list.DisplayLabel,
            ["api_name"] = list.ApiName,
            ["module"] = new JsonObject { ["api_name"] = list.RelatedModule, ["id"] = related is null ? null : ZohoIds.Format(related.Id) },
            ["name"] = list.ApiName,
            ["action"] = null,
            ["href"] = list.Href(module.ApiName),
            ["type"] = list.Type,
            ["visible"] = true,
            ["customize_sort"] = list.RelatedModule is not null,
            ["customize_fields"] = list.RelatedModule is not null,
            ["customize_display_label"] = true,
            ["sort_by"] = new JsonObject { ["api_name"] = null, ["id"] = null },
            ["sort_order"] = null,
            ["fields"] = new JsonArray(),
            ["status"] = "visible",
        };
        if (list.Linkable)
        {
            // Many-to-many lists go through a linking module (§16.2): what makes them linkable.
            json["connectedmodule"] = list.RelatedModule;
            json["linkingmodule"] = string.CompareOrdinal(module.ApiName, list.ApiName) < 0 ? $"{module.ApiName}_X_{list.ApiName}" : $"{list.ApiName}_X_{module.ApiName}";
        }

        return json;
    }
}
