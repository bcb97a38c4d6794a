# A lookup edited in place (issue 17): its text form, which Export-Csv and ConvertTo-Csv write, shows the edit. The
# lookup objects keep their id and name properties for a fast ToString; they must keep the properties the object
# stores, not the ones they were built with, or the CSV of an edited record carried the old name.

Describe 'RecordLookupEdits' {
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

    It 'An edited lookup of <Source> is written to CSV as edited' -ForEach @(
        @{ Source = 'bulk rows'; Edited = 'id' }
        @{ Source = 'Get-ZcrmRecord records'; Edited = 'name' }
        @{ Source = 'bulk rows streamed to a later command'; Edited = 'id' }
        @{ Source = 'Get-ZcrmRecord records streamed to a later command'; Edited = 'name' }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 5 -ArgumentList @('--bulk-job-ms', '50')
        try {
            Connect-ZcrmTestEmulator $emulator
            # Kept in a variable, records are the lean form; read by a later command (ForEach-Object), note-property records.
            $records = switch ($Source) {
                'bulk rows' { @(Start-ZcrmBulkRead -Module Leads -Field 'Last_Name', 'Owner' -Wait -Confirm:$false | Receive-ZcrmBulkRead) }
                'Get-ZcrmRecord records' { @(Get-ZcrmRecord -Module Leads -Field 'Last_Name', 'Owner' -All) }
                'bulk rows streamed to a later command' { @(Start-ZcrmBulkRead -Module Leads -Field 'Last_Name', 'Owner' -Wait -Confirm:$false | Receive-ZcrmBulkRead | ForEach-Object { $_ }) }
                default { @(Get-ZcrmRecord -Module Leads -Field 'Last_Name', 'Owner' -All | ForEach-Object { $_ }) }
            }
            $record = @($records | Where-Object { $null -ne $_.Owner })[0]
            $record | Should -Not -BeNullOrEmpty
            $before = $record.Owner.ToString()

            $record.Owner.$Edited = 'Edited owner'

            $record.Owner.$Edited | Should -BeExactly 'Edited owner'
            $record.Owner.ToString() | Should -BeExactly 'Edited owner' -Because "it was '$before' before the edit"
            "$($record.Owner)" | Should -BeExactly 'Edited owner'
            ($record | Select-Object Owner | ConvertTo-Csv -NoTypeInformation)[1] | Should -BeExactly '"Edited owner"'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
