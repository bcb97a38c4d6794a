using System.Net.Http;
using Newtonsoft.Json.Linq;
using ZohoCrm.Core.Connections;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Errors;
using ZohoCrm.Core.Http;
using ZohoCrm.Core.Org;
using ZohoCrm.Core.Records;
using ZohoCrm.Emulator;
using ZohoCrm.Emulator.Data;

namespace ZohoCrm.Core.Tests;

/// <summary>Users, settings and functions (Core.Org) against the emulator over real loopback HTTP.</summary>
public class OrgServicesTests
{
    private sealed class ListLog : IZcrmLog
    {
        public List<string> Lines { get; } = new();
        public void Verbose(string message) { lock (Lines) Lines.Add(message); }
        public void Debug(string message) { lock (Lines) Lines.Add(message); }
        public void Warning(string message) { lock (Lines) Lines.Add(message); }
    }

    private static async Task<(ZohoCrmEmulator Emulator, ZohoConnection Connection)> ConnectAsync()
    {
        var emulator = await ZohoCrmEmulator.StartAsync(new EmulatorOptions { Leads = 50 });
        var connection = await EmulatorConnections.ConnectAsync(emulator);
        emulator.Requests.Clear();
        return (emulator, connection);
    }

    private static int Calls(ZohoCrmEmulator emulator, string path) => emulator.Requests.Snapshot().Count(r => r.Path == path);

    [Fact]
    public async Task Users_page_through_the_records_pager_by_page_number()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;

        var pager = connection.Users.CreatePager("ActiveUsers", new PagingOptions { PageSize = 2, All = true });
        var users = new List<ZohoRecord>();
        while (await pager.NextAsync(NullLog.Instance, CancellationToken.None) is RecordPage page) users.AddRange(page.Records);

        Assert.Equal(6, users.Count);
        Assert.Equal(3, pager.PagesRead);
        Assert.All(emulator.Requests.Snapshot(), r => Assert.False(r.Query.ContainsKey("page_token")));
        Assert.IsType<DateTimeOffset>(users[0].Fields.Single(f => f.Key == "created_time").Value);
        Assert.Throws<ZcrmUsageException>(() => connection.Users.CreatePager("Everyone", new PagingOptions()));
    }

    [Fact]
    public async Task Owners_resolve_from_one_read_of_the_users_list()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var users = connection.Users;

        Assert.Equal("5725767000000235027", await users.ResolveIdAsync("5725767000000235027", NullLog.Instance, CancellationToken.None));
        Assert.Equal(0, Calls(emulator, "/crm/v8/users"));
        Assert.Equal("5725767000000235027", await users.ResolveIdAsync("Marcus.Chen@zylker.example", NullLog.Instance, CancellationToken.None));
        Assert.Equal("5725767000000235041", await users.ResolveIdAsync("aisha rahman", NullLog.Instance, CancellationToken.None));
        Assert.Equal(1, Calls(emulator, "/crm/v8/users"));
        var unknown = await Assert.ThrowsAsync<ZcrmUsageException>(() => users.ResolveIdAsync("nobody@zylker.example", NullLog.Instance, CancellationToken.None));
        Assert.Equal("ZcrmUnknownUser", unknown.ErrorId);
        Assert.True(users.TryGetCached(out var cached));
        Assert.Equal(7, cached.Count);
    }

    [Fact]
    public async Task Settings_refuse_unknown_modules_and_bad_ids_before_the_call()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var settings = connection.OrgSettings;

        var module = await Assert.ThrowsAsync<ZcrmUsageException>(() => settings.GetLayoutsAsync("Nope", null, NullLog.Instance, CancellationToken.None));
        Assert.Equal("ZcrmUnknownModule", module.ErrorId);
        var id = await Assert.ThrowsAsync<ZcrmUsageException>(() => settings.GetRolesAsync("12x", NullLog.Instance, CancellationToken.None));
        Assert.Equal("ZcrmInvalidId", id.ErrorId);
        Assert.Equal(0, Calls(emulator, "/crm/v8/settings/layouts") + emulator.Requests.Snapshot().Count(r => r.Path.StartsWith("/crm/v8/settings/roles", StringComparison.Ordinal)));

        var layouts = await settings.GetLayoutsAsync("deals", null, NullLog.Instance, CancellationToken.None);
        Assert.Equal("Deals", layouts.Single().Module);
        Assert.Empty(await settings.GetRolesAsync("5725767000000000001", NullLog.Instance, CancellationToken.None));
    }

    [Fact]
    public async Task Custom_views_are_read_once_and_names_resolve_to_ids()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var settings = connection.OrgSettings;

        var hot = emulator.Modules.Find("Leads")!.CustomViews.Single(v => v.Name == "Hot Web Leads").Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(hot, await settings.ResolveCustomViewIdAsync("Leads", "hot web leads", NullLog.Instance, CancellationToken.None));
        Assert.Equal(4, (await settings.GetCustomViewsAsync("Leads", NullLog.Instance, CancellationToken.None)).Count);
        Assert.Equal(1, Calls(emulator, "/crm/v8/settings/custom_views"));
        var unknown = await Assert.ThrowsAsync<ZcrmUsageException>(() => settings.ResolveCustomViewIdAsync("Leads", "Cold", NullLog.Instance, CancellationToken.None));
        Assert.Equal("ZcrmUnknownCustomView", unknown.ErrorId);
        Assert.Contains("'Hot Web Leads'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_key_call_sends_no_token_and_never_shows_the_key()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;
        var log = new ListLog();

        var result = await connection.Functions.ExecuteAsync("greet", [new("name", "Ann")], HttpMethod.Get, FunctionCatalog.GreetApiKey, log, CancellationToken.None);

        Assert.Equal("Hello, Ann!", (string?)result.Output);
        var call = emulator.Requests.Snapshot().Single(r => r.Path.Contains("/functions/", StringComparison.Ordinal));
        Assert.False(call.Headers.ContainsKey("Authorization"));
        Assert.Equal("apikey", call.Query["auth_type"]);
        Assert.DoesNotContain(log.Lines, l => l.Contains(FunctionCatalog.GreetApiKey, StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("zapikey=***", StringComparison.Ordinal));
        Assert.Equal("x zapikey=*** y", SecretRedactor.Redact("x zapikey=" + FunctionCatalog.GreetApiKey + " y"));
    }

    [Fact]
    public async Task An_oauth_call_posts_a_json_body_and_parses_the_output_twice()
    {
        var (emulator, connection) = await ConnectAsync();
        await using var _ = emulator;
        using var __ = connection;

        var result = await connection.Functions.ExecuteAsync("echo_arguments", [new("city", "Pune"), new("n", 2)], HttpMethod.Post, null, NullLog.Instance, CancellationToken.None);

        var output = Assert.IsType<JObject>(result.Output);
        Assert.Equal("Pune", (string?)output["received"]!["city"]);
        Assert.Equal("success", result.Code);
        var call = emulator.Requests.Snapshot().Single(r => r.Path.Contains("/functions/", StringComparison.Ordinal));
        Assert.Equal("POST", call.Method);
        Assert.Equal(2, (int)JObject.Parse(call.Body!)["n"]!);
        var missing = await Assert.ThrowsAsync<ZohoApiException>(() => connection.Functions.ExecuteAsync("nope", [], HttpMethod.Get, null, NullLog.Instance, CancellationToken.None));
        Assert.Equal("INVALID_URL_PATTERN", missing.Code);
    }

    [Fact]
    public void Function_answers_without_the_envelope_are_returned_as_they_are()
    {
        Assert.Equal("42", (string?)FunctionClient.Parse(JObject.Parse("{\"code\":\"success\",\"details\":{\"output\":\"42\"}}")).Output);
        Assert.Equal(JTokenType.Array, FunctionClient.Parse(JObject.Parse("{\"details\":{\"output\":\"[1,2]\"}}")).Output!.Type);
        Assert.Equal("{not json", (string?)FunctionClient.Parse(JObject.Parse("{\"details\":{\"output\":\"{not json\"}}")).Output);
        Assert.Equal("custom", (string?)FunctionClient.Parse(JObject.Parse("{\"status\":\"custom\"}")).Output!["status"]);
        Assert.Null(FunctionClient.Parse(null).Output);
    }

    [Fact]
    public void A_secret_query_parameter_is_masked_in_descriptions()
    {
        var request = new ApiRequest(HttpMethod.Get, "functions/f/actions/execute").AddQuery("auth_type", "apikey").AddQuery("zapikey", "secret-key-123");
        request.SecretQuery.Add("zapikey");
        Assert.Equal("GET /crm/v8/functions/f/actions/execute?auth_type=apikey&zapikey=***", request.Describe("v8"));
    }
}
