using ZohoCrm.Benchmarks;

// dotnet run -c Release --project benchmarks/ZohoCrm.Benchmarks -- get-records [N] | new-records [rows] [latency-ms] [throttle] [baseline-sample] | bulk-read [N]
//   | shared-profile [N ...] (default 10 20) | attachments [MB] | bulk-write [rows] [new-record-sample] | data-subject [people] [subjects]
var which = args.Length > 0 ? args[0] : "get-records";
switch (which)
{
    case "get-records":
        GetRecordBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000);
        break;
    case "new-records":
        NewRecordBenchmark.Run(
            rows: args.Length > 1 ? int.Parse(args[1]) : 10_000,
            latencyMs: args.Length > 2 ? int.Parse(args[2]) : 100,
            throttle: args.Length > 3 ? int.Parse(args[3]) : 5,
            baselineSample: args.Length > 4 ? int.Parse(args[4]) : 100);
        break;
    case "bulk-write":
        BulkWriteBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000, args.Length > 2 ? int.Parse(args[2]) : 2_000);
        break;
    case "bulk-read":
        BulkReadBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000);
        break;
    case "shared-profile":
        SharedProfileBenchmark.Run(args.Length > 1 ? args.Skip(1).Select(int.Parse).ToArray() : new[] { 10, 20 });
        break;
    case "attachments":
        AttachmentBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 20);
        break;
    case "data-subject":
        DataSubjectBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 50_000, args.Length > 2 ? int.Parse(args[2]) : 20);
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}'. Known: attachments [MB], get-records [records], new-records [rows] [latency-ms] [throttle] [baseline-sample], bulk-read [records], shared-profile [processes ...], bulk-write [rows] [new-record-sample].");
        return 2;
}
return 0;
