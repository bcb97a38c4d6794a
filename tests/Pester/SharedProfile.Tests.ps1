# Issue 11: many scripts on one saved profile. One token mint per profile across processes (real child pwsh
# processes started together), a throttled mint that waits for a neighbour's token, a profile that never moves
# backwards, stops that report every row already sent, bad values that fail only their own row, interrupted paging
# that says how far it got, and REST paths that cannot leave the API.
#
# The profiles live in the same throw-away vaults as PersistenceTests (the SecretManagement test double, or real
# SecretManagement with ZohoCrm.TestVault); the profile lock files go to a folder under $TestDrive.

Describe 'SharedProfile' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $vaultInfo = Initialize-ZcrmTestVault -Folder $TestDrive
        $children = [System.IO.Path]::Combine($TestDrive, 'children')
        $savedLockFolder = $env:ZCRM_PROFILE_LOCK_DIR
        $env:ZCRM_PROFILE_LOCK_DIR = [System.IO.Path]::Combine($TestDrive, 'locks')

        # Saves profile 'shared' (or -ProfileName) in the test vault from the emulator's Self Client credentials.
        function Connect-SharedProfile {
            param($Emulator, [string] $ProfileName = 'shared', [string] $GrantCode)

            $secret = ConvertTo-ZcrmSecureString $Emulator.ClientSecret
            if ($GrantCode) {
                $null = Connect-Zcrm -Profile $ProfileName -ClientId $Emulator.ClientId -ClientSecret $secret -GrantToken (ConvertTo-ZcrmSecureString $GrantCode) `
                    -AccountsUrl $Emulator.Url -ApiDomain $Emulator.Url -Vault $vaultInfo.Vault -ErrorAction Stop
            }
            else {
                $null = Connect-Zcrm -Profile $ProfileName -ClientId $Emulator.ClientId -ClientSecret $secret -RefreshToken (ConvertTo-ZcrmSecureString $Emulator.RefreshToken) `
                    -AccountsUrl $Emulator.Url -ApiDomain $Emulator.Url -Vault $vaultInfo.Vault -ErrorAction Stop
            }
        }

        function Get-SavedProfileJson([string] $ProfileName = 'shared') {
            return [string](Get-Secret -Name ('ZohoCrm/' + $ProfileName) -Vault $vaultInfo.Vault -AsPlainText)
        }

        function Set-SavedProfileJson([string] $Json, [string] $ProfileName = 'shared') {
            Set-Secret -Name ('ZohoCrm/' + $ProfileName) -Vault $vaultInfo.Vault -Secret (ConvertTo-ZcrmSecureString $Json)
        }

        # Makes the saved access token look expired to the module (its expiry moved an hour back).
        function Set-SavedTokenExpired([string] $ProfileName = 'shared') {
            $past = [System.DateTimeOffset]::UtcNow.AddHours(-1).ToString('o', [System.Globalization.CultureInfo]::InvariantCulture)
            $json = Get-SavedProfileJson $ProfileName
            Set-SavedProfileJson -ProfileName $ProfileName -Json ($json -replace '"accessTokenExpiresAt":"[^"]*"', ('"accessTokenExpiresAt":"' + $past + '"'))
        }

        # Starts -Count child pwsh processes that import the module (and the vault double), wait at a common start line,
        # and then run -Body together; $p holds the vault parameters and -Parameters, $result what they report.
        function Start-ChildGroup {
            param([int] $Count, [string] $Body, [hashtable] $Parameters = @{}, [hashtable] $Environment = @{})

            $folder = [System.IO.Path]::Combine($children, [System.Guid]::NewGuid().ToString('N'))
            [void][System.IO.Directory]::CreateDirectory($folder)
            $goPath = [System.IO.Path]::Combine($folder, 'go')
            $scriptPath = [System.IO.Path]::Combine($folder, 'child.ps1')
            $script = @'
param([string] $InputPath)
$ErrorActionPreference = 'Continue'
$p = [System.IO.File]::ReadAllText($InputPath) | ConvertFrom-Json
$result = [ordered]@{}
try {
    if ($p.VaultDouble) { Import-Module $p.VaultDouble -ArgumentList $p.VaultStore, 'TestVault' -ErrorAction Stop }
    Import-Module $p.Manifest -ErrorAction Stop
    [System.IO.File]::WriteAllText($p.ReadyPath, 'ready')
    $deadline = [System.DateTime]::UtcNow.AddSeconds(180)
    while (-not [System.IO.File]::Exists($p.GoPath) -and [System.DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 5 }

'@ + $Body + @'

}
catch {
    $result['Failure'] = [string]$_ + ' [' + $_.FullyQualifiedErrorId + ']'
}
$result['Errors'] = @(foreach ($record in $Error) { [string]$record + ' [' + $record.FullyQualifiedErrorId + ']' })
[System.IO.File]::WriteAllText($p.ResultPath, (ConvertTo-Json -InputObject $result -Depth 6))
'@
            [System.IO.File]::WriteAllText($scriptPath, $script)

            $started = [System.Collections.Generic.List[object]]::new()
            for ($i = 0; $i -lt $Count; $i++) {
                $values = Get-ZcrmChildVaultParameter $vaultInfo
                $values['Manifest'] = Get-ZcrmTestPath Manifest
                $values['GoPath'] = $goPath
                $values['ReadyPath'] = [System.IO.Path]::Combine($folder, "ready-$i")
                $values['ResultPath'] = [System.IO.Path]::Combine($folder, "result-$i.json")
                $values['Index'] = $i
                foreach ($key in $Parameters.Keys) { $values[$key] = $Parameters[$key] }
                $inputPath = [System.IO.Path]::Combine($folder, "input-$i.json")
                [System.IO.File]::WriteAllText($inputPath, (ConvertTo-Json -InputObject $values -Depth 5))

                $startInfo = [System.Diagnostics.ProcessStartInfo]::new()
                $startInfo.FileName = Get-ZcrmPwshPath
                foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $scriptPath, $inputPath) { $startInfo.ArgumentList.Add($argument) }
                $startInfo.UseShellExecute = $false
                $startInfo.RedirectStandardOutput = $true
                $startInfo.RedirectStandardError = $true
                $startInfo.Environment['ZCRM_PROFILE_LOCK_DIR'] = $env:ZCRM_PROFILE_LOCK_DIR
                foreach ($key in $Environment.Keys) { $startInfo.Environment[$key] = [string]$Environment[$key] }
                $process = [System.Diagnostics.Process]::Start($startInfo)
                $started.Add([pscustomobject]@{
                        Process    = $process
                        Stdout     = $process.StandardOutput.ReadToEndAsync()
                        Stderr     = $process.StandardError.ReadToEndAsync()
                        ReadyPath  = $values['ReadyPath']
                        ResultPath = $values['ResultPath']
                    })
            }

            # Every child has imported the module: let them all go at once.
            $deadline = [System.DateTime]::UtcNow.AddSeconds(180)
            while (@($started | Where-Object { -not [System.IO.File]::Exists($_.ReadyPath) -and -not $_.Process.HasExited }).Count -gt 0) {
                if ([System.DateTime]::UtcNow -gt $deadline) { throw 'The child processes did not get ready within 180 s.' }
                Start-Sleep -Milliseconds 20
            }
            [System.IO.File]::WriteAllText($goPath, 'go')
            return $started
        }

        function Wait-ChildGroup {
            param($Group, [int] $TimeoutSeconds = 240)

            foreach ($child in $Group) {
                if (-not $child.Process.WaitForExit($TimeoutSeconds * 1000)) {
                    $child.Process.Kill()
                    throw "A child pwsh (pid $($child.Process.Id)) did not finish within $TimeoutSeconds s."
                }
                $printed = $child.Stdout.Result + $child.Stderr.Result
                if (-not [System.IO.File]::Exists($child.ResultPath)) {
                    throw "A child pwsh (exit code $($child.Process.ExitCode)) wrote no result. It printed: $printed"
                }
                $childResult = [System.IO.File]::ReadAllText($child.ResultPath) | ConvertFrom-Json
                $childResult | Add-Member -NotePropertyName Output -NotePropertyValue $printed -Force
                $childResult
                $child.Process.Dispose()
            }
        }

        function Get-MintCount($Emulator) { return [int](Get-ZcrmEmulatorStats $Emulator).tokenMints }
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Remove-ZcrmTestVault $vaultInfo
        $env:ZCRM_PROFILE_LOCK_DIR = $savedLockFolder
    }

    BeforeEach {
        Reset-ZcrmTestConnection
        Clear-ZcrmTestVault $vaultInfo
    }

    Context 'One token mint per profile across processes' {
        It 'Ten processes started together after the token <Expiry> mint exactly one token between them' -ForEach @(
            @{ Expiry = 'was expired by Zoho' }
            @{ Expiry = 'expired by the clock' }
        ) {
            $emulator = Start-ZcrmTestEmulator -Leads 20
            try {
                Connect-SharedProfile $emulator
                Reset-ZcrmTestConnection
                if ($Expiry -eq 'was expired by Zoho') { Invoke-ZcrmEmulatorTokenExpiry $emulator }
                else { Set-SavedTokenExpired }
                $before = Get-MintCount $emulator

                $group = Start-ChildGroup -Count 10 -Body @'
    $connection = Connect-Zcrm -Profile shared -Vault $p.Vault -ErrorAction Stop
    $result['Ids'] = @(Get-ZcrmRecord -Module Leads -First 2 -ErrorAction Stop | ForEach-Object { [string]$_.id })
'@
                $results = @(Wait-ChildGroup $group)

                $results | Should -HaveCount 10
                foreach ($child in $results) {
                    $child.Failure | Should -BeNullOrEmpty -Because $child.Output
                    @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
                    @($child.Ids) | Should -HaveCount 2
                }
                ((Get-MintCount $emulator) - $before) | Should -Be 1 -Because 'the first process to take the profile lock mints; the others read its token from the vault'
                (Get-ZcrmEmulatorStats $emulator).tokenMintsDenied | Should -Be 0
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'A throttled mint waits for the token another process saves, and says so in -Verbose' {
            $emulator = Start-ZcrmTestEmulator -Leads 5 -ArgumentList '--token-mints-per-window', '2'
            try {
                Connect-SharedProfile $emulator
                Reset-ZcrmTestConnection
                # Spend the rest of this refresh token's budget, then make every access token stale.
                $null = Invoke-RestMethod -NoProxy -Method Post -Uri ($emulator.Url.TrimEnd('/') + '/oauth/v2/token') -Body @{
                    grant_type = 'refresh_token'; client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret; refresh_token = $emulator.RefreshToken
                }
                Invoke-ZcrmEmulatorTokenExpiry $emulator

                $group = Start-ChildGroup -Count 1 -Environment @{ ZCRM_THROTTLED_TOKEN_WAIT_SECONDS = '120' } -Body @'
    $messages = Connect-Zcrm -Profile shared -Vault $p.Vault -Verbose -ErrorAction Stop 4>&1
    $result['Verbose'] = @($messages | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
    $result['Ids'] = @(Get-ZcrmRecord -Module Leads -First 1 -ErrorAction Stop | ForEach-Object { [string]$_.id })
'@
                # Once Zoho has refused the child's mint, a new connection (a new grant code) saves a fresh token.
                $deadline = [System.DateTime]::UtcNow.AddSeconds(120)
                while ([int](Get-ZcrmEmulatorStats $emulator).tokenMintsDenied -lt 1) {
                    if ([System.DateTime]::UtcNow -gt $deadline) { throw 'The child was never refused a token.' }
                    Start-Sleep -Milliseconds 100
                }
                Connect-SharedProfile $emulator -GrantCode (New-ZcrmEmulatorGrantCode $emulator)

                $child = @(Wait-ChildGroup $group)[0]
                $child.Failure | Should -BeNullOrEmpty -Because $child.Output
                @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
                @($child.Ids) | Should -HaveCount 1
                (@($child.Verbose) -join "`n") | Should -Match 'Waiting up to 120 s for a token another process saves'
                (@($child.Verbose) -join "`n") | Should -Match 'Using the access token another process saved'
                $stats = Get-ZcrmEmulatorStats $emulator
                $stats.tokenMintsDenied | Should -Be 1 -Because 'the child asked once, then waited instead of asking again'
                $stats.tokenMints | Should -Be 3 -Because 'the first connection, the budget spent by hand and the new grant; the child minted nothing'
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'A throttled mint that no neighbour rescues fails with OAUTH_ACCESS_DENIED saying when to retry' {
            $emulator = Start-ZcrmTestEmulator -Leads 5 -ArgumentList '--token-mints-per-window', '1'
            try {
                Connect-SharedProfile $emulator
                Reset-ZcrmTestConnection
                Invoke-ZcrmEmulatorTokenExpiry $emulator

                $group = Start-ChildGroup -Count 1 -Environment @{ ZCRM_THROTTLED_TOKEN_WAIT_SECONDS = '2' } -Body @'
    try {
        Connect-Zcrm -Profile shared -Vault $p.Vault -ErrorAction Stop | Out-Null
    }
    catch {
        $result['ErrorId'] = $_.FullyQualifiedErrorId
        $result['Category'] = $_.CategoryInfo.Category.ToString()
        $result['Message'] = [string]$_.ErrorDetails.Message
        $result['Action'] = [string]$_.ErrorDetails.RecommendedAction
        $result['RetryAfter'] = $_.Exception.RetryAfter.TotalMinutes
    }
    $Error.Clear()
'@
                $child = @(Wait-ChildGroup $group)[0]
                $child.Failure | Should -BeNullOrEmpty -Because $child.Output
                $child.ErrorId | Should -BeLikeExactly 'OAUTH_ACCESS_DENIED*'
                $child.Category | Should -BeExactly 'LimitsExceeded'
                $child.Message | Should -Match 'Try again after \d\d:\d\d UTC'
                $child.Action | Should -Match 'Wait until \d{4}-\d\d-\d\d \d\d:\d\d UTC'
                $child.RetryAfter | Should -Be 10
                (Get-ZcrmEmulatorStats $emulator).tokenMintsDenied | Should -Be 1
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }
    }

    Context 'The profile never moves backwards' {
        It 'A process that refreshes after another connected with a new grant keeps the newer refresh token (<Case>)' -ForEach @(
            @{ Case = 'the saved token is still valid'; ExpectedMints = 0 }
            @{ Case = 'the saved token has expired'; ExpectedMints = 1 }
        ) {
            $emulator = Start-ZcrmTestEmulator -Leads 5
            try {
                # A: this runspace, connected from the saved profile and left open.
                Connect-SharedProfile $emulator
                Reset-ZcrmTestConnection
                $null = Connect-Zcrm -Profile shared -Vault $vaultInfo.Vault -ErrorAction Stop
                $oldRefresh = $emulator.RefreshToken
                Invoke-ZcrmEmulatorTokenExpiry $emulator

                # B: another process connects the same profile with a new grant code.
                $code = New-ZcrmEmulatorGrantCode $emulator
                $child = Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters ((Get-ZcrmChildVaultParameter $vaultInfo) + @{
                        Manifest = (Get-ZcrmTestPath Manifest); Url = $emulator.Url; ClientId = $emulator.ClientId; ClientSecret = $emulator.ClientSecret; Code = $code
                    }) -Script @'
if ($p.VaultDouble) { Import-Module $p.VaultDouble -ArgumentList $p.VaultStore, 'TestVault' -ErrorAction Stop }
Import-Module $p.Manifest -ErrorAction Stop
$secret = ConvertTo-SecureString -String $p.ClientSecret -AsPlainText -Force
$grant = ConvertTo-SecureString -String $p.Code -AsPlainText -Force
Connect-Zcrm -Profile shared -ClientId $p.ClientId -ClientSecret $secret -GrantToken $grant -AccountsUrl $p.Url -ApiDomain $p.Url -Vault $p.Vault -ErrorAction Stop | Out-Null
'@
                $child.Failure | Should -BeNullOrEmpty -Because $child.Output
                $bRevision = (ConvertFrom-Json (Get-SavedProfileJson)).revision
                $bRefresh = (ConvertFrom-Json (Get-SavedProfileJson)).refreshToken
                $bRefresh | Should -Not -Be $oldRefresh
                if ($ExpectedMints -gt 0) { Set-SavedTokenExpired }
                $before = Get-MintCount $emulator

                # A's token was expired by Zoho: its next call refreshes, reading the profile first.
                $read = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 1 -Verbose } -AllStreams
                $read.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $read)
                $read.Output | Should -HaveCount 1
                ($read.Verbose -join "`n") | Should -Match 'newer refresh token'
                ((Get-MintCount $emulator) - $before) | Should -Be $ExpectedMints

                $saved = ConvertFrom-Json (Get-SavedProfileJson)
                $saved.refreshToken | Should -BeExactly $bRefresh -Because "A must not put its older refresh token back"
                $saved.revision | Should -BeGreaterOrEqual $bRevision
                (Get-SavedProfileJson).Contains($oldRefresh) | Should -BeFalse
                if ($ExpectedMints -gt 0) {
                    $mint = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/oauth/v2/token' } | Select-Object -Last 1)
                    [string]$mint[0].body | Should -Match ([regex]::Escape([System.Uri]::EscapeDataString($bRefresh)))
                    $saved.revision | Should -Be ($bRevision + 1) -Because 'a refresh writes only the token part, one revision up'
                }
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'A profile saved by the previous version (no revision) loads, and a refresh adds only the token and a revision' {
            $emulator = Start-ZcrmTestEmulator -Leads 5
            try {
                Connect-SharedProfile $emulator
                Reset-ZcrmTestConnection
                $json = Get-SavedProfileJson
                $old = $json -replace '"revision":\d+,', '' -replace '"refreshTokenIssuedAt":"[^"]*",', ''
                $old | Should -Not -Match 'revision'
                Set-SavedProfileJson $old
                Set-SavedTokenExpired

                $connect = Invoke-ZcrmCaptured { Connect-Zcrm -Profile shared -Vault $vaultInfo.Vault }
                $connect.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $connect)
                $saved = ConvertFrom-Json (Get-SavedProfileJson)
                $saved.revision | Should -Be 1
                $saved.refreshToken | Should -BeExactly $emulator.RefreshToken
                $saved.PSObject.Properties['refreshTokenIssuedAt'] | Should -BeNullOrEmpty -Because 'only the token part is written'
                [System.DateTimeOffset]::Parse($saved.accessTokenExpiresAt, [System.Globalization.CultureInfo]::InvariantCulture) | Should -BeGreaterThan ([System.DateTimeOffset]::UtcNow)
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }
    }

    Context 'A stop on error tells the whole truth' {
        It '<Name> with <How> writes the result of every row sent, then stops' -ForEach @(
            @{ Name = 'New-ZcrmRecord'; How = '-ErrorAction Stop' }
            @{ Name = 'New-ZcrmRecord'; How = "`$ErrorActionPreference = 'Stop'" }
            @{ Name = 'New-ZcrmLead'; How = '-ErrorAction Stop' }
            @{ Name = 'Set-ZcrmRecord'; How = '-ErrorAction Stop' }
            @{ Name = 'Set-ZcrmRecord'; How = "`$ErrorActionPreference = 'Stop'" }
            @{ Name = 'Remove-ZcrmRecord'; How = '-ErrorAction Stop' }
        ) {
            $emulator = Start-ZcrmTestEmulator -Leads 10
            try {
                Connect-ZcrmTestEmulator $emulator
                $ids = @(Get-ZcrmEmulatorLeadId $emulator | Select-Object -First 2)
                $rows = switch ($Name) {
                    'New-ZcrmRecord' { @(@{ Last_Name = 'First' }, @{ Last_Name = ''; Company = 'No name' }, @{ Last_Name = 'Third' }) }
                    'New-ZcrmLead' { @([pscustomobject]@{ LastName = 'First' }, [pscustomobject]@{ LastName = ''; Company = 'No name' }, [pscustomobject]@{ LastName = 'Third' }) }
                    'Set-ZcrmRecord' { @(@{ id = $ids[0]; Description = 'one' }, @{ id = '111111111111111111'; Description = 'missing' }, @{ id = $ids[1]; Description = 'three' }) }
                    'Remove-ZcrmRecord' { @($ids[0], '111111111111111111', $ids[1]) }
                }
                $stopByPreference = $How -like '*Preference*'
                $output = [System.Collections.Generic.List[object]]::new()
                $stopped = $null
                try {
                    if ($stopByPreference) { $ErrorActionPreference = 'Stop' }
                    $splat = @{}
                    if (-not $stopByPreference) { $splat['ErrorAction'] = 'Stop' }
                    switch ($Name) {
                        'New-ZcrmRecord' { $rows | New-ZcrmRecord -Module Leads @splat | ForEach-Object { $output.Add($_) } }
                        'New-ZcrmLead' { $rows | New-ZcrmLead @splat | ForEach-Object { $output.Add($_) } }
                        'Set-ZcrmRecord' { $rows | Set-ZcrmRecord -Module Leads @splat | ForEach-Object { $output.Add($_) } }
                        'Remove-ZcrmRecord' { $rows | Remove-ZcrmRecord -Module Leads -Force @splat | ForEach-Object { $output.Add($_) } }
                    }
                }
                catch {
                    $stopped = $_
                }
                finally {
                    $ErrorActionPreference = 'Continue'
                }

                $stopped | Should -Not -BeNullOrEmpty -Because 'the failed row stops the command'
                $output | Should -HaveCount 3 -Because 'rows 1 and 3 were sent in the same call as row 2: their results are written before the stop'
                @($output | ForEach-Object { [long]$_.Index }) | Should -Be @(0, 1, 2)
                $output[0].Status | Should -BeExactly 'Success'
                $output[1].Status | Should -Not -BeExactly 'Success'
                $output[2].Status | Should -BeExactly 'Success'
                [string]$output[2].Id | Should -Not -BeNullOrEmpty -Because 'the third row was done in Zoho, and its id reached the caller'
                $stopped.TargetObject | Should -Be $rows[1]
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'With -ErrorAction Stop a bad value stops after the rows before it are sent and reported; rows after it are not sent' {
            $emulator = Start-ZcrmTestEmulator -Leads 1
            try {
                Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                $rows = @(@{ Last_Name = 'A' }, @{ Last_Name = 'B' }, @{ Last_Name = 'Bad'; Annual_Revenue = [double]::NaN }, @{ Last_Name = 'D' })
                $output = [System.Collections.Generic.List[object]]::new()
                $stopped = $null
                try { $rows | New-ZcrmRecord -Module Leads -ErrorAction Stop | ForEach-Object { $output.Add($_) } }
                catch { $stopped = $_ }

                $stopped.FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmInvalidValue*'
                $output | Should -HaveCount 3
                @($output | Select-Object -First 2 | Where-Object { $_.Status -ceq 'Success' }) | Should -HaveCount 2
                $inserts = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'POST' -and $_.path -ceq '/crm/v8/Leads' })
                $inserts | Should -HaveCount 1
                @((ConvertFrom-Json $inserts[0].body).data) | Should -HaveCount 2 -Because 'row D comes after the stop and is never sent'
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'With -ThrottleLimit, the results of every call in flight are written before the stop' {
            $emulator = Start-ZcrmTestEmulator -Leads 1
            try {
                Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                $rows = @(for ($i = 0; $i -lt 250; $i++) { @{ Last_Name = if ($i -eq 120) { '' } else { "Row$i" }; Company = "Co $i" } })
                $output = [System.Collections.Generic.List[object]]::new()
                $stopped = $null
                try { $rows | New-ZcrmRecord -Module Leads -ThrottleLimit 3 -ErrorAction Stop | ForEach-Object { $output.Add($_) } }
                catch { $stopped = $_ }

                $stopped.FullyQualifiedErrorId | Should -BeLikeExactly 'MANDATORY_NOT_FOUND*'
                $stopped.TargetObject | Should -Be $rows[120]
                $output | Should -HaveCount 250 -Because 'three calls were in flight together; every one of their rows is reported'
                @($output | Where-Object { $_.Status -ceq 'Success' }) | Should -HaveCount 249
                @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'POST' -and $_.path -ceq '/crm/v8/Leads' }) | Should -HaveCount 3
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'Invoke-ZcrmLeadConversion -ErrorAction Stop writes the conversions done, then stops with Zoho''s code' {
            $emulator = Start-ZcrmTestEmulator -Leads 10
            try {
                Connect-ZcrmTestEmulator $emulator
                $ids = @(Get-ZcrmEmulatorLeadId $emulator | Select-Object -First 3)
                $null = Invoke-ZcrmLeadConversion -Id $ids[1] -Force -ErrorAction Stop
                $output = [System.Collections.Generic.List[object]]::new()
                $stopped = $null
                try { $ids | Invoke-ZcrmLeadConversion -Force -ErrorAction Stop | ForEach-Object { $output.Add($_) } }
                catch { $stopped = $_ }

                $stopped.FullyQualifiedErrorId | Should -BeLikeExactly 'ID_ALREADY_CONVERTED*'
                $output | Should -HaveCount 1
                [string]$output[0].LeadId | Should -BeExactly $ids[0]
                @(Get-ZcrmRecord -Module Leads -Converted false -All -Field Last_Name | Where-Object { [string]$_.id -ceq $ids[2] }) | Should -HaveCount 1 -Because 'the lead after the stop is not converted'
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'Every write cmdlet''s help says what -ErrorAction Stop does' -ForEach @(
            @{ Name = 'New-ZcrmRecord' }, @{ Name = 'New-ZcrmLead' }, @{ Name = 'Set-ZcrmRecord' }, @{ Name = 'Remove-ZcrmRecord' }, @{ Name = 'Invoke-ZcrmLeadConversion' }
        ) {
            $text = [System.IO.File]::ReadAllText([System.IO.Path]::Combine((Get-ZcrmTestPath HelpSources), $Name + '.md'))
            $text | Should -Match '-ErrorAction Stop'
            $text | Should -Match 'already sent'
        }
    }

    Context 'One bad value never takes a batch down' {
        It 'A row with <Case> fails on its own, naming the field, and the other rows are created in one call' -ForEach @(
            @{ Case = 'NaN in a currency field'; Field = 'Annual_Revenue'; Value = [double]::NaN }
            @{ Case = '+Infinity in a currency field'; Field = 'Annual_Revenue'; Value = [double]::PositiveInfinity }
            @{ Case = '-Infinity in an integer field'; Field = 'No_of_Employees'; Value = [double]::NegativeInfinity }
            @{ Case = '1e300 in a currency field'; Field = 'Annual_Revenue'; Value = 1e300 }
            @{ Case = '1e300 in an integer field'; Field = 'No_of_Employees'; Value = 1e300 }
            @{ Case = '3e9 in a 32-bit integer field'; Field = 'No_of_Employees'; Value = 3000000000 }
            @{ Case = 'an array in a text field'; Field = 'Company'; Value = @('One', 'Two') }
            @{ Case = 'a script block'; Field = 'Description'; Value = { Get-Date } }
        ) {
            $emulator = Start-ZcrmTestEmulator -Leads 1
            try {
                Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                $bad = @{ Last_Name = 'Bad' }
                $bad[$Field] = $Value
                $rows = @(@{ Last_Name = 'Good1' }, $bad, @{ Last_Name = 'Good2' })
                $result = Invoke-ZcrmCaptured { $rows | New-ZcrmRecord -Module Leads }

                $result.Terminating | Should -BeNullOrEmpty -Because (Get-ZcrmErrorText $result)
                $result.Errors | Should -HaveCount 1
                $result.Errors[0].FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmInvalidValue*'
                $result.Errors[0].TargetObject | Should -Be $bad
                $result.Errors[0].Exception.Details['api_name'] | Should -BeExactly $Field
                [string]$result.Errors[0] | Should -Match $Field
                $result.Output | Should -HaveCount 3
                @($result.Output | Where-Object { $_.Status -ceq 'Success' }) | Should -HaveCount 2
                $inserts = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'POST' -and $_.path -ceq '/crm/v8/Leads' })
                $inserts | Should -HaveCount 1
                [string]$inserts[0].body | Should -Not -Match 'System\.Object\[\]|ScriptBlock|Get-Date'
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It '<Piped> piped to <Name> is a per-row error, not a record, and nothing is sent for it' -ForEach @(
            @{ Name = 'New-ZcrmRecord'; Piped = 'hello' }
            @{ Name = 'New-ZcrmRecord'; Piped = 42 }
            @{ Name = 'Set-ZcrmRecord'; Piped = 'abc' }
        ) {
            $emulator = Start-ZcrmTestEmulator -Leads 1
            try {
                Connect-ZcrmTestEmulator $emulator
                $null = Get-ZcrmField -Module Leads
                Clear-ZcrmEmulatorRequest $emulator
                $item = $Piped
                $result = if ($Name -eq 'New-ZcrmRecord') { Invoke-ZcrmCaptured { $item | New-ZcrmRecord -Module Leads } }
                else { Invoke-ZcrmCaptured { $item | Set-ZcrmRecord -Module Leads -Property @{ Description = 'x' } } }

                $result.Terminating | Should -BeNullOrEmpty -Because (Get-ZcrmErrorText $result)
                $result.Errors | Should -HaveCount 1
                $result.Errors[0].FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmInputNotARecord*'
                $result.Errors[0].TargetObject | Should -Be $item
                $result.Output | Should -HaveCount 1
                $result.Output[0].Status | Should -Not -BeExactly 'Success'
                $result.Output[0].Status | Should -Not -BeExactly 'Skipped'
                @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -cne 'GET' }) | Should -HaveCount 0
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }
    }

    Context 'Exhausted retries in the middle of -All' {
        It 'Get-ZcrmRecord -All says how many records were written and how to resume (<Paging>)' -ForEach @(
            @{ Paging = 'page numbers'; Leads = 1000; Skip = 2; Written = 400; Resume = '-Page 3' }
            @{ Paging = 'page tokens'; Leads = 2600; Skip = 11; Written = 2200; Resume = 'page token' }
        ) {
            $emulator = Start-ZcrmTestEmulator -Leads $Leads
            try {
                $null = Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret (ConvertTo-ZcrmSecureString $emulator.ClientSecret) -RefreshToken (ConvertTo-ZcrmSecureString $emulator.RefreshToken) `
                    -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -NoPersist -MaxRetryCount 1 -ErrorAction Stop
                $null = Get-ZcrmField -Module Leads
                Add-ZcrmEmulatorFault $emulator @{ kind = 'InternalError'; pathPrefix = '/crm/v8/Leads'; method = 'GET'; skip = $Skip; count = 50 }

                $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -All -Field Last_Name }
                $result.Output | Should -HaveCount $Written -Because 'the pages read before the failure stay written'
                $result.Terminating | Should -Not -BeNullOrEmpty
                $result.Terminating.Exception.Message | Should -Match "$Written records"
                $result.Terminating.ErrorDetails.RecommendedAction | Should -Match "$Written records were already written"
                $result.Terminating.ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape($Resume))
                $result.Terminating.Exception.InnerException | Should -Not -BeNullOrEmpty

                if ($Resume -eq '-Page 3') {
                    $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method DELETE -Name 'faults'
                    $rest = @(Get-ZcrmRecord -Module Leads -All -Field Last_Name -Page 3)
                    $all = @(Get-ZcrmRecord -Module Leads -All -Field Last_Name)
                    $rest | Should -HaveCount ($all.Count - $Written)
                    @(@($result.Output) + $rest | ForEach-Object { [string]$_.id } | Sort-Object -Unique) | Should -HaveCount $all.Count -Because 'the resumed read continues exactly where the first stopped'

                }
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }
    }

    Context 'Invoke-ZcrmRestMethod stays inside the API' {
        It 'Refuses <Path> before any call' -ForEach @(
            @{ Path = '../../__emulator/stats' }
            @{ Path = 'Leads/../../../__emulator/stats' }
            @{ Path = '%2e%2e/%2e%2e/__emulator/stats' }
            @{ Path = '..%2F..%2F__emulator%2Fstats' }
            @{ Path = '%252e%252e/%252e%252e/__emulator/stats' }
            @{ Path = 'Leads\..\..\__emulator\stats' }
            @{ Path = '/__emulator/stats' }
            @{ Path = '//evil.example/crm/v8/Leads' }
            @{ Path = 'https://evil.example/crm/v8/Leads' }
        ) {
            $emulator = Start-ZcrmTestEmulator -Leads 1
            try {
                Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                $result = Invoke-ZcrmCaptured { Invoke-ZcrmRestMethod -Path $Path }
                $result.Error | Should -Not -BeNullOrEmpty
                $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmPathOutsideApi*'
                [string]$result.Error | Should -Match 'Nothing was sent'
                @(Get-ZcrmEmulatorRequest $emulator) | Should -HaveCount 0
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }

        It 'Accepts a full URL of the connection''s own API domain' {
            $emulator = Start-ZcrmTestEmulator -Leads 3
            try {
                Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                $result = Invoke-ZcrmCaptured { Invoke-ZcrmRestMethod -Path ($emulator.Url.TrimEnd('/') + '/crm/v8/Leads?fields=Last_Name&per_page=2') }
                $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                @($result.Output[0].data) | Should -HaveCount 2
            }
            finally {
                Stop-ZcrmTestEmulator $emulator
            }
        }
    }
}
