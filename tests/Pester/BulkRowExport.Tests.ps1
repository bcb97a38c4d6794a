# Export-Csv and string forms of bulk rows and records after the bulk read speed-up (issue 17): every cell Export-Csv
# writes is the text PowerShell itself gives the value (a lookup its name, else its id, as the ZohoCrm.Lookup
# ToString script method says), values stay typed, and the file has one line per row.

Describe 'BulkRowExport' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule

        function Get-ZcrmExpectedCell {
            # The text Export-Csv wrote before lookups got their own ToString: "$value" for a lookup (its script
            # method), .ToString() for anything else, nothing for null.
            param($Value)
            if ($null -eq $Value) { return '' }
            if ($Value -is [psobject] -and $Value.PSObject.TypeNames[0] -eq 'ZohoCrm.Lookup') { return "$Value" }
            $Value.ToString()
        }
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        # Each case's emulator is stopped; leave no connection to it for the next spec file.
        Reset-ZcrmTestConnection
    }

    It 'Export-Csv of <Source> writes each value as PowerShell shows it, lookups as <LookupShows>' -ForEach @(
        @{ Source = 'bulk rows'; Kind = 'bulk rows'; Form = 'kept'; LookupShows = 'their id' }
        @{ Source = 'Get-ZcrmRecord records'; Kind = 'records'; Form = 'kept'; LookupShows = 'their name' }
        @{ Source = 'bulk rows streamed to a later command'; Kind = 'bulk rows'; Form = 'streamed'; LookupShows = 'their id' }
        @{ Source = 'Get-ZcrmRecord records streamed to a later command'; Kind = 'records'; Form = 'streamed'; LookupShows = 'their name' }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 25 -ArgumentList @('--bulk-job-ms', '50')
        $csv = Join-Path ([System.IO.Path]::GetTempPath()) ('zcrm-export-' + [guid]::NewGuid().ToString('N') + '.csv')
        try {
            Connect-ZcrmTestEmulator $emulator
            $fields = 'Last_Name', 'Email', 'Created_Time', 'No_of_Employees', 'Annual_Revenue', 'Email_Opt_Out', 'Follow_Up_Date', 'Owner', 'Product_Interest'
            $rows = @(Get-ZcrmTestLeadObject -Source $Kind -Form $Form -Field $fields)
            $rows.Count | Should -BeGreaterThan 0

            $rows | Export-Csv -Path $csv -NoTypeInformation
            $back = @(Import-Csv -Path $csv)
            $back.Count | Should -Be $rows.Count
            for ($i = 0; $i -lt $rows.Count; $i++) {
                foreach ($property in $rows[$i].PSObject.Properties) {
                    $back[$i].($property.Name) | Should -BeExactly (Get-ZcrmExpectedCell $property.Value) -Because "row $i, $($property.Name)"
                }
            }

            $withOwner = @($rows | Where-Object { $null -ne $_.Owner })[0]
            $withOwner.Owner.ToString() | Should -BeExactly "$($withOwner.Owner)"
            if ($Kind -eq 'bulk rows') { $withOwner.Owner.ToString() | Should -BeExactly $withOwner.Owner.id }
            else { $withOwner.Owner.ToString() | Should -BeExactly $withOwner.Owner.name }
            $copy = $withOwner.PSObject.Copy()
            $copy.Owner.id = '42'
            if ($null -ne $copy.Owner.name) { $copy.Owner.name = 'Copied' }
            $copy.Owner.ToString() | Should -BeExactly ("$($copy.Owner)")
            $withOwner.Owner.ToString() | Should -BeExactly "$($withOwner.Owner)"
            $withOwner.Owner.ToString() | Should -Not -BeExactly $copy.Owner.ToString()
            $withOwner.Created_Time | Should -BeOfType [DateTimeOffset]
            @($rows | Where-Object { $null -ne $_.No_of_Employees })[0].No_of_Employees | Should -BeOfType [long]
            @($rows | Where-Object { $null -ne $_.Email_Opt_Out })[0].Email_Opt_Out | Should -BeOfType [bool]
            @($rows | Where-Object { $null -ne $_.Follow_Up_Date })[0].Follow_Up_Date | Should -BeOfType [datetime]
        }
        finally {
            Remove-Item -LiteralPath $csv -ErrorAction SilentlyContinue
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
