using ZohoCrm.Benchmarks;

// dotnet run -c Release --project benchmarks/ZohoCrm.Benchmarks -- [get-records [N]]
var which = args.Length > 0 ? args[0] : "get-records";
switch (which)
{
    case "get-records":
        GetRecordBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 100_000);
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}'. Known: get-records [records].");
        return 2;
}
return 0;
