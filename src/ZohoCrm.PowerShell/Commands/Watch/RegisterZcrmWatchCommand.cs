using System;
using System.Management.Automation;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Watch;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;

namespace ZohoCrm.PowerShell.Commands.Watch
{
    /// <summary>
    /// Subscribes a channel to record events (POST actions/watch, 1 credit) and returns it, with the channel id and the
    /// verification token made up when not given, and the expiry Zoho confirmed.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "ZcrmWatch", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(WatchChannel))]
    public sealed class RegisterZcrmWatchCommand : ZcrmApiCmdlet
    {
        /// <summary>Module.create, Module.edit, Module.delete or Module.all, e.g. Leads.create, Deals.all.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidateWatchEvent]
        [ArgumentCompleter(typeof(WatchEventCompleter))]
        public string[] Event { get; set; } = Array.Empty<string>();

        /// <summary>The https URL Zoho POSTs each notification to.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNull]
        public Uri? NotifyUrl { get; set; }

        /// <summary>Your id for the channel; made up (time and random) when omitted.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long ChannelId { get; set; }

        /// <summary>Echoed by Zoho in every notification; a random 40-character token when omitted.</summary>
        [Parameter]
        [ValidateLength(1, WatchIdentity.MaxTokenLength)]
        public string? Token { get; set; }

        /// <summary>When the channel ends; the longest the API allows when omitted.</summary>
        [Parameter]
        public DateTime Expiry { get; set; }

        [Parameter]
        public SwitchParameter ReturnAffectedFieldValues { get; set; }

        [Parameter]
        public SwitchParameter NotifyOnRelatedAction { get; set; }

        protected override void ProcessRecord()
        {
            WatchSubscription subscription;
            DateTimeOffset expiry;
            try
            {
                var api = Session.Connection.Api;
                var events = WatchParameters.Events(Event, Session.Connection.Metadata);
                var warning = WatchParameters.CheckNotifyUrl(NotifyUrl!, api.ApiDomain);
                if (warning != null) WriteWarning(warning);
                var now = DateTimeOffset.Now;
                expiry = WatchParameters.ResolveExpiry(ParameterSpecified(nameof(Expiry)) ? Expiry : (DateTime?)null, api.ApiVersion, now);
                var token = Token ?? WatchIdentity.NewToken();
                SecretRedactor.Register(token);
                subscription = new WatchSubscription(ParameterSpecified(nameof(ChannelId)) ? ChannelId : WatchIdentity.NewChannelId(now), events)
                {
                    NotifyUrl = NotifyUrl,
                    Token = token,
                    Expiry = expiry,
                    ReturnAffectedFieldValues = ReturnAffectedFieldValues.IsPresent,
                    // Zoho's default is true; the module's is the switch's, so a channel gets only what it asked for.
                    NotifyOnRelatedAction = NotifyOnRelatedAction.IsPresent,
                };
            }
            catch (Exception ex) when (ex is ArgumentException || ex is Core.Errors.ZcrmUsageException)
            {
                ThrowTerminating(ex, Event);
                return;
            }

            var target = $"channel {subscription.ChannelId} ({string.Join(", ", subscription.Events)}) to {subscription.NotifyUrl} until {WatchParameters.Format(expiry)}";
            if (!ShouldProcess(target, "Register watch")) return;

            Run(async (log, ct) =>
            {
                var result = (await new WatchClient(Session.Connection.Api).SubscribeAsync(new[] { subscription }, log, ct).ConfigureAwait(false))[0];
                if (!result.Succeeded)
                {
                    EmitError(WatchOutput.Failure(result, "POST", "was not registered"));
                    return;
                }
                var warning = WatchParameters.ShortenedWarning(subscription.ChannelId, expiry, result.Expiry);
                if (warning != null) log.Warning(warning);
                Emit(WatchOutput.Channel(new WatchChannel(subscription.ChannelId, subscription.Events)
                {
                    NotifyUrl = subscription.NotifyUrl!.AbsoluteUri,
                    Token = subscription.Token,
                    Expiry = result.Expiry ?? expiry,
                    ReturnAffectedFieldValues = subscription.ReturnAffectedFieldValues,
                    NotifyOnRelatedAction = subscription.NotifyOnRelatedAction,
                    ResourceUris = WatchOutput.ResourceUris(result),
                }));
            }, subscription.ChannelId);
        }
    }
}
