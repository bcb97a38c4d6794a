# Get-ZcrmRole and Get-ZcrmProfile: every item, one by id, an id that is not one (refused before any call) and an id
# that names nothing, each error naming the cmdlet that lists them all.

Describe 'OrgSettingItems' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $emulator = Start-ZcrmTestEmulator -Leads 5
        Reset-ZcrmTestConnection
        Connect-ZcrmTestEmulator $emulator
    }

    AfterAll {
        Stop-ZcrmTestEmulator $emulator
    }

    It '<Command> lists every <Item>, reads one by id, refuses a non-id and names the missing one' -ForEach @(
        @{ Command = 'Get-ZcrmRole'; Item = 'role' }
        @{ Command = 'Get-ZcrmProfile'; Item = 'profile' }
    ) {
        $all = @(& $Command)
        $all.Count | Should -BeGreaterThan 0
        $one = @(& $Command -Id ([string]$all[0].id))
        $one.Count | Should -Be 1
        [string]$one[0].id | Should -BeExactly ([string]$all[0].id)

        $calls = (Get-ZcrmEmulatorStats $emulator).requests
        $result = @(& $Command -Id 'not-an-id' -ErrorVariable refused -ErrorAction SilentlyContinue)
        $result.Count | Should -Be 0
        $refused[0].FullyQualifiedErrorId | Should -BeLike "ZcrmInvalidId,*"
        $refused[0].ErrorDetails.RecommendedAction | Should -BeExactly "Give the numeric id of the $Item."
        (Get-ZcrmEmulatorStats $emulator).requests | Should -Be $calls -Because 'a non-id is refused before any call'

        $result = @(& $Command -Id '111111111111111111' -ErrorVariable missing -ErrorAction SilentlyContinue)
        $result.Count | Should -Be 0
        $missing[0].FullyQualifiedErrorId | Should -BeLike "ZcrmNotFound,*"
        $missing[0].Exception.Message | Should -BeExactly "There is no $Item with id 111111111111111111."
        $missing[0].ErrorDetails.RecommendedAction | Should -BeExactly "$Command without -Id lists every $Item."
    }
}
