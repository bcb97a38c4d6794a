<#
.SYNOPSIS
    Archives the attachments of won deals into a folder per deal: the files themselves, and the links in links.txt.

.DESCRIPTION
    Finds the deals in a stage (Closed Won by default) with one search, lists each deal's attachments, and saves
    every attached file into <Destination>/<deal id> - <deal name>/ under the name Zoho gives it (made safe for the
    file system). Link attachments have no file; they are written to links.txt in the deal's folder. Deals without
    attachments get no folder.

    Files stream to disk and appear only when complete, so an interrupted run leaves no half-written file. Running
    it again (nightly, say) keeps the files already archived and fetches only new ones; -Force downloads everything
    again and replaces what is there. Prints one summary object per deal with attachments.

    API credits: 1 per 200 deals found, 1 per deal for its list of attachments, 1 per file downloaded.

.EXAMPLE
    ./examples/archive-deal-attachments.ps1 -Destination /archive/won-deals

.EXAMPLE
    ./examples/archive-deal-attachments.ps1 -Stage 'Closed Lost' -Destination ./lost -Profile prod | Format-Table
#>
[CmdletBinding()]
param(
    # Root folder of the archive; created when missing.
    [string] $Destination = './deal-attachments',

    # The deal stage whose attachments are archived.
    [string] $Stage = 'Closed Won',

    # Download files that are archived already again, replacing them.
    [switch] $Force,

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }

$root = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Destination)
[void][System.IO.Directory]::CreateDirectory($root)

# A deal name as a folder name: characters no file system takes become '_', and the id keeps folders unique.
function Get-DealFolder($Deal) {
    $name = ([string]$Deal.Deal_Name) -replace '[\\/:*?"<>|\x00-\x1f]', '_'
    $name = $name.Trim(' ', '.')
    if ($name.Length -gt 60) { $name = $name.Substring(0, 60).TrimEnd(' ', '.') }
    return [System.IO.Path]::Combine($root, ('{0} - {1}' -f $Deal.id, $name).TrimEnd(' ', '-'))
}

$criteria = '(Stage:equals:{0})' -f ($Stage -replace '([(),:\\])', '\$1')
foreach ($deal in @(Search-ZcrmRecord -Module Deals -Criteria $criteria -Field Deal_Name, Stage -All)) {
    $attachments = @($deal | Get-ZcrmAttachment -All)
    if ($attachments.Count -eq 0) { continue }

    $folder = Get-DealFolder $deal
    [void][System.IO.Directory]::CreateDirectory($folder)
    $links = @($attachments | Where-Object IsLink)
    if ($links.Count -gt 0) {
        $lines = foreach ($link in $links) { "{0}`t{1}" -f $link.FileName, $link.LinkUrl }
        [System.IO.File]::WriteAllLines([System.IO.Path]::Combine($folder, 'links.txt'), [string[]]$lines)
    }

    $problems = $null
    $saved = @($attachments | Where-Object { -not $_.IsLink } |
            Save-ZcrmAttachment -Destination $folder -Force:$Force -ErrorAction SilentlyContinue -ErrorVariable problems)
    $kept = @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'ZcrmFileExists*' })
    $failed = @($problems | Where-Object { $_.FullyQualifiedErrorId -notlike 'ZcrmFileExists*' })
    foreach ($failure in $failed) { $PSCmdlet.WriteWarning(('{0}: {1}' -f $deal.Deal_Name, $failure)) }
    $bytes = 0
    foreach ($file in $saved) { $bytes += $file.Length }

    [pscustomobject]@{
        DealId = $deal.id
        Deal   = $deal.Deal_Name
        Folder = $folder
        Saved  = $saved.Count
        Kept   = $kept.Count
        Links  = $links.Count
        Failed = $failed.Count
        Bytes  = $bytes
    }
}
