using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading.Tasks;
using System.Threading;
using ZohoCrm.Core.Auth.SignIn;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.PowerShell.Cmdlets;
using ZohoCrm.PowerShell.Completers;
using ZohoCrm.PowerShell.Errors;
using ZohoCrm.PowerShell.Output;
using ZohoCrm.PowerShell.Profiles;

namespace ZohoCrm.PowerShell.Commands.Connection
{
    /// <summary>
    /// Connects to a Zoho CRM org with a refresh token, a Self Client grant code, a person's sign-in (browser or device
    /// code) or a saved profile, validates the connection with one call, and saves the profile (with its access token)
    /// in a SecretManagement vault.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Zcrm", DefaultParameterSetName = SavedProfileSet)]
    [OutputType(typeof(ZcrmConnectionInfo))]
    public sealed class ConnectZcrmCommand : AsyncZcrmCmdlet
    {
        private const string RefreshTokenSet = "RefreshToken";
        private const string RefreshTokenCredentialSet = "RefreshTokenCredential";
        private const string GrantTokenSet = "GrantToken";
        private const string GrantTokenCredentialSet = "GrantTokenCredential";
        private const string SavedProfileSet = "SavedProfile";
        private const string InteractiveSet = "Interactive";
        private const string DeviceCodeSet = "DeviceCode";
        internal const string ProfileNamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = GrantTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = GrantTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Client id as the user name and client secret as the password (an Azure Automation credential asset).</summary>
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(Mandatory = true, ParameterSetName = GrantTokenCredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenCredentialSet)]
        [ValidateNotNull]
        public SecureString? RefreshToken { get; set; }

        /// <summary>A Self Client grant code ("Generate Code" in the API console), exchanged once for a refresh token.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GrantTokenSet)]
        [Parameter(Mandatory = true, ParameterSetName = GrantTokenCredentialSet)]
        [ValidateNotNull]
        [Alias("GrantCode")]
        public SecureString? GrantToken { get; set; }

        /// <summary>Signs in in the system browser, which redirects to a listener on 127.0.0.1.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InteractiveSet)]
        public SwitchParameter Interactive { get; set; }

        /// <summary>Signs in with a code the user enters in a browser on any device (SSH sessions, Cloud Shell).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
        public SwitchParameter UseDeviceCode { get; set; }

        /// <summary>The scopes a sign-in asks for; by default every scope the module's commands use.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ScopeCompleter))]
        public string[]? Scope { get; set; }

        /// <summary>How long -Interactive waits for the browser sign-in.</summary>
        [Parameter(ParameterSetName = InteractiveSet)]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 300;

        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        public string? RedirectUri { get; set; }

        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(ParameterSetName = SavedProfileSet, Position = 0)]
        [ValidatePattern(ProfileNamePattern)]
        [ArgumentCompleter(typeof(SavedProfileCompleter))]
        public string Profile { get; set; } = "default";

        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        public DataCenter DataCenter { get; set; } = DataCenter.US;

        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        public ZohoEnvironment Environment { get; set; } = ZohoEnvironment.Production;

        /// <summary>Overrides the data centre's accounts server (https, or http on loopback for the local emulator).</summary>
        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        public Uri? AccountsUrl { get; set; }

        /// <summary>Overrides the API domain (https, or http on loopback for the local emulator).</summary>
        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        public Uri? ApiDomain { get; set; }

        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [ValidatePattern(@"^v\d+(\.\d+)?$")]
        public string ApiVersion { get; set; } = ZohoEndpoints.DefaultApiVersion;

        /// <summary>The SecretManagement vault to save the profile in (default: the default vault), or to load it from.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>Keep the connection in this session only; nothing is written to a vault.</summary>
        [Parameter(ParameterSetName = RefreshTokenSet)]
        [Parameter(ParameterSetName = RefreshTokenCredentialSet)]
        [Parameter(ParameterSetName = GrantTokenSet)]
        [Parameter(ParameterSetName = GrantTokenCredentialSet)]
        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        public SwitchParameter NoPersist { get; set; }

        /// <summary>Simultaneous calls this connection makes at most (Zoho allows 5 to 25 per org, by edition).</summary>
        [Parameter]
        [ValidateRange(1, 25)]
        public int MaxConcurrency { get; set; } = new ResilienceOptions().MaxConcurrency;

        /// <summary>Retries after a 429, a 5xx or a network fault (with exponential backoff).</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetryCount { get; set; } = new ResilienceOptions().MaxRetries;

        protected override void ProcessRecord()
        {
            try
            {
                var registry = ConnectionRegistry.ForCurrentRunspace();
                var (request, vault) = ParameterSetName == SavedProfileSet ? LoadSavedProfile() : NewProfile();
                var isSignIn = ParameterSetName == InteractiveSet || ParameterSetName == DeviceCodeSet;
                var isGrant = request.GrantCode != null || isSignIn;
                var isSaved = ParameterSetName == SavedProfileSet;
                if (request.GrantCode != null && vault == null)
                    WriteWarning("With -NoPersist the refresh token obtained from this grant code lives only in this session, and the grant code is now spent. Connect without -NoPersist to keep it in a vault.");
                if (isSignIn && vault == null)
                    WriteWarning("With -NoPersist the refresh token obtained from this sign-in lives only in this session. Connect without -NoPersist to keep it in a vault.");

                // The saved profile is shared with other processes: mints happen under its lock, saves never move it backwards.
                var cmdlets = RunningCmdlets.ForCurrentRunspace();
                if (vault != null) request.Shared = ProfilePersistence.For(vault, request.Profile, cmdlets);

                RunAsync(async (log, ct) =>
                {
                    if (isSignIn) await SignInAsync(request, log, ct).ConfigureAwait(false);
                    var connection = await ConnectionFactory.CreateAsync(request, log, ct).ConfigureAwait(false);
                    var session = new ZcrmSession(connection, vault);
                    try
                    {
                        // The grant code is spent (or the person has signed in): save its refresh token before anything else can fail.
                        if (isGrant && vault != null) await ProfilePersistence.SaveWholeAsync(session, cmdlets, log, ct).ConfigureAwait(false);
                        await connection.ValidateAsync(log, ct).ConfigureAwait(false);
                        // New credentials are saved whole and win; a reconnect saved only a new token, as it got one.
                        if (vault != null && !isSaved) await ProfilePersistence.SaveWholeAsync(session, cmdlets, log, ct).ConfigureAwait(false);
                    }
                    catch
                    {
                        connection.Dispose();
                        throw;
                    }
                    await OnPipelineThreadAsync(() =>
                    {
                        registry.Add(session);
                        WriteObject(new ZcrmConnectionInfo(session, isCurrent: true));
                        return true;
                    }).ConfigureAwait(false);
                });
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is PipelineClosedException))
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Profile));
            }
        }

        /// <summary>Signs the person in (browser or device code) and puts the tokens and their data centre into <paramref name="request"/>.</summary>
        private async Task SignInAsync(ConnectRequest request, IZcrmLog log, CancellationToken ct)
        {
            var accountsUrl = request.AccountsUrl ?? ZohoEndpoints.AccountsUrlFor(request.DataCenter ?? DataCenter.US);
            var scopes = SignInScopes.Join(Scope);
            SignInResult result;
            if (ParameterSetName == InteractiveSet)
            {
                Uri? redirectUri = null;
                if (!string.IsNullOrEmpty(RedirectUri) && !Uri.TryCreate(RedirectUri, UriKind.Absolute, out redirectUri))
                    throw new ZcrmUsageException("ZcrmInvalidRedirectUri", $"-RedirectUri '{RedirectUri}' is not an absolute URI.", "Pass the loopback redirect URI registered for the client, e.g. http://127.0.0.1:8400/.");
                using var browser = new BrowserSignIn(new SystemBrowserLauncher());
                result = await browser.SignInAsync(new BrowserSignInRequest
                {
                    ClientId = request.ClientId,
                    ClientSecret = request.ClientSecret,
                    Scopes = scopes,
                    AccountsUrl = accountsUrl,
                    RedirectUri = redirectUri,
                    Timeout = TimeSpan.FromSeconds(TimeoutSec),
                }, Inform, log, ct).ConfigureAwait(false);
            }
            else
            {
                using var device = new DeviceCodeSignIn();
                result = await device.SignInAsync(new DeviceCodeSignInRequest
                {
                    ClientId = request.ClientId,
                    ClientSecret = request.ClientSecret,
                    Scopes = scopes,
                    AccountsUrl = accountsUrl,
                }, prompt => Inform($"To sign in, open {prompt.VerificationUrl} in a browser on any device and enter the code {prompt.UserCode} (valid for {prompt.ExpiresIn.TotalMinutes:0.#} minutes). Waiting for the approval; Ctrl+C cancels."),
                    log, ct).ConfigureAwait(false);
            }

            result.ApplyTo(request);
            log.Verbose($"Signed in at {result.AccountsUrl.GetLeftPart(UriPartial.Authority)}{(result.DataCenter == null ? string.Empty : $" (data centre {result.DataCenter})")}.");
        }

        /// <summary>What the person must read goes to the host (as Write-Host does), never to the output stream.</summary>
        private void Inform(string message) =>
            Post(() => WriteInformation(new HostInformationMessage { Message = message }, new[] { "PSHOST", "ZohoCrm.SignIn" }));

        private (ConnectRequest Request, string? Vault) NewProfile()
        {
            var usesCredential = Credential != null;
            var request = new ConnectRequest
            {
                Profile = Profile,
                ClientId = usesCredential ? Credential!.UserName : ClientId,
                ClientSecret = Plain(usesCredential ? Credential!.Password : ClientSecret),
                RefreshToken = RefreshToken == null ? null : Plain(RefreshToken),
                GrantCode = GrantToken == null ? null : Plain(GrantToken),
                RedirectUri = RedirectUri,
                // Left unset unless given, so the data centre can be read from -AccountsUrl.
                DataCenter = MyInvocation.BoundParameters.ContainsKey(nameof(DataCenter)) ? DataCenter : (DataCenter?)null,
                Environment = Environment,
                AccountsUrl = AccountsUrl,
                ApiDomain = ApiDomain,
                ApiVersion = ApiVersion,
                Resilience = new ResilienceOptions { MaxConcurrency = MaxConcurrency, MaxRetries = MaxRetryCount },
            };
            // Refuse insecure URLs and a missing vault before anything is sent: a grant code works only once.
            if (AccountsUrl != null) UrlPolicy.RequireSecure(AccountsUrl, "accounts URL");
            if (ApiDomain != null) UrlPolicy.RequireSecure(ApiDomain, "API domain");
            if (NoPersist && Vault != null)
                throw new ZcrmUsageException("ZcrmConflictingParameters", "-Vault and -NoPersist contradict each other: -NoPersist saves nothing.", "Use one of them.");
            var vault = NoPersist ? null : SecretVault.ResolveWritableVault(Vault);
            return (request, vault);
        }

        private (ConnectRequest Request, string? Vault) LoadSavedProfile()
        {
            var name = SavedProfile.SecretName(Profile);
            SecretVault.EnsureAvailable();
            var vault = SecretVault.FindVault(name, Vault)
                ?? throw new ZcrmUsageException("ZcrmSavedProfileNotFound",
                    Vault == null ? $"No saved profile '{Profile}' was found in any SecretManagement vault." : $"No saved profile '{Profile}' was found in vault '{Vault}'.",
                    "Connect once with -ClientId/-ClientSecret/-RefreshToken (or -GrantToken) to save it. Get-ZcrmConnection -ListAvailable lists saved profiles.");
            WriteVerbose($"Loading profile '{Profile}' from vault '{vault}'.");
            var request = SavedProfile.Parse(SecretVault.Load(vault, name), out _, out _);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxConcurrency))) request.Resilience.MaxConcurrency = MaxConcurrency;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxRetryCount))) request.Resilience.MaxRetries = MaxRetryCount;
            return (request, vault);
        }

        private static string Plain(SecureString? secure) => secure == null ? string.Empty : new NetworkCredential(string.Empty, secure).Password;
    }
}
