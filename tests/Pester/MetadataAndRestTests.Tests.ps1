# Modules, fields and the organization (cached per session), and Invoke-ZcrmRestMethod.

Describe 'MetadataAndRestTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    It 'Modules and fields are listed and cached for the session' {
        $emulator = Start-ZcrmTestEmulator
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                Get-ZcrmModule -Name Lead*, Deals | ForEach-Object { $_.ApiName }
                Get-ZcrmModule | Out-Null
                Get-ZcrmField -Module Leads -Name Last_Name | ForEach-Object { $_.DataType; $_.SystemMandatory }
            }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 4
            $result.Output[0] | Should -BeExactly 'Leads'
            $result.Output[1] | Should -BeExactly 'Deals'
            $result.Output[2] | Should -BeExactly 'text'
            $result.Output[3] | Should -BeOfType System.Boolean
            $result.Output[3] | Should -Be $true
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/settings/modules' }).Count | Should -Be 1
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Field lists correct the module name, carry it, and can be refreshed' {
        $emulator = Start-ZcrmTestEmulator
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                Get-ZcrmField -Module leads -Name Email | ForEach-Object { $_.Module }
                Get-ZcrmField Leads -Force | Out-Null
                Get-ZcrmModule -Name 'Lead*' -Force | ForEach-Object { $_.ApiName }
            }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            Assert-ZcrmSequence -Actual $result.Output -Expected 'Leads', 'Leads'
            $requests = @(Get-ZcrmEmulatorRequest $emulator)
            @($requests | Where-Object { $_.path -ceq '/crm/v8/settings/fields' -and $_.statusCode -eq 200 }).Count | Should -Be 2
            @($requests | Where-Object { $_.path -ceq '/crm/v8/settings/modules' }).Count | Should -Be 2
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'The organization is read' {
        $emulator = Start-ZcrmTestEmulator
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmOrganization }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0].CompanyName | Should -Not -BeNullOrEmpty
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Invoke-ZcrmRestMethod reaches any endpoint and pages with -All' {
        $emulator = Start-ZcrmTestEmulator -Leads 2500
        try {
            $expectedCount = @(Get-ZcrmEmulatorLeadId $emulator).Count
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $one = Invoke-ZcrmCaptured { Invoke-ZcrmRestMethod -Path 'settings/modules' | ForEach-Object { $_.modules.Count } }
            $one.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $one)
            [int]$one.Output[0] | Should -BeGreaterThan 4

            $all = Invoke-ZcrmCaptured {
                (Invoke-ZcrmRestMethod GET 'Leads?fields=Last_Name,Email' -Query @{ per_page = 200 } -All | ForEach-Object { $_.id } | Where-Object { $_ }).Count
            }
            $all.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $all)
            [int]$all.Output[0] | Should -Be $expectedCount
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads' -and (Test-ZcrmQueryKey $_ 'page_token') }).Count | Should -BeGreaterThan 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Invoke-ZcrmRestMethod writes honour -WhatIf, and errors carry Zoho codes' {
        $emulator = Start-ZcrmTestEmulator
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $whatIf = Invoke-ZcrmCaptured { Invoke-ZcrmRestMethod POST Leads -Body @{ data = @(@{ Last_Name = 'X' }) } -WhatIf }
            $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
            (Get-ZcrmEmulatorStats $emulator).apiCalls | Should -Be 0

            $failed = Invoke-ZcrmCaptured { Invoke-ZcrmRestMethod -Path 'NoSuchModule?fields=a' }
            $failed.Error | Should -Not -BeNullOrEmpty
            $failed.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'INVALID_MODULE*'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
