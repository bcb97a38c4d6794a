using ZohoCrm.Emulator.Auth;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Diagnostics;
using ZohoCrm.Emulator.Faults;
using ZohoCrm.Emulator.Paging;

namespace ZohoCrm.Emulator.Hosting;

/// <summary>Everything one emulator instance holds; shared by the middleware and the endpoints.</summary>
internal sealed class EmulatorState
{
    public const int MaxSeededRecords = 999_999;

    public EmulatorState(EmulatorOptions options)
    {
        foreach (var (name, count) in new[] { ("Leads", options.Leads), ("Contacts", options.Contacts), ("Accounts", options.Accounts), ("Deals", options.Deals) })
        {
            // Each module's seeded ids live in a range of 10^9 with a step of 1000.
            if (count is < 0 or > MaxSeededRecords)
            {
                throw new ArgumentOutOfRangeException(nameof(options), $"{name} must be between 0 and {MaxSeededRecords}.");
            }
        }

        Options = options;
        Clock = options.TimeProvider ?? TimeProvider.System;
        Catalog = new ModuleCatalog();
        Users = new UserDirectory();
        Org = new OrgProfile();
        Store = new CrmStore(options, Catalog, Users, Clock);
        Tokens = new TokenStore(options, Clock);
        Consent = new ConsentPage(options);
        Devices = new DeviceAuthorizations(options, Clock, Tokens);
        Credits = new CreditMeter(options.DailyCredits, Clock);
        Requests = new RequestLog();
        Faults = new FaultInjector();
        foreach (var rule in options.Faults)
        {
            Faults.Add(rule);
        }

        PageTokens = new PageTokenStore(Clock, options.PageTokenLifetime);
        Watch = new ZohoCrm.Emulator.Watch.WatchService(this);
        BulkReads = new Bulk.BulkReadJobs(options, Store, Users, Clock);
        Attachments = new Files.AttachmentStore();
        BulkWrites = new Bulk.BulkWriteJobs(options, Store, Users, Clock);
    }

    /// <summary>Many-to-many links between records (Campaigns ↔ Contacts, Products ↔ Deals …).</summary>
    public Data.Relations.LinkStore Links { get; } = new();

    public EmulatorOptions Options { get; }

    public TimeProvider Clock { get; }

    public ModuleCatalog Catalog { get; }

    public UserDirectory Users { get; }

    public OrgProfile Org { get; }

    public CrmStore Store { get; }

    public TokenStore Tokens { get; }

    /// <summary>The consent page of /oauth/v2/auth (fact sheet §1.2).</summary>
    public ConsentPage Consent { get; }

    /// <summary>Device authorizations (fact sheet §1.2a).</summary>
    public DeviceAuthorizations Devices { get; }

    /// <summary>The second data centre's accounts server (another loopback port of this emulator).</summary>
    public Uri? OtherAccountsUrl { get; set; }

    public CreditMeter Credits { get; }

    public RequestLog Requests { get; }

    public FaultInjector Faults { get; }

    public PageTokenStore PageTokens { get; }

    /// <summary>Notification channels and the deliveries of their notifications.</summary>
    public ZohoCrm.Emulator.Watch.WatchService Watch { get; }

    public Bulk.BulkReadJobs BulkReads { get; }

    /// <summary>Attachments and record photos (§19).</summary>
    public Files.AttachmentStore Attachments { get; }
    public Bulk.BulkWriteJobs BulkWrites { get; }

    /// <summary>In-flight /crm/ calls (for --max-concurrency).</summary>
    public int InFlight;

    /// <summary>In-flight heavy calls (for the sub-concurrency limit).</summary>
    public int HeavyInFlight;

    /// <summary>The most API calls in flight at once since the start (the stats' peakInFlight).</summary>
    public int PeakInFlight;

    public Uri BaseUrl { get; set; } = new("http://127.0.0.1/");
}
