# The manifest, its views and types, where Polly loads from,
# what the cmdlet assembly references, and tab completion.

Describe 'ModuleTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $root = Get-ZcrmTestPath Root
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    It 'The manifest imports and exports every cmdlet of the assembly' {
        $module = Get-Module ZohoCrm
        $module | Should -HaveCount 1
        $module.Version.ToString() | Should -BeExactly '0.1.0'
        $module.CompatiblePSEditions | Should -Contain 'Desktop'
        $module.CompatiblePSEditions | Should -Contain 'Core'
        $declared = foreach ($type in $module.ImplementingAssembly.GetTypes()) {
            foreach ($attribute in $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)) { $attribute.VerbName + '-' + $attribute.NounName }
        }
        (@($module.ExportedCmdlets.Keys | Sort-Object) -join ',') | Should -BeExactly (@($declared | Sort-Object) -join ',')
        @($module.ExportedCmdlets.Keys).Count | Should -BeGreaterOrEqual 16
    }

    It 'Views and types are loaded' {
        # Import-Module fails on a malformed view or type file, so loading them is proof they parse; the Lookup type's
        # ToString shows the type data is in effect. They come with the nested bin/ZohoCrm.Views.psd1.
        $module = Get-Module ZohoCrm
        $formats = @($module.NestedModules.ExportedFormatFiles | ForEach-Object { [System.IO.Path]::GetFullPath($_) })
        $types = @($module.NestedModules.ExportedTypeFiles | ForEach-Object { [System.IO.Path]::GetFullPath($_) })
        $formats | Should -Contain ([System.IO.Path]::GetFullPath([System.IO.Path]::Combine($root, 'bin', 'ZohoCrm.format.ps1xml')))
        $types | Should -Contain ([System.IO.Path]::GetFullPath([System.IO.Path]::Combine($root, 'bin', 'ZohoCrm.types.ps1xml')))

        $lookup = [pscustomobject]@{ name = 'Ada'; id = '1' }
        $lookup.PSObject.TypeNames.Insert(0, 'ZohoCrm.Lookup')
        "$lookup" | Should -BeExactly 'Ada'
    }

    It 'Every script column of the views renders one value for records, bulk rows and connections' {
        # Run the way the formatter runs it, each script column gives one value: the name (not the script's own text)
        # for a Get-ZcrmRecord lead, the lookup's id for a bulk read row; Format-Table shows the same.
        $emulator = Start-ZcrmTestEmulator -Leads 5 -ArgumentList @('--bulk-job-ms', '20')
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $record = Get-ZcrmRecord -Module Leads -First 1
            $row = Start-ZcrmBulkRead -Module Leads -Wait | Receive-ZcrmBulkRead | Where-Object id -eq $record.id
            $connection = Get-ZcrmConnection
            [xml]$format = Get-Content -Raw -LiteralPath ([System.IO.Path]::Combine($root, 'src', 'ZohoCrm.PowerShell', 'ZohoCrm.format.ps1xml'))
            $columns = foreach ($pair in @(@('record', $record), @('row', $row), @('connection', $connection))) {
                $item = $pair[1]
                foreach ($view in $format.Configuration.ViewDefinitions.View) {
                    if ($item.PSObject.TypeNames -notcontains $view.ViewSelectedBy.TypeName) { continue }
                    foreach ($script in @($view.SelectNodes('.//ScriptBlock') | ForEach-Object InnerText)) {
                        $values = @($item | ForEach-Object ([scriptblock]::Create($script)))
                        [pscustomobject]@{ Item = $pair[0]; View = $view.ViewSelectedBy.TypeName; Script = $script; Count = $values.Count; Value = if ($values.Count) { $values[0] } }
                    }
                }
            }
            foreach ($column in $columns) {
                $column.Count | Should -BeLessOrEqual 1 -Because "$($column.View): $($column.Script)"
                $column.Value | Should -Not -BeOfType [scriptblock] -Because "$($column.View): $($column.Script)"
            }
            function Get-Column([string] $Item, [string] $ScriptStart) {
                @($columns | Where-Object { $_.Item -eq $Item -and $_.View -ne 'ZohoCrm.Record' -and $_.Script.StartsWith($ScriptStart) })[0].Value
            }
            Get-Column record 'if ($_.Full_Name)' | Should -BeExactly $record.Full_Name
            Get-Column row 'if ($_.Full_Name)' | Should -BeExactly $record.Full_Name
            Get-Column record '$lookup = $_.Owner' | Should -BeExactly $record.Owner.name
            Get-Column row '$lookup = $_.Owner' | Should -BeExactly $record.Owner.id
            Get-Column connection 'if ($_.IsCurrent)' | Should -BeExactly '*'
            ($record | Format-Table | Out-String -Width 300) | Should -BeLike "*$($record.Full_Name)*"
            ($row | Format-Table | Out-String -Width 300) | Should -BeLike "*$($record.Owner.id)*"
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Polly is loaded from the module dependencies folder' {
        $emulator = Start-ZcrmTestEmulator
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                Get-ZcrmRecord -Module Leads -First 1 | Out-Null
                [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } | ForEach-Object { $_.Location }
            }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 1
            [System.IO.Path]::GetFullPath([string]$result.Output[0]) |
                Should -Be ([System.IO.Path]::GetFullPath([System.IO.Path]::Combine($root, 'bin', 'dependencies', 'Polly.Core.dll')))
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'The cmdlet assembly references nothing unexpected' {
        # Only the framework, PowerShell, our core and Newtonsoft.Json (shared with pwsh): Polly stays in dependencies/.
        $allowed = @('netstandard', 'System.Management.Automation', 'ZohoCrm.Core', 'Newtonsoft.Json')
        $assembly = (Get-Command -Name Connect-Zcrm -Module ZohoCrm).ImplementingType.Assembly
        [System.IO.Path]::GetFullPath($assembly.Location) | Should -Be ([System.IO.Path]::GetFullPath((Get-ZcrmTestPath ModuleDll)))
        $references = @($assembly.GetReferencedAssemblies() | ForEach-Object { $_.Name })
        $unexpected = @($references | Where-Object { $allowed -cnotcontains $_ -and -not $_.StartsWith('System.', [System.StringComparison]::Ordinal) })
        $unexpected.Count | Should -Be 0 -Because ('unexpected references: ' + ($unexpected -join ', '))
        $references | Should -Not -Contain 'Polly.Core'
    }

    It 'Module names tab-complete from the connection, and fields from the module' {
        $emulator = Start-ZcrmTestEmulator
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $line = 'Get-ZcrmRecord -Module Le'
            $modules = Invoke-ZcrmCaptured {
                $completion = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
                $completion.CompletionMatches | ForEach-Object { $_.CompletionText }
            }
            $modules.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $modules)
            @($modules.Output | ForEach-Object { [string]$_ }) | Should -Contain 'Leads'

            $line = 'Get-ZcrmRecord -Module Leads -Field Last_'
            $fields = Invoke-ZcrmCaptured {
                $completion = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
                $completion.CompletionMatches | ForEach-Object { $_.CompletionText }
            }
            @($fields.Output | ForEach-Object { [string]$_ }) | Should -Contain 'Last_Name'

            # Not connected: the standard modules.
            Reset-ZcrmTestConnection
            $line = 'Get-ZcrmRecord -Module Con'
            $standard = Invoke-ZcrmCaptured {
                $completion = [System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)
                $completion.CompletionMatches | ForEach-Object { $_.CompletionText }
            }
            @($standard.Output | ForEach-Object { [string]$_ }) | Should -Contain 'Contacts'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
