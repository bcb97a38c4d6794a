<#
.SYNOPSIS
    Try ZohoCrm.PowerShell without a Zoho account: start the local Zoho CRM emulator, connect, page every lead and
    print a summary.

.DESCRIPTION
    Run `dotnet build` at the repository root first. The script starts the emulator on a free loopback port (it stops
    when the script ends), connects with the emulator's Self Client credentials (-NoPersist: nothing is saved), reads
    every lead with Get-ZcrmRecord -All (page tokens past 2,000 records) and summarises them by status.

    The emulator seeds -Leads leads, some of them converted. Like Zoho's list API, Get-ZcrmRecord leaves converted
    leads out unless -Converted both (or true) asks for them, so the count read is lower; the script says by how many.

.EXAMPLE
    pwsh -File examples/quickstart.ps1

.EXAMPLE
    ./examples/quickstart.ps1 -Leads 20000 -Verbose
#>
[CmdletBinding()]
param(
    # How many leads the emulator seeds.
    [ValidateRange(1, 200000)]
    [int] $Leads = 5000
)

$ErrorActionPreference = 'Stop'
$root = [System.IO.Path]::GetDirectoryName($PSScriptRoot)
# -Verbose is for the script's own steps, not for every command Import-Module loads.
Import-Module ([System.IO.Path]::Combine($root, 'ZohoCrm.psd1')) -Verbose:$false
. ([System.IO.Path]::Combine($root, 'src', 'ZohoCrm.Emulator', 'Start-ZohoCrmEmulator.ps1'))

$emulator = Start-ZohoCrmEmulator -Leads $Leads
try {
    $secret = [System.Net.NetworkCredential]::new('', $emulator.ClientSecret).SecurePassword
    $refresh = [System.Net.NetworkCredential]::new('', $emulator.RefreshToken).SecurePassword
    $connection = Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh `
        -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -NoPersist
    "Connected to $($connection.ApiDomain) as $($connection.User) <$($connection.UserEmail)>"

    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $byStatus = @{}
    $ids = [System.Collections.Generic.HashSet[string]]::new()
    Get-ZcrmRecord -Module Leads -All -Field Last_Name, Company, Email, Lead_Status | ForEach-Object {
        [void]$ids.Add($_.id)
        $status = if ($_.Lead_Status) { $_.Lead_Status } else { '(none)' }
        $byStatus[$status] = 1 + [int]$byStatus[$status]
    }
    $watch.Stop()

    $usage = Get-ZcrmConnection -Current
    $converted = @(Get-ZcrmRecord -Module Leads -All -Converted true -Field Last_Name).Count
    # Text first, then one kind of object, so the console shows a clean table.
    'Read {0:N0} leads in {1:N2} s with {2} API calls ({3} credits).' -f $ids.Count, $watch.Elapsed.TotalSeconds, $usage.ApiCalls, $usage.CreditsUsed
    '{0:N0} converted leads were left out, as Zoho leaves them out of lists; Get-ZcrmRecord -Converted both includes them. Leads by status:' -f $converted

    $rows = [System.Collections.Generic.List[object]]::new()
    foreach ($entry in $byStatus.GetEnumerator()) { $rows.Add([pscustomobject]@{ Lead_Status = $entry.Key; Count = $entry.Value }) }
    $rows.Sort([System.Comparison[object]] { param($a, $b) $b.Count.CompareTo($a.Count) })
    $rows
}
finally {
    Disconnect-Zcrm -ErrorAction SilentlyContinue
    Stop-ZohoCrmEmulator $emulator
}
