<#
.SYNOPSIS
    Imports a CSV export (a form, a purchased list) into Zoho CRM through a field-map file with bulk write jobs, and
    writes the rows that failed, with the reason, to a second CSV.

.DESCRIPTION
    The field map (a .json or .psd1 file, see examples/form-export-map.json) names, for each column of the export, the
    field it fills, and may reformat the value (Transform) or leave it out when empty (OmitWhenEmpty). Columns the map
    does not name are not sent, and reported once. Rows without the -RequiredField columns, and rows Zoho would refuse
    (a missing mandatory field, a bad value), are not sent; the others go in bulk write jobs of up to 25,000 rows (500
    API credits each, against 2,500 through the records API). Every failed row lands in <file>.failed.csv with its row
    number and the reason; fix them there and import that file again.

    Uses the current connection, or connects with the saved profile named by -Profile.

.EXAMPLE
    ./examples/import-with-field-map.ps1 -Path ./webinar-signups.csv -FieldMap ./examples/form-export-map.json -RequiredField E-mail

.EXAMPLE
    ./examples/import-with-field-map.ps1 -Path ./contacts.csv -FieldMap ./contacts-map.psd1 -Module Contacts -Operation Upsert -FindBy Email
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $Path,

    [Parameter(Mandatory)]
    [string] $FieldMap,

    [string] $Module = 'Leads',

    [ValidateSet('Insert', 'Update', 'Upsert')]
    [string] $Operation = 'Insert',

    # Update/Upsert: the field that finds the existing record, such as Email.
    [string] $FindBy,

    # Source columns every row must have a value in.
    [string[]] $RequiredField,

    # Where the failed rows go; default: next to the input, as <name>.failed.csv.
    [string] $FailedPath,

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }
if (-not $FailedPath) { $FailedPath = [System.IO.Path]::ChangeExtension($Path, '.failed.csv') }

$import = @{ Module = $Module; Path = $Path; FieldMap = $FieldMap; Operation = $Operation; Wait = $true }
if ($FindBy) { $import.FindBy = $FindBy }
if ($RequiredField) { $import.RequiredField = $RequiredField }

# Refused before sending (-ErrorVariable refused) and refused by Zoho (-ErrorVariable rejected): the TargetObject of
# each error is the input row.
$jobs = @(Start-ZcrmBulkWrite @import -ErrorVariable refused -ErrorAction SilentlyContinue)
$results = @(if ($jobs) { $jobs | Receive-ZcrmBulkWrite -ErrorVariable rejected -ErrorAction SilentlyContinue })

$report = foreach ($errorRecord in @($refused) + @($rejected)) {
    foreach ($row in @($errorRecord.TargetObject)) {
        if ($row -isnot [psobject] -or $row -is [string]) { continue }
        $copy = [ordered]@{}
        foreach ($property in $row.PSObject.Properties) { $copy[$property.Name] = $property.Value }
        $copy['Error'] = if ($errorRecord.ErrorDetails) { $errorRecord.ErrorDetails.Message } else { $errorRecord.Exception.Message }
        [pscustomobject]$copy
    }
}
if ($report) { $report | Export-Csv -Path $FailedPath -NoTypeInformation -Encoding UTF8 }

[pscustomobject]@{
    Jobs       = $jobs.Count
    Added      = @($results | Where-Object { [string]$_.Status -eq 'Added' }).Count
    Updated    = @($results | Where-Object { [string]$_.Status -eq 'Updated' }).Count
    Failed     = @($report).Count
    FailedRows = if ($report) { $FailedPath } else { $null }
}
