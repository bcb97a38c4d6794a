# Profiles saved in a vault and loaded again by a new pwsh process.
#
# With Microsoft.PowerShell.SecretManagement installed, the profiles go through it for real, into two throw-away
# extension vaults (tests/TestDoubles/ZohoCrm.TestVault) registered for this run and unregistered in AfterAll. The
# user's own vaults are never read or written: every command names the test vault with -Vault. Without
# SecretManagement, the SecretManagement test double stands in, and the child process imports it over the same store
# folder.

Describe 'PersistenceTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $vaultInfo = Initialize-ZcrmTestVault -Folder $TestDrive
        $children = [System.IO.Path]::Combine($TestDrive, 'children')

        # Connect-Zcrm in a new pwsh process: imports the module (and the test double when that is what the specs
        # use) and runs $body; $p has the vault names and anything passed in -Parameters.
        function Invoke-ZcrmNewProcess {
            param([string] $Body, [hashtable] $Parameters = @{})

            $all = Get-ZcrmChildVaultParameter $vaultInfo
            $all['Manifest'] = Get-ZcrmTestPath Manifest
            foreach ($key in $Parameters.Keys) { $all[$key] = $Parameters[$key] }
            $childScript = @'
if ($p.VaultDouble) { Import-Module $p.VaultDouble -ArgumentList $p.VaultStore, 'TestVault' -ErrorAction Stop }
Import-Module $p.Manifest -ErrorAction Stop

'@ + $Body
            return (Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters $all -Script $childScript)
        }
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Remove-ZcrmTestVault $vaultInfo
    }

    BeforeEach {
        Reset-ZcrmTestConnection
        Clear-ZcrmTestVault $vaultInfo
    }

    It 'A saved profile is one secret, and a new process reuses its access token without a token call' {
        $emulator = Start-ZcrmTestEmulator
        try {
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $refresh = ConvertTo-ZcrmSecureString $emulator.RefreshToken
            $first = Invoke-ZcrmCaptured {
                Connect-Zcrm -Profile prod -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.Vault
            }
            $first.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $first)
            $first.Output | Should -HaveCount 1
            $first.Output[0].Vault | Should -BeExactly $vaultInfo.Vault
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1

            $info = @(Get-SecretInfo -Name 'ZohoCrm/*' -Vault $vaultInfo.Vault)
            $info | Should -HaveCount 1
            $info[0].Name | Should -BeExactly 'ZohoCrm/prod'
            $info[0].Type.ToString() | Should -BeExactly 'SecureString'

            $child = Invoke-ZcrmNewProcess -Body @'
$connection = Connect-Zcrm -Profile prod -Vault $p.Vault
$result['Vault'] = [string]$connection.Vault
$result['Ids'] = @(Get-ZcrmRecord -Module Leads -First 3 | ForEach-Object { [string]$_.id })
'@
            $child.Failure | Should -BeNullOrEmpty -Because $child.Output
            @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1 -Because 'the new process reuses the saved access token: still only the first mint'
            $child.Vault | Should -BeExactly $vaultInfo.Vault
            @($child.Ids) | Should -HaveCount 3
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A refreshed token is written back so the next process uses it' {
        $emulator = Start-ZcrmTestEmulator
        try {
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $refresh = ConvertTo-ZcrmSecureString $emulator.RefreshToken
            $connect = Invoke-ZcrmCaptured {
                Connect-Zcrm -Profile prod -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.Vault
            }
            $connect.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $connect)

            Invoke-ZcrmEmulatorTokenExpiry $emulator
            $refreshed = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 1 | Out-Null }
            $refreshed.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $refreshed)
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 2

            $child = Invoke-ZcrmNewProcess -Body @'
Connect-Zcrm -Profile prod -Vault $p.Vault | Out-Null
Get-ZcrmRecord -Module Leads -First 1 | Out-Null
'@
            $child.Failure | Should -BeNullOrEmpty -Because $child.Output
            @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 2
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A grant code is exchanged once and its refresh token saved' {
        $emulator = Start-ZcrmTestEmulator
        try {
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $code = New-ZcrmEmulatorGrantCode $emulator
            $codeSecure = ConvertTo-ZcrmSecureString $code
            $result = Invoke-ZcrmCaptured {
                Connect-Zcrm -Profile granted -ClientId $emulator.ClientId -ClientSecret $secret -GrantToken $codeSecure -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.OtherVault
            }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0].Vault | Should -BeExactly $vaultInfo.OtherVault
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1

            $saved = @(Get-Secret -Name ZohoCrm/granted -Vault $vaultInfo.OtherVault -AsPlainText)
            $saved | Should -HaveCount 1
            $json = [string]$saved[0]
            $json.Contains('"refreshToken":"') | Should -BeTrue
            $json.Contains($code) | Should -BeFalse -Because 'the grant code is spent and never stored'

            $child = Invoke-ZcrmNewProcess -Body @'
Connect-Zcrm -Profile granted -Vault $p.OtherVault | Out-Null
'@
            $child.Failure | Should -BeNullOrEmpty -Because $child.Output
            @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Saved profiles are listed, and a missing one is a clear error' {
        $emulator = Start-ZcrmTestEmulator
        try {
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $refresh = ConvertTo-ZcrmSecureString $emulator.RefreshToken
            $connect = Invoke-ZcrmCaptured {
                Connect-Zcrm -Profile one -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.Vault
            }
            $connect.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $connect)

            $list = Invoke-ZcrmCaptured { Get-ZcrmConnection -ListAvailable -Vault $vaultInfo.Vault }
            $list.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $list)
            $list.Output | Should -HaveCount 1
            $list.Output[0].Profile | Should -BeExactly 'one'
            $list.Output[0].Vault | Should -BeExactly $vaultInfo.Vault
            $list.Output[0].Connected | Should -Be $true

            $missing = Invoke-ZcrmCaptured { Connect-Zcrm -Profile nope -Vault $vaultInfo.Vault }
            $missing.Error | Should -Not -BeNullOrEmpty
            $missing.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmSavedProfileNotFound*'
            $missing.Error.CategoryInfo.Category.ToString() | Should -BeExactly 'ObjectNotFound'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Disconnect revokes at Zoho, removes the secret and forgets the connection' {
        $emulator = Start-ZcrmTestEmulator
        try {
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $refresh = ConvertTo-ZcrmSecureString $emulator.RefreshToken
            $connect = Invoke-ZcrmCaptured {
                Connect-Zcrm -Profile gone -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.Vault
            }
            $connect.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $connect)

            $whatIf = Invoke-ZcrmCaptured { Disconnect-Zcrm -Profile gone -Revoke -RemoveSecret -WhatIf }
            $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
            @(Get-SecretInfo -Name ZohoCrm/gone -Vault $vaultInfo.Vault) | Should -HaveCount 1
            @(Get-ZcrmConnection) | Should -HaveCount 1

            $result = Invoke-ZcrmCaptured { Disconnect-Zcrm -Profile gone -Revoke -RemoveSecret -Confirm:$false }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/oauth/v2/token/revoke' }).Count | Should -BeGreaterThan 0
            @(Get-SecretInfo -Name ZohoCrm/gone -Vault $vaultInfo.Vault).Count | Should -Be 0
            @(Get-ZcrmConnection).Count | Should -Be 0

            # The revoked refresh token no longer mints access tokens.
            $again = Invoke-ZcrmCaptured {
                Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -NoPersist
            }
            $again.Error | Should -Not -BeNullOrEmpty
            $again.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'OAUTH_INVALID_CODE*'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
