<#
.SYNOPSIS
    Converts every lead with a given status into a contact and an account (and optionally a deal).

.DESCRIPTION
    Finds the leads with COQL (exact match, up to 100,000 leads, 1 to 3 credits per 2,000), then converts each one
    (5 credits each). A lead that fails (already converted, a missing deal field) is reported and the rest go on.
    Use -WhatIf first to see which leads would be converted.

.EXAMPLE
    ./examples/convert-leads.ps1 -Status 'Qualified' -WhatIf

.EXAMPLE
    ./examples/convert-leads.ps1 -Status 'Qualified' -DealStage 'Qualification' -Profile prod
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string] $Status = 'Qualified',

    # When given, a deal in this stage is created for each converted lead, closing in -DealClosesInDays.
    [string] $DealStage,

    [int] $DealClosesInDays = 30,

    # The deal pipeline (mandatory where pipelines are enabled, as in most orgs).
    [string] $DealPipeline = 'Standard',

    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }

$quoted = $Status.Replace("'", "\'")
$leads = Invoke-ZcrmQuery "select Last_Name, Company, Lead_Status from Leads where Lead_Status = '$quoted'" -All

# -Force: the script itself is the confirmation; -WhatIf still only shows what would happen.
$conversion = @{ ErrorAction = 'Continue'; WhatIf = $WhatIfPreference; Force = $true }
if ($DealStage) {
    $conversion.Deal = @{ Deal_Name = $null; Closing_Date = (Get-Date).Date.AddDays($DealClosesInDays); Stage = $DealStage; Pipeline = $DealPipeline }
}
foreach ($lead in $leads) {
    if ($conversion.Deal) { $conversion.Deal.Deal_Name = if ($lead.Company) { "$($lead.Company) - $($lead.Last_Name)" } else { $lead.Last_Name } }
    $lead | Invoke-ZcrmLeadConversion @conversion
}
