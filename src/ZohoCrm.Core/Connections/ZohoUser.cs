using Newtonsoft.Json.Linq;

namespace ZohoCrm.Core.Connections
{
    /// <summary>The CRM user a connection acts as (<c>GET /users?type=CurrentUser</c>).</summary>
    public sealed class ZohoUser
    {
        public string? Id { get; set; }
        public string? FullName { get; set; }
        public string? Email { get; set; }
        public string? Role { get; set; }
        public string? CrmProfile { get; set; }
        public string? TimeZone { get; set; }
        public string? Zuid { get; set; }

        public static ZohoUser FromJson(JObject user) => new ZohoUser
        {
            Id = (string?)user["id"],
            FullName = (string?)user["full_name"],
            Email = (string?)user["email"],
            Role = (string?)user["role"]?["name"],
            CrmProfile = (string?)user["profile"]?["name"],
            TimeZone = (string?)user["time_zone"],
            Zuid = (string?)user["zuid"],
        };

        public JObject ToJson() => new JObject
        {
            ["id"] = Id, ["full_name"] = FullName, ["email"] = Email, ["role"] = Role, ["profile"] = CrmProfile, ["time_zone"] = TimeZone, ["zuid"] = Zuid,
        };

        public static ZohoUser FromSaved(JObject saved) => new ZohoUser
        {
            Id = (string?)saved["id"], FullName = (string?)saved["full_name"], Email = (string?)saved["email"], Role = (string?)saved["role"],
            CrmProfile = (string?)saved["profile"], TimeZone = (string?)saved["time_zone"], Zuid = (string?)saved["zuid"],
        };
    }

    /// <summary>The CRM org (<c>GET /org</c>).</summary>
    public sealed class ZohoOrg
    {
        public string? Id { get; set; }
        public string? CompanyName { get; set; }
        public string? DomainName { get; set; }
        public string? Edition { get; set; }
        public string? Type { get; set; }
        public string? TimeZone { get; set; }
        public string? Currency { get; set; }

        public static ZohoOrg FromJson(JObject org) => new ZohoOrg
        {
            Id = (string?)org["id"],
            CompanyName = (string?)org["company_name"],
            DomainName = (string?)org["domain_name"],
            Edition = (string?)org["license_details"]?["paid_type"],
            Type = (string?)org["type"],
            TimeZone = (string?)org["time_zone"],
            Currency = (string?)org["iso_code"] ?? (string?)org["currency"],
        };

        public JObject ToJson() => new JObject
        {
            ["id"] = Id, ["company_name"] = CompanyName, ["domain_name"] = DomainName, ["edition"] = Edition, ["type"] = Type, ["time_zone"] = TimeZone, ["currency"] = Currency,
        };

        public static ZohoOrg FromSaved(JObject saved) => new ZohoOrg
        {
            Id = (string?)saved["id"], CompanyName = (string?)saved["company_name"], DomainName = (string?)saved["domain_name"], Edition = (string?)saved["edition"],
            Type = (string?)saved["type"], TimeZone = (string?)saved["time_zone"], Currency = (string?)saved["currency"],
        };
    }
}
