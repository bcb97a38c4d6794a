# What a newcomer trips over in the first hour (issue 18, items 3 to 13): the quickstart's count, advice on module
# names, unknown endpoints, an unbuilt clone, auth error wording, the vault's own warnings, parameter and -WhatIf
# consistency, the default views at 120 columns, records on their way to a CSV and back, and -Profile completion.

Describe 'Newcomer' {
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

    It 'The quickstart says converted leads are left out, and -Verbose shows its own steps, not Import-Module''s' {
        $script = [System.IO.Path]::Combine((Get-ZcrmTestPath Examples), 'quickstart.ps1')
        $result = Invoke-ZcrmCaptured { & $script -Leads 1200 -Verbose }

        $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
        $text = @($result.Output | Where-Object { $_ -is [string] })
        $read = @($text | Where-Object { $_ -match '^Read ([\d,]+) leads' })
        $read | Should -HaveCount 1
        $null = $read[0] -match '^Read ([\d,]+) leads'
        $notConverted = [int]($Matches[1] -replace ',', '')
        $left = @($text | Where-Object { $_ -match '^([\d,]+) converted leads were left out, .*-Converted both' })
        $left | Should -HaveCount 1 -Because ($text -join "`n")
        $null = $left[0] -match '^([\d,]+) converted'
        $converted = [int]($Matches[1] -replace ',', '')
        $converted | Should -BeGreaterThan 0
        ($notConverted + $converted) | Should -Be 1200 -Because 'the two counts are every seeded lead'

        $imports = @($result.Verbose | Where-Object { $_ -match '^(Loading module|Importing (cmdlet|function|alias|variable))' })
        $imports | Should -HaveCount 0 -Because ($imports -join "`n")
        @($result.Verbose | Where-Object { $_ -match '^GET ' }).Count | Should -BeGreaterThan 0 -Because 'the module''s own -Verbose still shows its calls'
    }

    It 'Importing an unbuilt clone says to run dotnet build' {
        $clone = [System.IO.Path]::Combine($TestDrive, 'unbuilt-' + [System.Guid]::NewGuid().ToString('N'))
        [void][System.IO.Directory]::CreateDirectory($clone)
        foreach ($file in 'ZohoCrm.psd1', 'ZohoCrm.Loader.ps1') {
            [System.IO.File]::Copy([System.IO.Path]::Combine((Get-ZcrmTestPath Root), $file), [System.IO.Path]::Combine($clone, $file))
        }
        $manifest = [System.IO.Path]::Combine($clone, 'ZohoCrm.psd1')

        $printed = & (Get-ZcrmPwshPath) -NoProfile -NonInteractive -Command "try { Import-Module '$manifest' -ErrorAction Stop; 'imported' } catch { 'error: ' + `$_ }" 2>&1 | Out-String

        $printed | Should -Match "error: ZohoCrm is not built: bin/ZohoCrm.PowerShell.dll is missing. Run 'dotnet build'"
        $printed | Should -Not -Match 'Cannot find path'
        $printed | Should -Not -Match 'imported'
    }
}
