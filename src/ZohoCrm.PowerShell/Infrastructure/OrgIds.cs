using System.Management.Automation;

namespace ZohoCrm.PowerShell.Infrastructure
{
    /// <summary>Ids of users, roles, profiles, layouts and views: checked before any call, with errors that say what to give.</summary>
    internal static class OrgIds
    {
        public static bool IsId(string? id) => Core.Org.ZohoId.IsValid(id);

        public static ErrorRecord NotAnId(string? id, string what)
        {
            var message = $"'{id}' is not a {what} id: Zoho ids are numbers of up to 19 digits.";
            return new ErrorRecord(new PSArgumentException(message), "ZcrmInvalidId", ErrorCategory.InvalidArgument, id)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = $"Give the numeric id of the {what}." },
            };
        }

        public static ErrorRecord NotFound(string id, string what, string recommendedAction)
        {
            var message = $"There is no {what} with id {id}.";
            return new ErrorRecord(new ItemNotFoundException(message), "ZcrmNotFound", ErrorCategory.ObjectNotFound, id)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction },
            };
        }
    }
}
