using Microsoft.AspNetCore.Builder;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Diagnostics;
using ZohoCrm.Emulator.Faults;
using ZohoCrm.Emulator.Hosting;
using ZohoCrm.Emulator.Json;

namespace ZohoCrm.Emulator;

/// <summary>
/// The local Zoho CRM, started in-process on 127.0.0.1 (port 0 picks a free port). Tests talk to it
/// over real HTTP and inspect it through <see cref="Requests"/>, <see cref="Credits"/> and <see cref="Records"/>.
/// </summary>
public sealed class ZohoCrmEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;

    private ZohoCrmEmulator(WebApplication app, EmulatorState state, Uri url)
    {
        _app = app;
        _state = state;
        Url = url;
        state.BaseUrl = url;
        state.Tokens.ApiDomain = url.GetLeftPart(UriPartial.Authority);
    }

    public static Task<ZohoCrmEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken ct = default) =>
        StartAsync(options, logToStandardError: false, ct);

    internal static async Task<ZohoCrmEmulator> StartAsync(EmulatorOptions? options, bool logToStandardError, CancellationToken ct)
    {
        var state = new EmulatorState(options ?? new EmulatorOptions());
        var app = EmulatorHostBuilder.Build(state, logToStandardError);
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = EmulatorHostBuilder.BoundAddress(app);
        state.OtherAccountsUrl = new Uri(EmulatorHostBuilder.OtherAccountsAddress(app).GetLeftPart(UriPartial.Authority));
        return new ZohoCrmEmulator(app, state, new Uri(address.GetLeftPart(UriPartial.Authority)));
    }

    /// <summary>http://127.0.0.1:&lt;port&gt;/ (GetLeftPart(UriPartial.Authority) gives it without the slash).</summary>
    public Uri Url { get; }

    /// <summary>The accounts server of the second data centre (<see cref="EmulatorOptions.OtherLocation"/>) on another port.</summary>
    public Uri OtherAccountsUrl => _state.OtherAccountsUrl!;

    /// <summary>What the consent page of /oauth/v2/auth does with the next request, and where the approving user lives (null: the emulator's own data centre).</summary>
    public void SetConsent(ConsentDecision decision, string? userLocation = null)
    {
        _state.Consent.Decision = decision;
        _state.Consent.UserLocation = userLocation;
    }

    /// <summary>The user approves (or denies) a device code (null: the newest pending one), signing in at <paramref name="userLocation"/>.</summary>
    public bool DecideDeviceCode(string? userCode, bool approve, string? userLocation = null) => _state.Devices.Decide(userCode, approve, userLocation);

    /// <summary>Polls of /oauth/v3/device/token for each user_code so far.</summary>
    public IReadOnlyDictionary<string, int> DevicePolls => _state.Devices.Snapshot().ToDictionary(a => a.UserCode, a => a.Polls, StringComparer.Ordinal);

    public string ClientId => _state.Options.ClientId;

    public string ClientSecret => _state.Options.ClientSecret;

    public string RefreshToken => _state.Options.RefreshToken;

    public EmulatorOptions Options => _state.Options;

    public RequestLog Requests => _state.Requests;

    public FaultInjector Faults => _state.Faults;

    public CreditMeter Credits => _state.Credits;

    /// <summary>The record store (for future write endpoints and for tests that change data directly).</summary>
    public CrmStore Store => _state.Store;

    public ModuleCatalog Modules => _state.Catalog;

    /// <summary>Watch channels and the notifications POSTed to them (with FlushAsync and WaitForAsync for tests).</summary>
    public Watch.NotificationMonitor Notifications => _state.Watch.Monitor;

    /// <summary>Bulk read jobs, their callbacks, and the hooks that fail a job or expire its file.</summary>
    public Bulk.BulkReadJobs BulkReads => _state.BulkReads;

    /// <summary>Attachments and record photos, with their bytes.</summary>
    public Files.AttachmentStore Attachments => _state.Attachments;

    /// <summary>Uploaded files and bulk write jobs, with hooks to fail a job or expire its result.</summary>
    public Bulk.BulkWriteJobs BulkWrites => _state.BulkWrites;

    /// <summary>Every access token issued so far becomes invalid (401 INVALID_TOKEN); refresh tokens stay.</summary>
    public void ExpireAccessTokens() => _state.Tokens.ExpireAllAccessTokens();

    /// <summary>Like the API console's Self Client "Generate Code": a single-use grant code for the token endpoint.</summary>
    public string IssueGrantCode(string scopes = EmulatorOptions.DefaultScopes, TimeSpan? lifetime = null) =>
        _state.Tokens.IssueGrantCode(scopes, lifetime ?? _state.Options.GrantCodeLifetime);

    /// <summary>
    /// Current records of a module, id ascending, each as its JSON form in plain .NET values (ids and
    /// times as strings, lookups as dictionaries), plus "$converted" for modules that convert (Leads).
    /// Seeded values are generated as they are read.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Records(string module)
    {
        var set = _state.Store.Records(module) ?? throw new ArgumentException($"Unknown module '{module}'.", nameof(module));
        CrmRecord[] records;
        lock (set.Gate)
        {
            records = set.ById.ToArray();
        }

        return new RecordSnapshotList(set, records);
    }

    public async ValueTask DisposeAsync()
    {
        _state.Watch.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Builds each record's dictionary when it is read, so large modules stay cheap.</summary>
    private sealed class RecordSnapshotList(ModuleRecordSet set, CrmRecord[] records) : IReadOnlyList<IReadOnlyDictionary<string, object?>>
    {
        public int Count => records.Length;

        public IReadOnlyDictionary<string, object?> this[int index]
        {
            get
            {
                var record = records[index];
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                lock (set.Gate)
                {
                    foreach (var field in set.Module.Fields)
                    {
                        values[field.ApiName] = RecordJsonWriter.ToPlain(field, set.GetValue(record, field));
                    }
                }

                values["id"] = ZohoIds.Format(record.Id);
                if (set.Module.SupportsConversion) values["$converted"] = record.Converted;
                return values;
            }
        }

        public IEnumerator<IReadOnlyDictionary<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < records.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
