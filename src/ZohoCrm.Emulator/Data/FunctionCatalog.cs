using System.Globalization;
using System.Text.Json.Nodes;

namespace ZohoCrm.Emulator.Data;

/// <summary>What a function returned: a value (serialised into details.output) or a Deluge failure.</summary>
public sealed record FunctionOutcome(JsonNode? Output, string? Failure = null)
{
    public static FunctionOutcome Fail(string message) => new(null, message);
}

/// <summary>
/// A standalone function exposed as REST API (fact sheet §20): lower-case API name, the key of its API-key URL
/// (null when only OAuth is enabled) and what it does with its arguments.
/// </summary>
public sealed record FunctionDefinition(
    long Id,
    string Name,
    string? ApiKey,
    bool AllowsOAuth,
    Func<CrmStore, IReadOnlyDictionary<string, string>, FunctionOutcome> Run);

/// <summary>The seeded functions. They read the emulator's real data, so their answers change with it.</summary>
public static class FunctionCatalog
{
    /// <summary>API keys of the seeded API-key functions (per function, as in Zoho; fixed so tests and examples can use them).</summary>
    public const string OpenDealsApiKey = "1003.9d27c4a1e85b4f06a3c2d1e0f9b8a7c6.5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b";

    public const string GreetApiKey = "1003.4b7e1a9c2d5f8e0a3c6b9d2e5f8a1c4d.7e0a3d6c9f2b5e8a1d4c7f0b3e6a9d2c";

    public static IReadOnlyList<FunctionDefinition> Functions { get; } =
    [
        new(ZohoIds.Make(1_511_001), "open_deals_by_owner", OpenDealsApiKey, true, OpenDealsByOwner),
        new(ZohoIds.Make(1_511_003), "greet", GreetApiKey, true, Greet),
        new(ZohoIds.Make(1_511_005), "echo_arguments", null, true, Echo),
        new(ZohoIds.Make(1_511_007), "divide", null, true, Divide),
    ];

    public static FunctionDefinition? Find(string name) => Functions.FirstOrDefault(f => f.Name == name);

    /// <summary>Open deals (any stage but Closed …) of one owner (email or user id) or of everyone: count and total amount.</summary>
    private static FunctionOutcome OpenDealsByOwner(CrmStore store, IReadOnlyDictionary<string, string> args)
    {
        var deals = store.Records("Deals");
        if (deals is null)
        {
            return FunctionOutcome.Fail("The Deals module is not available.");
        }

        args.TryGetValue("owner", out var owner);
        long count = 0;
        decimal amount = 0;
        lock (deals.Gate)
        {
            foreach (var record in deals.ById)
            {
                var stage = deals.GetValue(record, "Stage") as string ?? string.Empty;
                if (stage.StartsWith("Closed", StringComparison.Ordinal))
                {
                    continue;
                }

                if (!string.IsNullOrEmpty(owner) && deals.GetValue(record, "Owner") is LookupValue who &&
                    !string.Equals(who.Email, owner, StringComparison.OrdinalIgnoreCase) &&
                    who.Id.ToString(CultureInfo.InvariantCulture) != owner)
                {
                    continue;
                }

                count++;
                amount += deals.GetValue(record, "Amount") switch
                {
                    double d => (decimal)d,
                    decimal m => m,
                    long l => l,
                    _ => 0,
                };
            }
        }

        return new FunctionOutcome(new JsonObject
        {
            ["status"] = "success",
            ["owner"] = string.IsNullOrEmpty(owner) ? "all" : owner,
            ["open_deals"] = count,
            ["amount"] = amount,
        });
    }

    /// <summary>Returns plain text, not JSON: clients must cope with both.</summary>
    private static FunctionOutcome Greet(CrmStore store, IReadOnlyDictionary<string, string> args) =>
        new(JsonValue.Create("Hello, " + (args.TryGetValue("name", out var name) && name.Length > 0 ? name : "world") + "!"));

    private static FunctionOutcome Echo(CrmStore store, IReadOnlyDictionary<string, string> args)
    {
        var received = new JsonObject();
        foreach (var (key, value) in args.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            received[key] = value;
        }

        return new FunctionOutcome(new JsonObject { ["received"] = received, ["count"] = args.Count });
    }

    private static FunctionOutcome Divide(CrmStore store, IReadOnlyDictionary<string, string> args)
    {
        if (!args.TryGetValue("a", out var aText) || !args.TryGetValue("b", out var bText) ||
            !decimal.TryParse(aText, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) ||
            !decimal.TryParse(bText, NumberStyles.Number, CultureInfo.InvariantCulture, out var b))
        {
            return FunctionOutcome.Fail("Arguments a and b must be numbers. Line Number: 1");
        }

        return b == 0 ? FunctionOutcome.Fail("Division by zero. Line Number: 2") : new FunctionOutcome(new JsonObject { ["result"] = a / b });
    }
}
