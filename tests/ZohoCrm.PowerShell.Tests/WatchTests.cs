using System.Collections;
using System.Management.Automation;
using System.Net;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

/// <summary>
/// Register-/Get-/Update-/Unregister-ZcrmWatch against the emulator, and Receive-ZcrmNotification on a loopback port
/// receiving what the emulator really POSTs when records change.
/// </summary>
public class WatchTests
{
    private const string ReceiveScript = "Receive-ZcrmNotification -Prefix $prefix -Token $token -Count $count -Timeout 30";

    private static Task<ZcrmTestContext> StartAsync(Action<ZohoCrm.Emulator.EmulatorOptions>? configure = null) => ZcrmTestContext.StartAsync(o =>
    {
        o.Leads = 20;
        o.NotificationBatchWindow = TimeSpan.FromMilliseconds(200);
        o.NotificationRetryDelay = TimeSpan.FromMilliseconds(50);
        configure?.Invoke(o);
    }, withVault: false);

    private static PSObject Channel(ScriptResult result) => Assert.Single(result.Output, o => o.TypeNames.Contains("ZohoCrm.WatchChannel"));

    private static T Prop<T>(PSObject item, string name) => (T)item.Properties[name].Value;

    private static string[] Ids(PSObject notification) => Prop<IReadOnlyList<string>>(notification, "Ids").ToArray();

    /// <summary>Everything but the output objects (which carry the token on purpose), as text.</summary>
    private static string MessageText(ScriptResult result) => string.Join("\n",
        result.AllErrors.SelectMany(e => new[] { e.ToString(), e.ErrorDetails?.Message, e.ErrorDetails?.RecommendedAction, e.Exception?.ToString(), Convert.ToString(e.TargetObject) })
            .Concat(result.Warnings.Select(w => w.Message)).Concat(result.Verbose.Select(v => v.Message)).Concat(result.Debug.Select(d => d.Message)));

    [Fact]
    public async Task Created_and_edited_leads_reach_Receive_ZcrmNotification_with_exactly_their_ids_operations_and_the_channel_token()
    {
        await using var t = await StartAsync();
        using var listener = new PowerShellSession(withVault: false);
        var prefix = NotificationListenerProbe.NewPrefix();
        var register = t.RunConnected("Register-ZcrmWatch -Event Leads.create, Leads.edit -NotifyUrl $prefix", ("prefix", prefix));
        Assert.False(register.HadErrors, register.AllText());
        var channel = Channel(register);
        var token = Prop<string>(channel, "Token");
        var channelId = Prop<long>(channel, "ChannelId");
        Assert.Equal(40, token.Length);
        Assert.Equal(new[] { "Leads.create", "Leads.edit" }, Prop<IReadOnlyList<string>>(channel, "Events"));

        var receiving = Task.Run(() => listener.Run(ReceiveScript, ("prefix", prefix), ("token", token), ("count", 2)));
        await NotificationListenerProbe.WaitUntilListeningAsync(prefix);
        var created = t.Session.Run("""
            @(
                [pscustomobject]@{ Last_Name = 'Okafor'; Company = 'Northwind'; Email = 'ada@northwind.example' }
                [pscustomobject]@{ Last_Name = 'Smith'; Company = 'Northwind'; Email = 'smith@northwind.example' }
                [pscustomobject]@{ Last_Name = 'Jones'; Company = 'Northwind'; Email = 'jones@northwind.example' }
            ) | New-ZcrmLead | ForEach-Object { $_.Id }
            """);
        Assert.False(created.HadErrors, created.AllText());
        var ids = created.Output.Select(o => (string)o.BaseObject).ToArray();
        var edit = t.Session.Run("Set-ZcrmRecord -Module Leads -Id $id -Property @{ Lead_Status = 'Contacted' } | Out-Null", ("id", ids[1]));
        Assert.False(edit.HadErrors, edit.AllText());

        var received = await receiving;
        Assert.False(received.HadErrors, received.AllText());
        Assert.Equal(2, received.Output.Count);
        Assert.All(received.Output, n =>
        {
            Assert.Contains("ZohoCrm.Notification", n.TypeNames);
            Assert.Equal(channelId, Prop<long>(n, "ChannelId"));
            Assert.Equal(token, Prop<string>(n, "Token"));
            Assert.Equal("Leads", Prop<string>(n, "Module"));
        });
        var inserted = received.Output[0];
        Assert.Equal("create", Prop<string>(inserted, "Operation"));
        Assert.Equal("insert", Prop<string>(inserted, "ZohoOperation"));
        Assert.Equal(ids, Ids(inserted));
        var updated = received.Output[1];
        Assert.Equal("edit", Prop<string>(updated, "Operation"));
        Assert.Equal(new[] { ids[1] }, Ids(updated));
        Assert.Contains("Lead_Status", Prop<IReadOnlyDictionary<string, IReadOnlyList<string>>>(updated, "AffectedFields")[ids[1]]);
        Assert.NotNull(Prop<DateTimeOffset?>(updated, "ServerTime"));
    }

    [Fact]
    public async Task A_POST_with_a_wrong_token_or_a_malformed_body_is_rejected_with_a_warning_and_never_emitted()
    {
        using var listener = new PowerShellSession(withVault: false);
        var prefix = NotificationListenerProbe.NewPrefix();
        const string token = "TOKEN_FOR_VERIFICATION_OF_4242";
        var receiving = Task.Run(() => listener.Run(ReceiveScript, ("prefix", prefix), ("token", token), ("count", 1)));
        await NotificationListenerProbe.WaitUntilListeningAsync(prefix);

        // Every answer closes its connection, so no sender reuses one the listener is closing (a POST is not retried).
        Assert.Equal((HttpStatusCode.Forbidden, true), await NotificationListenerProbe.PostForConnectionAsync(prefix, NotificationListenerProbe.Notification(4242, "forged-token-1234", "insert", "1")));
        Assert.Equal(HttpStatusCode.Forbidden, await NotificationListenerProbe.PostAsync(prefix, NotificationListenerProbe.Notification(4242, null, "insert", "2")));
        Assert.Equal(HttpStatusCode.BadRequest, await NotificationListenerProbe.PostAsync(prefix, "{\"channel_id\": "));
        Assert.Equal(HttpStatusCode.BadRequest, await NotificationListenerProbe.PostAsync(prefix, "{\"channel_id\":\"4242\",\"module\":\"Leads\"}"));
        Assert.Equal(HttpStatusCode.OK, await NotificationListenerProbe.PostAsync(prefix, NotificationListenerProbe.Notification(4242, token, "update", "3")));

        var result = await receiving;
        var only = Assert.Single(result.Output);
        Assert.Equal(new[] { "3" }, Ids(only));
        Assert.Equal("edit", Prop<string>(only, "Operation"));
        Assert.Equal(2, result.Warnings.Count(w => w.Message.Contains("answered 403")));
        Assert.Contains(result.Warnings, w => w.Message.Contains("token does not match"));
        Assert.Contains(result.Warnings, w => w.Message.Contains("carries no token"));
        Assert.Equal(2, result.Warnings.Count(w => w.Message.Contains("answered 400")));
        Assert.DoesNotContain(result.Warnings, w => w.Message.Contains("forged-token-1234"));
        Assert.False(result.HadErrors, result.AllText());
    }

    [Fact]
    public async Task Zoho_s_operation_words_insert_update_delete_and_create_edit_are_all_read()
    {
        using var listener = new PowerShellSession(withVault: false);
        var prefix = NotificationListenerProbe.NewPrefix();
        var receiving = Task.Run(() => listener.Run(ReceiveScript, ("prefix", prefix), ("token", "t0k3n-abc"), ("count", 6)));
        await NotificationListenerProbe.WaitUntilListeningAsync(prefix);
        foreach (var operation in new[] { "insert", "create", "update", "edit", "delete" })
            Assert.Equal(HttpStatusCode.OK, await NotificationListenerProbe.PostAsync(prefix, NotificationListenerProbe.Notification(7, "t0k3n-abc", operation, "11", "12")));
        const string Legacy = """{"server_time":"1714539030000","module":"Deals","ids":[13],"operation":"update","channel_id":7,"token":"t0k3n-abc","affected_fields":["Stage"],"affected_values":[{"id":"13","Stage":"Closed Won"}],"query_params":{"key1":"val1"}}""";
        Assert.Equal(HttpStatusCode.OK, await NotificationListenerProbe.PostAsync(prefix, Legacy));

        var result = await receiving;
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(new[] { "create", "create", "edit", "edit", "delete", "edit" }, result.Output.Select(o => Prop<string>(o, "Operation")));
        Assert.Equal(new[] { "11", "12" }, Ids(result.Output[0]));
        var legacy = result.Output[5];
        Assert.Equal(new[] { "13" }, Ids(legacy));
        Assert.Equal(new[] { "Stage" }, Prop<IReadOnlyDictionary<string, IReadOnlyList<string>>>(legacy, "AffectedFields")["13"]);
        Assert.Equal("Closed Won", Prop<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(legacy, "AffectedValues")[0]["Stage"]);
        Assert.Equal("val1", Prop<IReadOnlyDictionary<string, object?>>(legacy, "QueryParams")["key1"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1714539030000), Prop<DateTimeOffset?>(legacy, "ServerTime"));
    }

    [Fact]
    public async Task Update_ZcrmWatch_Renew_extends_the_expiry_to_the_maximum_and_a_piped_channel_needs_one_call()
    {
        await using var t = await StartAsync();
        var register = t.RunConnected("Register-ZcrmWatch -Event Deals.edit -NotifyUrl http://127.0.0.1:9/hook -Expiry ([datetime]::Now.AddHours(2))");
        var channelId = Prop<long>(Channel(register), "ChannelId");
        var stored = Assert.Single(t.Emulator.Notifications.Channels);
        Assert.InRange(stored.Expiry, DateTimeOffset.UtcNow.AddHours(2).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(2).AddMinutes(1));

        t.Emulator.Requests.Clear();
        var renewed = t.Session.Run("Update-ZcrmWatch -ChannelId $id -Renew", ("id", channelId));
        Assert.False(renewed.HadErrors, renewed.AllText());
        var expected = DateTimeOffset.UtcNow.AddDays(7).AddMinutes(-5);
        Assert.InRange(Prop<DateTimeOffset?>(Channel(renewed), "Expiry")!.Value, expected.AddMinutes(-1), expected.AddMinutes(1));
        Assert.InRange(Assert.Single(t.Emulator.Notifications.Channels).Expiry, expected.AddMinutes(-1), expected.AddMinutes(1));
        Assert.Equal(new[] { "GET", "PATCH" }, t.Emulator.Requests.Snapshot().Where(r => r.IsApiCall).Select(r => r.Method));

        t.Emulator.Requests.Clear();
        var piped = t.Session.Run("Get-ZcrmWatch | Update-ZcrmWatch -Renew");
        Assert.False(piped.HadErrors, piped.AllText());
        Assert.Equal(new[] { "Deals.edit" }, Prop<IReadOnlyList<string>>(Channel(piped), "Events"));
        Assert.Equal(new[] { "GET", "PATCH" }, t.Emulator.Requests.Snapshot().Where(r => r.IsApiCall).Select(r => r.Method));

        var replaced = t.Session.Run("Update-ZcrmWatch -ChannelId $id -Replace -Event Leads.delete -NotifyUrl http://127.0.0.1:9/other", ("id", channelId));
        Assert.False(replaced.HadErrors, replaced.AllText());
        var channel = Assert.Single(t.Emulator.Notifications.Channels);
        Assert.Equal(new[] { "Leads.delete" }, channel.Events);
        Assert.Equal(Prop<string>(Channel(replaced), "Token"), channel.Token);
        Assert.Equal("http://127.0.0.1:9/other", channel.NotifyUrl);
    }

    [Fact]
    public async Task Unregister_ZcrmWatch_with_Event_removes_only_that_event_and_without_it_the_whole_channel()
    {
        await using var t = await StartAsync();
        var register = t.RunConnected("Register-ZcrmWatch -Event Leads.create, Leads.edit, Deals.delete -NotifyUrl http://127.0.0.1:9/hook -ChannelId 1000000068001");
        Assert.False(register.HadErrors, register.AllText());

        var whatIf = t.Session.Run("Unregister-ZcrmWatch -ChannelId 1000000068001 -WhatIf");
        Assert.False(whatIf.HadErrors, whatIf.AllText());
        Assert.Single(t.Emulator.Notifications.Channels);

        var some = t.Session.Run("Unregister-ZcrmWatch -ChannelId 1000000068001 -Event Leads.edit -Force");
        Assert.False(some.HadErrors, some.AllText());
        Assert.Empty(some.Output);
        Assert.Equal(new[] { "Leads.create", "Deals.delete" }, Assert.Single(t.Emulator.Notifications.Channels).Events);
        var listed = t.Session.Run("Get-ZcrmWatch");
        Assert.Equal(new[] { "Leads.create", "Deals.delete" }, Prop<IReadOnlyList<string>>(Channel(listed), "Events"));

        var all = t.Session.Run("Get-ZcrmWatch -ChannelId 1000000068001 | Unregister-ZcrmWatch -Confirm:$false");
        Assert.False(all.HadErrors, all.AllText());
        Assert.Empty(t.Emulator.Notifications.Channels);

        var gone = t.Session.Run("Get-ZcrmWatch -ChannelId 1000000068001; Unregister-ZcrmWatch -ChannelId 1000000068001 -Force");
        Assert.Empty(gone.Output);
        Assert.Equal(new[] { "ZcrmWatchNotFound", "NOT_SUBSCRIBED" }, gone.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(ErrorCategory.ObjectNotFound, gone.Errors[1].CategoryInfo.Category);
    }

    [Fact]
    public async Task An_expired_channel_stops_delivering()
    {
        var clock = new ShiftedClock();
        await using var t = await StartAsync(o => o.TimeProvider = clock);
        using var listener = new PowerShellSession(withVault: false);
        var prefix = NotificationListenerProbe.NewPrefix();
        var token = Prop<string>(Channel(t.RunConnected("Register-ZcrmWatch -Event Leads.create -NotifyUrl $prefix", ("prefix", prefix))), "Token");
        var stop = false;
        var receiving = Task.Run(() => listener.RunAndStop("Receive-ZcrmNotification -Prefix $prefix -Token $token", _ => Volatile.Read(ref stop), TimeSpan.FromSeconds(30), ("prefix", prefix), ("token", token)));
        await NotificationListenerProbe.WaitUntilListeningAsync(prefix);

        Assert.False(t.Session.Run("New-ZcrmLead -LastName Before -Company Zylker | Out-Null").HadErrors);
        Assert.True(await t.Emulator.Notifications.WaitForAsync(d => d.Count == 1, TimeSpan.FromSeconds(10)));

        clock.Advance(TimeSpan.FromDays(8));
        var after = t.Session.Run("New-ZcrmLead -LastName After -Company Zylker | Out-Null; Get-ZcrmWatch");
        Assert.False(after.HadErrors, after.AllText());
        Assert.Empty(after.Output);
        await t.Emulator.Notifications.FlushAsync();
        Assert.Single(t.Emulator.Notifications.Deliveries);

        Volatile.Write(ref stop, true);
        var (received, stopTook) = await receiving;
        Assert.Equal("Before", t.Emulator.Records("Leads").Single(r => Equals(r["id"], Assert.Single(Ids(Assert.Single(received.Output))))) ["Last_Name"]);
        Assert.True(stopTook < TimeSpan.FromSeconds(3), $"stopping took {stopTook}");
    }

    [Fact]
    public async Task Bad_events_an_expiry_past_the_maximum_and_a_relative_URL_are_refused_before_any_call()
    {
        await using var t = await StartAsync();
        var badEvent = t.RunConnected("Register-ZcrmWatch -Event Leads.update -NotifyUrl https://hooks.example.com/zoho");
        Assert.Equal("ParameterArgumentValidationError,ZohoCrm.PowerShell.Commands.Watch.RegisterZcrmWatchCommand", badEvent.Error!.FullyQualifiedErrorId);
        Assert.Contains("create, edit, delete or all", badEvent.Error.ToString());

        var tooLong = t.Session.Run("Register-ZcrmWatch -Event Leads.create -NotifyUrl https://hooks.example.com/zoho -Expiry ([datetime]::Now.AddDays(8))");
        Assert.StartsWith("ZcrmInvalidExpiry", tooLong.Error!.FullyQualifiedErrorId);
        Assert.Contains("7 days", tooLong.Error.ToString());
        var past = t.Session.Run("Register-ZcrmWatch -Event Leads.create -NotifyUrl https://hooks.example.com/zoho -Expiry ([datetime]::Now.AddMinutes(-1))");
        Assert.StartsWith("ZcrmInvalidExpiry", past.Error!.FullyQualifiedErrorId);
        var relative = t.Session.Run("Register-ZcrmWatch -Event Leads.create -NotifyUrl 'zoho/hook'");
        Assert.StartsWith("ZcrmInvalidNotifyUrl", relative.Error!.FullyQualifiedErrorId);
        var both = t.Session.Run("Update-ZcrmWatch -ChannelId 1 -Renew -Expiry ([datetime]::Now.AddDays(1))");
        Assert.StartsWith("ZcrmInvalidArgument", both.Error!.FullyQualifiedErrorId);
        var nothing = t.Session.Run("Update-ZcrmWatch -ChannelId 1");
        Assert.StartsWith("ZcrmNothingToUpdate", nothing.Error!.FullyQualifiedErrorId);
        var whatIf = t.Session.Run("Register-ZcrmWatch -Event leads.CREATE -NotifyUrl https://hooks.example.com/zoho -WhatIf");
        Assert.False(whatIf.HadErrors, whatIf.AllText());

        Assert.DoesNotContain(t.Emulator.Requests.Snapshot(), r => r.IsApiCall);
    }

    [Fact]
    public async Task The_channel_token_never_appears_in_verbose_debug_warning_or_error_text()
    {
        await using var t = await StartAsync();
        const string Preferences = "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; ";
        var prefix = NotificationListenerProbe.NewPrefix();
        var results = new List<ScriptResult>
        {
            t.RunConnected(Preferences + "Register-ZcrmWatch -Event Leads.all -NotifyUrl http://127.0.0.1:9/hook -Token 'my-shared-secret-0042'"),
        };
        var refused = t.Session.Run(Preferences + "Register-ZcrmWatch -Event NoSuchModule.create -NotifyUrl http://127.0.0.1:9/hook -Token 'refused-secret-0044'");
        results.Add(refused);
        Assert.Contains(refused.Errors, e => e.FullyQualifiedErrorId.StartsWith("INVALID_DATA", StringComparison.Ordinal));
        results.Add(t.Session.Run(Preferences + "Get-ZcrmWatch | Update-ZcrmWatch -Renew; Update-ZcrmWatch -ChannelId 99 -Token 'another-secret-0043' -Renew"));

        using var listener = new PowerShellSession(withVault: false);
        var receiving = Task.Run(() => listener.Run(Preferences + "Receive-ZcrmNotification -Prefix $prefix -Token 'my-shared-secret-0042' -Count 1 -Timeout 30", ("prefix", prefix)));
        await NotificationListenerProbe.WaitUntilListeningAsync(prefix);
        await NotificationListenerProbe.PostAsync(prefix, NotificationListenerProbe.Notification(1, "my-shared-secret-0043", "insert", "1"));
        await NotificationListenerProbe.PostAsync(prefix, NotificationListenerProbe.Notification(1, "my-shared-secret-0042", "insert", "1"));
        results.Add(await receiving);

        Assert.Contains(results, r => r.Debug.Any(d => d.Message.Contains("\"token\":\"***\"")));
        Assert.Contains(results, r => r.Warnings.Count > 0);
        var secrets = new[] { "my-shared-secret-0042", "another-secret-0043", "my-shared-secret-0043", "refused-secret-0044" };
        foreach (var (result, index) in results.Select((r, i) => (r, i)))
        {
            var text = MessageText(result);
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"script {index} showed a token in:\n{text}");
        }
    }

    [Fact]
    public async Task Get_ZcrmWatch_joins_the_per_module_entries_of_a_channel_and_events_tab_complete()
    {
        await using var t = await StartAsync();
        Assert.False(t.RunConnected("Register-ZcrmWatch -Event Leads.create, Deals.all -NotifyUrl http://127.0.0.1:9/hook -ReturnAffectedFieldValues").HadErrors);
        var listed = t.Session.Run("Get-ZcrmWatch -All; Get-ZcrmWatch -Module Deals");
        Assert.False(listed.HadErrors, listed.AllText());
        Assert.Equal(2, listed.Output.Count);
        Assert.Equal(new[] { "Leads", "Deals" }, Prop<IReadOnlyList<string>>(listed.Output[0], "Modules"));
        Assert.True(Prop<bool?>(listed.Output[0], "ReturnAffectedFieldValues"));
        Assert.False(Prop<bool?>(listed.Output[0], "NotifyOnRelatedAction"));
        Assert.Equal(new[] { "Deals.all" }, Prop<IReadOnlyList<string>>(listed.Output[1], "Events"));

        var script = "$c = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null); $c.CompletionMatches | ForEach-Object { $_.CompletionText }";
        var modules = t.Session.Run(script, ("line", "Register-ZcrmWatch -Event Lea"));
        Assert.Contains("Leads.create", modules.Output.Select(o => (string)o.BaseObject));
        var operations = t.Session.Run(script, ("line", "Unregister-ZcrmWatch -ChannelId 1 -Event Deals.e"));
        Assert.Equal(new[] { "Deals.edit" }, operations.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public async Task Receive_ZcrmNotification_stops_promptly_on_Ctrl_C_and_at_its_timeout()
    {
        using var listener = new PowerShellSession(withVault: false);
        var prefix = NotificationListenerProbe.NewPrefix();
        var listening = false;
        var waiting = Task.Run(async () =>
        {
            await NotificationListenerProbe.WaitUntilListeningAsync(prefix);
            Volatile.Write(ref listening, true);
        });
        var (stopped, stopTook) = listener.RunAndStop("Receive-ZcrmNotification -Prefix $prefix", _ => Volatile.Read(ref listening), TimeSpan.FromSeconds(20), ("prefix", prefix));
        await waiting;
        Assert.IsType<PipelineStoppedException>(stopped.Terminating);
        Assert.True(stopTook < TimeSpan.FromSeconds(2), $"stopping took {stopTook}");
        Assert.Contains(stopped.Warnings, w => w.Message.Contains("No -Token given"));

        var started = DateTime.UtcNow;
        var timedOut = listener.Run("Receive-ZcrmNotification -Prefix $prefix -Timeout 1 -Token abcdefgh", ("prefix", prefix));
        Assert.False(timedOut.HadErrors, timedOut.AllText());
        Assert.Empty(timedOut.Output);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));

        var taken = listener.Run("Receive-ZcrmNotification -Prefix 'ftp://127.0.0.1/x/' -Timeout 1");
        Assert.StartsWith("ZcrmInvalidPrefix", taken.Error!.FullyQualifiedErrorId);
    }
}
