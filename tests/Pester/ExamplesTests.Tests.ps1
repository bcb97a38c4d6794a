# Mirrors tests/ZohoCrm.PowerShell.Tests/ExamplesTests.cs: every script in examples/ runs against an emulator, so the
# examples cannot rot. A new example needs a case below, or its test fails and says so. Real pwsh has Import-Csv,
# Export-Csv and Get-Date, so the UtilityShims.ps1 the hosted xunit engine needs are not loaded here.

BeforeDiscovery {
    $examplesFolder = [System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples')
    $examples = @(
        foreach ($path in [System.IO.Directory]::GetFiles($examplesFolder, '*.ps1')) {
            @{ Name = [System.IO.Path]::GetFileName($path) }
        }
    )
}

Describe 'ExamplesTests' {
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

    It 'Example <Name> runs cleanly' -ForEach $examples {
        $script = [System.IO.Path]::Combine((Get-ZcrmTestPath Examples), $Name)
        switch ($Name) {
            'quickstart.ps1' {
                # The quickstart starts its own emulator process, as a newcomer's first run does.
                $result = Invoke-ZcrmCaptured { & $script -Leads 2500 }

                $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                $summary = @($result.Output | Where-Object { $_ -is [string] -and $_ -match '^Read ([\d,]+) leads' })
                $summary | Should -HaveCount 1
                $null = $summary[0] -match '^Read ([\d,]+) leads'
                $leads = [int]($Matches[1] -replace ',', '')
                $leads | Should -BeGreaterOrEqual 2000
                $leads | Should -BeLessOrEqual 2500
                $byStatus = 0
                foreach ($row in @($result.Output | Where-Object { $null -ne $_.PSObject.Properties['Lead_Status'] })) { $byStatus += [int]$row.Count }
                $byStatus | Should -Be $leads
                @($result.Output | Where-Object { $_ -is [string] -and $_.StartsWith('Connected to http://127.0.0.1:', [System.StringComparison]::Ordinal) }).Count |
                    Should -BeGreaterThan 0
            }
            'import-leads.ps1' {
                $emulator = Start-ZcrmTestEmulator -Leads 10
                try {
                    $folder = [System.IO.Path]::Combine($TestDrive, 'zcrm-import-' + [System.Guid]::NewGuid().ToString('N'))
                    [void][System.IO.Directory]::CreateDirectory($folder)
                    $csv = [System.IO.Path]::Combine($folder, 'leads.csv')
                    [System.IO.File]::WriteAllLines($csv, [string[]]@(
                            'Last Name,First Name,Company,E-mail,Lead Source'
                            'Okafor,Ada,Northwind,ada@northwind.example,Web Download'
                            '"O''Neil, Jr.",Sam,"Contoso, Ltd",sam@contoso.example,Trade Show'
                            ',NoLastName,Nowhere,nobody@nowhere.example,Web Download'
                            'Bad,Email,Somewhere,not-an-email,Web Download'
                        ))
                    Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                    $result = Invoke-ZcrmCaptured { & $script -Path $csv }

                    $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
                    $result.Output | Should -HaveCount 1
                    $summary = $result.Output[0]
                    [int]$summary.Rows | Should -Be 4
                    [int]$summary.Created | Should -Be 2
                    [int]$summary.Failed | Should -Be 2
                    $failedRows = [System.IO.File]::ReadAllLines([string]$summary.FailedRows)
                    $failedRows | Should -HaveCount 3
                    $failedRows[0].Contains('Error') | Should -BeTrue
                    $leads = @(Get-ZcrmEmulatorLead $emulator -Fields 'Last_Name,Company' -Converted both)
                    @($leads | Where-Object { $_.Last_Name -ceq "O'Neil, Jr." -and $_.Company -ceq 'Contoso, Ltd' }).Count | Should -BeGreaterThan 0

                    # Running it again updates instead of duplicating.
                    $again = Invoke-ZcrmCaptured { & $script -Path $csv }
                    $again.Output | Should -HaveCount 1
                    [int]$again.Output[0].Updated | Should -Be 2
                    @(Get-ZcrmEmulatorLead $emulator -Converted both) | Should -HaveCount 12
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'convert-leads.ps1' {
                $emulator = Start-ZcrmTestEmulator -Leads 300
                try {
                    $qualified = @(Get-ZcrmEmulatorLead $emulator -Fields 'Lead_Status' | Where-Object { $_.Lead_Status -ceq 'Pre-Qualified' }).Count
                    $qualified | Should -BeGreaterThan 0 -Because 'the seed data has pre-qualified leads'
                    Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                    $whatIf = Invoke-ZcrmCaptured { & $script -Status 'Pre-Qualified' -WhatIf }
                    $whatIf.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $whatIf)
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.EndsWith('/actions/convert', [System.StringComparison]::Ordinal) }).Count | Should -Be 0

                    $result = Invoke-ZcrmCaptured { & $script -Status 'Pre-Qualified' -DealStage Qualification }
                    $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                    $result.Output | Should -HaveCount $qualified
                    @($result.Output | Where-Object { [string]::IsNullOrEmpty([string]$_.DealId) }).Count | Should -Be 0
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            default {
                throw "examples/$Name has no test: add how to run it to tests/Pester/ExamplesTests.Tests.ps1 (and ExamplesTests.cs)."
            }
        }
    }
}
