<#
.SYNOPSIS
    Imports leads from a CSV file into Zoho CRM and writes the rows Zoho rejected, with the reason, to a second CSV.

.DESCRIPTION
    Reads the CSV (headers may be API names such as Last_Name or the labels people use: "Last Name", "E-mail",
    "Lead Source"), sends the rows 100 per call with New-ZcrmLead, and upserts on Email by default so that running the
    import again updates instead of duplicating. Rows that fail (a missing last name, an invalid email, a rejected
    value) are written to <file>.failed.csv with an Error column; fix them there and import that file again.

    Uses the current connection, or connects with the saved profile named by -Profile.

.EXAMPLE
    ./examples/import-leads.ps1 -Path ./leads.csv -Profile prod

.EXAMPLE
    ./examples/import-leads.ps1 -Path ./leads.failed.csv -DuplicateCheckField Email, Phone
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $Path,

    # Where the rejected rows go; default: next to the input, as <name>.failed.csv.
    [string] $FailedPath,

    # Fields that find an existing lead to update instead of creating a duplicate. Pass an empty array to always create.
    [string[]] $DuplicateCheckField = @('Email'),

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile,

    [ValidateRange(1, 10)]
    [int] $ThrottleLimit = 2
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }
if (-not $FailedPath) { $FailedPath = [System.IO.Path]::ChangeExtension($Path, '.failed.csv') }

$parameters = @{ ThrottleLimit = $ThrottleLimit; ErrorVariable = 'failed'; ErrorAction = 'SilentlyContinue' }
if ($DuplicateCheckField) { $parameters.DuplicateCheckField = $DuplicateCheckField }
$rows = @(Import-Csv -Path $Path)
$results = @($rows | New-ZcrmLead @parameters)

$report = foreach ($errorRecord in $failed) {
    $row = $errorRecord.TargetObject
    if ($row -isnot [psobject] -or $row -is [string]) { continue }
    $copy = [ordered]@{}
    foreach ($property in $row.PSObject.Properties) { $copy[$property.Name] = $property.Value }
    $copy['Error'] = if ($errorRecord.ErrorDetails) { $errorRecord.ErrorDetails.Message } else { $errorRecord.Exception.Message }
    [pscustomobject]$copy
}
if ($report) { $report | Export-Csv -Path $FailedPath -NoTypeInformation -Encoding UTF8 }

[pscustomobject]@{
    Rows       = $rows.Count
    Created    = @($results | Where-Object Action -eq 'created').Count
    Updated    = @($results | Where-Object Action -eq 'updated').Count
    Failed     = @($report).Count
    FailedRows = if ($report) { $FailedPath } else { $null }
}
