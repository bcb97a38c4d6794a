<#
.SYNOPSIS
    Processes a CSV of privacy requests (access or deletion) and writes one report per request.

.DESCRIPTION
    A data-protection runbook. Each row of the CSV has Email and Type (access or deletion). For an access request
    the script writes an access package with Export-ZcrmDataSubject (every record with all fields, notes, the
    attachment list, and the files with -IncludeAttachments, plus manifest.json); for a deletion request it runs
    Remove-ZcrmDataSubject, which deletes the subject's records (optionally only in -DeletableModule, and from the
    recycle bin with -Permanent) and appends one JSON line per record to the request's report.

    Everything for one request goes to <OutputFolder>/<n>-<type>-<email>/; the script writes one summary line per
    request: Email, Type, Status (Done, Partial, Failed, WhatIf or Invalid), Records, Deleted, Failed, Report.
    A deletion report is the resume point: running the script again on the same CSV and folder deletes nothing twice
    and finishes what is left (a locked record, a run that hit -MaxCredits). With -WhatIf nothing is deleted.
    Uses the current connection, or connects with the saved profile named by -Profile.

.EXAMPLE
    ./examples/privacy-requests.ps1 -Path ./requests.csv -OutputFolder ./privacy -WhatIf

.EXAMPLE
    ./examples/privacy-requests.ps1 -Path ./requests.csv -OutputFolder ./privacy -Permanent -MaxCredits 5000 -Profile prod
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # The requests: a CSV with the columns Email and Type (access or deletion).
    [Parameter(Mandatory)]
    [string] $Path,

    # Where the packages and reports go (created when missing).
    [Parameter(Mandatory)]
    [string] $OutputFolder,

    # Deletion requests delete only in these modules (Remove-ZcrmDataSubject -Module); all deletable modules by default.
    [string[]] $DeletableModule,

    # Also remove deleted records from the recycle bin.
    [switch] $Permanent,

    # Access packages include the attachment files.
    [switch] $IncludeAttachments,

    # A credit budget for each request.
    [ValidateRange(1, [long]::MaxValue)]
    [long] $MaxCredits,

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { $null = Connect-Zcrm -Profile $Profile }
[void][System.IO.Directory]::CreateDirectory($OutputFolder)

$budget = @{}
if ($PSBoundParameters.ContainsKey('MaxCredits')) { $budget['MaxCredits'] = $MaxCredits }

$number = 0
foreach ($request in Import-Csv -LiteralPath $Path) {
    $number++
    $email = ([string]$request.Email).Trim()
    $type = ([string]$request.Type).Trim().ToLowerInvariant()
    $safe = $email -replace '[^A-Za-z0-9@._-]', '_'
    $folder = Join-Path $OutputFolder ('{0:D3}-{1}-{2}' -f $number, $type, $safe)
    $summary = [ordered]@{ Email = $email; Type = $type; Status = 'Done'; Records = 0; Deleted = 0; Failed = 0; Report = $folder }
    if ($type -notin 'access', 'deletion' -or $email -notmatch '^[^@\s]+@[^@\s]+$') {
        $summary.Status = 'Invalid'
        [pscustomobject]$summary
        continue
    }
    [void][System.IO.Directory]::CreateDirectory($folder)

    $problems = @()
    if ($type -eq 'access') {
        $package = Export-ZcrmDataSubject -Email $email -Path $folder -IncludeAttachments:$IncludeAttachments @budget -ErrorAction SilentlyContinue -ErrorVariable problems
        if ($package) { $summary.Records = $package.Records; $summary.Report = Join-Path $package.Path 'manifest.json' }
    }
    else {
        $report = Join-Path $folder 'erasure.jsonl'
        $summary.Report = $report
        $remove = @{ Email = $email; ReportPath = $report; Permanent = $Permanent; Confirm = $false }
        if ($DeletableModule) { $remove['Module'] = $DeletableModule }
        if ($WhatIfPreference) {
            $summary.Records = @(Find-ZcrmDataSubject -Email $email @budget).Count
            $null = Remove-ZcrmDataSubject @remove @budget -WhatIf
            $summary.Status = 'WhatIf'
            [pscustomobject]$summary
            continue
        }
        $results = @(Remove-ZcrmDataSubject @remove @budget -ErrorAction SilentlyContinue -ErrorVariable problems)
        $summary.Records = $results.Count
        $summary.Deleted = @($results | Where-Object Outcome -in 'Deleted', 'AlreadyGone').Count
        $summary.Failed = @($results | Where-Object Outcome -eq 'Failed').Count
    }
    foreach ($problem in $problems) { Write-Warning "$email ($type): $($problem.Exception.Message)" }
    if ($problems.Count -gt 0) { $summary.Status = if ($summary.Records -gt 0 -or $summary.Deleted -gt 0) { 'Partial' } else { 'Failed' } }
    [pscustomobject]$summary
}
