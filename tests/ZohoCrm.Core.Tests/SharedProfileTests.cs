using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Auth;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Emulator;

namespace ZohoCrm.Core.Tests;

/// <summary>
/// Issue 11: one saved profile shared by many processes. The profile lock, the read-modify-write saves, and token
/// providers that each stand for one process (own HTTP client, own provider) sharing one store and one lock folder,
/// against the emulator over loopback HTTP.
/// </summary>
public sealed class SharedProfileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zcrm-shared-" + Guid.NewGuid().ToString("N"));

    public SharedProfileTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>A vault holding one secret, as several processes see it.</summary>
    private sealed class MemoryStore : IProfileStore
    {
        private readonly object _gate = new();
        private string? _text;

        public MemoryStore(string? text = null) { _text = text; }

        public string Key => "memory\nZohoCrm/shared";
        public int Writes { get; private set; }
        public DateTimeOffset LastWrite { get; private set; } = DateTimeOffset.MinValue;

        public string? Text
        {
            get { lock (_gate) return _text; }
            set { lock (_gate) _text = value; }
        }

        public async Task<string?> ReadAsync(IZcrmLog log, CancellationToken ct)
        {
            await Task.Yield();
            return Text;
        }

        public async Task WriteAsync(string text, IZcrmLog log, CancellationToken ct)
        {
            await Task.Delay(5, ct); // a vault write takes a moment; a race would show here
            lock (_gate)
            {
                _text = text;
                Writes++;
                LastWrite = DateTimeOffset.UtcNow;
            }
        }
    }

    /// <summary>
    /// One process's view of a vault that keeps what it read, as SecretStore does: it reloads only once the shared
    /// store has gone the reload delay without a write by another process (SecretStore: 5 s).
    /// </summary>
    private sealed class CachingView : IProfileStore
    {
        private readonly MemoryStore _shared;
        private readonly TimeSpan _reloadAfter;
        private readonly object _gate = new();
        private string? _cached;
        private bool _loaded;
        private int _writesSeen;

        public CachingView(MemoryStore shared, TimeSpan reloadAfter)
        {
            _shared = shared;
            _reloadAfter = reloadAfter;
        }

        public string Key => _shared.Key;
        public int StaleReads { get; private set; }

        public async Task<string?> ReadAsync(IZcrmLog log, CancellationToken ct)
        {
            await Task.Yield();
            lock (_gate)
            {
                var quiet = DateTimeOffset.UtcNow - _shared.LastWrite >= _reloadAfter;
                if (!_loaded || (quiet && _writesSeen != _shared.Writes))
                {
                    _cached = _shared.Text;
                    _writesSeen = _shared.Writes;
                    _loaded = true;
                }
                else if (_writesSeen != _shared.Writes)
                {
                    StaleReads++;
                }
                return _cached;
            }
        }

        public async Task WriteAsync(string text, IZcrmLog log, CancellationToken ct)
        {
            await _shared.WriteAsync(text, log, ct);
            lock (_gate)
            {
                _cached = text;
                _writesSeen = _shared.Writes;
            }
        }
    }

    private sealed class ListLog : IZcrmLog
    {
        public List<string> Lines { get; } = new();
        public void Verbose(string message) { lock (Lines) Lines.Add(message); }
        public void Debug(string message) { }
        public void Warning(string message) { lock (Lines) Lines.Add("WARNING " + message); }
    }

    private static ConnectionSettings Settings(Uri url, string refreshToken, DateTimeOffset? issuedAt) =>
        new("shared", "client", "secret", refreshToken, new ZohoEndpoints(url, url)) { RefreshTokenIssuedAt = issuedAt };

    private static string Profile(string refreshToken, DateTimeOffset? issuedAt, AccessToken? token, long revision = 1) =>
        SavedProfile.Serialize(Settings(new Uri("https://accounts.zoho.com"), refreshToken, issuedAt), token, new ZohoUser { FullName = "Saved User" }, null, revision);

    private static AccessToken Token(string value, TimeSpan validFor) => new(value, DateTimeOffset.UtcNow + validFor, TimeSpan.FromHours(1), null);

    private SharedProfile Shared(IProfileStore store, TimeSpan? throttledWait = null) => new(store, _folder)
    {
        ThrottledWait = throttledWait ?? TimeSpan.FromSeconds(5),
        PollInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>One "process": its own HTTP client and token provider on the shared profile.</summary>
    private static (HttpClient Http, TokenProvider Tokens) Process(ZohoCrmEmulator emulator, SharedProfile shared, string refreshToken, AccessToken? cached, DateTimeOffset? issuedAt)
    {
        var http = new HttpClient();
        var oauth = new OAuthClient(http, emulator.Url);
        return (http, new TokenProvider(oauth, emulator.ClientId, emulator.ClientSecret, refreshToken, cached, shared: shared, refreshTokenIssuedAt: issuedAt));
    }

    [Fact]
    public async Task The_profile_lock_keeps_a_second_holder_waiting_until_the_first_lets_go()
    {
        using var first = await ProfileLock.AcquireAsync("vault\nZohoCrm/a", TimeSpan.FromSeconds(1), NullLog.Instance, CancellationToken.None, _folder);
        Assert.True(first.IsHeld);

        var log = new ListLog();
        using (var timedOut = await ProfileLock.AcquireAsync("vault\nZohoCrm/a", TimeSpan.FromMilliseconds(300), log, CancellationToken.None, _folder))
        {
            Assert.False(timedOut.IsHeld);
            Assert.Equal("timed out", timedOut.NotHeldReason);
        }
        Assert.Contains(log.Lines, l => l.StartsWith("WARNING Another process held the profile lock", StringComparison.Ordinal));

        using (var other = await ProfileLock.AcquireAsync("vault\nZohoCrm/b", TimeSpan.FromMilliseconds(300), NullLog.Instance, CancellationToken.None, _folder))
            Assert.True(other.IsHeld); // another profile has its own lock

        var waiting = ProfileLock.AcquireAsync("vault\nZohoCrm/a", TimeSpan.FromSeconds(10), NullLog.Instance, CancellationToken.None, _folder);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        first.Dispose();
        using var second = await waiting;
        Assert.True(second.IsHeld);
    }

    [Fact]
    public async Task Without_a_usable_lock_folder_the_lock_degrades_to_the_in_process_one()
    {
        var file = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var saved = Environment.GetEnvironmentVariable(ProfileLock.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(ProfileLock.FolderVariable, Path.Combine(file, "locks"));
            Assert.Null(ProfileLock.ResolveFolder());
            var log = new ListLog();
            using var handle = await ProfileLock.AcquireAsync("vault\nZohoCrm/a", TimeSpan.FromSeconds(1), log, CancellationToken.None);
            Assert.False(handle.IsHeld);
            Assert.Contains(log.Lines, l => l.Contains("No folder for the profile lock", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProfileLock.FolderVariable, saved);
        }
    }

    [Fact]
    public void Lock_file_names_show_neither_the_profile_nor_the_vault()
    {
        var name = ProfileLock.FileNameFor("MyVault\nZohoCrm/production");
        Assert.Matches("^profile-[0-9a-f]{24}\\.lock$", name);
        Assert.NotEqual(name, ProfileLock.FileNameFor("MyVault\nZohoCrm/test"));
    }

    [Fact]
    public void A_token_save_replaces_only_the_token_and_raises_the_revision()
    {
        var issued = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var text = Profile("1000.rt", issued, Token("1000.old", TimeSpan.FromMinutes(-5)), revision: 4);
        var updated = SavedProfile.WithToken(text, Token("1000.new", TimeSpan.FromHours(1)));

        var before = JObject.Parse(text);
        var after = JObject.Parse(updated);
        foreach (var property in before.Properties().Where(p => !p.Name.StartsWith("accessToken", StringComparison.Ordinal) && p.Name != "revision"))
            Assert.True(JToken.DeepEquals(property.Value, after[property.Name]), property.Name + " changed");
        Assert.Equal(5, (long)after["revision"]!);
        var state = SavedProfile.ReadState(updated);
        Assert.Equal("1000.new", state.AccessToken!.Value);
        Assert.Equal(issued, state.RefreshTokenIssuedAt);
        Assert.Equal("1000.rt", state.RefreshToken);
    }

    [Fact]
    public void A_profile_saved_by_the_previous_version_reads_as_revision_0_with_no_issue_time()
    {
        var old = JObject.Parse(Profile("1000.rt", DateTimeOffset.UtcNow, Token("1000.at", TimeSpan.FromHours(1))));
        old.Remove("revision");
        old.Remove("refreshTokenIssuedAt");

        var state = SavedProfile.ReadState(old.ToString());
        Assert.Equal(0, state.Revision);
        Assert.Null(state.RefreshTokenIssuedAt);
        Assert.Equal("1000.at", state.AccessToken!.Value);
        var request = SavedProfile.Parse(old.ToString(), out _, out _);
        Assert.True(request.FromSavedProfile);
        Assert.Null(request.RefreshTokenIssuedAt);
        Assert.Equal(1, SavedProfile.ReadState(SavedProfile.WithToken(old.ToString(), Token("1000.x", TimeSpan.FromHours(1)))).Revision);
    }

    [Theory]
    [InlineData("1000.same", null, null, false)] // the same refresh token is never "newer"
    [InlineData("1000.theirs", null, null, true)] // ours predates issue times: another one saved since wins
    [InlineData("1000.theirs", 0, null, true)]
    [InlineData("1000.theirs", null, 0, false)] // an old-format profile is older than ours
    [InlineData("1000.theirs", -60, 0, false)] // theirs was issued before ours
    [InlineData("1000.theirs", 60, 0, true)]
    public void Which_refresh_token_is_newer(string saved, int? savedIssuedSeconds, int? ownIssuedSeconds, bool newer)
    {
        var origin = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var state = new SavedProfileState(saved, savedIssuedSeconds.HasValue ? origin.AddSeconds(savedIssuedSeconds.Value) : null, 1, null);
        Assert.Equal(newer, SharedProfile.IsNewerRefreshToken(state, "1000.same", ownIssuedSeconds.HasValue ? origin.AddSeconds(ownIssuedSeconds.Value) : null));
    }

    [Fact]
    public async Task A_refresh_never_writes_over_a_newer_refresh_token_nor_recreates_a_removed_profile()
    {
        var newer = Profile("1000.newer", DateTimeOffset.UtcNow, Token("1000.b", TimeSpan.FromHours(1)), revision: 7);
        var store = new MemoryStore(newer);
        var shared = Shared(store);

        Assert.Equal(TokenSaveOutcome.Superseded, await shared.SaveTokenAsync("1000.older", Token("1000.a", TimeSpan.FromHours(1)), NullLog.Instance, CancellationToken.None));
        Assert.Equal(newer, store.Text);

        Assert.Equal(TokenSaveOutcome.Saved, await shared.SaveTokenAsync("1000.newer", Token("1000.c", TimeSpan.FromHours(1)), NullLog.Instance, CancellationToken.None));
        var state = SavedProfile.ReadState(store.Text!);
        Assert.Equal(("1000.newer", "1000.c", 8L), (state.RefreshToken, state.AccessToken!.Value, state.Revision));
        Assert.Contains("Saved User", store.Text, StringComparison.Ordinal); // what the refresh does not own stays

        var removed = new MemoryStore();
        Assert.Equal(TokenSaveOutcome.NoProfile, await Shared(removed).SaveTokenAsync("1000.newer", Token("1000.d", TimeSpan.FromHours(1)), NullLog.Instance, CancellationToken.None));
        Assert.Equal(0, removed.Writes);
    }

    [Fact]
    public async Task A_whole_profile_from_new_credentials_always_wins_one_revision_up()
    {
        var store = new MemoryStore(Profile("1000.someone-elses", DateTimeOffset.UtcNow.AddHours(1), Token("1000.x", TimeSpan.FromHours(1)), revision: 12));
        var revision = await Shared(store).SaveWholeAsync(Profile("1000.mine", DateTimeOffset.UtcNow, Token("1000.y", TimeSpan.FromHours(1)), revision: 0), NullLog.Instance, CancellationToken.None);

        Assert.Equal(13, revision);
        var state = SavedProfile.ReadState(store.Text!);
        Assert.Equal(("1000.mine", 13L), (state.RefreshToken, state.Revision));
    }

    [Fact]
    public async Task Ten_processes_refreshing_one_saved_profile_at_once_mint_one_token()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 1 });
        var issued = DateTimeOffset.UtcNow.AddMinutes(-5);
        var stale = Token("1000.expired", TimeSpan.FromMinutes(-1));
        var store = new MemoryStore(Profile(emulator.RefreshToken, issued, stale));
        emulator.Requests.Clear();

        var processes = Enumerable.Range(0, 10).Select(_ => Process(emulator, Shared(store), emulator.RefreshToken, stale, issued)).ToList();
        try
        {
            var tokens = await Task.WhenAll(processes.Select(p => Task.Run(() => p.Tokens.GetAsync(NullLog.Instance, CancellationToken.None))));

            Assert.Equal(1, emulator.Requests.TokenCalls);
            Assert.Single(tokens.Select(t => t.Value).Distinct());
            Assert.Equal(1, processes.Sum(p => p.Tokens.RefreshCount));
            Assert.Equal(tokens[0].Value, SavedProfile.ReadState(store.Text!).AccessToken!.Value);
        }
        finally
        {
            foreach (var (http, _) in processes) http.Dispose();
        }
    }

    [Fact]
    public async Task Processes_whose_vault_serves_what_it_read_earlier_still_mint_one_token()
    {
        // SecretStore: each process keeps the store it read and reloads it seconds after another process writes, so
        // the read under the lock returns the profile as it was before the neighbour saved its token.
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 1 });
        var issued = DateTimeOffset.UtcNow.AddMinutes(-5);
        var stale = Token("1000.expired", TimeSpan.FromMinutes(-1));
        var store = new MemoryStore(Profile(emulator.RefreshToken, issued, stale));
        var views = Enumerable.Range(0, 4).Select(_ => new CachingView(store, TimeSpan.FromMilliseconds(400))).ToList();
        foreach (var view in views) await view.ReadAsync(NullLog.Instance, CancellationToken.None); // each process loaded the profile at start
        emulator.Requests.Clear();

        var log = new ListLog();
        var processes = views.Select(view => Process(emulator, Shared(view), emulator.RefreshToken, stale, issued)).ToList();
        try
        {
            var tokens = await Task.WhenAll(processes.Select(p => Task.Run(() => p.Tokens.GetAsync(log, CancellationToken.None))));

            Assert.Equal(1, emulator.Requests.TokenCalls);
            Assert.Single(tokens.Select(t => t.Value).Distinct());
            Assert.Equal(1, processes.Sum(p => p.Tokens.RefreshCount));
            Assert.True(views.Sum(v => v.StaleReads) > 0, "the vault served older copies, so the test shows the wait");
            Assert.Contains(log.Lines, line => line.Contains("older than revision", StringComparison.Ordinal));
            Assert.Equal(2, SavedProfile.ReadState(store.Text!).Revision);
        }
        finally
        {
            foreach (var (http, _) in processes) http.Dispose();
        }
    }

    [Fact]
    public async Task An_older_revision_read_well_after_the_last_save_is_what_the_vault_holds_and_is_taken_without_waiting()
    {
        // A profile put back by hand (or written over by another secret's stale save) has a lower revision than the
        // lock file records; once the save is older than StaleReadWait it is taken as the vault holds it.
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 1 });
        var issued = DateTimeOffset.UtcNow.AddMinutes(-5);
        var store = new MemoryStore(Profile(emulator.RefreshToken, issued, null, revision: 4));
        var shared = Shared(store);
        shared.StaleReadWait = TimeSpan.FromMilliseconds(200);
        Assert.Equal(5, await shared.SaveWholeAsync(Profile(emulator.RefreshToken, issued, null), NullLog.Instance, CancellationToken.None));
        var restored = Token("1000.restored", TimeSpan.FromMinutes(30));
        store.Text = Profile(emulator.RefreshToken, issued, restored, revision: 2);
        await Task.Delay(400);
        emulator.Requests.Clear();

        var log = new ListLog();
        var (http, tokens) = Process(emulator, shared, emulator.RefreshToken, Token("1000.expired", TimeSpan.FromMinutes(-1)), issued);
        using (http)
        {
            var token = await tokens.GetAsync(log, CancellationToken.None);

            Assert.Equal("1000.restored", token.Value);
            Assert.Equal(0, emulator.Requests.TokenCalls);
            Assert.DoesNotContain(log.Lines, line => line.Contains("older than revision", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_whole_profile_saved_over_a_vault_serving_an_older_copy_still_goes_one_revision_above_the_last_save()
    {
        var store = new MemoryStore(Profile("1000.old", DateTimeOffset.UtcNow, null, revision: 5));
        var behind = new CachingView(store, TimeSpan.FromMinutes(5));
        await behind.ReadAsync(NullLog.Instance, CancellationToken.None);
        Assert.Equal(6, await Shared(new CachingView(store, TimeSpan.FromMinutes(5))).SaveWholeAsync(Profile("1000.mid", DateTimeOffset.UtcNow, null), NullLog.Instance, CancellationToken.None));

        Assert.Equal(7, await Shared(behind).SaveWholeAsync(Profile("1000.new", DateTimeOffset.UtcNow, null), NullLog.Instance, CancellationToken.None));
        Assert.Equal("1000.new", SavedProfile.ReadState(store.Text!).RefreshToken);
    }

    [Fact]
    public async Task A_throttled_refresh_waits_for_the_token_a_neighbour_saves_and_takes_its_newer_refresh_token()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 1, TokenMintsPerWindow = 1 });
        var issued = DateTimeOffset.UtcNow.AddMinutes(-5);
        var stale = Token("1000.expired", TimeSpan.FromMinutes(-1));
        var store = new MemoryStore(Profile(emulator.RefreshToken, issued, stale));
        using var http = new HttpClient();
        var oauth = new OAuthClient(http, emulator.Url);
        await oauth.RefreshAsync(emulator.ClientId, emulator.ClientSecret, emulator.RefreshToken, NullLog.Instance, CancellationToken.None); // the budget is spent

        var log = new ListLog();
        var (processHttp, tokens) = Process(emulator, Shared(store, TimeSpan.FromSeconds(30)), emulator.RefreshToken, stale, issued);
        using var _ = processHttp;
        var waiting = tokens.GetAsync(log, CancellationToken.None);
        while (!log.Lines.Any(l => l.StartsWith("Zoho refused a new access token", StringComparison.Ordinal)))
        {
            Assert.False(waiting.IsCompleted, waiting.Exception?.ToString());
            await Task.Delay(20);
        }

        // A neighbour connects with a new grant code and saves the whole profile.
        var grant = await oauth.ExchangeGrantCodeAsync(emulator.ClientId, emulator.ClientSecret, emulator.IssueGrantCode(), null, NullLog.Instance, CancellationToken.None);
        await Shared(store).SaveWholeAsync(Profile(grant.RefreshToken!, DateTimeOffset.UtcNow, grant.AccessToken, 0), NullLog.Instance, CancellationToken.None);

        var token = await waiting;
        Assert.Equal(grant.AccessToken.Value, token.Value);
        Assert.Equal(grant.RefreshToken, tokens.RefreshToken);
        Assert.Equal(0, tokens.RefreshCount);
        Assert.Contains(log.Lines, l => l.StartsWith("The saved profile has a newer refresh token", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("Using the access token another process saved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throttled_refresh_nobody_rescues_fails_with_the_time_to_retry()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 1, TokenMintsPerWindow = 1 });
        var stale = Token("1000.expired", TimeSpan.FromMinutes(-1));
        var store = new MemoryStore(Profile(emulator.RefreshToken, null, stale));
        using var http = new HttpClient();
        await new OAuthClient(http, emulator.Url).RefreshAsync(emulator.ClientId, emulator.ClientSecret, emulator.RefreshToken, NullLog.Instance, CancellationToken.None);

        var (processHttp, tokens) = Process(emulator, Shared(store, TimeSpan.FromMilliseconds(300)), emulator.RefreshToken, stale, null);
        using var _ = processHttp;
        var error = await Assert.ThrowsAsync<ZohoAuthException>(() => tokens.GetAsync(NullLog.Instance, CancellationToken.None));

        Assert.True(error.IsThrottled);
        Assert.Equal("OAUTH_ACCESS_DENIED", error.Code);
        Assert.Equal(TimeSpan.FromMinutes(10), error.RetryAfter);
        Assert.Matches("Try again after \\d\\d:\\d\\d UTC", error.Message);
        Assert.Equal(stale.Value, SavedProfile.ReadState(store.Text!).AccessToken!.Value);
    }

    [Fact]
    public async Task A_token_zoho_rejected_is_not_taken_back_from_the_profile()
    {
        await using var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 1 });
        var rejected = Token("1000.rejected", TimeSpan.FromMinutes(30)); // valid by the clock, refused by Zoho
        var store = new MemoryStore(Profile(emulator.RefreshToken, null, rejected));
        emulator.Requests.Clear();
        var (http, tokens) = Process(emulator, Shared(store), emulator.RefreshToken, rejected, null);
        using var _ = http;

        var fresh = await tokens.RefreshAsync(rejected, NullLog.Instance, CancellationToken.None);

        Assert.NotEqual(rejected.Value, fresh.Value);
        Assert.Equal(1, emulator.Requests.TokenCalls);
        Assert.Equal(fresh.Value, SavedProfile.ReadState(store.Text!).AccessToken!.Value);
    }
}
