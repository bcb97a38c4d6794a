<#
.SYNOPSIS
    Exports every record of a Zoho CRM module to a dated CSV file with one bulk read per 200,000 records: a nightly
    backup for an Azure Automation runbook or a scheduled task.

.DESCRIPTION
    Starts a bulk read job for the module, waits for it, writes the CSV (unzipped, exactly as Zoho made it) to
    <Destination>/<Module>-<date>.csv, and follows Zoho's more_records flag so a module of any size ends up in the one
    file. Costs 50 API credits per 200,000 records (paging them with Get-ZcrmRecord would cost 1 per 200), plus a few
    for polling and downloading. Older exports of the module past -KeepDays are deleted. Prints a summary object.

    Uses the current connection, or connects with the saved profile named by -Profile. In an Azure Automation
    runbook, connect first with the client in a credential asset and the refresh token in an encrypted variable:

        $client = Get-AutomationPSCredential -Name 'ZohoClient'
        $refresh = ConvertTo-SecureString (Get-AutomationVariable -Name 'ZohoRefreshToken') -AsPlainText -Force
        Connect-Zcrm -Credential $client -RefreshToken $refresh -DataCenter EU -NoPersist | Out-Null
        ./nightly-export.ps1 -Module Contacts -Destination $env:TEMP

    then copy the file somewhere lasting (a storage account), as a runbook's sandbox is thrown away.

.EXAMPLE
    ./examples/nightly-export.ps1 -Module Leads -Destination /backups/zoho -Profile prod -KeepDays 30

.EXAMPLE
    ./examples/nightly-export.ps1 -Module Deals -Field Deal_Name, Stage, Amount, Closing_Date, Owner
#>
[CmdletBinding()]
param(
    [string] $Module = 'Leads',

    # Folder of the exports; created when missing.
    [string] $Destination = '.',

    # Fields to export; every field when omitted.
    [string[]] $Field,

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile,

    # Delete this module's exports older than this many days (0 keeps them all).
    [ValidateRange(0, 3650)]
    [int] $KeepDays = 0,

    # Give up when a job has not finished after this many minutes.
    [ValidateRange(1, 1440)]
    [int] $TimeoutMinutes = 120
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }

$folder = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Destination)
[void][System.IO.Directory]::CreateDirectory($folder)
$today = Get-Date
$path = [System.IO.Path]::Combine($folder, ('{0}-{1}.csv' -f $Module, $today.ToString('yyyy-MM-dd')))

$creditsBefore = (Get-ZcrmConnection -Current).CreditsUsed
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$export = @{ Module = $Module; OutFile = $path; All = $true; Timeout = $TimeoutMinutes * 60; Confirm = $false }
if ($Field) { $export.Field = $Field }
$file = Start-ZcrmBulkRead @export

$removed = @()
if ($KeepDays -gt 0) {
    $cutoff = $today.Date.AddDays(-$KeepDays)
    foreach ($old in [System.IO.Directory]::GetFiles($folder, "$Module-*.csv")) {
        $stamp = [System.IO.Path]::GetFileNameWithoutExtension($old).Substring($Module.Length + 1)
        $day = [datetime]::MinValue
        if ([datetime]::TryParseExact($stamp, 'yyyy-MM-dd', [cultureinfo]::InvariantCulture, 'None', [ref]$day) -and $day -lt $cutoff) {
            [System.IO.File]::Delete($old)
            $removed += $old
        }
    }
}

[pscustomobject]@{
    Module   = $Module
    File     = $file.FullName
    Records  = $file.RecordCount
    SizeMB   = [math]::Round($file.Length / 1MB, 2)
    Credits  = (Get-ZcrmConnection -Current).CreditsUsed - $creditsBefore
    Duration = $watch.Elapsed
    Removed  = $removed.Count
}
