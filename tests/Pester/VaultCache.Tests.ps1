# A vault that serves what a process read earlier: SecretStore keeps the store a process loaded and reloads it only
# about 5 s after another process writes the file. Processes sharing one saved profile in such a vault still mint one
# access token when theirs expires: the one that mints records the profile revision in the profile lock file, and the
# others, reading an older revision under the lock, read again until the vault catches up.
#
# The SecretManagement test double plays that vault ($env:ZCRM_TESTDOUBLE_RELOAD_MS), so this spec always uses the
# double, also where the real SecretManagement is installed.

Describe 'VaultCache' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $savedVaultMode = $env:ZCRM_PESTER_VAULT
        $env:ZCRM_PESTER_VAULT = 'TestDouble'
        $vaultInfo = Initialize-ZcrmTestVault -Folder $TestDrive
        $children = [System.IO.Path]::Combine($TestDrive, 'children')
        $savedLockFolder = $env:ZCRM_PROFILE_LOCK_DIR
        $env:ZCRM_PROFILE_LOCK_DIR = [System.IO.Path]::Combine($TestDrive, 'locks')
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Remove-ZcrmTestVault $vaultInfo
        $env:ZCRM_PESTER_VAULT = $savedVaultMode
        $env:ZCRM_PROFILE_LOCK_DIR = $savedLockFolder
    }

    It 'Four processes whose vault still serves the expired token take the one a neighbour saved instead of minting their own' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            $null = Connect-Zcrm -Profile cached -ClientId $emulator.ClientId -ClientSecret (ConvertTo-ZcrmSecureString $emulator.ClientSecret) `
                -RefreshToken (ConvertTo-ZcrmSecureString $emulator.RefreshToken) -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.Vault -ErrorAction Stop
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1

            $barrier = [System.IO.Path]::Combine($TestDrive, 'barrier')
            [void][System.IO.Directory]::CreateDirectory($barrier)
            $parameters = Get-ZcrmChildVaultParameter $vaultInfo
            $parameters['Manifest'] = Get-ZcrmTestPath Manifest
            $parameters['Barrier'] = $barrier
            # Each child loads the profile (and so caches it), says it is ready, waits until the tokens have expired,
            # then reads: its first call is refused, and its refresh meets a vault still serving the old profile.
            $childScript = @'
$env:ZCRM_TESTDOUBLE_RELOAD_MS = '2500'
Import-Module $p.VaultDouble -ArgumentList $p.VaultStore, 'TestVault' -ErrorAction Stop
Import-Module $p.Manifest -ErrorAction Stop
$null = Connect-Zcrm -Profile cached -Vault $p.Vault -ErrorAction Stop
[System.IO.File]::WriteAllText([System.IO.Path]::Combine($p.Barrier, 'ready-' + $PID), '')
$go = [System.IO.Path]::Combine($p.Barrier, 'go')
$until = [System.DateTime]::UtcNow.AddSeconds(60)
while (-not [System.IO.File]::Exists($go) -and [System.DateTime]::UtcNow -lt $until) { Start-Sleep -Milliseconds 20 }
$verbose = @(Get-ZcrmRecord -Module Leads -First 5 -Verbose 4>&1)
$result['Ids'] = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object { [string]$_.id })
$result['Verbose'] = @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
'@
            $common = [System.IO.Path]::Combine($PSScriptRoot, 'Common.ps1')
            $jobs = foreach ($i in 1..4) {
                Start-ThreadJob -ScriptBlock {
                    . $using:common
                    Invoke-ZcrmChildPwsh -WorkFolder $using:children -Parameters $using:parameters -Script $using:childScript
                }
            }
            $until = [System.DateTime]::UtcNow.AddSeconds(120)
            while (@([System.IO.Directory]::GetFiles($barrier, 'ready-*')).Count -lt 4 -and [System.DateTime]::UtcNow -lt $until -and @($jobs | Where-Object { $_.State -in 'Completed', 'Failed', 'Stopped' }).Count -eq 0) {
                Start-Sleep -Milliseconds 50
            }
            Invoke-ZcrmEmulatorTokenExpiry $emulator
            [System.IO.File]::WriteAllText([System.IO.Path]::Combine($barrier, 'go'), '')
            $results = @($jobs | Wait-Job | Receive-Job)
            $jobs | Remove-Job

            $results | Should -HaveCount 4
            foreach ($child in $results) {
                $child.Failure | Should -BeNullOrEmpty -Because $child.Output
                @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
                @($child.Ids) | Should -HaveCount 5
            }
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 2 -Because 'one process mints after the expiry and the others wait for the vault to serve its token'
            $verbose = @($results | ForEach-Object { $_.Verbose })
            @($verbose | Where-Object { $_ -like '*older than revision*' }).Count | Should -BeGreaterThan 0 -Because 'the vault served the profile as it was before the new token was saved'
            @($verbose | Where-Object { $_ -like '*another process saved*' }).Count | Should -BeGreaterOrEqual 3 -Because 'the three that did not mint say so'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
