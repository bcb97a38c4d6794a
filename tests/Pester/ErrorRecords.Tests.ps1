# ErrorRecords as users see them: Core reports codes and remedies as data, and the module's one ErrorRecord factory
# turns them into an error id, a category, a recommended action that names the cmdlet or parameter to use, and the
# target object. Each case runs the real module against an emulator process over real HTTP.

Describe 'ErrorRecords' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $emulator = Start-ZcrmTestEmulator -Leads 5
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $emulator
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    Context 'Errors the module finds itself' {
        It '<Name>' -ForEach @(
            @{
                Name = 'an id with no record is ZcrmRecordNotFound, pointing at Get-ZcrmDeletedRecord, with the id as target'
                Script = { Get-ZcrmRecord -Module Leads -Id 999999999999999 }
                Id = 'ZcrmRecordNotFound'; Category = 'ObjectNotFound'; Advice = '*Get-ZcrmDeletedRecord*'; Target = '999999999999999'
            }
            @{
                Name = 'an unknown field is ZcrmUnknownField, pointing at Get-ZcrmField for the module'
                Script = { Get-ZcrmRecord -Module Leads -Field No_Such_Field -First 1 }
                Id = 'ZcrmUnknownField'; Category = 'InvalidArgument'; Advice = '*Get-ZcrmField -Module Leads*-Field*'; Target = 'Leads'
            }
            @{
                Name = 'a COQL query with its own LIMIT under -All is ZcrmQueryHasLimit, naming -All'
                Script = { Invoke-ZcrmQuery -Query 'select Last_Name from Leads where Last_Name is not null limit 5' -All }
                Id = 'ZcrmQueryHasLimit'; Category = 'InvalidArgument'; Advice = '*without -All*'; Target = 'select Last_Name from Leads where Last_Name is not null limit 5'
            }
            @{
                Name = 'a search with more than 10 conditions is ZcrmTooManyConditions, pointing at Invoke-ZcrmQuery'
                Script = {
                    $filter = @{}
                    foreach ($field in 'Last_Name', 'First_Name', 'Email', 'Company', 'Phone', 'Mobile', 'City', 'State', 'Country', 'Street', 'Website') { $filter[$field] = 'x' }
                    Search-ZcrmRecord -Module Leads -Filter $filter
                }
                Id = 'ZcrmTooManyConditions'; Category = 'InvalidArgument'; Advice = '*Invoke-ZcrmQuery*'; Target = 'Leads'
            }
        ) {
            Connect-ZcrmTestEmulator $emulator
            $result = Invoke-ZcrmCaptured $Script

            $result.Error | Should -Not -BeNullOrEmpty -Because 'the call must fail'
            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly "$Id,*"
            $result.Error.CategoryInfo.Category | Should -Be $Category
            $result.Error.ErrorDetails.RecommendedAction | Should -BeLikeExactly $Advice
            $result.Error.TargetObject | Should -Be $Target
        }

        It 'an object of unknown module piped to Set-ZcrmRecord is ZcrmModuleUnknown, naming -Module, with the object as target' {
            Connect-ZcrmTestEmulator $emulator
            $row = [pscustomobject]@{ id = '1000000000001'; Last_Name = 'Nobody' }
            $result = Invoke-ZcrmCaptured { $row | Set-ZcrmRecord -Confirm:$false }

            $result.Errors | Should -HaveCount 1
            $record = $result.Errors[0]
            $record.FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmModuleUnknown,*'
            $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $record.ErrorDetails.RecommendedAction | Should -BeExactly 'Pass -Module.'
            [object]::ReferenceEquals($record.TargetObject, $row) | Should -BeTrue -Because 'the failed input is the target, to be fixed and sent again'
        }
    }

    Context 'Remedies that Core reports as data' {
        It 'an access token refused again after a refresh is INVALID_TOKEN with advice to run Connect-Zcrm' {
            Connect-ZcrmTestEmulator $emulator
            # Both the call and its one retry after a token refresh meet an expired token.
            Add-ZcrmEmulatorFault $emulator @{ kind = 'ExpireAccessTokens'; pathPrefix = '/crm/v8/Leads'; count = 2 }
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 1 }

            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'INVALID_TOKEN,*'
            $result.Error.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $result.Error.ErrorDetails.RecommendedAction | Should -BeLikeExactly 'Run Connect-Zcrm again*'
            $result.Error.ErrorDetails.Message | Should -Not -BeLike '*Connect-Zcrm*' -Because 'the message says what happened; the advice is separate'
            $result.Error.TargetObject | Should -Be 'Leads'
        }

        It 'a token without the scope a call needs is OAUTH_SCOPE_MISMATCH, naming the scope and Connect-Zcrm' {
            $code = [string](Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'grant-codes' -Body @{ scope = 'ZohoCRM.modules.ALL' }).code
            $null = Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret (ConvertTo-ZcrmSecureString $emulator.ClientSecret) `
                -GrantToken (ConvertTo-ZcrmSecureString $code) -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -NoPersist -ErrorAction Stop
            $result = Invoke-ZcrmCaptured { Get-ZcrmUser -Type AllUsers }

            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'OAUTH_SCOPE_MISMATCH,*'
            $result.Error.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $result.Error.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*ZohoCRM.users.READ*'
            $result.Error.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*Connect-Zcrm*'
        }

        It 'Zoho''s API limit, once retries are spent, is TOO_MANY_REQUESTS with advice to lower -ThrottleLimit' {
            $null = Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret (ConvertTo-ZcrmSecureString $emulator.ClientSecret) `
                -RefreshToken (ConvertTo-ZcrmSecureString $emulator.RefreshToken) -AccountsUrl $emulator.Url -ApiDomain $emulator.Url `
                -MaxRetryCount 0 -NoPersist -ErrorAction Stop
            Add-ZcrmEmulatorFault $emulator @{ kind = 'TooManyRequests'; pathPrefix = '/crm/v8/Leads'; count = 1 }
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 1 }

            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'TOO_MANY_REQUESTS,*'
            $result.Error.CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $result.Error.ErrorDetails.RecommendedAction | Should -BeLikeExactly '*Lower -ThrottleLimit*'
            $result.Error.TargetObject | Should -Be 'Leads'
        }
    }
}
