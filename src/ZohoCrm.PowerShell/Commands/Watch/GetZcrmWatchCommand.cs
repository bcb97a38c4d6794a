using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Watch;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Watch
{
    /// <summary>Lists the org's notification channels (GET actions/watch, 1 credit per page of 200), one object per channel.</summary>
    [Cmdlet(VerbsCommon.Get, "ZcrmWatch")]
    [OutputType(typeof(WatchChannel))]
    public sealed class GetZcrmWatchCommand : ZcrmApiCmdlet
    {
        private const int PageSize = 200;

        /// <summary>Only these channels; a channel that does not exist is an error.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, long.MaxValue)]
        public long[]? ChannelId { get; set; }

        /// <summary>Only channels that watch this module.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ModuleNameCompleter))]
        public string? Module { get; set; }

        /// <summary>Read every page (without it, the first 200 entries and a warning when there are more).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            Run(async (log, ct) =>
            {
                var client = new WatchClient(Session.Connection.Api);
                if (ChannelId != null)
                {
                    foreach (var id in ChannelId)
                    {
                        var found = await client.ListAllAsync(id, Module, log, ct).ConfigureAwait(false);
                        if (found.Count == 0) EmitError(WatchOutput.NotFound(id));
                        else EmitAll(found.Select(c => (object)WatchOutput.Channel(c)).ToArray());
                    }
                    return;
                }
                if (All)
                {
                    var channels = await client.ListAllAsync(null, Module, log, ct).ConfigureAwait(false);
                    EmitAll(channels.Select(c => (object)WatchOutput.Channel(c)).ToArray());
                    return;
                }
                var (entries, more) = await client.ListPageAsync(null, Module, 1, PageSize, log, ct).ConfigureAwait(false);
                EmitAll(WatchChannel.Merge(entries).Select(c => (object)WatchOutput.Channel(c)).ToArray());
                if (more) log.Warning($"More channels exist than the first {PageSize} entries shown. Use -All to list every one.");
            }, (object?)ChannelId ?? Module);
        }
    }
}
