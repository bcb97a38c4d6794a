using ZohoCrm.PowerShell.Errors;
namespace ZohoCrm.PowerShell.Input
{
    /// <summary>Ids of users, roles, profiles, layouts and views, checked before any call (ErrorRecords.NotAnOrgId says what to give).</summary>
    internal static class OrgIds
    {
        public static bool IsId(string? id) => Core.Org.ZohoId.IsValid(id);
    }
}
