# What only a real process shows: importing in a fresh pwsh, importing next to an older Newtonsoft.Json, several
# processes sharing one saved profile, and the terminal's Ctrl+C (SIGINT to the foreground process group).
#
# Each scenario starts one or more child pwsh processes (a few seconds each: a new pwsh and a module import), which is
# why this file takes about half a minute.

Describe 'ProcessTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $children = [System.IO.Path]::Combine($TestDrive, 'children')
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    It 'The module imports in a fresh process with nothing printed, and works at once' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            $child = Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters @{
                Manifest     = (Get-ZcrmTestPath Manifest)
                Url          = $emulator.Url
                ClientId     = $emulator.ClientId
                ClientSecret = $emulator.ClientSecret
                RefreshToken = $emulator.RefreshToken
            } -Script @'
$result['ModulesBefore'] = @(Get-Module -Name ZohoCrm).Count
$result['ImportPrinted'] = @(Import-Module $p.Manifest -ErrorAction Stop *>&1 | ForEach-Object { [string]$_ })
$module = Get-Module -Name ZohoCrm
$result['Cmdlets'] = @($module.ExportedCmdlets.Keys | Sort-Object)
$result['Assembly'] = [System.IO.Path]::GetDirectoryName([string]$module.ImplementingAssembly.Location)
$result['Synopsis'] = [string](Get-Help Get-ZcrmRecord).Synopsis
$secret = [System.Net.NetworkCredential]::new('', [string]$p.ClientSecret).SecurePassword
$refresh = [System.Net.NetworkCredential]::new('', [string]$p.RefreshToken).SecurePassword
$null = Connect-Zcrm -ClientId $p.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $p.Url -ApiDomain $p.Url -NoPersist
$result['Ids'] = @(Get-ZcrmRecord -Module Leads -First 3 | ForEach-Object { [string]$_.id })
'@

            $child.Failure | Should -BeNullOrEmpty -Because $child.Output
            @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
            $child.ModulesBefore | Should -Be 0
            @($child.ImportPrinted) | Should -HaveCount 0 -Because 'importing prints nothing in any stream'
            $manifest = Import-PowerShellDataFile -Path (Get-ZcrmTestPath Manifest)
            (@($child.Cmdlets) -join ',') | Should -BeExactly (@($manifest.CmdletsToExport | Sort-Object) -join ',')
            $child.Assembly | Should -BeExactly ([System.IO.Path]::Combine((Get-ZcrmTestPath Root), 'bin'))
            $child.Synopsis | Should -Not -BeNullOrEmpty
            @($child.Ids) | Should -HaveCount 3
            [string]$child.Output | Should -Not -Match 'Exception|\bat \S+\(' -Because 'nothing went wrong'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'After an older Newtonsoft.Json was loaded into the session, the module imports and every kind of cmdlet works' {
        # The build restores Newtonsoft.Json 12.0.3 (tests/Pester/ZohoCrm.PesterModules.csproj). pwsh 7 has its own
        # 13.x loaded at start, so Add-Type -Path of the older one binds to that; another module that isolates its
        # copy loads 12.0.3 next to it in a load context of its own. Both happen before the module is imported.
        $older = [System.IO.Path]::Combine((Get-ZcrmTestPath Root), 'out', 'older-newtonsoft-json', '12.0.3', 'Newtonsoft.Json.dll')
        [System.IO.File]::Exists($older) | Should -BeTrue -Because "dotnet build restores it to $older"
        $emulator = Start-ZcrmTestEmulator -Leads 300 -ArgumentList '--bulk-job-ms', '50'
        try {
            $child = Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters @{
                Manifest     = (Get-ZcrmTestPath Manifest)
                Older        = $older
                Url          = $emulator.Url
                ClientId     = $emulator.ClientId
                ClientSecret = $emulator.ClientSecret
                RefreshToken = $emulator.RefreshToken
                OutFile      = [System.IO.Path]::Combine($TestDrive, 'leads.csv')
            } -Script @'
Add-Type -Path $p.Older
$context = [System.Runtime.Loader.AssemblyLoadContext]::new('AnotherModule')
$null = $context.LoadFromAssemblyPath($p.Older)
$result['NewtonsoftVersions'] = @([System.AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { $_.GetName().Name -eq 'Newtonsoft.Json' } | ForEach-Object { $_.GetName().Version.ToString() } | Sort-Object)

Import-Module $p.Manifest -ErrorAction Stop
$secret = [System.Net.NetworkCredential]::new('', [string]$p.ClientSecret).SecurePassword
$refresh = [System.Net.NetworkCredential]::new('', [string]$p.RefreshToken).SecurePassword
$checks = [ordered]@{
    'Connect-Zcrm'              = { Connect-Zcrm -ClientId $p.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $p.Url -ApiDomain $p.Url -NoPersist | ForEach-Object { $_.User } }
    'Get-ZcrmConnection'        = { (Get-ZcrmConnection -Current).Profile }
    'Get-ZcrmRecord -All'       = { @(Get-ZcrmRecord -Module Leads -All -Field Last_Name, Email).Count }
    'Get-ZcrmRecord -Id'        = { $id = (Get-ZcrmRecord -Module Leads -First 1).id; (Get-ZcrmRecord -Module Leads -Id $id).id }
    'records as JSON'           = { (Get-ZcrmRecord -Module Leads -First 2 | ConvertTo-Json -Depth 3 | ConvertFrom-Json).Count }
    'New-ZcrmRecord'            = { ([pscustomobject]@{ Last_Name = 'Older'; Company = 'Json Co' } | New-ZcrmRecord -Module Leads).Status }
    'New-ZcrmLead'              = { (New-ZcrmLead -LastName Nakamura -Company Zylker -Email kn@zylker.example).Status }
    'Set-ZcrmRecord'            = { $r = Search-ZcrmRecord -Module Leads -Filter @{ Last_Name = 'Older' } | Select-Object -First 1; $r.Company = 'Changed Co'; ($r | Set-ZcrmRecord).Status }
    'Search-ZcrmRecord'         = { @(Search-ZcrmRecord -Module Leads -Filter @{ Company = 'Changed Co' }).Count }
    'Invoke-ZcrmQuery'          = { @(Invoke-ZcrmQuery "select Last_Name from Leads where Last_Name is not null limit 5").Count }
    'Invoke-ZcrmLeadConversion' = { (Search-ZcrmRecord -Module Leads -Filter @{ Last_Name = 'Nakamura' } | Select-Object -First 1 | Invoke-ZcrmLeadConversion -Force) -ne $null }
    'Remove-ZcrmRecord'         = { (Search-ZcrmRecord -Module Leads -Filter @{ Last_Name = 'Older' } | Remove-ZcrmRecord -Force).Status }
    'Get-ZcrmDeletedRecord'     = { @(Get-ZcrmDeletedRecord -Module Leads).Count }
    'Get-ZcrmModule'            = { (Get-ZcrmModule -Name Leads).ApiName }
    'Get-ZcrmField'             = { (Get-ZcrmField -Module Leads -Name Email).ApiName }
    'Get-ZcrmOrganization'      = { (Get-ZcrmOrganization).CompanyName }
    'Invoke-ZcrmRestMethod'     = { @((Invoke-ZcrmRestMethod -Path 'settings/modules').modules).Count }
    'bulk read'                 = { @(Start-ZcrmBulkRead -Module Leads -Field Last_Name | Wait-ZcrmBulkRead | Receive-ZcrmBulkRead).Count }
    'bulk read to a file'       = { $job = Start-ZcrmBulkRead -Module Leads -Wait; (Get-ZcrmBulkRead -Id $job.Id).State; $null = $job | Receive-ZcrmBulkRead -OutFile $p.OutFile; [System.IO.File]::Exists($p.OutFile) }
    'watches'                   = { $channel = Register-ZcrmWatch -Event Leads.create -NotifyUrl http://127.0.0.1:9/hook; $null = Update-ZcrmWatch -ChannelId $channel.ChannelId -Renew; @(Get-ZcrmWatch).Count; Unregister-ZcrmWatch -ChannelId $channel.ChannelId -Force }
    'Receive-ZcrmNotification'  = { $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop(); @(Receive-ZcrmNotification -Prefix "http://127.0.0.1:$port/zoho/" -Timeout 1).Count }
    'Disconnect-Zcrm'           = { Disconnect-Zcrm; @(Get-ZcrmConnection).Count }
}
$outcomes = [ordered]@{}
foreach ($name in $checks.Keys) {
    $Error.Clear()
    try {
        $value = & $checks[$name]
        $outcomes[$name] = if ($Error.Count -gt 0) { 'error: ' + [string]$Error[0] } else { 'ok: ' + (@($value) -join ', ') }
    }
    catch {
        $outcomes[$name] = 'error: ' + [string]$_
    }
}
$result['Outcomes'] = $outcomes
'@

            $child.Failure | Should -BeNullOrEmpty -Because $child.Output
            @($child.NewtonsoftVersions) | Should -Contain '12.0.0.0' -Because 'the older Newtonsoft.Json is loaded into the session first'
            $outcomes = $child.Outcomes.PSObject.Properties
            @($outcomes).Count | Should -Be 22
            $failed = @($outcomes | Where-Object { -not ([string]$_.Value).StartsWith('ok: ') } | ForEach-Object { $_.Name + ' -> ' + $_.Value })
            $failed | Should -HaveCount 0 -Because ($failed -join [System.Environment]::NewLine)
            $child.Outcomes.'Get-ZcrmRecord -All' | Should -Match '^ok: \d+$'
            [int](([string]$child.Outcomes.'Get-ZcrmRecord -All').Substring(4)) | Should -BeGreaterThan 200
            $child.Outcomes.'New-ZcrmRecord' | Should -BeExactly 'ok: Success'
            $child.Outcomes.'Remove-ZcrmRecord' | Should -BeExactly 'ok: Success'
            $child.Outcomes.'records as JSON' | Should -BeExactly 'ok: 2'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    # The slowest here: three new pwsh processes at once, each importing the module.
    It 'Several processes at once reuse one saved profile without minting more tokens' {
        $vaultInfo = Initialize-ZcrmTestVault -Folder ([System.IO.Path]::Combine($TestDrive, 'shared-profile'))
        $emulator = Start-ZcrmTestEmulator -Leads 50
        try {
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $refresh = ConvertTo-ZcrmSecureString $emulator.RefreshToken
            $null = Connect-Zcrm -Profile shared -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.Vault -ErrorAction Stop
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1

            $parameters = Get-ZcrmChildVaultParameter $vaultInfo
            $parameters['Manifest'] = Get-ZcrmTestPath Manifest
            $childScript = @'
if ($p.VaultDouble) { Import-Module $p.VaultDouble -ArgumentList $p.VaultStore, 'TestVault' -ErrorAction Stop }
Import-Module $p.Manifest -ErrorAction Stop
$null = Connect-Zcrm -Profile shared -Vault $p.Vault
$result['Ids'] = @(Get-ZcrmRecord -Module Leads -First 5 | ForEach-Object { [string]$_.id })
'@
            # The processes run at the same time (thread jobs, each waiting for its own child pwsh).
            $common = [System.IO.Path]::Combine($PSScriptRoot, 'Common.ps1')
            $jobs = foreach ($i in 1..3) {
                Start-ThreadJob -ScriptBlock {
                    . $using:common
                    Invoke-ZcrmChildPwsh -WorkFolder $using:children -Parameters $using:parameters -Script $using:childScript
                }
            }
            $results = @($jobs | Wait-Job | Receive-Job)
            $jobs | Remove-Job

            $results | Should -HaveCount 3
            foreach ($child in $results) {
                $child.Failure | Should -BeNullOrEmpty -Because $child.Output
                @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
                @($child.Ids) | Should -HaveCount 5
            }
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1 -Because 'every process reuses the saved access token'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
            Remove-ZcrmTestVault $vaultInfo
        }
    }

    It 'Dot-sourcing Start-ZohoCrmEmulator.ps1 adds only Start- and Stop-ZohoCrmEmulator, and no helper shows in Get-Zcrm<Tab>' {
        $child = Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters @{
            Script = [System.IO.Path]::Combine((Get-ZcrmTestPath EmulatorProject), 'Start-ZohoCrmEmulator.ps1')
        } -Script @'
$functionsBefore = @(Get-ChildItem -Path function: | ForEach-Object { $_.Name })
$variablesBefore = @(Get-Variable | ForEach-Object { $_.Name }) + 'functionsBefore', 'variablesBefore'
. $p.Script
$result['Functions'] = @(Get-ChildItem -Path function: | Where-Object { $functionsBefore -notcontains $_.Name } | ForEach-Object { $_.Name } | Sort-Object)
$result['Variables'] = @(Get-Variable | Where-Object { $variablesBefore -notcontains $_.Name } | ForEach-Object { $_.Name })
$e = Start-ZohoCrmEmulator -Leads 5 -NoBuild
$result['Url'] = $e.Url
$result['AfterStart'] = @(Get-ChildItem -Path function: | Where-Object { $functionsBefore -notcontains $_.Name } | ForEach-Object { $_.Name } | Sort-Object)
$result['Completion'] = @((TabExpansion2 -inputScript 'Get-Zcrm' -cursorColumn 8).CompletionMatches | ForEach-Object { $_.CompletionText } | Where-Object { $_ -like '*Emulator*' })
$result['StartCompletion'] = @((TabExpansion2 -inputScript 'Start-Zcrm' -cursorColumn 10).CompletionMatches | ForEach-Object { $_.CompletionText } | Where-Object { $_ -like '*Emulator*' })
Stop-ZohoCrmEmulator $e
$result['Stopped'] = $e.Process.HasExited
'@

        $child.Failure | Should -BeNullOrEmpty -Because $child.Output
        (@($child.Functions) -join ',') | Should -BeExactly 'Start-ZohoCrmEmulator,Stop-ZohoCrmEmulator'
        @($child.Variables) | Should -HaveCount 0 -Because "dot-sourcing adds no variables: $(@($child.Variables) -join ', ')"
        $child.Url | Should -BeLike 'http://127.0.0.1:*'
        (@($child.AfterStart) -join ',') | Should -BeExactly 'Start-ZohoCrmEmulator,Stop-ZohoCrmEmulator' -Because 'starting one defines no helpers either'
        @($child.Completion) | Should -HaveCount 0 -Because 'Get-Zcrm<Tab> offers no emulator helpers'
        @($child.StartCompletion) | Should -HaveCount 0 -Because 'Start-Zcrm<Tab> offers only module cmdlets, not the emulator'
        $child.Stopped | Should -BeTrue
    }

    It 'Ctrl+C (SIGINT to the process group) stops Get-ZcrmRecord -All with no stack trace, and the emulator started from it survives' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'SIGINT and process groups are Linux and macOS; on Windows the emulator has no console, so Ctrl+C cannot reach it' }
        $perl = Get-Command -Name perl -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if ($null -eq $perl) { Set-ItResult -Skipped -Because 'perl is needed to start the child pwsh as a process group of its own with SIGINT at its default' }

        if (-not ('ZcrmTestSignal' -as [type])) {
            Add-Type -TypeDefinition 'public static class ZcrmTestSignal { [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] public static extern int kill(int pid, int sig); }'
        }

        # The child is a pwsh reading commands from standard input (as a terminal feeds an interactive one) in a
        # session of its own, so a signal to its process group reaches it and what it starts, and nothing else.
        # perl resets SIGINT to its default first: a test run started in the background would pass it on ignored.
        $folder = [System.IO.Path]::Combine($TestDrive, 'sigint')
        [void][System.IO.Directory]::CreateDirectory($folder)
        $state = [System.IO.Path]::Combine($folder, 'state.json')
        $progress = [System.IO.Path]::Combine($folder, 'progress.txt')
        $finished = [System.IO.Path]::Combine($folder, 'finished.txt')
        $after = [System.IO.Path]::Combine($folder, 'after.json')
        $startEmulator = [System.IO.Path]::Combine((Get-ZcrmTestPath EmulatorProject), 'Start-ZohoCrmEmulator.ps1')
        $lines = @(
            # 1. What a user does first: start the emulator from this terminal, import, connect.
            ". '$startEmulator'; `$e = Start-ZohoCrmEmulator -Leads 20000 -ArgumentList '--latency-ms', '100' -NoBuild; Import-Module '$(Get-ZcrmTestPath Manifest)' -ErrorAction Stop; " +
            "`$null = Connect-Zcrm -ClientId `$e.ClientId -ClientSecret ([System.Net.NetworkCredential]::new('', `$e.ClientSecret).SecurePassword) -RefreshToken ([System.Net.NetworkCredential]::new('', `$e.RefreshToken).SecurePassword) -AccountsUrl `$e.Url -ApiDomain `$e.Url -NoPersist; " +
            "[System.IO.File]::WriteAllText('$state', (ConvertTo-Json @{ Url = `$e.Url; EmulatorPid = `$e.Process.Id }))"
            # 2. The long command that Ctrl+C stops (200 pages with 100 ms of latency each).
            "`$n = 0; Get-ZcrmRecord -Module Leads -All -Field Last_Name | ForEach-Object { `$n++; if (`$n % 100 -eq 0) { [System.IO.File]::WriteAllText('$progress', [string]`$n) } }; [System.IO.File]::WriteAllText('$finished', [string]`$n)"
            # 3. The next command, which used to fail with "Connection refused" when Ctrl+C had killed the emulator.
            "`$at = [datetime]::UtcNow.ToString('o'); `$alive = -not `$e.Process.HasExited; `$next = @(Get-ZcrmRecord -Module Leads -First 1).Count; [System.IO.File]::WriteAllText('$after', (ConvertTo-Json @{ At = `$at; Read = `$n; EmulatorAlive = `$alive; Next = `$next; Errors = @(`$Error | ForEach-Object { [string]`$_ }) }))"
            'Stop-ZohoCrmEmulator $e; exit 0'
        )

        $startInfo = [System.Diagnostics.ProcessStartInfo]::new($perl.Source)
        $startInfo.Arguments = '-MPOSIX -e "$SIG{INT} = ''DEFAULT''; POSIX::setsid() or die; exec @ARGV or die" "' + (Get-ZcrmPwshPath) + '" -NoProfile -NonInteractive -Command -'
        $startInfo.UseShellExecute = $false
        $startInfo.RedirectStandardInput = $true
        $startInfo.RedirectStandardOutput = $true
        $startInfo.RedirectStandardError = $true
        $child = [System.Diagnostics.Process]::Start($startInfo)
        $emulatorPid = 0
        try {
            $stdout = $child.StandardOutput.ReadToEndAsync()
            $stderr = $child.StandardError.ReadToEndAsync()
            foreach ($line in $lines) { $child.StandardInput.WriteLine($line) }
            $child.StandardInput.Flush()

            # Wait until paging is under way (a generous bound: a new pwsh, an emulator, an import).
            $deadline = [datetime]::UtcNow.AddSeconds(120)
            while (-not [System.IO.File]::Exists($progress) -and -not $child.HasExited -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            [System.IO.File]::Exists($progress) | Should -BeTrue -Because "the paging should have started; the child printed: $(if ($child.HasExited) { $stdout.Result + $stderr.Result })"
            $started = ConvertFrom-Json ([System.IO.File]::ReadAllText($state))
            $emulatorPid = [int]$started.EmulatorPid

            # Ctrl+C: SIGINT (2) to the child's whole process group, as the terminal sends it.
            [ZcrmTestSignal]::kill(-$child.Id, 2) | Should -Be 0
            $signalled = [datetime]::UtcNow

            $child.WaitForExit(60000) | Should -BeTrue -Because 'the child runs its next command and exits'
            $printed = ($stdout.Result + $stderr.Result) -replace '\x1b\[[0-9;?]*[A-Za-z]', ''
            [System.IO.File]::Exists($after) | Should -BeTrue -Because "the next command should run; the child printed: $printed"
            $next = ConvertFrom-Json ([System.IO.File]::ReadAllText($after))

            [System.IO.File]::Exists($finished) | Should -BeFalse -Because 'Ctrl+C stopped the paging before the last page'
            [int]$next.Read | Should -BeLessThan 20000
            # Generous: Ctrl+C stops within a page (one call of 100 ms here); this only catches a hang.
            ([datetime]::Parse($next.At).ToUniversalTime() - $signalled).TotalSeconds | Should -BeLessThan 10
            $printed | Should -Not -Match '(?m)^\s+at \S|Exception|ScriptStackTrace|PipelineStopped' -Because "Ctrl+C prints no stack trace; the child printed: $printed"
            @($next.Errors | Where-Object { $_ -match 'Exception|\bat \S+\(' }) | Should -HaveCount 0 -Because (@($next.Errors) -join '; ')

            $next.EmulatorAlive | Should -BeTrue -Because 'the emulator runs in a session of its own, which the SIGINT did not reach'
            $next.Next | Should -Be 1 -Because 'the next command still reaches the emulator'
        }
        finally {
            if (-not $child.HasExited) { $child.Kill(); [void]$child.WaitForExit(5000) }
            $child.Dispose()
            if ($emulatorPid -gt 0) {
                $left = Get-Process -Id $emulatorPid -ErrorAction Ignore
                if ($null -ne $left) { $left.Kill(); [void]$left.WaitForExit(5000) }
            }
        }
    }
}
