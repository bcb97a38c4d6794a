using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ZohoCrm.Emulator.Tests.Support;

namespace ZohoCrm.Emulator.Tests;

/// <summary>actions/watch (fact sheet §7.2) and the notifications the emulator POSTs (§7.3).</summary>
public sealed class WatchTests : EmulatorTestBase, IDisposable
{
    private readonly ManualClock _clock = new();
    private readonly NotificationReceiver _receiver = new();

    protected override EmulatorOptions CreateOptions() => new()
    {
        TimeProvider = _clock,
        NotificationBatchWindow = TimeSpan.FromMilliseconds(50),
        NotificationRetryDelay = TimeSpan.FromMilliseconds(20),
        WatchMaxChannels = 5,
    };

    public void Dispose() => _receiver.Dispose();

    private DateTimeOffset Now => _clock.GetUtcNow();

    private static string Time(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private JsonObject Channel(long id, string[] events, string? token = "TOKEN_FOR_VERIFICATION", DateTimeOffset? expiry = null, string? url = null)
    {
        var entry = new JsonObject
        {
            ["channel_id"] = id.ToString(CultureInfo.InvariantCulture),
            ["events"] = new JsonArray(events.Select(e => (JsonNode?)e).ToArray()),
            ["notify_url"] = url ?? _receiver.Url,
        };
        if (token is not null)
        {
            entry["token"] = token;
        }

        if (expiry is not null)
        {
            entry["channel_expiry"] = Time(expiry.Value);
        }

        return entry;
    }

    private static JsonObject Watch(params JsonObject[] entries) => new() { ["watch"] = new JsonArray(entries.Select(e => (JsonNode?)e).ToArray()) };

    private Task<ApiResponse> SendAsync(string method, JsonObject body) => Client.SendJsonAsync(new HttpMethod(method), "/crm/v8/actions/watch", body);

    private static JsonArray Entries(ApiResponse response) => response.Json["watch"]!.AsArray();

    private async Task<List<JsonObject>> NotificationsAsync(int count)
    {
        await Emulator.Notifications.FlushAsync();
        return (await _receiver.WaitForAsync(count)).ToList();
    }

    [Fact]
    public async Task Subscribing_answers_201_with_one_event_entry_per_module_and_GET_lists_them()
    {
        var before = Emulator.Credits.TotalCharged;
        var response = await SendAsync("POST", Watch(Channel(1000000068001, ["Leads.create", "Leads.edit", "Deals.all"], expiry: Now.AddDays(2))));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        Assert.Equal(1, Emulator.Credits.TotalCharged - before);
        var entry = Entries(response).Single()!;
        Assert.Equal("SUCCESS", entry.Code());
        Assert.Equal("Successfully subscribed for actions-watch of the given module", entry["message"]!.GetValue<string>());
        var events = entry["details"]!["events"]!.AsArray();
        Assert.Equal(["Leads", "Deals"], events.Select(e => e!["resource_name"]!.GetValue<string>()));
        Assert.All(events, e =>
        {
            Assert.Equal("1000000068001", e!["channel_id"]!.GetValue<string>());
            Assert.Equal(Now.AddDays(2), DateTimeOffset.Parse(e["channel_expiry"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            Assert.EndsWith("/crm/v8/" + e["resource_name"]!.GetValue<string>(), e["resource_uri"]!.GetValue<string>());
            Assert.NotNull(e["notification_condition"]);
        });

        var list = await Client.GetAsync("/crm/v8/actions/watch");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var listed = Entries(list);
        Assert.Equal(2, listed.Count);
        Assert.Equal(["Leads.create", "Leads.edit"], listed[0]!["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("TOKEN_FOR_VERIFICATION", listed[0]!["token"]!.GetValue<string>());
        Assert.Equal(_receiver.Url, listed[0]!["notify_url"]!.GetValue<string>());
        Assert.True(listed[0]!["notify_on_related_action"]!.GetValue<bool>());
        Assert.False(list.Json["info"]!["more_records"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GET_pages_filters_by_channel_and_module_and_answers_204_when_there_is_nothing()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/actions/watch")).Status);
        await SendAsync("POST", Watch(Channel(11, ["Leads.all", "Contacts.create"]), Channel(12, ["Deals.delete"])));

        var page = await Client.GetAsync("/crm/v8/actions/watch?page=1&per_page=2");
        Assert.Equal(2, Entries(page).Count);
        Assert.True(page.Json["info"]!["more_records"]!.GetValue<bool>());
        var second = await Client.GetAsync("/crm/v8/actions/watch?page=2&per_page=2");
        Assert.Equal("12", Entries(second).Single()!["channel_id"]!.GetValue<string>());
        Assert.Equal("Contacts", Entries(await Client.GetAsync("/crm/v8/actions/watch?channel_id=11&module=Contacts")).Single()!["resource_name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/actions/watch?channel_id=99")).Status);
        Assert.Equal("INVALID_MODULE", (await Client.GetAsync("/crm/v8/actions/watch?module=leads")).Code);
        Assert.Equal("INVALID_DATA", (await Client.GetAsync("/crm/v8/actions/watch?per_page=201")).Code);
    }

    [Fact]
    public async Task Each_entry_is_checked_and_a_failed_one_answers_202()
    {
        var tooLong = new string('t', 51);
        var response = await SendAsync("POST", Watch(
            new JsonObject { ["events"] = new JsonArray("Leads.create"), ["notify_url"] = _receiver.Url },
            Channel(2, ["Leads.update"]),
            Channel(3, ["NoSuchModule.create"]),
            new JsonObject { ["channel_id"] = "4", ["events"] = new JsonArray("Leads.create") },
            Channel(5, ["Leads.create"], url: "http://hooks.example.com/zoho"),
            Channel(6, ["Leads.create"], token: tooLong),
            Channel(7, ["Leads.create"], expiry: Now.AddMinutes(-1)),
            Channel(8, ["Leads.create"])));

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        var entries = Entries(response);
        Assert.Equal(("MANDATORY_NOT_FOUND", "channel_id"), (entries[0].Code(), entries[0]!["details"]!["api_name"]!.GetValue<string>()));
        Assert.Equal(("INVALID_DATA", "$.watch[1].events[0]"), (entries[1].Code(), entries[1]!["details"]!["json_path"]!.GetValue<string>()));
        Assert.Equal(("INVALID_DATA", "events"), (entries[2].Code(), entries[2]!["details"]!["api_name"]!.GetValue<string>()));
        Assert.Equal(("MANDATORY_NOT_FOUND", "notify_url"), (entries[3].Code(), entries[3]!["details"]!["api_name"]!.GetValue<string>()));
        Assert.Equal(("INVALID_DATA", "notify_url"), (entries[4].Code(), entries[4]!["details"]!["api_name"]!.GetValue<string>()));
        Assert.Equal(("INVALID_DATA", "token"), (entries[5].Code(), entries[5]!["details"]!["api_name"]!.GetValue<string>()));
        Assert.Equal(("INVALID_DATA", "channel_expiry"), (entries[6].Code(), entries[6]!["details"]!["api_name"]!.GetValue<string>()));
        Assert.Equal("SUCCESS", entries[7].Code());
        Assert.Equal([8L], Emulator.Notifications.Channels.Select(c => c.ChannelId));
    }

    [Fact]
    public async Task Expiry_defaults_to_an_hour_also_when_past_the_one_week_maximum()
    {
        await SendAsync("POST", Watch(Channel(1, ["Leads.create"]), Channel(2, ["Leads.create"], expiry: Now.AddDays(8)), Channel(3, ["Leads.create"], expiry: Now.AddDays(7))));

        var expiries = Emulator.Notifications.Channels.ToDictionary(c => c.ChannelId, c => c.Expiry);
        Assert.Equal(Now.AddHours(1), expiries[1]);
        Assert.Equal(Now.AddHours(1), expiries[2]);
        Assert.Equal(Now.AddDays(7), expiries[3]);
    }

    [Fact]
    public async Task Malformed_bodies_are_top_level_errors()
    {
        Assert.Equal(("MANDATORY_NOT_FOUND", HttpStatusCode.BadRequest), await CodeOf(SendAsync("POST", new JsonObject { ["data"] = new JsonArray() })));
        Assert.Equal(("INVALID_DATA", HttpStatusCode.BadRequest), await CodeOf(SendAsync("POST", new JsonObject { ["watch"] = new JsonArray() })));
        Assert.Equal(("INVALID_DATA", HttpStatusCode.BadRequest), await CodeOf(Client.SendJsonAsync(HttpMethod.Post, "/crm/v8/actions/watch", "{not json")));
        Assert.Equal(("REQUIRED_PARAM_MISSING", HttpStatusCode.BadRequest), await CodeOf(Client.DeleteAsync("/crm/v8/actions/watch")));

        static async Task<(string?, HttpStatusCode)> CodeOf(Task<ApiResponse> call)
        {
            var response = await call;
            return (response.Code, response.Status);
        }
    }

    [Fact]
    public async Task PATCH_adds_events_and_changes_only_what_it_sends_PUT_replaces_and_delete_events_removes()
    {
        await SendAsync("POST", Watch(Channel(21, ["Leads.create"], expiry: Now.AddDays(1))));
        var patch = await SendAsync("PATCH", Watch(new JsonObject { ["channel_id"] = "21", ["events"] = new JsonArray("Deals.edit"), ["channel_expiry"] = Time(Now.AddDays(6)) }));
        Assert.Equal(HttpStatusCode.OK, patch.Status);
        Assert.Equal("Successfully updated the subscribe details", Entries(patch)[0]!["message"]!.GetValue<string>());
        var channel = Emulator.Notifications.Channels.Single();
        Assert.Equal(["Leads.create", "Deals.edit"], channel.Events);
        Assert.Equal(Now.AddDays(6), channel.Expiry);
        Assert.Equal("TOKEN_FOR_VERIFICATION", channel.Token);

        var removed = await SendAsync("PATCH", Watch(new JsonObject { ["channel_id"] = "21", ["events"] = new JsonArray("Leads.create"), ["_delete_events"] = true }));
        Assert.Equal("Successfully removed the subscribe details", Entries(removed)[0]!["message"]!.GetValue<string>());
        Assert.Equal(["Deals.edit"], Emulator.Notifications.Channels.Single().Events);

        var put = await SendAsync("PUT", Watch(Channel(21, ["Contacts.all"], token: null)));
        Assert.Equal(HttpStatusCode.OK, put.Status);
        channel = Emulator.Notifications.Channels.Single();
        Assert.Equal(["Contacts.all"], channel.Events);
        Assert.Null(channel.Token);
        Assert.Equal(Now.AddHours(1), channel.Expiry);

        await SendAsync("PATCH", Watch(new JsonObject { ["channel_id"] = "21", ["events"] = new JsonArray("Contacts.all"), ["_delete_events"] = true }));
        Assert.Empty(Emulator.Notifications.Channels);

        var unknown = await SendAsync("PATCH", Watch(new JsonObject { ["channel_id"] = "21", ["events"] = new JsonArray("Leads.edit") }));
        Assert.Equal(HttpStatusCode.Accepted, unknown.Status);
        Assert.Equal("NOT_SUBSCRIBED", Entries(unknown)[0].Code());
        Assert.Equal("NOT_SUBSCRIBED", Entries(await SendAsync("PUT", Watch(Channel(22, ["Leads.edit"]))))[0].Code());
    }

    [Fact]
    public async Task DELETE_disables_channels_and_reports_unknown_ones()
    {
        await SendAsync("POST", Watch(Channel(31, ["Leads.create"]), Channel(32, ["Leads.edit"])));
        var response = await Client.DeleteAsync("/crm/v8/actions/watch?channel_ids=31,33");

        Assert.Equal(HttpStatusCode.Accepted, response.Status);
        Assert.Equal("Successfully un-subscribed from actions-watch", Entries(response)[0]!["message"]!.GetValue<string>());
        Assert.Equal("NOT_SUBSCRIBED", Entries(response)[1].Code());
        Assert.Equal([32L], Emulator.Notifications.Channels.Select(c => c.ChannelId));
        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync("/crm/v8/actions/watch?channel_ids=32")).Status);
    }

    [Fact]
    public async Task The_channel_limit_refuses_one_more()
    {
        var response = await SendAsync("POST", Watch(Enumerable.Range(1, 6).Select(i => Channel(i, ["Leads.create"])).ToArray()));
        Assert.Equal("LIMIT_EXCEEDED", Entries(response)[5].Code());
        Assert.Equal(5, Emulator.Notifications.Channels.Count);
    }

    [Fact]
    public async Task Creating_editing_and_deleting_records_POSTs_batched_notifications_with_the_token()
    {
        await SendAsync("POST", Watch(Channel(41, ["Leads.all"]) .Also(c => c["return_affected_field_values"] = true)));
        var created = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("One"), JsonRequests.Lead("Two"), JsonRequests.Lead("Three"))));
        var ids = created.Select(e => e.Id()).ToList();
        var inserted = (await NotificationsAsync(1)).Single();

        Assert.Equal("insert", inserted["operation"]!.GetValue<string>());
        Assert.Equal(ids, inserted["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal("41", inserted["channel_id"]!.GetValue<string>());
        Assert.Equal("Leads", inserted["module"]!.GetValue<string>());
        Assert.Equal("TOKEN_FOR_VERIFICATION", inserted["token"]!.GetValue<string>());
        Assert.EndsWith("/crm/v2/Leads", inserted["resource_uri"]!.GetValue<string>());
        Assert.Equal(Now.ToUnixTimeMilliseconds(), inserted["server_time"]!.GetValue<long>());
        Assert.Null(inserted["affected_fields"]);

        await Client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["id"] = ids[0], ["Lead_Status"] = "Contacted" }));
        var updated = (await NotificationsAsync(2))[1];
        Assert.Equal("update", updated["operation"]!.GetValue<string>());
        Assert.Equal([ids[0]], updated["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(["Lead_Status"], updated["affected_fields"]![0]![ids[0]]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("Contacted", updated["affected_values"]![0]!["Lead_Status"]!.GetValue<string>());
        Assert.Equal(ids[0], updated["affected_values"]![0]!["id"]!.GetValue<string>());

        await Client.DeleteAsync("/crm/v8/Leads?ids=" + ids[1]);
        var deleted = (await NotificationsAsync(3))[2];
        Assert.Equal("delete", deleted["operation"]!.GetValue<string>());
        Assert.Equal([ids[1]], deleted["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(3, Emulator.Notifications.Delivered);
    }

    [Fact]
    public async Task Only_subscribed_operations_and_modules_are_notified()
    {
        await SendAsync("POST", Watch(Channel(51, ["Leads.edit"])));
        var id = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Quiet")))).Single().Id();
        await Client.PostJsonAsync("/crm/v8/Contacts", JsonRequests.Data(new JsonObject { ["Last_Name"] = "Elsewhere" }));
        await Client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["id"] = id, ["City"] = "Chennai" }));

        var only = (await NotificationsAsync(1)).Single();
        Assert.Equal("update", only["operation"]!.GetValue<string>());
        Assert.Single(Emulator.Notifications.Deliveries);
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_and_one_that_keeps_failing_is_given_up()
    {
        await SendAsync("POST", Watch(Channel(61, ["Leads.create"])));
        _receiver.FailFirst = 2;
        await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Retry")));
        await NotificationsAsync(1);
        var delivery = Emulator.Notifications.Deliveries.Single();
        Assert.True(delivery.Succeeded);
        Assert.Equal(3, delivery.Attempts);

        await SendAsync("PATCH", Watch(new JsonObject { ["channel_id"] = "61", ["events"] = new JsonArray("Leads.create"), ["notify_url"] = "http://127.0.0.1:" + NotificationReceiver.FreePort() + "/gone" }));
        await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Lost")));
        await Emulator.Notifications.FlushAsync();
        var failed = Emulator.Notifications.Deliveries.Last();
        Assert.False(failed.Succeeded);
        Assert.Equal(4, failed.Attempts);
        Assert.NotNull(failed.Error);
    }

    [Fact]
    public async Task An_expired_channel_stops_receiving_and_is_no_longer_listed()
    {
        await SendAsync("POST", Watch(Channel(71, ["Leads.create"], expiry: Now.AddHours(2))));
        await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Before")));
        Assert.Single(await NotificationsAsync(1));

        _clock.Advance(TimeSpan.FromHours(2));
        await Client.AuthenticateAsync();
        await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("After")));
        await Emulator.Notifications.FlushAsync();
        Assert.Single(_receiver.Bodies);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/actions/watch")).Status);
        Assert.Equal("NOT_SUBSCRIBED", Entries(await Client.DeleteAsync("/crm/v8/actions/watch?channel_ids=71"))[0].Code());
    }

    [Fact]
    public async Task A_change_to_a_contact_notifies_its_account_unless_related_actions_are_off()
    {
        var accountId = Emulator.Records("Accounts")[0]["id"] as string;
        await SendAsync("POST", Watch(Channel(81, ["Accounts.edit"]), Channel(82, ["Accounts.edit"]).Also(c => c["notify_on_related_action"] = false)));
        await Client.PostJsonAsync("/crm/v8/Contacts", JsonRequests.Data(new JsonObject { ["Last_Name"] = "Child", ["Account_Name"] = new JsonObject { ["id"] = accountId } }));

        var notification = (await NotificationsAsync(1)).Single();
        Assert.Equal("81", notification["channel_id"]!.GetValue<string>());
        Assert.Equal("Accounts", notification["module"]!.GetValue<string>());
        Assert.Equal([accountId], notification["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal("update", notification["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_lead_conversion_notifies_the_new_records_and_the_converted_lead()
    {
        var leadId = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Convert") .Also(l => l["Company"] = "Conversion Notify Co")))).Single().Id();
        await SendAsync("POST", Watch(Channel(91, ["Leads.edit", "Contacts.create", "Accounts.create"]).Also(c => c["notify_on_related_action"] = false)));
        await Client.PostJsonAsync($"/crm/v8/Leads/{leadId}/actions/convert", JsonRequests.Data(new JsonObject()));

        var bodies = await NotificationsAsync(3);
        Assert.Equal(["Accounts", "Contacts", "Leads"], bodies.Select(b => b["module"]!.GetValue<string>()).Order());
        var lead = bodies.Single(b => b["module"]!.GetValue<string>() == "Leads");
        Assert.Equal("update", lead["operation"]!.GetValue<string>());
        Assert.Equal(["$converted"], lead["affected_fields"]![0]![leadId]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Field_conditions_limit_edits_to_changes_of_the_selected_fields()
    {
        var channel = Channel(101, ["Leads.edit"]);
        channel["notification_condition"] = JsonNode.Parse("""
            [{"type":"field_selection","module":{"api_name":"Leads"},"field_selection":{"group_operator":"or","group":[{"field":{"api_name":"Email"}}]}}]
            """);
        await SendAsync("POST", Watch(channel));
        var id = TestClient.Data(await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Conditional")))).Single().Id();
        await Client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["id"] = id, ["City"] = "Pune" }));
        await Client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(new JsonObject { ["id"] = id, ["Email"] = "changed." + id + "@zylker.example" }));

        var only = (await NotificationsAsync(1)).Single();
        Assert.Equal(["Email"], only["affected_fields"]![0]![id]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Single(Emulator.Notifications.Deliveries);
    }

    /// <summary>In place of the class's emulator: one whose batches wait 30 s unless they fill up at two ids.</summary>
    private async Task<(ZohoCrmEmulator Emulator, TestClient Client)> StartWithBatchesOfTwoAsync()
    {
        await Emulator.DisposeAsync();
        var options = CreateOptions();
        options.NotificationBatchWindow = TimeSpan.FromSeconds(30);
        options.NotificationMaxIdsPerBatch = 2;
        return await TestClient.StartAsync(options);
    }

    [Fact]
    public async Task Changes_within_the_window_share_one_notification_up_to_the_id_limit()
    {
        var (emulator, client) = await StartWithBatchesOfTwoAsync();
        await using var _ = emulator;
        using var __ = client;

        await client.SendJsonAsync(HttpMethod.Post, "/crm/v8/actions/watch", Watch(Channel(111, ["Leads.create"])));
        foreach (var name in new[] { "A", "B", "C" })
        {
            await client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead(name)));
        }

        var full = (await _receiver.WaitForAsync(1)).Single();
        Assert.Equal(2, full["ids"]!.AsArray().Count);
        await emulator.Notifications.FlushAsync();
        Assert.Single((await _receiver.WaitForAsync(2))[1]["ids"]!.AsArray());
    }

    [Fact]
    public async Task A_channels_batches_leave_in_the_order_of_their_first_change_even_when_a_later_one_fills_first()
    {
        var (emulator, client) = await StartWithBatchesOfTwoAsync();
        await using var _ = emulator;
        using var __ = client;

        var existing = TestClient.Data(await client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("A"), JsonRequests.Lead("B")))).Select(e => e.Id()).ToList();
        await client.SendJsonAsync(HttpMethod.Post, "/crm/v8/actions/watch", Watch(Channel(112, ["Leads.create", "Leads.edit"])));
        var created = TestClient.Data(await client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("C")))).Single().Id();
        // The edit batch fills (2 ids) while the older create batch still waits for its 30 s window: it goes first.
        await client.PutJsonAsync("/crm/v8/Leads", JsonRequests.Data(
            new JsonObject { ["id"] = existing[0], ["City"] = "Pune" }, new JsonObject { ["id"] = existing[1], ["City"] = "Pune" }));

        var sent = await _receiver.WaitForAsync(2);
        Assert.Equal("insert", sent[0]["operation"]!.GetValue<string>());
        Assert.Equal([created], sent[0]["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal("update", sent[1]["operation"]!.GetValue<string>());
        Assert.Equal(existing, sent[1]["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
    }

    [Fact]
    public async Task The_admin_endpoint_shows_channels_and_deliveries_and_expires_channels()
    {
        await SendAsync("POST", Watch(Channel(121, ["Leads.create"])));
        await Client.PostJsonAsync("/crm/v8/Leads", JsonRequests.Data(JsonRequests.Lead("Admin")));
        await Client.Http.PostAsync("/__emulator/notifications/flush", null);

        var state = JsonNode.Parse(await Client.Http.GetStringAsync("/__emulator/notifications"))!;
        Assert.Equal("121", state["channels"]![0]!["channelId"]!.GetValue<string>());
        Assert.Equal(1, state["delivered"]!.GetValue<int>());
        Assert.Equal("insert", state["deliveries"]![0]!["body"]!["operation"]!.GetValue<string>());

        await Client.Http.PostAsync("/__emulator/notifications/expire", null);
        Assert.Empty(Emulator.Notifications.Channels);
    }

    [Fact]
    public async Task A_token_without_the_notifications_scope_is_refused()
    {
        var grant = await Client.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = Emulator.ClientId,
            ["client_secret"] = Emulator.ClientSecret,
            ["code"] = Emulator.IssueGrantCode("ZohoCRM.modules.ALL,ZohoCRM.notifications.READ"),
        });
        Client.AccessToken = grant.Json["access_token"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await Client.GetAsync("/crm/v8/actions/watch")).Status);
        Assert.Equal("OAUTH_SCOPE_MISMATCH", (await SendAsync("POST", Watch(Channel(131, ["Leads.create"])))).Code);
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
