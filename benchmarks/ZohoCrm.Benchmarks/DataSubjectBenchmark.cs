using System.Diagnostics;

namespace ZohoCrm.Benchmarks;

/// <summary>
/// Privacy requests (issue 14) in an org of 50,000 contacts and 50,000 leads: Find-ZcrmDataSubject for 20 subjects
/// (each with a contact, a lead, a case and related records) against the integration's documented approach, run in
/// the same emulator: list every Contact, Lead and Case and filter by email, then read the related lists of each contact
/// (Events standing in for its Activities, which the emulator does not serve)
/// found. Reports API calls and credits per subject for both (from the emulator's own counts), their ratio (target
/// ≥ 100× fewer credits), wall time, and the peak of calls in flight against the configured share.
/// </summary>
public static class DataSubjectBenchmark
{
    private static readonly string[] IntegrationLists = { "Events", "Calls", "Quotes", "Invoices", "Purchase_Orders", "Sales_Orders", "Tasks" };

    public static void Run(int people, int subjects)
    {
        Console.WriteLine($"Privacy requests: {people:N0} contacts + {people:N0} leads, {subjects} subjects, emulator in its own process");
        using var emulator = EmulatorProcess.Start("--leads", people.ToString(), "--contacts", people.ToString(), "--latency-ms", "2");
        using var module = new HostedModule(emulator, maxConcurrency: 20);
        var account = (string)module.Invoke("[string](Get-ZcrmRecord -Module Accounts -First 1).id").Single().BaseObject;
        var emails = new List<string>();
        for (var i = 0; i < subjects; i++)
        {
            var email = $"subject{i}@privacy.example";
            emails.Add(email);
            module.Invoke(@"
                $c = [string](New-ZcrmRecord -Module Contacts -InputObject @{ Last_Name = 'Subject'; Email = $args[0] } -Confirm:$false).Id
                $null = New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = 'Subject'; Company = 'X'; Email = $args[0] } -Confirm:$false
                $null = New-ZcrmRecord -Module Cases -InputObject @{ Subject = 'Help'; Status = 'New'; Case_Origin = 'Email'; Email = $args[0]; Related_To = @{ id = $c } } -Confirm:$false
                $null = New-ZcrmRecord -Module Quotes -InputObject @{ Subject = 'Q'; Contact_Name = @{ id = $c }; Account_Name = @{ id = $args[1] } } -Confirm:$false
                $null = New-ZcrmRecord -Module Tasks -InputObject @{ Subject = 'T'; Who_Id = @{ id = $c } } -Confirm:$false", email, account);
        }
        module.Invoke("$null = Find-ZcrmDataSubject -Email warm.up@privacy.example");

        var before = Usage(emulator);
        using var http = new HttpClient();
        http.DeleteAsync(emulator.Url + "/__emulator/peak-in-flight").Wait();
        var watch = Stopwatch.StartNew();
        var found = 0;
        foreach (var email in emails)
            found += module.Invoke("@(Find-ZcrmDataSubject -Email $args[0] -ConcurrencyShare 0.75).Count", email).Single().BaseObject is int n ? n : 0;
        var moduleTime = watch.Elapsed;
        var afterModule = Usage(emulator);
        var peak = emulator.Stats().GetProperty("peakInFlight").GetInt32();
        foreach (var email in emails) module.Invoke("$null = Find-ZcrmDataSubject -Email $args[0] -IncludeRelated:$false", email);
        var afterPeople = Usage(emulator);

        // The integration: every Contact, Lead and Case listed (200 a page) and filtered, then the contact's lists. Its
        // list cost does not depend on the subject, so one subject is run and its calls are the per-subject figure.
        watch.Restart();
        var baselineFound = (int)module.Invoke(@"
            $email = $args[0]
            $global:benchContacts = @(Get-ZcrmRecord -Module Contacts -Field Email, Secondary_Email -All | Where-Object { $_.Email -eq $email -or $_.Secondary_Email -eq $email })
            $leads = @(Get-ZcrmRecord -Module Leads -Field Email, Secondary_Email -All | Where-Object { $_.Email -eq $email -or $_.Secondary_Email -eq $email })
            $cases = @(Get-ZcrmRecord -Module Cases -Field Email -All | Where-Object { $_.Email -eq $email })
            $global:benchContacts.Count + $leads.Count + $cases.Count", emails[0]).Single().BaseObject;
        var afterBaselinePeople = Usage(emulator);
        baselineFound += (int)module.Invoke(@"
            $related = foreach ($c in $global:benchContacts) { foreach ($l in $args[0]) { Get-ZcrmRelatedRecord -Module Contacts -Id $c.id -RelatedList $l -All } }
            @($related).Count", (object)IntegrationLists).Single().BaseObject;
        var baselineTime = watch.Elapsed;
        var afterBaseline = Usage(emulator);

        var moduleCalls = (afterModule.Calls - before.Calls) / (double)subjects;
        var moduleCredits = (afterModule.Credits - before.Credits) / (double)subjects;
        var peopleCredits = (afterPeople.Credits - afterModule.Credits) / (double)subjects;
        var baselineCalls = afterBaseline.Calls - afterPeople.Calls;
        var baselineCredits = afterBaseline.Credits - afterPeople.Credits;
        var baselinePeopleCredits = afterBaselinePeople.Credits - afterPeople.Credits;
        Console.WriteLine($"  module   (search + related):  {moduleCalls,8:N1} calls, {moduleCredits,8:N1} credits per subject, {moduleTime.TotalSeconds / subjects,6:N2} s per subject, {found / (double)subjects:N1} records each");
        Console.WriteLine($"  baseline (list and filter):   {baselineCalls,8:N0} calls, {baselineCredits,8:N0} credits per subject, {baselineTime.TotalSeconds,6:N2} s per subject, {baselineFound} records");
        Console.WriteLine($"  credits, whole request (module reads notes and attachments of every record too): {baselineCredits / moduleCredits:N0}x fewer with the module (target >= 100x)");
        Console.WriteLine($"  credits, finding the person records: module {peopleCredits:N1} (-IncludeRelated:$false) vs baseline {baselinePeopleCredits:N0}: {baselinePeopleCredits / peopleCredits:N0}x fewer");
        Console.WriteLine($"  peak in flight: {peak} (share 0.75 of Enterprise's 20 = 15; connection -MaxConcurrency 20)");
    }

    private static (long Calls, long Credits) Usage(EmulatorProcess emulator)
    {
        var stats = emulator.Stats();
        return (stats.GetProperty("apiCalls").GetInt64(), stats.GetProperty("creditsUsed").GetInt64());
    }
}
