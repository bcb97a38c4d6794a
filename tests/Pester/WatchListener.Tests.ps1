# Receive-ZcrmNotification's listener in a real process while clients keep connecting: a connection that races the
# listener's start or stop must never end the user's pwsh (the managed HttpListener's accept callback did).

Describe 'WatchListenerTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        $children = [System.IO.Path]::Combine($TestDrive, 'children')
    }

    It 'A pwsh process survives <Runs> listener starts and stops with clients connecting throughout, and receives one notification per run' -ForEach @(
        @{ Runs = 30 }
    ) {
        $child = Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters @{ Manifest = (Get-ZcrmTestPath Manifest); Runs = $Runs } -Script @'
Import-Module $p.Manifest -ErrorAction Stop
$probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
$prefix = "http://127.0.0.1:$port/zoho/"
$shared = [hashtable]::Synchronized(@{ Stop = $false; Answers = 0; Failures = 0 })
$body = '{"server_time":1714539030000,"query_params":{},"module":"Leads","resource_uri":"https://www.zohoapis.com/crm/v2/Leads","ids":["1"],"operation":"insert","channel_id":"4242","token":"tok-listener"}'
$requests = @(
    "POST /zoho/ HTTP/1.1`r`nHost: x`r`nContent-Length: $($body.Length)`r`n`r`n$body",
    "GET /zoho/ HTTP/1.1`r`nHost: x`r`n`r`n",
    "POST /zoho/ HTTP/1.1`r`nHost: x`r`nContent-Length: 500`r`n`r`n{`"ids`":"
)
$clients = foreach ($request in $requests) {
    $ps = [powershell]::Create()
    [void]$ps.AddScript({
        param($Shared, $Port, $Request)
        $bytes = [System.Text.Encoding]::ASCII.GetBytes($Request)
        while (-not $Shared.Stop) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                $client.ReceiveTimeout = 2000
                $client.Connect([System.Net.IPAddress]::Loopback, $Port)
                $stream = $client.GetStream()
                $stream.Write($bytes, 0, $bytes.Length)
                if ($stream.Read([byte[]]::new(64), 0, 64) -gt 0) { $Shared.Answers++ }
            }
            catch { $Shared.Failures++ }
            finally { $client.Dispose() }
        }
    }).AddArgument($shared).AddArgument($port).AddArgument($request)
    [pscustomobject]@{ PowerShell = $ps; Async = $ps.BeginInvoke() }
}
try {
    $received = 0
    for ($i = 0; $i -lt $p.Runs; $i++) {
        $received += @(Receive-ZcrmNotification -Prefix $prefix -Token tok-listener -Count 1 -Timeout 20 -WarningAction SilentlyContinue).Count
    }
    $result['Received'] = $received
}
finally {
    $shared.Stop = $true
    foreach ($client in $clients) { [void]$client.PowerShell.EndInvoke($client.Async); $client.PowerShell.Dispose() }
}
$result['Answers'] = $shared.Answers
'@

        $child.ExitCode | Should -Be 0 -Because $child.Output
        $child.Failure | Should -BeNullOrEmpty -Because $child.Output
        @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
        $child.Received | Should -Be $Runs
        $child.Answers | Should -BeGreaterOrEqual $Runs
    }
}
