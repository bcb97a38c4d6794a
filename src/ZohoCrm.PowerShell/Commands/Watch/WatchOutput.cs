using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Watch;
using ZohoCrm.PowerShell.Errors;

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
        public static ErrorRecord Failure(WatchResult result, string method, string whatFailed) => ErrorRecords.WatchFailed(result, method, whatFailed);

        public static ErrorRecord NotFound(long channelId) => ErrorRecords.WatchNotFound(channelId);
    }
}
