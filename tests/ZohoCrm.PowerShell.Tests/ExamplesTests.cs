using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

/// <summary>Every script in examples/ runs in the hosted engine against an emulator, so the examples cannot rot.</summary>
public class ExamplesTests
{
    public static IEnumerable<object[]> Examples()
        => Directory.GetFiles(RepoPaths.Examples, "*.ps1").Select(p => new object[] { Path.GetFileName(p) });

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_runs_cleanly(string file)
    {
        switch (file)
        {
            case "quickstart.ps1":
                RunQuickstart();
                break;
            case "import-leads.ps1":
                await RunImportLeadsAsync();
                break;
            case "convert-leads.ps1":
                await RunConvertLeadsAsync();
                break;
            case "nightly-export.ps1":
                await RunNightlyExportAsync();
                break;
            case "renew-watch-channels.ps1":
                await RunRenewWatchChannelsAsync();
                break;
            case "tail-lead-changes.ps1":
                await RunTailLeadChangesAsync();
                break;
            case "import-with-field-map.ps1":
                await RunImportWithFieldMapAsync();
                break;
            default:
                await Task.CompletedTask;
                Assert.Fail($"examples/{file} has no test: add how to run it to {nameof(ExamplesTests)}.");
                break;
        }
    }

    /// <summary>The hosted engine lacks Import-Csv/Export-Csv/Get-Date; real pwsh has them. Load the test doubles.</summary>
    private static void LoadUtilityShims(PowerShellSession session)
        => Assert.False(session.Run(". $shims", ("shims", Path.Combine(RepoPaths.Root, "tests", "TestDoubles", "UtilityShims.ps1"))).HadErrors);

    private static async Task RunImportLeadsAsync()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10);
        LoadUtilityShims(t.Session);
        var folder = Directory.CreateTempSubdirectory("zcrm-import-").FullName;
        var csv = Path.Combine(folder, "leads.csv");
        File.WriteAllLines(csv, new[]
        {
            "Last Name,First Name,Company,E-mail,Lead Source",
            "Okafor,Ada,Northwind,ada@northwind.example,Web Download",
            "\"O'Neil, Jr.\",Sam,\"Contoso, Ltd\",sam@contoso.example,Trade Show",
            ",NoLastName,Nowhere,nobody@nowhere.example,Web Download",
            "Bad,Email,Somewhere,not-an-email,Web Download",
        });
        var result = t.RunConnected("& $script -Path $csv", ("script", Path.Combine(RepoPaths.Examples, "import-leads.ps1")), ("csv", csv));
        Assert.False(result.HadErrors, result.AllText());
        var summary = Assert.Single(result.Output);
        Assert.Equal(4, (int)summary.Properties["Rows"].Value);
        Assert.Equal(2, (int)summary.Properties["Created"].Value);
        Assert.Equal(2, (int)summary.Properties["Failed"].Value);
        var failed = File.ReadAllLines((string)summary.Properties["FailedRows"].Value);
        Assert.Equal(3, failed.Length);
        Assert.Contains("Error", failed[0]);
        Assert.Contains(t.Emulator.Records("Leads"), r => (r["Last_Name"] as string) == "O'Neil, Jr." && (r["Company"] as string) == "Contoso, Ltd");

        // Running it again updates instead of duplicating.
        var again = t.Session.Run("& $script -Path $csv", ("script", Path.Combine(RepoPaths.Examples, "import-leads.ps1")), ("csv", csv));
        Assert.Equal(2, (int)Assert.Single(again.Output).Properties["Updated"].Value);
        Assert.Equal(12, t.Emulator.Records("Leads").Count);
    }

    private static async Task RunImportWithFieldMapAsync()
    {
        await using var t = await ZcrmTestContext.StartAsync(o =>
        {
            o.Leads = 3;
            o.BulkWriteAddedDuration = TimeSpan.FromMilliseconds(20);
            o.BulkWriteInProgressDuration = TimeSpan.FromMilliseconds(50);
        });
        LoadUtilityShims(t.Session);
        var folder = Directory.CreateTempSubdirectory("zcrm-map-").FullName;
        var csv = Path.Combine(folder, "signups.csv");
        File.WriteAllLines(csv, new[]
        {
            "E-mail,Surname,First name,Organisation,Phone (mobile),Interested in,Newsletter",
            "ada@northwind.example,Okafor,Ada,Northwind,+44 (0)20 7946-0018,\"CRM, Analytics\",yes",
            "sam@contoso.example,,Sam,Contoso,,Analytics,no",
            ",Nomail,Nora,Nowhere,555,,yes",
        });
        var result = t.RunConnected("& $script -Path $csv -FieldMap $map -RequiredField 'E-mail'",
            ("script", Path.Combine(RepoPaths.Examples, "import-with-field-map.ps1")), ("csv", csv), ("map", Path.Combine(RepoPaths.Examples, "form-export-map.json")));
        Assert.False(result.HadErrors, result.AllText());
        var summary = Assert.Single(result.Output);
        Assert.Equal(1, (int)summary.Properties["Added"].Value);
        Assert.Equal(2, (int)summary.Properties["Failed"].Value);
        Assert.Equal(3, File.ReadAllLines((string)summary.Properties["FailedRows"].Value).Length);
        Assert.Contains(t.Emulator.Records("Leads"), r => (r["Email"] as string) == "ada@northwind.example" && (r["Mobile"] as string) == "+4402079460018");
    }

    private static async Task RunConvertLeadsAsync()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 300);
        LoadUtilityShims(t.Session);
        var qualified = t.Emulator.Records("Leads").Count(r => (r["Lead_Status"] as string) == "Pre-Qualified" && !(r.TryGetValue("$converted", out var c) && c is true));
        Assert.True(qualified > 0, "the seed data has pre-qualified leads");
        var script = Path.Combine(RepoPaths.Examples, "convert-leads.ps1");
        var whatIf = t.RunConnected("& $script -Status 'Pre-Qualified' -WhatIf", ("script", script));
        Assert.False(whatIf.HadErrors, whatIf.AllText());
        Assert.DoesNotContain(t.Emulator.Requests.Snapshot(), r => r.Path.EndsWith("/actions/convert"));

        var result = t.Session.Run("& $script -Status 'Pre-Qualified' -DealStage Qualification", ("script", script));
        Assert.False(result.HadErrors, result.AllText());
        Assert.Equal(qualified, result.Output.Count);
        Assert.All(result.Output, o => Assert.False(string.IsNullOrEmpty(o.Properties["DealId"].Value as string)));
    }

    private static async Task RunNightlyExportAsync()
    {
        // Three bulk read pages (the emulator's page size is made small), finished in milliseconds.
        await using var t = await ZcrmTestContext.StartAsync(o =>
        {
            o.Leads = 900;
            o.BulkReadPageSize = 400;
            o.BulkReadAddedDuration = TimeSpan.FromMilliseconds(20);
            o.BulkReadInProgressDuration = TimeSpan.FromMilliseconds(20);
        });
        LoadUtilityShims(t.Session);
        var folder = Directory.CreateTempSubdirectory("zcrm-nightly-").FullName;
        var stale = Path.Combine(folder, "Leads-2000-01-01.csv");
        File.WriteAllText(stale, "id\n");
        var result = t.RunConnected("& $script -Module Leads -Destination $folder -KeepDays 30",
            ("script", Path.Combine(RepoPaths.Examples, "nightly-export.ps1")), ("folder", folder));
        Assert.False(result.HadErrors, result.AllText());
        var summary = Assert.Single(result.Output);
        var expected = t.Emulator.Records("Leads").Where(r => r["$converted"] is false).Select(r => (string)r["id"]!).ToList();
        var file = (string)summary.Properties["File"].Value;
        Assert.Equal(Path.Combine(folder, $"Leads-{DateTime.Now:yyyy-MM-dd}.csv"), file);
        Assert.Equal((long)expected.Count, summary.Properties["Records"].Value);
        using (var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(file) { Delimiters = [","], HasFieldsEnclosedInQuotes = true })
        {
            Assert.Equal("id", parser.ReadFields()![0]);
            var ids = new List<string>();
            while (!parser.EndOfData) ids.Add(parser.ReadFields()![0]);
            Assert.Equal(expected, ids);
        }
        Assert.Equal(1, summary.Properties["Removed"].Value);
        Assert.False(File.Exists(stale));
        Assert.InRange(Convert.ToInt64(summary.Properties["Credits"].Value), 3 * 50 + 3, 3 * 50 + 40);
    }

    private static void RunQuickstart()
    {
        // The quickstart starts its own emulator process, as a newcomer's first run does.
        using var ps = new PowerShellSession(withVault: false);
        var result = ps.Run("& $script -Leads 2500", ("script", Path.Combine(RepoPaths.Examples, "quickstart.ps1")));
        Assert.False(result.HadErrors, result.AllText());
        var summary = (string)result.Output.Single(o => o.BaseObject is string s && s.StartsWith("Read ")).BaseObject;
        var leads = int.Parse(System.Text.RegularExpressions.Regex.Match(summary, @"^Read ([\d,]+) leads").Groups[1].Value.Replace(",", ""));
        Assert.InRange(leads, 2000, 2500);
        var byStatus = result.Output.Where(o => o.Properties["Lead_Status"] != null).Sum(o => (int)o.Properties["Count"].Value);
        Assert.Equal(leads, byStatus);
        Assert.Contains(result.Output, o => o.BaseObject is string s && s.StartsWith("Connected to http://127.0.0.1:"));
    }

    private static async Task RunRenewWatchChannelsAsync()
    {
        await using var t = await ZcrmTestContext.StartAsync(o => o.Leads = 10, withVault: false);
        var setup = t.RunConnected("""
            Register-ZcrmWatch -Event Leads.create -NotifyUrl http://127.0.0.1:9/a -ChannelId 101 -Expiry ([datetime]::Now.AddHours(3)) | Out-Null
            Register-ZcrmWatch -Event Deals.all -NotifyUrl http://127.0.0.1:9/b -ChannelId 102 -Expiry ([datetime]::Now.AddDays(3)) | Out-Null
            """);
        Assert.False(setup.HadErrors, setup.AllText());
        var script = Path.Combine(RepoPaths.Examples, "renew-watch-channels.ps1");

        var whatIf = t.Session.Run("& $script -WhatIf", ("script", script));
        Assert.False(whatIf.HadErrors, whatIf.AllText());
        Assert.Equal(new[] { "WhatIf", "NotDue" }, whatIf.Output.Select(o => (string)o.Properties["Status"].Value));
        Assert.DoesNotContain(t.Emulator.Requests.Snapshot(), r => r.Method == "PATCH");

        var result = t.Session.Run("& $script", ("script", script));
        Assert.False(result.HadErrors, result.AllText());
        var renewed = result.Output.Single(o => (string)o.Properties["Status"].Value == "Renewed");
        Assert.Equal(101L, (long)renewed.Properties["ChannelId"].Value);
        Assert.True(((DateTimeOffset?)renewed.Properties["NewExpiry"].Value) > DateTimeOffset.Now.AddDays(6));
        var channels = t.Emulator.Notifications.Channels.ToDictionary(c => c.ChannelId, c => c.Expiry);
        Assert.True(channels[101] > DateTimeOffset.UtcNow.AddDays(6));
        Assert.True(channels[102] < DateTimeOffset.UtcNow.AddDays(4));
    }

    private static async Task RunTailLeadChangesAsync()
    {
        await using var t = await ZcrmTestContext.StartAsync(o =>
        {
            o.Leads = 10;
            o.NotificationBatchWindow = TimeSpan.FromMilliseconds(100);
        }, withVault: false);
        var prefix = NotificationListenerProbe.NewPrefix();
        Assert.False(t.RunConnected("Get-ZcrmConnection -Current | Out-Null").HadErrors);
        var tail = Task.Run(() => t.Session.Run("& $script -Prefix $prefix -Count 2 -Timeout 30", ("script", Path.Combine(RepoPaths.Examples, "tail-lead-changes.ps1")), ("prefix", prefix)));
        await NotificationListenerProbe.WaitUntilListeningAsync(prefix);
        Assert.Single(t.Emulator.Notifications.Channels);

        var id = t.Emulator.Store.Insert("Leads", new Dictionary<string, object?> { ["Last_Name"] = "Tail", ["Company"] = "Zylker" });
        Assert.True(await t.Emulator.Notifications.WaitForAsync(d => d.Count == 1, TimeSpan.FromSeconds(10)));
        t.Emulator.Store.Update("Leads", id, new Dictionary<string, object?> { ["City"] = "Chennai" });

        var result = await tail;
        Assert.False(result.HadErrors, result.AllText());
        var lines = result.Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Matches(@"^\d\d:\d\d:\d\d  create  Leads     \d+$", lines[0]);
        Assert.EndsWith(id + "  (City)", lines[1]);
        Assert.Empty(t.Emulator.Notifications.Channels);
    }
}
