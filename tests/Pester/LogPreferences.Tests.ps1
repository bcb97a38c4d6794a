# Verbose and Debug messages follow PowerShell's own rules for a cmdlet: the switch wins (-Debug also shows Verbose;
# it prompts, so it is not a case here), else the preference variables of the caller's scope. Messages a cmdlet would
# not show are dropped before they reach the pipeline thread; these cases pin that nothing shown is lost.

Describe 'LogPreferences' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $emulator = Start-ZcrmTestEmulator -Leads 5
        Reset-ZcrmTestConnection
        Connect-ZcrmTestEmulator $emulator

        # The Verbose and Debug messages of one Get-ZcrmRecord call, as text.
        function Get-Messages([hashtable] $Switches, [string] $VerbosePreferenceValue = 'SilentlyContinue', [string] $DebugPreferenceValue = 'SilentlyContinue') {
            $VerbosePreference = $VerbosePreferenceValue
            $DebugPreference = $DebugPreferenceValue
            $all = Get-ZcrmRecord -Module Leads -First 1 @Switches 4>&1 5>&1
            return [pscustomobject]@{
                Verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
                Debug   = @($all | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
                Records = @($all | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] })
            }
        }
    }

    AfterAll {
        Stop-ZcrmTestEmulator $emulator
    }

    It '<Case>' -ForEach @(
        @{ Case = 'nothing asked: no messages'; Switches = @{}; VerbosePref = 'SilentlyContinue'; DebugPref = 'SilentlyContinue'; Verbose = $false; Debug = $false }
        @{ Case = '-Verbose: the call and its answer'; Switches = @{ Verbose = $true }; VerbosePref = 'SilentlyContinue'; DebugPref = 'SilentlyContinue'; Verbose = $true; Debug = $false }
        @{ Case = '$VerbosePreference = Continue in the caller'; Switches = @{}; VerbosePref = 'Continue'; DebugPref = 'SilentlyContinue'; Verbose = $true; Debug = $false }
        @{ Case = '-Verbose:$false wins over the preference'; Switches = @{ Verbose = $false }; VerbosePref = 'Continue'; DebugPref = 'SilentlyContinue'; Verbose = $false; Debug = $false }
        @{ Case = '$DebugPreference = Continue in the caller'; Switches = @{}; VerbosePref = 'SilentlyContinue'; DebugPref = 'Continue'; Verbose = $false; Debug = $true }
    ) {
        $messages = Get-Messages -Switches $Switches -VerbosePreferenceValue $VerbosePref -DebugPreferenceValue $DebugPref
        $messages.Records.Count | Should -Be 1
        if ($Verbose) {
            $messages.Verbose | Where-Object { $_ -match 'GET .*Leads.* -> 200' } | Should -Not -BeNullOrEmpty -Because ($messages.Verbose -join "`n")
        }
        else {
            $messages.Verbose | Should -BeNullOrEmpty
        }
        if ($Debug) {
            $messages.Debug | Where-Object { $_ -match 'Authorization: Zoho-oauthtoken \*\*\*' } | Should -Not -BeNullOrEmpty -Because ($messages.Debug -join "`n")
        }
        else {
            $messages.Debug | Should -BeNullOrEmpty
        }
    }
}
