using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Watch;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Watch
{
    /// <summary>
    /// Disables channels (DELETE actions/watch?channel_ids=, up to 100 per call) or, with -Event, removes only those
    /// events from them (PATCH with _delete_events). Confirms each channel unless -Force; writes no output.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "ZcrmWatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class UnregisterZcrmWatchCommand : ZcrmApiCmdlet
    {
        private readonly List<long> _pending = new List<long>();
        private IReadOnlyList<string>? _events;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidateRange(1, long.MaxValue)]
        public long[] ChannelId { get; set; } = Array.Empty<long>();

        /// <summary>Remove only these events from the channels; the channels stay.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateWatchEvent]
        [ArgumentCompleter(typeof(WatchEventCompleter))]
        public string[]? Event { get; set; }

        /// <summary>Do not ask for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Event != null) _events = WatchParameters.Events(Event, Session.Connection.Metadata);
        }

        protected override void ProcessRecord()
        {
            foreach (var id in ChannelId)
            {
                var action = _events == null ? "Unregister watch" : "Remove watch events " + string.Join(", ", _events);
                if (!Approve($"channel {id}", action, Force) || _pending.Contains(id)) continue;
                _pending.Add(id);
                if (_pending.Count == WatchClient.MaxChannelsPerCall) Flush();
            }
        }

        protected override void EndProcessing()
        {
            Flush();
            base.EndProcessing();
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            var ids = _pending.ToList();
            _pending.Clear();
            Run(async (log, ct) =>
            {
                var client = new WatchClient(Session.Connection.Api);
                var results = _events == null
                    ? await client.DisableAsync(ids, log, ct).ConfigureAwait(false)
                    : await client.UpdateAsync(ids.Select(id => new WatchSubscription(id, _events) { DeleteEvents = true }).ToList(), log, ct).ConfigureAwait(false);
                foreach (var result in results)
                {
                    if (result.Succeeded) log.Verbose(_events == null ? $"Channel {result.ChannelId} unregistered." : $"Removed {string.Join(", ", _events)} from channel {result.ChannelId}.");
                    else EmitError(WatchOutput.Failure(result, _events == null ? "DELETE" : "PATCH", _events == null ? "was not unregistered" : "kept its events"));
                }
            }, ids.Count == 1 ? (object)ids[0] : ids);
        }
    }
}
