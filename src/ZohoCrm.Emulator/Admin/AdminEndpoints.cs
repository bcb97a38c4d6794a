using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using ZohoCrm.Emulator.Api;
using ZohoCrm.Emulator.Data;
using ZohoCrm.Emulator.Faults;
using ZohoCrm.Emulator.Hosting;

namespace ZohoCrm.Emulator.Admin;

/// <summary>Unauthenticated endpoints under /__emulator/ for scripts that run the emulator as a process.</summary>
internal static class AdminEndpoints
{
    public const string Prefix = "/__emulator/";

    private static readonly JsonSerializerOptions RuleJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task HandleAsync(HttpContext http, EmulatorState state)
    {
        var name = (http.Request.Path.Value ?? string.Empty)[Prefix.Length..].TrimEnd('/');
        var method = http.Request.Method;
        switch (name, method)
        {
            case ("stats", "GET"):
                await ResponseWriter.WriteJsonAsync(http, 200, Stats(state)).ConfigureAwait(false);
                return;
            case ("requests", "GET"):
                await ResponseWriter.WriteJsonAsync(http, 200, Requests(state)).ConfigureAwait(false);
                return;
            case ("requests", "DELETE"):
                state.Requests.Clear();
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            case var (files, _) when files.StartsWith(Files.AttachmentAdmin.Name, StringComparison.Ordinal):
                await Files.AttachmentAdmin.HandleAsync(http, state, method).ConfigureAwait(false);
                return;
            case ("faults", "GET"):
                await ResponseWriter.WriteJsonAsync(http, 200, JsonSerializer.SerializeToNode(state.Faults.Rules, RuleJson)!).ConfigureAwait(false);
                return;
            case ("faults", "POST"):
                await AddFaultAsync(http, state).ConfigureAwait(false);
                return;
            case ("faults", "DELETE"):
                state.Faults.Clear();
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            case ("locks", "POST"):
                await LockAsync(http, state).ConfigureAwait(false);
                return;
            case ("peak-in-flight", "DELETE"):
                Interlocked.Exchange(ref state.PeakInFlight, 0);
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            case ("expire-tokens", "POST"):
                state.Tokens.ExpireAllAccessTokens();
                await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
                return;
            case ("grant-codes", "POST"):
                await IssueGrantCodeAsync(http, state).ConfigureAwait(false);
                return;
            case ("consent" or "device-authorizations", _):
                await Auth.SignInAdmin.HandleAsync(http, state, name, method).ConfigureAwait(false);
                return;
            case var (bulk, _) when bulk.StartsWith(Bulk.BulkReadAdmin.Name, StringComparison.Ordinal):
                await Bulk.BulkReadAdmin.HandleAsync(http, state, bulk, method).ConfigureAwait(false);
                return;
            case var (users, _) when users.StartsWith(UsersAdmin.Name, StringComparison.Ordinal):
                await UsersAdmin.HandleAsync(http, state, users, method).ConfigureAwait(false);
                return;
            case var (bulkWrite, _) when bulkWrite.StartsWith(Bulk.BulkWriteAdmin.Name, StringComparison.Ordinal):
                await Bulk.BulkWriteAdmin.HandleAsync(http, state, bulkWrite, method).ConfigureAwait(false);
                return;
            case var (watch, _) when watch.StartsWith(Watch.WatchAdmin.Name, StringComparison.Ordinal):
                await Watch.WatchAdmin.HandleAsync(http, state, watch, method).ConfigureAwait(false);
                return;
            default:
                await ResponseWriter.WriteJsonAsync(http, 404, new JsonObject { ["error"] = "unknown admin endpoint " + method + " " + Prefix + name }).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>POST /__emulator/locks {"module","id"}: the record refuses deletion (RECORD_LOCKED), as under an approval.</summary>
    private static async Task LockAsync(HttpContext http, EmulatorState state)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body).ConfigureAwait(false);
        var module = (string?)body?["module"];
        var idText = (string?)body?["id"];
        if (module is null || state.Catalog.Find(module) is null || !Data.ZohoIds.TryParse(idText ?? string.Empty, out var id))
        {
            await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = "body must be {\"module\":\"<module>\",\"id\":\"<id>\"}" }).ConfigureAwait(false);
            return;
        }

        state.Store.Lock(module, id);
        await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success" }).ConfigureAwait(false);
    }

    private static JsonObject Stats(EmulatorState state)
    {
        var requests = state.Requests.Snapshot();
        var paths = new JsonObject();
        foreach (var group in requests.GroupBy(r => r.Method + " " + r.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            paths[group.Key] = group.Count();
        }

        var statuses = new JsonObject();
        foreach (var group in requests.GroupBy(r => r.StatusCode).OrderBy(g => g.Key))
        {
            statuses[group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = group.Count();
        }

        return new JsonObject
        {
            ["apiCalls"] = requests.Count(r => r.IsApiCall),
            ["tokenCalls"] = requests.Count(r => r.IsTokenCall),
            // Access tokens issued and token requests refused as throttled, since the start (not cleared with the log).
            ["tokenMints"] = state.Tokens.MintCount,
            ["tokenMintsDenied"] = state.Tokens.DeniedMintCount,
            ["requests"] = requests.Count,
            ["creditsUsed"] = state.Credits.Used,
            ["peakInFlight"] = Volatile.Read(ref state.PeakInFlight),
            ["creditsRemaining"] = state.Options.DailyCredits > 0 ? state.Credits.Remaining : null,
            ["dailyCredits"] = state.Options.DailyCredits,
            ["paths"] = paths,
            ["statusCodes"] = statuses,
        };
    }

    private static JsonArray Requests(EmulatorState state)
    {
        var list = new JsonArray();
        foreach (var r in state.Requests.Snapshot())
        {
            var query = new JsonObject();
            foreach (var (key, value) in r.Query)
            {
                query[key] = value;
            }

            // Headers too (Authorization included): out-of-process tests look for leaked tokens and sent headers.
            var headers = new JsonObject();
            foreach (var (key, value) in r.Headers)
            {
                headers[key] = value;
            }

            list.Add(new JsonObject
            {
                ["method"] = r.Method,
                ["path"] = r.Path,
                ["query"] = query,
                ["headers"] = headers,
                ["body"] = r.Body,
                ["statusCode"] = r.StatusCode,
                ["time"] = ZohoTime.FormatDateTime(r.Time),
                ["credits"] = r.Credits,
                ["durationMs"] = Math.Round(r.DurationMs, 1),
            });
        }

        return list;
    }

    private static async Task AddFaultAsync(HttpContext http, EmulatorState state)
    {
        FaultRule? rule;
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            rule = node?["spec"] is JsonValue spec
                ? FaultSpecParser.Parse(spec.GetValue<string>())
                : node?.Deserialize<FaultRule>(RuleJson);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
            return;
        }

        if (rule is null)
        {
            await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = "a FaultRule object or {\"spec\":\"…\"} is needed" }).ConfigureAwait(false);
            return;
        }

        state.Faults.Add(rule);
        await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["status"] = "success", ["rule"] = rule.ToString() }).ConfigureAwait(false);
    }

    private static async Task IssueGrantCodeAsync(HttpContext http, EmulatorState state)
    {
        string scope = EmulatorOptions.DefaultScopes;
        var lifetime = state.Options.GrantCodeLifetime;
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        if (text.Trim().Length > 0)
        {
            try
            {
                var node = JsonNode.Parse(text);
                scope = node?["scope"]?.GetValue<string>() ?? scope;
                if (node?["lifetimeSeconds"] is JsonValue seconds)
                {
                    lifetime = TimeSpan.FromSeconds(seconds.GetValue<int>());
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                await ResponseWriter.WriteJsonAsync(http, 400, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
                return;
            }
        }

        try
        {
            var code = state.Tokens.IssueGrantCode(scope, lifetime);
            await ResponseWriter.WriteJsonAsync(http, 200, new JsonObject { ["code"] = code }).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            await ResponseWriter.WriteJsonAsync(http, 429, new JsonObject { ["error"] = ex.Message }).ConfigureAwait(false);
        }
    }
}
