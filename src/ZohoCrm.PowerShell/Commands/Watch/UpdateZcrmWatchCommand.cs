using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Watch;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Watch
{
    /// <summary>
    /// Changes a channel: only what is given (PATCH), or, with -Replace, the whole subscription (PUT). -Renew extends
    /// it to the longest the API allows from now, which is how a scheduled runbook keeps a channel alive.
    /// </summary>
    [Cmdlet(VerbsData.Update, "ZcrmWatch", DefaultParameterSetName = PatchSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(WatchChannel))]
    public sealed class UpdateZcrmWatchCommand : ZcrmApiCmdlet
    {
        private const string PatchSet = "Patch";
        private const string ReplaceSet = "Replace";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, long.MaxValue)]
        public long ChannelId { get; set; }

        /// <summary>Patch: events to add. Replace: the channel's events.</summary>
        [Parameter(ParameterSetName = PatchSet)]
        [Parameter(Mandatory = true, ParameterSetName = ReplaceSet)]
        [ValidateNotNullOrEmpty]
        [ValidateWatchEvent]
        [ArgumentCompleter(typeof(WatchEventCompleter))]
        public string[]? Event { get; set; }

        [Parameter(ParameterSetName = PatchSet)]
        [Parameter(Mandatory = true, ParameterSetName = ReplaceSet)]
        [ValidateNotNull]
        public Uri? NotifyUrl { get; set; }

        [Parameter]
        [ValidateLength(1, WatchIdentity.MaxTokenLength)]
        public string? Token { get; set; }

        [Parameter]
        public DateTime Expiry { get; set; }

        /// <summary>Extend the channel to the longest the API allows from now.</summary>
        [Parameter(ParameterSetName = PatchSet)]
        public SwitchParameter Renew { get; set; }

        /// <summary>Replace the whole subscription (PUT): what is not given is dropped or gets Register-ZcrmWatch's default.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ReplaceSet)]
        public SwitchParameter Replace { get; set; }

        [Parameter]
        public SwitchParameter ReturnAffectedFieldValues { get; set; }

        [Parameter]
        public SwitchParameter NotifyOnRelatedAction { get; set; }

        /// <summary>A channel from Get-ZcrmWatch: its events and settings spare a call to read them.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            WatchSubscription subscription;
            DateTimeOffset? requestedExpiry;
            try
            {
                (subscription, requestedExpiry) = Build();
            }
            catch (Exception ex) when (ex is ArgumentException || ex is ZcrmUsageException)
            {
                ThrowTerminating(ex, ChannelId);
                return;
            }

            var what = Replace ? "Replace watch" : Renew ? "Renew watch" : "Update watch";
            var until = requestedExpiry.HasValue ? " until " + WatchParameters.Format(requestedExpiry.Value) : string.Empty;
            if (!ShouldProcess($"channel {ChannelId}{until}", what)) return;

            var known = WatchOutput.ChannelOf(InputObject);
            if (known != null && known.ChannelId != ChannelId) known = null;
            Run(async (log, ct) =>
            {
                var client = new WatchClient(Session.Connection.Api);
                var current = known;
                if (!Replace && current == null)
                {
                    // PATCH needs the channel's events; reading them also reports an unknown channel clearly.
                    current = (await client.ListAllAsync(ChannelId, null, log, ct).ConfigureAwait(false)).FirstOrDefault();
                    if (current == null)
                    {
                        EmitError(WatchOutput.NotFound(ChannelId));
                        return;
                    }
                }
                if (!Replace && subscription.Events.Count == 0) subscription = WithEvents(subscription, current!.Events);

                var results = Replace
                    ? await client.ReplaceAsync(new[] { subscription }, log, ct).ConfigureAwait(false)
                    : await client.UpdateAsync(new[] { subscription }, log, ct).ConfigureAwait(false);
                var result = results[0];
                if (!result.Succeeded)
                {
                    EmitError(WatchOutput.Failure(result, Replace ? "PUT" : "PATCH", Replace ? "was not replaced" : "was not updated"));
                    return;
                }
                if (requestedExpiry.HasValue)
                {
                    var warning = WatchParameters.ShortenedWarning(ChannelId, requestedExpiry.Value, result.Expiry);
                    if (warning != null) log.Warning(warning);
                }
                Emit(WatchOutput.Channel(Updated(current, subscription, result, requestedExpiry)));
            }, ChannelId);
        }

        private (WatchSubscription Subscription, DateTimeOffset? Expiry) Build()
        {
            var api = Session.Connection.Api;
            var now = DateTimeOffset.Now;
            if (Renew && ParameterSpecified(nameof(Expiry)))
                throw new ZcrmUsageException("ZcrmInvalidArgument", "-Renew and -Expiry cannot be used together: -Renew extends the channel to the longest the API allows.");
            if (NotifyUrl != null)
            {
                var warning = WatchParameters.CheckNotifyUrl(NotifyUrl, api.ApiDomain);
                if (warning != null) WriteWarning(warning);
            }
            var events = Event != null ? WatchParameters.Events(Event, Session.Connection.Metadata) : Array.Empty<string>();
            DateTimeOffset? expiry = Renew || Replace || ParameterSpecified(nameof(Expiry))
                ? WatchParameters.ResolveExpiry(ParameterSpecified(nameof(Expiry)) ? Expiry : (DateTime?)null, api.ApiVersion, now)
                : (DateTimeOffset?)null;

            if (Replace)
            {
                var token = Token ?? WatchIdentity.NewToken();
                SecretRedactor.Register(token);
                return (new WatchSubscription(ChannelId, events)
                {
                    NotifyUrl = NotifyUrl,
                    Token = token,
                    Expiry = expiry,
                    ReturnAffectedFieldValues = ReturnAffectedFieldValues.IsPresent,
                    NotifyOnRelatedAction = NotifyOnRelatedAction.IsPresent,
                }, expiry);
            }

            var changes = Event != null || NotifyUrl != null || Token != null || expiry.HasValue
                || ParameterSpecified(nameof(ReturnAffectedFieldValues)) || ParameterSpecified(nameof(NotifyOnRelatedAction));
            if (!changes)
                throw new ZcrmUsageException("ZcrmNothingToUpdate", $"Nothing to change on channel {ChannelId}.",
                    "Give -Renew, -Expiry, -Event, -NotifyUrl, -Token, -ReturnAffectedFieldValues or -NotifyOnRelatedAction (-Replace replaces the whole subscription).");
            SecretRedactor.Register(Token);
            return (new WatchSubscription(ChannelId, events)
            {
                NotifyUrl = NotifyUrl,
                Token = Token,
                Expiry = expiry,
                ReturnAffectedFieldValues = ParameterSpecified(nameof(ReturnAffectedFieldValues)) ? ReturnAffectedFieldValues.IsPresent : (bool?)null,
                NotifyOnRelatedAction = ParameterSpecified(nameof(NotifyOnRelatedAction)) ? NotifyOnRelatedAction.IsPresent : (bool?)null,
            }, expiry);
        }

        private static WatchSubscription WithEvents(WatchSubscription s, IReadOnlyList<string> events) => new WatchSubscription(s.ChannelId, events)
        {
            NotifyUrl = s.NotifyUrl,
            Token = s.Token,
            Expiry = s.Expiry,
            ReturnAffectedFieldValues = s.ReturnAffectedFieldValues,
            NotifyOnRelatedAction = s.NotifyOnRelatedAction,
        };

        /// <summary>The channel after the change: what was sent over what it was, with the expiry Zoho confirmed.</summary>
        private static WatchChannel Updated(WatchChannel? current, WatchSubscription sent, WatchResult result, DateTimeOffset? requestedExpiry)
        {
            var events = current == null ? sent.Events : current.Events.Concat(sent.Events).Distinct(StringComparer.Ordinal).ToArray();
            var uris = WatchOutput.ResourceUris(result);
            return new WatchChannel(sent.ChannelId, events)
            {
                NotifyUrl = sent.NotifyUrl?.AbsoluteUri ?? current?.NotifyUrl,
                Token = sent.Token ?? current?.Token,
                Expiry = result.Expiry ?? requestedExpiry ?? current?.Expiry,
                ReturnAffectedFieldValues = sent.ReturnAffectedFieldValues ?? current?.ReturnAffectedFieldValues,
                NotifyOnRelatedAction = sent.NotifyOnRelatedAction ?? current?.NotifyOnRelatedAction,
                ResourceUris = uris.Length > 0 ? uris : current?.ResourceUris ?? Array.Empty<string>(),
            };
        }
    }
}
