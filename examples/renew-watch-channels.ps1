<#
.SYNOPSIS
    Renews every Zoho CRM notification channel that expires within a day, and reports what it did.

.DESCRIPTION
    Zoho ends a notification channel at its expiry (at most a week after it was registered or renewed), and a
    script that relies on it breaks quietly when it does. Schedule this runbook every few hours (for example as an
    Azure Automation schedule): it lists every channel (Get-ZcrmWatch -All, 1 credit per 200), renews those that end
    within -WithinHours to the longest the API allows (Update-ZcrmWatch -Renew, 1 credit each) and writes one line
    per channel: Renewed, NotDue, WhatIf or Failed, with the old and new expiry. A channel that fails is reported and
    the others go on; the runbook then ends with an error so that the job shows as failed.

    Uses the current connection, or connects with the saved profile named by -Profile. In Azure Automation, connect
    first (Connect-Zcrm -Credential ... -RefreshToken ... -NoPersist) and then run this script.

.EXAMPLE
    ./examples/renew-watch-channels.ps1 -WhatIf

.EXAMPLE
    ./examples/renew-watch-channels.ps1 -WithinHours 36 -Profile prod
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # Channels that end within this many hours are renewed; run the runbook more often than this.
    [ValidateRange(1, 167)]
    [int] $WithinHours = 24,

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }

$limit = [DateTimeOffset]::Now.AddHours($WithinHours)
$failures = 0
foreach ($channel in @(Get-ZcrmWatch -All)) {
    $row = [ordered]@{
        ChannelId = $channel.ChannelId
        Events    = $channel.Events -join ', '
        OldExpiry = $channel.Expiry
        NewExpiry = $channel.Expiry
        Status    = 'NotDue'
        Error     = $null
    }
    if ($null -eq $channel.Expiry -or $channel.Expiry -lt $limit) {
        $renewed = $channel | Update-ZcrmWatch -Renew -WhatIf:$WhatIfPreference -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable renewError
        if ($renewed) {
            $row.NewExpiry = $renewed.Expiry
            $row.Status = 'Renewed'
        }
        elseif ($renewError) {
            $row.Status = 'Failed'
            $row.Error = [string]$renewError[0]
            $failures++
        }
        else {
            $row.Status = 'WhatIf'
        }
    }
    [pscustomobject]$row
}

if ($failures -gt 0) { throw "$failures channel(s) could not be renewed; see the rows marked Failed." }
