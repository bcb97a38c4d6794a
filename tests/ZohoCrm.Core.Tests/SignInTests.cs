using System.Net;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Auth.SignIn;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>The browser and device-code sign-in flows against the emulator's accounts servers over real HTTP.</summary>
public sealed class SignInTests
{
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>A "browser" that runs a step with the URL it was asked to open.</summary>
    private sealed class ScriptedBrowser(Func<Uri, Task> follow) : IBrowserLauncher
    {
        public List<Uri> Opened { get; } = new();
        public Task? Running { get; private set; }

        public bool TryOpen(Uri url, out string? problem)
        {
            problem = null;
            Opened.Add(url);
            Running = Task.Run(() => follow(url));
            return true;
        }
    }

    private sealed class NoBrowser : IBrowserLauncher
    {
        public bool TryOpen(Uri url, out string? problem)
        {
            problem = "there is no graphical session here";
            return false;
        }
    }

    private static Task FollowRedirects(Uri url) => FollowRedirects(url, location => location);

    /// <summary>Opens the consent page and goes where it redirects, after <paramref name="tamper"/> changed the redirect.</summary>
    private static async Task FollowRedirects(Uri url, Func<string, string> tamper)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var consent = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Found, consent.StatusCode);
        await http.GetAsync(tamper(consent.Headers.Location!.ToString()));
    }

    private static BrowserSignInRequest BrowserRequest(ZohoCrmEmulator emulator, TimeSpan? timeout = null) => new()
    {
        ClientId = emulator.ClientId,
        ClientSecret = emulator.ClientSecret,
        AccountsUrl = emulator.Url,
        Scopes = SignInScopes.Join(["ZohoCRM.modules.ALL", "ZohoCRM.users.READ"]),
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    [Fact]
    public void Authorization_url_asks_for_offline_access_consent_and_carries_the_state()
    {
        var url = BrowserSignIn.BuildAuthorizationUrl(new Uri("https://accounts.zoho.eu"), "1000.ABC", "ZohoCRM.modules.ALL,ZohoCRM.users.READ", new Uri("http://127.0.0.1:5000/"), "st-1");
        Assert.Equal(
            "https://accounts.zoho.eu/oauth/v2/auth?scope=ZohoCRM.modules.ALL%2CZohoCRM.users.READ&client_id=1000.ABC&response_type=code&access_type=offline" +
            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5000%2F&prompt=consent&state=st-1",
            url.AbsoluteUri);
        var states = Enumerable.Range(0, 50).Select(_ => BrowserSignIn.NewState()).ToHashSet();
        Assert.Equal(50, states.Count);
        Assert.All(states, s => Assert.Matches("^[A-Za-z0-9_-]{43}$", s));
    }

    [Fact]
    public void Default_scopes_cover_every_area_and_a_narrowed_list_is_kept_in_order_without_duplicates()
    {
        var all = SignInScopes.Join(null);
        foreach (var scope in new[] { "ZohoCRM.users.ALL", "ZohoCRM.org.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.modules.ALL", "ZohoCRM.bulk.ALL", "ZohoCRM.coql.READ",
                     "ZohoCRM.notifications.ALL", "ZohoCRM.files.CREATE", "ZohoCRM.modules.attachments.ALL", "ZohoCRM.functions.execute.CREATE", "ZohoSearch.securesearch.READ" })
        {
            Assert.Contains(scope, all.Split(','));
        }

        Assert.Equal("ZohoCRM.modules.ALL,ZohoCRM.org.READ", SignInScopes.Join(["ZohoCRM.modules.ALL, ZohoCRM.org.READ", "zohocrm.modules.all", " "]));
    }

    [Theory]
    [InlineData("GET", "/crm/v8/Leads", "ZohoCRM.modules.leads.READ")]
    [InlineData("POST", "/crm/v8/Contacts/upsert", "ZohoCRM.modules.contacts.CREATE")]
    [InlineData("DELETE", "/crm/v8/Deals", "ZohoCRM.modules.deals.DELETE")]
    [InlineData("GET", "/crm/v8/Leads/search", "ZohoCRM.modules.leads.READ ZohoSearch.securesearch.READ")]
    [InlineData("GET", "/crm/v8/users", "ZohoCRM.users.READ")]
    [InlineData("GET", "/crm/v8/org", "ZohoCRM.org.READ")]
    [InlineData("POST", "/crm/v8/coql", "ZohoCRM.coql.READ")]
    [InlineData("GET", "/crm/v8/settings/modules", "ZohoCRM.settings.modules.READ")]
    [InlineData("POST", "/crm/bulk/v8/read", "ZohoCRM.bulk.CREATE")]
    [InlineData("PATCH", "/crm/v8/actions/watch", "ZohoCRM.notifications.UPDATE")]
    [InlineData("POST", "/crm/v8/Leads/1/Attachments", "ZohoCRM.modules.attachments.CREATE")]
    [InlineData("POST", "/crm/v8/files", "ZohoCRM.files.CREATE")]
    [InlineData("GET", "/elsewhere", "")]
    public void A_refused_call_names_the_scope_it_needs(string method, string path, string expected)
    {
        Assert.Equal(expected, string.Join(' ', SignInScopes.RequiredFor(method, path)));
    }

    [Theory]
    [InlineData("https://accounts.zoho.eu", "https://accounts.zoho.com", true)]
    [InlineData("https://accounts.zohocloud.ca", "https://accounts.zoho.com", true)]
    [InlineData("http://accounts.zoho.eu", "https://accounts.zoho.com", false)]
    [InlineData("https://accounts.zoho.evil.example", "https://accounts.zoho.com", false)]
    [InlineData("http://127.0.0.1:5001", "https://accounts.zoho.com", false)]
    [InlineData("http://127.0.0.1:5001", "http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5001", "http://127.0.0.1:5000", false)]
    public void Only_a_zoho_accounts_server_or_the_configured_non_zoho_host_is_trusted(string candidate, string configured, bool trusted)
    {
        Assert.Equal(trusted, AccountsServers.IsTrusted(new Uri(candidate), new Uri(configured)));
    }

    [Fact]
    public async Task Loopback_listener_answers_other_paths_and_hands_back_the_redirect()
    {
        using var listener = LoopbackRedirectListener.Start(null);
        Assert.Equal("127.0.0.1", listener.RedirectUri.Host);
        var waiting = listener.WaitForRedirectAsync(CancellationToken.None);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(listener.RedirectUri, "/favicon.ico"))).StatusCode);
        var page = http.GetAsync(listener.RedirectUri + "?code=1000.x&state=a%2Bb&accounts-server=https%3A%2F%2Faccounts.zoho.eu");
        using var redirect = await waiting;
        Assert.Equal("a+b", redirect["state"]);
        Assert.Equal("https://accounts.zoho.eu", redirect["accounts-server"]);
        await redirect.RespondAsync(true, "Signed in", "You can close this tab.");
        var response = await page;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You can close this tab.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_redirect_uri_that_is_not_loopback_http_is_refused()
    {
        var ex = Assert.Throws<SignInException>(() => LoopbackRedirectListener.Start(new Uri("https://example.com/callback")));
        Assert.Equal(SignInFailure.InvalidRedirectUri, ex.Failure);
    }

    [Fact]
    public async Task Browser_sign_in_exchanges_the_code_at_the_users_data_centre()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions());
        emulator.SetConsent(ConsentDecision.Approve, "eu");
        var browser = new ScriptedBrowser(FollowRedirects);
        var said = new List<string>();
        using var flow = new BrowserSignIn(browser);

        var result = await flow.SignInAsync(BrowserRequest(emulator), said.Add, NullLog.Instance, CancellationToken.None);

        Assert.Equal(emulator.OtherAccountsUrl.GetLeftPart(UriPartial.Authority), result.AccountsUrl.GetLeftPart(UriPartial.Authority));
        Assert.Equal(DataCenter.EU, result.DataCenter);
        Assert.Equal("ZohoCRM.modules.ALL ZohoCRM.users.READ", result.Grant.AccessToken.Scopes);
        Assert.StartsWith("1000.", result.Grant.RefreshToken);
        var opened = browser.Opened.Single().AbsoluteUri;
        Assert.Contains("access_type=offline", opened);
        Assert.Contains("prompt=consent", opened);
        var exchange = emulator.Requests.Snapshot().Single(r => r.Path == "/oauth/v2/token");
        Assert.Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A", exchange.Body);
        Assert.Single(said);

        // The connection built from the result needs no further token call and works.
        var request = new ConnectRequest { ClientId = emulator.ClientId, ClientSecret = emulator.ClientSecret, Environment = ZohoEnvironment.Production };
        result.ApplyTo(request);
        using var connection = await ConnectionFactory.ConnectAsync(request, NullLog.Instance, CancellationToken.None);
        Assert.Equal(1, emulator.Requests.TokenCalls);
        Assert.Equal(result.AccountsUrl, connection.Settings.Endpoints.AccountsUrl);
        Assert.Equal(DataCenter.EU, connection.Settings.DataCenter);
        Assert.NotNull(connection.User);
    }

    [Fact]
    public async Task Browser_sign_in_without_accounts_server_in_the_redirect_finds_the_users_data_centre_by_its_location()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions());
        emulator.SetConsent(ConsentDecision.Approve, "eu");
        var browser = new ScriptedBrowser(url => FollowRedirects(url, location => System.Text.RegularExpressions.Regex.Replace(location, "&accounts-server=[^&]+", string.Empty)));
        using var flow = new BrowserSignIn(browser);

        var result = await flow.SignInAsync(BrowserRequest(emulator), _ => { }, NullLog.Instance, CancellationToken.None);

        Assert.Equal(emulator.OtherAccountsUrl.GetLeftPart(UriPartial.Authority), result.AccountsUrl.GetLeftPart(UriPartial.Authority));
        Assert.Single(emulator.Requests.Snapshot(), r => r.Path == "/oauth/serverinfo");
    }

    [Fact]
    public void Browser_launcher_runs_the_override_command_and_knows_when_there_is_no_graphical_session()
    {
        Assert.Equal(new[] { "/opt/my browser/run", "-x", "a b" }, SystemBrowserLauncher.SplitCommandLine("\"/opt/my browser/run\" -x \"a b\""));
        var headless = new SystemBrowserLauncher(_ => null);
        if (!OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS())
        {
            Assert.False(headless.TryOpen(new Uri("https://accounts.zoho.com/oauth/v2/auth"), out var problem));
            Assert.Contains("DISPLAY", problem);
        }

        var missing = new SystemBrowserLauncher(name => name == SystemBrowserLauncher.OverrideVariable ? "/no/such/browser-command" : null);
        Assert.False(missing.TryOpen(new Uri("https://accounts.zoho.com/oauth/v2/auth"), out var why));
        Assert.Contains("/no/such/browser-command", why);
    }

    [Fact]
    public async Task Browser_sign_in_refuses_a_redirect_with_another_state_and_sends_no_code()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions());
        emulator.SetConsent(ConsentDecision.Approve);
        var browser = new ScriptedBrowser(url => FollowRedirects(url, location => System.Text.RegularExpressions.Regex.Replace(location, "state=[^&]+", "state=forged")));
        using var flow = new BrowserSignIn(browser);

        var ex = await Assert.ThrowsAsync<SignInException>(() => flow.SignInAsync(BrowserRequest(emulator), _ => { }, NullLog.Instance, CancellationToken.None));

        Assert.Equal(SignInFailure.StateMismatch, ex.Failure);
        Assert.Equal(0, emulator.Requests.TokenCalls);
    }

    [Fact]
    public async Task Browser_sign_in_never_sends_the_secret_to_an_accounts_server_that_is_not_zohos()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions());
        emulator.SetConsent(ConsentDecision.Approve);
        var browser = new ScriptedBrowser(url => FollowRedirects(url, location => System.Text.RegularExpressions.Regex.Replace(location, "accounts-server=[^&]+", "accounts-server=https%3A%2F%2Fevil.example")));
        using var flow = new BrowserSignIn(browser);

        var ex = await Assert.ThrowsAsync<SignInException>(() => flow.SignInAsync(BrowserRequest(emulator), _ => { }, NullLog.Instance, CancellationToken.None));

        Assert.Equal(SignInFailure.UntrustedAccountsServer, ex.Failure);
        Assert.Equal(0, emulator.Requests.TokenCalls);
    }

    [Fact]
    public async Task Browser_sign_in_reports_denial_timeout_and_a_missing_browser()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions());
        emulator.SetConsent(ConsentDecision.Deny);
        using (var flow = new BrowserSignIn(new ScriptedBrowser(FollowRedirects)))
        {
            var denied = await Assert.ThrowsAsync<SignInException>(() => flow.SignInAsync(BrowserRequest(emulator), _ => { }, NullLog.Instance, CancellationToken.None));
            Assert.Equal(SignInFailure.Denied, denied.Failure);
        }

        using (var flow = new BrowserSignIn(new ScriptedBrowser(_ => Task.CompletedTask)))
        {
            var late = await Assert.ThrowsAsync<SignInException>(() => flow.SignInAsync(BrowserRequest(emulator, TimeSpan.FromMilliseconds(300)), _ => { }, NullLog.Instance, CancellationToken.None));
            Assert.Equal(SignInFailure.TimedOut, late.Failure);
        }

        using (var flow = new BrowserSignIn(new NoBrowser()))
        {
            var none = await Assert.ThrowsAsync<SignInException>(() => flow.SignInAsync(BrowserRequest(emulator), _ => { }, NullLog.Instance, CancellationToken.None));
            Assert.Equal(SignInFailure.BrowserUnavailable, none.Failure);
            Assert.Contains("graphical session", none.Message);
        }

        using (var flow = new BrowserSignIn(new ScriptedBrowser(_ => Task.CompletedTask)))
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => flow.SignInAsync(BrowserRequest(emulator), _ => { }, NullLog.Instance, cancel.Token));
        }

        Assert.Equal(0, emulator.Requests.TokenCalls);
    }

    /// <summary>
    /// Runs a device sign-in whose waits move the emulator's clock instead of sleeping; <paramref name="user"/> acts
    /// (approves, denies) before the poll whose number it is given.
    /// </summary>
    private static async Task<(Task<SignInResult> Run, List<TimeSpan> Waits, List<DeviceCodePrompt> Shown)> DeviceSignIn(
        ZohoCrmEmulator emulator, ManualClock clock, Action<int, DeviceCodePrompt> user)
    {
        var waits = new List<TimeSpan>();
        var shown = new List<DeviceCodePrompt>();
        var flow = new DeviceCodeSignIn(delay: (wait, _) =>
        {
            waits.Add(wait);
            clock.Advance(wait);
            user(waits.Count, shown.Single());
            return Task.CompletedTask;
        }, clock: () => clock.GetUtcNow());
        var run = flow.SignInAsync(new DeviceCodeSignInRequest
        {
            ClientId = emulator.ClientId, ClientSecret = emulator.ClientSecret, AccountsUrl = emulator.Url, Scopes = "ZohoCRM.modules.ALL,ZohoCRM.users.READ",
        }, shown.Add, NullLog.Instance, CancellationToken.None);
        await Task.Yield();
        return (run, waits, shown);
    }

    [Fact]
    public async Task Device_sign_in_waits_while_pending_and_moves_to_the_users_data_centre_on_other_dc()
    {
        var clock = new ManualClock();
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock });
        var (run, waits, shown) = await DeviceSignIn(emulator, clock, (poll, prompt) =>
        {
            if (poll == 3) emulator.DecideDeviceCode(prompt.UserCode, approve: true, userLocation: "eu");
        });

        var result = await run;

        Assert.Equal(emulator.Url + "oauth/v3/device", shown.Single().VerificationUrl);
        Assert.Equal(TimeSpan.FromMinutes(5), shown.Single().ExpiresIn);
        Assert.All(waits, w => Assert.Equal(TimeSpan.FromSeconds(30), w));
        Assert.Equal(4, waits.Count); // pending, pending, other_dc, tokens
        Assert.Equal(emulator.OtherAccountsUrl.GetLeftPart(UriPartial.Authority), result.AccountsUrl.GetLeftPart(UriPartial.Authority));
        Assert.Equal(DataCenter.EU, result.DataCenter);
        Assert.StartsWith("1000.", result.Grant.RefreshToken);
        var polls = emulator.Requests.Snapshot().Where(r => r.Path == "/oauth/v3/device/token").ToList();
        Assert.Equal(4, polls.Count);
        Assert.All(polls, p => Assert.DoesNotContain("client_secret", string.Join("&", p.Query.Keys)));
        var initiation = emulator.Requests.Snapshot().Single(r => r.Path == "/oauth/v3/device/code");
        Assert.Equal("offline", initiation.Query["access_type"]);
        Assert.Equal("device_request", initiation.Query["grant_type"]);
    }

    [Fact]
    public async Task Device_sign_in_doubles_its_interval_on_slow_down()
    {
        var clock = new ManualClock();
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, DeviceReportedIntervalSeconds = 10 });
        var (run, waits, _) = await DeviceSignIn(emulator, clock, (poll, prompt) =>
        {
            if (poll == 5) emulator.DecideDeviceCode(prompt.UserCode, approve: true);
        });

        await run;

        // 10 (pending), 10 (slow_down), 20 (slow_down), 40 (pending), 40 (tokens): never two polls within 30 s after the first slow_down.
        Assert.Equal(new[] { 10, 10, 20, 40, 40 }, waits.Select(w => (int)w.TotalSeconds));
        var answers = emulator.Requests.Snapshot().Where(r => r.Path == "/oauth/v3/device/token").Select(r => r.StatusCode).ToList();
        Assert.Equal(5, answers.Count);
    }

    [Fact]
    public async Task Device_sign_in_ends_on_denial_and_on_expiry()
    {
        var clock = new ManualClock();
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock, DeviceCodeLifetimeSeconds = 100 });
        var (denied, _, _) = await DeviceSignIn(emulator, clock, (poll, prompt) =>
        {
            if (poll == 2) emulator.DecideDeviceCode(prompt.UserCode, approve: false);
        });
        Assert.Equal(SignInFailure.Denied, (await Assert.ThrowsAsync<SignInException>(() => denied)).Failure);

        var (expired, waits, _) = await DeviceSignIn(emulator, clock, (_, _) => { });
        Assert.Equal(SignInFailure.Expired, (await Assert.ThrowsAsync<SignInException>(() => expired)).Failure);
        Assert.Equal(4, waits.Count); // 30, 60, 90 pending; at 120 the code is past its 100 s
        Assert.Equal(0, emulator.Requests.TokenCalls);
    }

    [Fact]
    public async Task Device_sign_in_reports_a_wrong_secret_as_the_accounts_server_said()
    {
        var clock = new ManualClock();
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock });
        using var flow = new DeviceCodeSignIn(delay: (wait, _) => { clock.Advance(wait); return Task.CompletedTask; });
        var ex = await Assert.ThrowsAsync<ZohoAuthException>(() => flow.SignInAsync(new DeviceCodeSignInRequest
        {
            ClientId = emulator.ClientId, ClientSecret = "wrong-secret-value", AccountsUrl = emulator.Url,
        }, _ => { }, NullLog.Instance, CancellationToken.None));
        Assert.Equal("invalid_client_secret", ex.OAuthError);
        Assert.DoesNotContain("wrong-secret-value", ex.Message);
    }
}
