<#
.SYNOPSIS
    Finds the contacts with many open support cases, tags them and notes why, and reports them.

.DESCRIPTION
    A weekly support review: reads the contacts (Get-ZcrmRecord -All, 1 credit per 200), the cases of each
    (Get-ZcrmRelatedRecord -RelatedList Cases -All, 1 credit per page) and counts those not Closed. Every contact
    with at least -Threshold open cases gets the tag -Tag (Add-ZcrmTag, 500 contacts per call) and a note that
    lists the open case numbers (Add-ZcrmNote, 100 notes per call), and the script writes one line per such
    contact: ContactId, Name, OpenCases, Cases (the case numbers) and Status (Flagged, WhatIf or Failed).

    Contacts that already carry the tag are reported but not tagged or noted again, so the script can run on a
    schedule. With -WhatIf it only reports. Uses the current connection, or connects with the saved profile
    named by -Profile.

.EXAMPLE
    ./examples/flag-contacts-with-open-cases.ps1 -WhatIf

.EXAMPLE
    ./examples/flag-contacts-with-open-cases.ps1 -Threshold 3 -Tag 'Support Watch' -Profile prod
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    # Contacts with at least this many cases that are not Closed are flagged.
    [ValidateRange(1, 1000)]
    [int] $Threshold = 5,

    # The tag to add (at most 25 characters, as Zoho allows).
    [ValidateLength(1, 25)]
    [string] $Tag = 'Open Cases',

    # Read only this many contacts (newest first); all of them when omitted.
    [ValidateRange(1, [int]::MaxValue)]
    [int] $First,

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { $null = Connect-Zcrm -Profile $Profile }

$contactQuery = @{ Module = 'Contacts'; Field = 'Full_Name', 'Tag' }
if ($PSBoundParameters.ContainsKey('First')) { $contactQuery['First'] = $First } else { $contactQuery['All'] = $true }

$flagged = [System.Collections.Generic.List[object]]::new()
foreach ($contact in Get-ZcrmRecord @contactQuery) {
    $open = @(Get-ZcrmRelatedRecord -InputObject $contact -RelatedList Cases -Field Case_Number, Status -All |
            Where-Object Status -ne 'Closed')
    if ($open.Count -lt $Threshold) { continue }
    [string[]] $numbers = @($open | ForEach-Object Case_Number)
    [System.Array]::Sort($numbers)
    $flagged.Add([pscustomobject]@{
            Contact    = $contact
            OpenCases  = $open.Count
            Cases      = $numbers
            HasTag     = @($contact.Tag | ForEach-Object name) -contains $Tag
        })
}

$toFlag = @($flagged | Where-Object { -not $_.HasTag })
$outcome = @{}
if ($toFlag.Count -gt 0 -and $PSCmdlet.ShouldProcess("$($toFlag.Count) contacts", "Tag '$Tag' and add a note")) {
    $tagResults = @($toFlag.Contact | Add-ZcrmTag -Tag $Tag -Confirm:$false -ErrorAction Continue)
    foreach ($result in $tagResults) { $outcome[[string]$result.Id] = $result.Status }
    $tagged = @($toFlag | Where-Object { $outcome[[string]$_.Contact.id] -eq 'Success' })
    foreach ($item in $tagged) {
        $content = "$($item.OpenCases) open cases: $($item.Cases -join ', ')."
        $note = $item.Contact | Add-ZcrmNote -Title 'Open cases review' -Content $content -Confirm:$false -ErrorAction Continue
        if ($note.Status -ne 'Success') { $outcome[[string]$item.Contact.id] = 'Failed' }
    }
}

foreach ($item in $flagged) {
    $id = [string]$item.Contact.id
    $status = if ($item.HasTag) { 'AlreadyFlagged' } elseif ($outcome.ContainsKey($id)) { if ($outcome[$id] -eq 'Success') { 'Flagged' } else { 'Failed' } } else { 'WhatIf' }
    [pscustomobject]@{
        ContactId = $id
        Name      = $item.Contact.Full_Name
        OpenCases = $item.OpenCases
        Cases     = $item.Cases -join ', '
        Status    = $status
    }
}
