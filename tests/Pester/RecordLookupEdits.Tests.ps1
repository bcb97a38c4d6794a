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
        @{ Source = 'bulk rows'; Kind = 'bulk rows'; Form = 'kept'; Edited = 'id' }
        @{ Source = 'Get-ZcrmRecord records'; Kind = 'records'; Form = 'kept'; Edited = 'name' }
        @{ Source = 'bulk rows streamed to a later command'; Kind = 'bulk rows'; Form = 'streamed'; Edited = 'id' }
        @{ Source = 'Get-ZcrmRecord records streamed to a later command'; Kind = 'records'; Form = 'streamed'; Edited = 'name' }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 5 -ArgumentList @('--bulk-job-ms', '50')
        try {
            Connect-ZcrmTestEmulator $emulator
            $records = @(Get-ZcrmTestLeadObject -Source $Kind -Form $Form -Field 'Last_Name', 'Owner')
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
