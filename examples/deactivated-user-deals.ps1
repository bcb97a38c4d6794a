<#
.SYNOPSIS
    Weekly report: deactivated users who still own open deals, so their deals can be handed to someone active.

.DESCRIPTION
    Lists the deactivated users (Get-ZcrmUser -Type DeactiveUsers, 1 credit), reads the open deals (every stage but
    the closed ones) with Get-ZcrmRecord -All (1 credit per 200 deals, only the fields the report needs) and writes one
    row per deactivated user who still owns open deals: how many, their total amount, the earliest closing date and
    the deal names. With -Path, the deals themselves go to a CSV file as well, one row each, ready to reassign.
    Schedule it weekly (Task Scheduler, cron or an Azure Automation runbook) with a saved profile: -Profile prod.

.EXAMPLE
    ./examples/deactivated-user-deals.ps1

.EXAMPLE
    ./examples/deactivated-user-deals.ps1 -Profile prod -Path ./orphaned-deals.csv
#>
[CmdletBinding()]
param(
    # A CSV file for the deals (one row per deal); none is written when omitted.
    [string] $Path,

    # Stages that count as closed; a deal in any other stage is open.
    [string[]] $ClosedStage = @('Closed Won', 'Closed Lost', 'Closed Lost to Competition'),

    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }

$deactivated = @{}
foreach ($user in Get-ZcrmUser -Type DeactiveUsers -All) { $deactivated[[string]$user.id] = $user }
if ($deactivated.Count -eq 0) {
    $PSCmdlet.WriteVerbose('No user is deactivated.')
    return
}
$PSCmdlet.WriteVerbose("$($deactivated.Count) deactivated user(s): $(@($deactivated.Values | ForEach-Object { $_.full_name }) -join ', ')")

# Open deals per deactivated owner, in the order Zoho returns them.
$byOwner = [ordered]@{}
foreach ($deal in Get-ZcrmRecord -Module Deals -All -Field Deal_Name, Amount, Stage, Closing_Date, Owner) {
    if ($null -eq $deal.Owner -or $ClosedStage -contains $deal.Stage) { continue }
    $ownerId = [string]$deal.Owner.id
    if (-not $deactivated.ContainsKey($ownerId)) { continue }
    if (-not $byOwner.Contains($ownerId)) { $byOwner[$ownerId] = [System.Collections.Generic.List[object]]::new() }
    $byOwner[$ownerId].Add($deal)
}

if ($Path) {
    $rows = foreach ($ownerId in $byOwner.Keys) {
        foreach ($deal in $byOwner[$ownerId]) {
            [pscustomobject]@{
                id           = $deal.id
                Deal_Name    = $deal.Deal_Name
                Stage        = $deal.Stage
                Amount       = $deal.Amount
                Closing_Date = if ($null -ne $deal.Closing_Date) { $deal.Closing_Date.ToString('yyyy-MM-dd') } else { $null }
                Owner        = $deactivated[$ownerId].full_name
                OwnerEmail   = $deactivated[$ownerId].email
            }
        }
    }
    @($rows) | Export-Csv -Path $Path -NoTypeInformation
}

foreach ($ownerId in $byOwner.Keys) {
    $user = $deactivated[$ownerId]
    $deals = $byOwner[$ownerId]
    $amount = [decimal]0
    $earliest = $null
    foreach ($deal in $deals) {
        if ($null -ne $deal.Amount) { $amount += [decimal]$deal.Amount }
        if ($null -ne $deal.Closing_Date -and ($null -eq $earliest -or $deal.Closing_Date -lt $earliest)) { $earliest = $deal.Closing_Date }
    }
    [pscustomobject]@{
        User            = $user.full_name
        Email           = $user.email
        Role            = $user.role.name
        OpenDeals       = $deals.Count
        Amount          = $amount
        EarliestClosing = $earliest
        Deals           = @($deals | ForEach-Object { $_.Deal_Name }) -join '; '
    }
}
