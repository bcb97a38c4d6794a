using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Watch;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Errors;

namespace ZohoCrm.PowerShell.Commands.Watch
{
    /// <summary>
    /// Listens for Zoho's notification POSTs on a listener prefix (plain HTTP, see NotificationListener) and writes one object per notification as it
    /// arrives, until Ctrl+C, -Count or -Timeout. Needs no connection: it only receives.
    /// </summary>
    [Cmdlet(VerbsCommunications.Receive, "ZcrmNotification")]
    [OutputType(typeof(WatchNotification))]
    public sealed class ReceiveZcrmNotificationCommand : AsyncZcrmCmdlet
    {
        private readonly List<string> _tokens = new List<string>();

        /// <summary>The http prefix to listen on, e.g. http://127.0.0.1:8080/zoho/ (a reverse proxy or tunnel forwards Zoho's https POSTs to it).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Prefix { get; set; } = string.Empty;

        /// <summary>Accept only notifications carrying one of these channel tokens; piped channels add theirs.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? Token { get; set; }

        /// <summary>Stop after this many notifications.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Count { get; set; }

        /// <summary>Stop after this many seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; }

        protected override void ProcessRecord()
        {
            if (Token == null) return;
            // A piped channel without a token (one registered elsewhere) adds none.
            foreach (var token in Token.Where(t => !string.IsNullOrEmpty(t) && !_tokens.Contains(t, StringComparer.Ordinal))) _tokens.Add(token);
        }

        protected override void EndProcessing()
        {
            string prefix;
            try
            {
                prefix = NotificationListener.NormalizePrefix(Prefix);
            }
            catch (ZcrmUsageException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Prefix));
                return;
            }
            if (prefix.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !NotificationListener.IsLoopback(prefix))
                WriteWarning($"{prefix} accepts plain HTTP from the network. Zoho POSTs only to https notify URLs: let a reverse proxy or tunnel terminate TLS and forward to this prefix, and register its https URL.");
            if (_tokens.Count == 0)
                WriteWarning("No -Token given: every well-formed notification is accepted. Give the channel's token (Register-ZcrmWatch returns it) to reject POSTs that do not come from Zoho.");

            Run(async (log, ct) =>
            {
                using var listener = new NotificationListener(prefix, _tokens, log);
                listener.Start();
                log.Verbose($"Listening on {prefix}" + (Count > 0 ? $" for {Count} notification{(Count == 1 ? "" : "s")}" : "") + (Timeout > 0 ? $", at most {Timeout} s" : "") + ".");
                using var timeout = Timeout > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(Timeout)) : new CancellationTokenSource();
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                var received = 0;
                try
                {
                    while (Count == 0 || received < Count)
                    {
                        var notification = await listener.ReceiveAsync(linked.Token).ConfigureAwait(false);
                        received++;
                        Emit(WatchOutput.Notification(notification));
                    }
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    log.Verbose($"-Timeout of {Timeout.ToString(CultureInfo.InvariantCulture)} s reached after {received} notification{(received == 1 ? "" : "s")}.");
                }
            }, Prefix);
        }
    }
}
