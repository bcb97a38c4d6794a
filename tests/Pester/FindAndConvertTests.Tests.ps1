# Search-ZcrmRecord filters and criteria, Invoke-ZcrmQuery (COQL) paging and Invoke-ZcrmLeadConversion, against an
# emulator process.
#
# The request log (search criteria, COQL bodies) comes from GET /__emulator/requests. Records are read back through
# the emulator's public REST API (GET /crm/v8/<module>/<id>, the whole record, "$converted" included for Leads), with a token of
# their own (Get-RecordFromEmulator below).

Describe 'FindAndConvertTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule

        # One record as GET /crm/v8/<module>/<id> returns it (all fields), or $null when the emulator has no such record.
        # Its own token and request go to the emulator's log, so call it only after the log has been read.
        function Get-RecordFromEmulator {
            param($Emulator, [string] $Module, [string] $Id)

            $base = $Emulator.Url.TrimEnd('/')
            $token = Invoke-RestMethod -NoProxy -Method Post -Uri ($base + '/oauth/v2/token') -Body @{
                grant_type    = 'refresh_token'
                client_id     = $Emulator.ClientId
                client_secret = $Emulator.ClientSecret
                refresh_token = $Emulator.RefreshToken
            }
            $headers = @{ Authorization = 'Zoho-oauthtoken ' + $token.access_token }
            $response = Invoke-RestMethod -NoProxy -Method Get -Uri ($base + '/crm/v8/' + $Module + '/' + $Id) -Headers $headers -SkipHttpErrorCheck -StatusCodeVariable status
            if ($status -ne 200 -or $null -eq $response -or $null -eq $response.data) { return $null }
            return @($response.data)[0]
        }
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    It 'A search value with parentheses and commas finds its record' {
        $emulator = Start-ZcrmTestEmulator -ArgumentList '--accounts', '20'
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                New-ZcrmRecord -Module Accounts -InputObject @{ Account_Name = 'Zylker (Asia), Ltd\East' } | Out-Null
                Search-ZcrmRecord -Module Accounts -Filter @{ Account_Name = 'Zylker (Asia), Ltd\East' } -Verbose
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0].Account_Name | Should -BeExactly 'Zylker (Asia), Ltd\East'
            $search = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Accounts/search' })
            $search | Should -HaveCount 1
            $search[0].query.criteria | Should -BeExactly '(Account_Name:equals:Zylker \(Asia\)\, Ltd\\East)'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Filters build operators and lists and the search cap warns' {
        $emulator = Start-ZcrmTestEmulator -Leads 3000
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                Search-ZcrmRecord -Module Leads -Filter @{ Lead_Status = 'Contacted', 'Not Contacted'; Annual_Revenue = @{ ge = 0 } } -First 5 -Verbose
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            $result.Output | Should -HaveCount 5
            $search = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads/search' })
            $search | Should -HaveCount 1
            $criteria = [string]$search[0].query.criteria
            $criteria.Contains('(Lead_Status:in:Contacted,Not Contacted)') | Should -BeTrue -Because $criteria
            $criteria.Contains('(Annual_Revenue:greater_equal:0)') | Should -BeTrue -Because $criteria

            Clear-ZcrmEmulatorRequest $emulator
            $many = Invoke-ZcrmCaptured {
                (Search-ZcrmRecord -Module Leads -Criteria '(Lead_Status:not_equal:No such status)' -All | ForEach-Object { 1 }).Count
            }
            $many.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $many)
            $many.Output | Should -HaveCount 1
            $many.Output[0] | Should -Be 2000
            $many.Warnings | Should -HaveCount 1
            $many.Warnings[0] | Should -BeLikeExactly '*Invoke-ZcrmQuery*'
            # No call past the cap.
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -eq '/crm/v8/Leads/search' }) | Should -HaveCount 10
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A lookup in a filter means equals that record' {
        $emulator = Start-ZcrmTestEmulator -Leads 50
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $owner = (Get-ZcrmRecord -Module Leads -First 1).Owner
                Search-ZcrmRecord -Module Leads -Filter @{ Owner = $owner } -First 3 | ForEach-Object { $_.Owner.id -eq $owner.id }
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            $result.Output.Count | Should -BeGreaterThan 0
            foreach ($item in $result.Output) {
                $item | Should -BeOfType System.Boolean
                $item | Should -BeTrue
            }
            $search = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads/search' })
            $search | Should -HaveCount 1
            [string]$search[0].query.criteria | Should -MatchExactly '^\(Owner:equals:\d+\)$'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Refused before any call: <Case>' -ForEach @(
        @{ Case = 'more than ten conditions'; ErrorId = 'ZcrmTooManyConditions*'; Call = {
                $f = @{}
                'First_Name', 'Last_Name', 'Email', 'Company', 'Phone', 'Mobile', 'City', 'State', 'Country', 'Industry', 'Street' | ForEach-Object { $f[$_] = 'x' }
                Search-ZcrmRecord -Module Leads -Filter $f
            }
        }
        @{ Case = 'an unknown operator'; ErrorId = 'ZcrmInvalidOperator*'; Call = { Search-ZcrmRecord -Module Leads -Filter @{ Email = @{ roughly = 'x' } } } }
    ) {
        $emulator = Start-ZcrmTestEmulator
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured $Call

            $result.Error | Should -BeOfType System.Management.Automation.ErrorRecord
            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly $ErrorId
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.EndsWith('/search', [System.StringComparison]::Ordinal) }).Count | Should -Be 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'COQL pages with limit and offset and returns typed records of the module' {
        $emulator = Start-ZcrmTestEmulator -Leads 4500
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                Invoke-ZcrmQuery "select Last_Name, Email, Created_Time from Leads where Last_Name is not null" -All | ForEach-Object { $_.id }
            }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output.Count | Should -BeGreaterThan 4000
            @($result.Output | ForEach-Object { [string]$_ } | Sort-Object -Unique -CaseSensitive).Count | Should -Be $result.Output.Count
            $queries = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/coql' })
            $queries.Count | Should -BeGreaterOrEqual 3
            [string]$queries[1].body | Should -BeLikeExactly '*offset 2000*'

            $typed = Invoke-ZcrmCaptured { Invoke-ZcrmQuery "select Last_Name, Created_Time from Leads where Last_Name is not null limit 1" }
            $typed.Output | Should -HaveCount 1 -Because (ConvertTo-ZcrmCapturedText $typed)
            $lead = $typed.Output[0]
            $lead.PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.QueryRecord#Leads'
            $lead.Created_Time | Should -BeOfType System.DateTimeOffset
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A piped lead converts once and is refused the second time' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $lead = New-ZcrmLead -LastName Convertible -Company 'Convert Co' -Email convert@example.test | ForEach-Object { Get-ZcrmRecord -Module Leads -Id $_.Id }
                $lead | Invoke-ZcrmLeadConversion -Deal @{ Deal_Name = 'Convert deal'; Closing_Date = [datetime]'2027-01-31'; Stage = 'Qualification'; Pipeline = 'Standard' } -Force
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            $result.Output | Should -HaveCount 1
            $converted = $result.Output[0]
            $converted.ContactId | Should -BeOfType System.String
            $converted.ContactId | Should -Not -BeNullOrEmpty
            $converted.AccountId | Should -BeOfType System.String
            $converted.AccountId | Should -Not -BeNullOrEmpty
            $converted.DealId | Should -BeOfType System.String
            $converted.DealId | Should -Not -BeNullOrEmpty
            $leadId = [string]$converted.LeadId
            $storedLead = Get-RecordFromEmulator $emulator -Module Leads -Id $leadId
            $storedLead | Should -Not -BeNullOrEmpty
            $storedLead.'$converted' | Should -BeOfType System.Boolean
            $storedLead.'$converted' | Should -BeTrue
            $contact = Get-RecordFromEmulator $emulator -Module Contacts -Id $converted.ContactId
            $contact | Should -Not -BeNullOrEmpty
            [string]$contact.id | Should -BeExactly $converted.ContactId

            $again = Invoke-ZcrmCaptured { Invoke-ZcrmLeadConversion -Id $leadId -Force }
            $again.Errors | Should -HaveCount 1 -Because (ConvertTo-ZcrmCapturedText $again)
            $again.Errors[0].FullyQualifiedErrorId | Should -BeLikeExactly 'ID_ALREADY_CONVERTED*'
            $again.Errors[0].CategoryInfo.Category.ToString() | Should -BeExactly 'InvalidOperation'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Conversion asks for confirmation and WhatIf converts nothing' {
        $emulator = Start-ZcrmTestEmulator -Leads 5
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 2 | Invoke-ZcrmLeadConversion -WhatIf }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.EndsWith('/actions/convert', [System.StringComparison]::Ordinal) }).Count | Should -Be 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
