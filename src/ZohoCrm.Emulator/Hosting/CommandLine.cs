using System.Globalization;
using ZohoCrm.Emulator.Faults;

namespace ZohoCrm.Emulator.Hosting;

/// <summary>Turns command-line flags into <see cref="EmulatorOptions"/>.</summary>
internal static class CommandLine
{
    public const string Usage = """
        ZohoCrm.Emulator: a local Zoho CRM (v8) on 127.0.0.1.
        Prints one JSON line {"url","clientId","clientSecret","refreshToken"} when ready.

          --port N                  TCP port (0 = any free port; default 0)
          --client-id ID            OAuth client id
          --client-secret SECRET    OAuth client secret
          --refresh-token TOKEN     refresh token that exists from the start
          --leads N --contacts N --accounts N --deals N
                                    seeded records (default 200/100/50/50)
          --seed N                  seed of the generated data (default 1)
          --token-lifetime SECONDS  access-token lifetime (default 3600)
          --latency-ms N            delay added to every /crm/ call
          --search-email-contains   search email= also matches addresses that contain the value (§4.1 loose match)
          --max-concurrency N       in-flight /crm/ calls before 429 (default 10; 0 = off)
          --daily-credits N         credits per 24 h before 429 (default 100000; 0 = off)
          --fault SPEC              e.g. 429:count=3,retry-after=1,skip=2,path=/crm/v8/Leads
                                    kinds 429, 500, 503, drop, slow (delay-ms=), expire, cut (after-bytes=); repeatable
          --page-token-limit N      records reachable through page_token (default 100000)
          --bulk-page-size N        rows per bulk read page (default 200000)
          --bulk-job-ms N           time a bulk read job takes, ADDED then IN PROGRESS (default 1500)
          --bulk-write-job-ms N     time a bulk write job takes, ADDED then IN PROGRESS (default 1500)
          --bulk-write-max-rows N   rows one bulk write upload may hold (default 25000)
          --bulk-downloads-per-minute N
                                    bulk read downloads a minute before 429 (default 10; 0 = off)
          --bulk-download-window-ms N
                                    the download limit's window, if not a minute
          --device-poll-interval N  seconds between device-token polls before slow_down (default 30)
          --device-reported-interval N
                                    the "interval" device/code reports (default: the poll interval; 0 = none)
          --device-code-lifetime N  seconds a device user_code lasts (default 300)
          --consent ask|approve|deny
                                    what the /oauth/v2/auth consent page does (default ask)
          --parent-pid PID          exit when that process exits
          --ignore-stdin            do not exit when standard input closes
                                    (stdin on /dev/null is never watched)
        """;

    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"{flag} needs a value.");
                }

                return args[++i];
            }

            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new FormatException($"{flag} needs a non-negative integer.");

            switch (flag)
            {
                case "--port": options.Port = Int(); break;
                case "--client-id": options.ClientId = Value(); break;
                case "--client-secret": options.ClientSecret = Value(); break;
                case "--refresh-token": options.RefreshToken = Value(); break;
                case "--leads": options.Leads = Int(); break;
                case "--contacts": options.Contacts = Int(); break;
                case "--accounts": options.Accounts = Int(); break;
                case "--deals": options.Deals = Int(); break;
                case "--seed": options.Seed = Int(); break;
                case "--token-lifetime": options.TokenLifetimeSeconds = Int(); break;
                case "--token-mints-per-window": options.TokenMintsPerWindow = Int(); break;
                case "--token-mint-window-seconds": options.TokenMintWindow = TimeSpan.FromSeconds(Math.Max(1, Int())); break;
                case "--latency-ms": options.LatencyMs = Int(); break;
                case "--search-email-contains": options.SearchEmailMatchesContains = true; break;
                case "--max-concurrency": options.MaxConcurrency = Int(); break;
                case "--daily-credits": options.DailyCredits = Int(); break;
                case "--fault": options.Faults.Add(FaultSpecParser.Parse(Value())); break;
                case "--page-token-limit": options.PageTokenLimit = Int(); break;
                case "--bulk-page-size": options.BulkReadPageSize = Math.Max(1, Int()); break;
                case "--bulk-downloads-per-minute": options.BulkDownloadsPerWindow = Int(); break;
                case "--bulk-download-window-ms": options.BulkDownloadWindow = TimeSpan.FromMilliseconds(Math.Max(1, Int())); break;
                case "--bulk-job-ms":
                    var jobTime = TimeSpan.FromMilliseconds(Int());
                    (options.BulkReadAddedDuration, options.BulkReadInProgressDuration) = (jobTime / 3, jobTime - (jobTime / 3));
                    break;
                case "--device-poll-interval": options.DevicePollIntervalSeconds = Int(); break;
                case "--device-reported-interval": options.DeviceReportedIntervalSeconds = Int(); break;
                case "--device-code-lifetime": options.DeviceCodeLifetimeSeconds = Int(); break;
                case "--consent": options.Consent = Enum.TryParse<ConsentDecision>(Value(), ignoreCase: true, out var consent) && Enum.IsDefined(consent)
                    ? consent
                    : throw new FormatException("--consent takes ask, approve or deny."); break;
                case "--bulk-write-job-ms":
                    var writeTime = TimeSpan.FromMilliseconds(Int());
                    (options.BulkWriteAddedDuration, options.BulkWriteInProgressDuration) = (writeTime / 3, writeTime - (writeTime / 3));
                    break;
                case "--bulk-write-max-rows": options.BulkWriteMaxRows = Math.Max(1, Int()); break;
                case "--parent-pid": options.ParentPid = Int(); break;
                case "--ignore-stdin": options.ExitOnStdinClose = false; break;
                default: throw new FormatException($"Unknown flag '{flag}'.");
            }
        }

        if (options.Port > 65535)
        {
            throw new FormatException("--port must be at most 65535.");
        }

        return options;
    }
}
