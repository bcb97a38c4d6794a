<#
.SYNOPSIS
    Shows changes to Zoho CRM leads live at the prompt, one line per record, until Ctrl+C.

.DESCRIPTION
    Registers a notification channel for the events (Leads.all by default), listens for Zoho's notifications on the
    HTTP listener -Prefix with Receive-ZcrmNotification, and prints each change as it arrives: the time, the
    operation, the module, the record id and, for edits, the fields that changed. The channel is removed when the
    script ends, also after Ctrl+C.

    Zoho posts only to https URLs it can reach from the internet: run a reverse proxy or tunnel that terminates TLS
    and forwards to -Prefix, and give its public URL as -NotifyUrl. Against the local emulator, -Prefix itself works.
    -Count and -Timeout end the script by themselves.

.EXAMPLE
    ./examples/tail-lead-changes.ps1 -NotifyUrl https://my-tunnel.example.net/zoho/ -Prefix http://127.0.0.1:8080/zoho/

.EXAMPLE
    ./examples/tail-lead-changes.ps1 -Event Leads.edit, Contacts.edit -Count 10 -Profile prod -NotifyUrl https://my-tunnel.example.net/zoho/
#>
[CmdletBinding()]
param(
    # Where this machine listens; the proxy or tunnel forwards Zoho's POSTs here.
    [string] $Prefix = 'http://127.0.0.1:8080/zoho-tail/',

    # The public https URL Zoho POSTs to; defaults to -Prefix (only the local emulator can reach that).
    [uri] $NotifyUrl,

    [string[]] $Event = @('Leads.all'),

    # Stop after this many notifications, or after this many seconds (0: run until Ctrl+C).
    [int] $Count,
    [int] $Timeout,

    # A saved profile to connect with (Connect-Zcrm -Profile); without it the current connection is used.
    [string] $Profile
)

$ErrorActionPreference = 'Stop'
if ($Profile) { Connect-Zcrm -Profile $Profile | Out-Null }
elseif (-not (Get-ZcrmConnection -Current)) { throw 'Not connected: run Connect-Zcrm first, or pass -Profile.' }
if (-not $NotifyUrl) { $NotifyUrl = $Prefix }

# A day is plenty for a tail, and a channel left behind by a killed process then ends soon.
$channel = Register-ZcrmWatch -Event $Event -NotifyUrl $NotifyUrl -Expiry ([datetime]::Now.AddDays(1)) -Confirm:$false
try {
    $receive = @{ Prefix = $Prefix }
    if ($Count -gt 0) { $receive.Count = $Count }
    if ($Timeout -gt 0) { $receive.Timeout = $Timeout }
    $channel | Receive-ZcrmNotification @receive | ForEach-Object {
        $notification = $_
        foreach ($id in $notification.Ids) {
            $fields = if ($notification.AffectedFields.ContainsKey($id)) { '  (' + ($notification.AffectedFields[$id] -join ', ') + ')' } else { '' }
            '{0:HH:mm:ss}  {1,-6}  {2,-8}  {3}{4}' -f $notification.ReceivedAt.LocalDateTime, $notification.Operation, $notification.Module, $id, $fields
        }
    }
}
finally {
    Unregister-ZcrmWatch -ChannelId $channel.ChannelId -Force -ErrorAction Continue
}
