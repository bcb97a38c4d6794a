using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Watch;
using ZohoCrm.PowerShell.Infrastructure;

namespace ZohoCrm.PowerShell.Commands.Watch
{
    /// <summary>Pipeline objects and errors of the watch cmdlets.</summary>
    internal static class WatchOutput
    {
        public const string ChannelTypeName = "ZohoCrm.WatchChannel";
        public const string NotificationTypeName = "ZohoCrm.Notification";

        public static PSObject Channel(WatchChannel channel)
        {
            var result = PSObject.AsPSObject(channel);
            result.TypeNames.Insert(0, ChannelTypeName);
            return result;
        }

        public static PSObject Notification(WatchNotification notification)
        {
            var result = PSObject.AsPSObject(notification);
            result.TypeNames.Insert(0, NotificationTypeName);
            return result;
        }

        public static string[] ResourceUris(WatchResult result) => result.Modules.Where(m => !string.IsNullOrEmpty(m.ResourceUri)).Select(m => m.ResourceUri!).Distinct().ToArray();

        /// <summary>The channel a piped object stands for (a WatchChannel from Get-ZcrmWatch or Register-ZcrmWatch), if any.</summary>
        public static WatchChannel? ChannelOf(PSObject? input) => input?.BaseObject as WatchChannel;

        /// <summary>A channel Zoho did not accept: a non-terminating error whose id is Zoho's code and whose target is the channel id.</summary>
        public static ErrorRecord Failure(WatchResult result, string method, string whatFailed)
        {
            var exception = new ZohoApiException(result.HttpStatus, result.Code, result.Message, result.Details, method, "actions/watch");
            var record = ErrorRecords.From(exception, result.ChannelId);
            var id = result.ChannelId.ToString(CultureInfo.InvariantCulture);
            record.ErrorDetails = new ErrorDetails($"Channel {id} {whatFailed}: {exception.Message}")
            {
                RecommendedAction = RecommendationFor(result) ?? record.ErrorDetails?.RecommendedAction,
            };
            return record;
        }

        public static ErrorRecord NotFound(long channelId) => ErrorRecords.WatchNotFound(channelId);

        private static string? RecommendationFor(WatchResult result)
        {
            switch (result.Code)
            {
                case "NOT_SUBSCRIBED":
                    return "Get-ZcrmWatch -All lists the channels that exist. An expired channel is gone: register it again with Register-ZcrmWatch.";
                case "INVALID_DATA":
                case "MANDATORY_NOT_FOUND":
                    return result.Details.TryGetValue("api_name", out var field) && field != null
                        ? $"Correct {field} (see Get-Help Register-ZcrmWatch -Parameter *) and try again."
                        : "Correct the channel's settings and try again.";
                case "ZcrmOutcomeUnknown":
                    return "Zoho may or may not have applied the change; Get-ZcrmWatch shows the channel as Zoho has it.";
                default:
                    return null;
            }
        }
    }
}
