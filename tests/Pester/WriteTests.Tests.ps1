# New-/Set-/Remove-ZcrmRecord and New-ZcrmLead (batching,
# per-row results, nothing lost, no duplicates), against an emulator process.
#
# What the emulator saw and holds:
# - the request log (insert calls, request bodies) comes from GET /__emulator/requests (Get-ZcrmEmulatorRequest);
# - the Leads store is read through the emulator's public REST API
#   (Get-ZcrmEmulatorLead with converted=both, so converted leads count too, as they do in the store). That helper
#   clears the request log afterwards, so a scenario reads the log it needs before it reads the store.
# - Error records of an -ErrorVariable ($failed) written as output would land in the error list of
#   Invoke-ZcrmCaptured, so the script block hands $failed out through a list instead.

Describe 'WriteTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule

        # Rows as a CSV import gives them.
        function New-Rows([int] $Count, [string] $Tag) {
            for ($i = 0; $i -lt $Count; $i++) {
                [pscustomobject]@{ Last_Name = "Row$i"; First_Name = 'Test'; Company = "$Tag Co $i"; Email = "$Tag.row$i@example.test" }
            }
        }

        # POST /crm/v8/Leads requests logged so far (the insert calls).
        function Get-InsertCallCount($Emulator) {
            return @(Get-ZcrmEmulatorRequest $Emulator | Where-Object { $_.method -ceq 'POST' -and $_.path -ceq '/crm/v8/Leads' }).Count
        }

        function Test-WriteResult($Item) {
            return ($null -ne $Item -and $Item.PSObject.BaseObject.GetType().Name -ceq 'ZcrmWriteResult')
        }

        # The sorted key names of a JSON object read with ConvertFrom-Json, joined with commas.
        function Get-JsonKeyList($Object) {
            return ((@($Object.PSObject.Properties | ForEach-Object { $_.Name }) | Sort-Object -CaseSensitive) -join ',')
        }
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    It 'Piped rows are sent 100 per call and each gets one result in order' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { New-Rows 1050 bulk | New-ZcrmRecord -Module Leads }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            Get-InsertCallCount $emulator | Should -Be 11
            $result.Output | Should -HaveCount 1050
            Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object { [long]$_.Index }) -Expected @(0..1049) -Because 'one result per row, in input order'
            @($result.Output | Where-Object { $_.Status -cne 'Success' }).Count | Should -Be 0
            @($result.Output | Where-Object { $_.Action -cne 'created' }).Count | Should -Be 0
            @($result.Output | ForEach-Object { [string]$_.Id } | Sort-Object -Unique).Count | Should -Be 1050
            @(Get-ZcrmEmulatorLead $emulator -Converted both) | Should -HaveCount 1060
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Rejected rows become errors carrying the original row and fixed ones go back in without duplicates' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            # Row 70's email collides with an existing record, so Zoho answers DUPLICATE_DATA.
            $seedEmail = 'existing@example.test'
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $create = Invoke-ZcrmCaptured { New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = 'Existing'; Email = $seedEmail } | Out-Null }
            $create.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $create)
            Clear-ZcrmEmulatorRequest $emulator

            $failedRows = [System.Collections.Generic.List[object]]::new()
            $result = Invoke-ZcrmCaptured {
                $rows = @(New-Rows 100 mixed)
                $rows[10].Last_Name = ''                  # mandatory field missing
                $rows[40].Email = 'not-an-email'          # invalid email
                $rows[70].Email = 'existing@example.test' # already taken by another lead
                $results = $rows | New-ZcrmRecord -Module Leads -ErrorVariable failed -ErrorAction SilentlyContinue
                $results
                foreach ($record in $failed) { $failedRows.Add($record) }
            }
            $results = @($result.Output | Where-Object { Test-WriteResult $_ })
            $errors = @($failedRows | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $results | Should -HaveCount 100
            @($results | Where-Object { $_.Status -ceq 'Success' }).Count | Should -Be 97
            $errors | Should -HaveCount 3
            Assert-ZcrmSequence -Actual @($results | Where-Object { $_.Status -ceq 'Failed' } | ForEach-Object { [long]$_.Index }) -Expected @(10, 40, 70) -Because 'the failed rows by index'
            Assert-ZcrmSequence -Actual @($errors | ForEach-Object { [string]$_.TargetObject.Company }) -Expected @('mixed Co 10', 'mixed Co 40', 'mixed Co 70') -Because 'each error carries its original row'
            @($errors | Where-Object { $_.FullyQualifiedErrorId.StartsWith('MANDATORY_NOT_FOUND', [System.StringComparison]::Ordinal) -and $_.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::InvalidData }).Count | Should -BeGreaterThan 0
            @($errors | Where-Object { $_.FullyQualifiedErrorId.StartsWith('INVALID_DATA', [System.StringComparison]::Ordinal) }).Count | Should -BeGreaterThan 0
            @($errors | Where-Object { $_.FullyQualifiedErrorId.StartsWith('DUPLICATE_DATA', [System.StringComparison]::Ordinal) -and $_.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::ResourceExists }).Count | Should -BeGreaterThan 0
            foreach ($errorRecord in $errors) {
                $errorRecord.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty -Because $errorRecord.FullyQualifiedErrorId
            }
            Get-InsertCallCount $emulator | Should -Be 1

            # Fix exactly the failed rows and pipe them back in.
            $retry = Invoke-ZcrmCaptured {
                $fixed = $failedRows | ForEach-Object { $row = $_.TargetObject; if (-not $row.Last_Name) { $row.Last_Name = 'Fixed' }; $row.Email = 'fixed.' + $row.Company.Replace(' ', '') + '@example.test'; $row }
                $fixed | New-ZcrmRecord -Module Leads
            }
            $retry.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $retry)
            @($retry.Output | Where-Object { $_.Status -ceq 'Success' }).Count | Should -Be 3
            $emails = @(Get-ZcrmEmulatorLead $emulator -Fields Email -Converted both | ForEach-Object { $_.Email } |
                    Where-Object { $null -ne $_ -and ($_.StartsWith('mixed.', [System.StringComparison]::Ordinal) -or $_.StartsWith('fixed.', [System.StringComparison]::Ordinal)) })
            $emails | Should -HaveCount 100 -Because '97 + 3 fixed; nothing created twice'
            @($emails | Sort-Object -Unique -CaseSensitive).Count | Should -Be $emails.Count
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'An upsert on Email updates instead of duplicating and can be repeated' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $first = Invoke-ZcrmCaptured { New-ZcrmLead -LastName Nakamura -Company Zylker -Email kn@zylker.example }
            $first.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $first)
            $first.Output | Should -HaveCount 1
            $id = [string]$first.Output[0].Id

            $again = Invoke-ZcrmCaptured {
                1..2 | ForEach-Object { [pscustomobject]@{ 'Last Name' = 'Nakamura'; 'E-mail' = 'kn@zylker.example'; 'Lead Status' = 'Contacted' } } | New-ZcrmLead -DuplicateCheckField email
            }
            $again.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $again)
            foreach ($item in $again.Output) {
                $item.Action | Should -BeExactly 'updated'
                $item.Id | Should -BeExactly $id
            }

            # The request log first: reading the store through the API clears it.
            $upserts = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads/upsert' })
            $kn = @(Get-ZcrmEmulatorLead $emulator -Fields 'Email,Lead_Status' -Converted both | Where-Object { $_.Email -ceq 'kn@zylker.example' })
            $kn | Should -HaveCount 1
            $kn[0].Lead_Status | Should -BeExactly 'Contacted'
            foreach ($request in $upserts) {
                $checkFields = @((ConvertFrom-Json -InputObject $request.body).duplicate_check_fields)
                Assert-ZcrmSequence -Actual $checkFields -Expected @('Email') -Because 'duplicate_check_fields of the upsert body'
            }
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'WhatIf sends nothing' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $create = Invoke-ZcrmCaptured { New-Rows 5 whatif | New-ZcrmRecord -Module Leads -WhatIf; New-ZcrmLead -LastName X -WhatIf }
            $create.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $create)
            (Get-ZcrmEmulatorStats $emulator).apiCalls | Should -Be 0 -Because 'not even the field list is read'

            $result = Invoke-ZcrmCaptured {
                Get-ZcrmRecord -Module Leads -First 3 | Remove-ZcrmRecord -WhatIf
                Get-ZcrmRecord -Module Leads -First 1 | Set-ZcrmRecord -Property @{ Lead_Status = 'Junk Lead' } -WhatIf
            }
            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -in 'POST', 'PUT', 'DELETE' }).Count | Should -Be 0
            @(Get-ZcrmEmulatorLead $emulator -Converted both) | Should -HaveCount 10
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A 429 in the middle of a 10 batch run loses no row' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator
            Add-ZcrmEmulatorFault $emulator @{ kind = 'TooManyRequests'; pathPrefix = '/crm/v8/Leads'; method = 'POST'; skip = 4; count = 2; retryAfterSeconds = 1 }
            $result = Invoke-ZcrmCaptured { New-Rows 1000 burst | New-ZcrmRecord -Module Leads }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            @($result.Output | Where-Object { $_.Status -ceq 'Success' }).Count | Should -Be 1000
            Get-InsertCallCount $emulator | Should -Be 12 -Because '10 batches, the fifth answered 429 twice before it went through'
            @(Get-ZcrmEmulatorLead $emulator -Converted both) | Should -HaveCount 1010
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A batch that fails as a whole reports every row of it and the rest still succeed' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            $null = Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret (ConvertTo-ZcrmSecureString $emulator.ClientSecret) `
                -RefreshToken (ConvertTo-ZcrmSecureString $emulator.RefreshToken) -AccountsUrl $emulator.Url -ApiDomain $emulator.Url `
                -NoPersist -MaxRetryCount 0 -ErrorAction Stop
            Add-ZcrmEmulatorFault $emulator @{ kind = 'TooManyRequests'; pathPrefix = '/crm/v8/Leads'; method = 'POST'; skip = 2; count = 1 }
            Add-ZcrmEmulatorFault $emulator @{ kind = 'DropConnection'; pathPrefix = '/crm/v8/Leads'; method = 'POST'; skip = 3; count = 1 }

            $failedRows = [System.Collections.Generic.List[object]]::new()
            $result = Invoke-ZcrmCaptured {
                New-Rows 500 whole | New-ZcrmRecord -Module Leads -ErrorVariable failed -ErrorAction SilentlyContinue
                foreach ($record in $failed) { $failedRows.Add($record) }
            }
            $results = @($result.Output | Where-Object { Test-WriteResult $_ })
            $errors = @($failedRows | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $results | Should -HaveCount 500
            @($results | Where-Object { $_.Status -ceq 'Success' }).Count | Should -Be 300
            $errors | Should -HaveCount 200
            @($errors | Where-Object { $_.FullyQualifiedErrorId.StartsWith('TOO_MANY_REQUESTS', [System.StringComparison]::Ordinal) }).Count | Should -Be 100
            $unknown = @($errors | Where-Object { $_.FullyQualifiedErrorId.StartsWith('ZcrmOutcomeUnknown', [System.StringComparison]::Ordinal) })
            $unknown | Should -HaveCount 100
            $unknown[0].ErrorDetails.RecommendedAction | Should -BeLikeExactly '*-DuplicateCheckField*'
            Get-InsertCallCount $emulator | Should -Be 5 -Because 'the dropped insert was not repeated'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Set sends only the fields that changed and updates 100 per call' {
        $emulator = Start-ZcrmTestEmulator -Leads 300
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $leads = Get-ZcrmRecord -Module Leads -First 150
                $leads | ForEach-Object { $_.Description = 'Reviewed in the 2026 audit'; $_ } | Set-ZcrmRecord
            }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            @($result.Output | Where-Object { $_.Action -ceq 'updated' }).Count | Should -Be 150
            $updates = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'PUT' -and $_.path -ceq '/crm/v8/Leads' })
            $updates | Should -HaveCount 2
            $sent = @((ConvertFrom-Json -InputObject $updates[0].body).data)
            $sent | Should -HaveCount 100
            foreach ($record in $sent) {
                Get-JsonKeyList $record | Should -BeExactly 'Description,id'
            }

            $unchanged = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 1 | Set-ZcrmRecord }
            $unchanged.Output | Should -HaveCount 1
            $unchanged.Output[0].Status | Should -BeExactly 'Skipped'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Remove deletes 100 ids per call and the records show as deleted' {
        $emulator = Start-ZcrmTestEmulator -Leads 300
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 150 | Remove-ZcrmRecord -Force }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            @($result.Output | Where-Object { $_.Action -ceq 'deleted' }).Count | Should -Be 150
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'DELETE' }).Count | Should -Be 2
            $deleted = Invoke-ZcrmCaptured { Get-ZcrmDeletedRecord -Module Leads -Type Recycle -All | ForEach-Object { $_.id } }
            $deleted.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $deleted)
            $deleted.Output | Should -HaveCount 150
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'New-ZcrmLead binds the usual CSV header spellings and shows credits in Verbose' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                @(
                    [pscustomobject]@{ 'Last Name' = 'Okafor'; 'First Name' = 'Ada'; 'Company' = 'Northwind'; 'E-mail' = 'ada@northwind.example'; 'Annual Revenue' = '250000'; 'No. of Employees' = '42' }
                    [pscustomobject]@{ LastName = 'Smith'; Email = 'smith@northwind.example'; 'Email Opt Out' = 'yes' }
                    [pscustomobject]@{ Last_Name = 'Jones'; Email = 'jones@northwind.example' }
                ) | New-ZcrmLead -Verbose
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            @($result.Output | Where-Object { $_.Status -ceq 'Success' }).Count | Should -Be 3
            $leads = @(Get-ZcrmEmulatorLead $emulator -Fields 'Email,Last_Name,First_Name,No_of_Employees,Email_Opt_Out' -Converted both)
            $ada = @($leads | Where-Object { $_.Email -ceq 'ada@northwind.example' })
            $ada | Should -HaveCount 1
            $ada[0].Last_Name | Should -BeExactly 'Okafor'
            $ada[0].First_Name | Should -BeExactly 'Ada'
            [System.Convert]::ToInt64($ada[0].No_of_Employees) | Should -Be 42
            $smith = @($leads | Where-Object { $_.Email -ceq 'smith@northwind.example' })
            $smith | Should -HaveCount 1
            $smith[0].Email_Opt_Out | Should -BeOfType System.Boolean
            $smith[0].Email_Opt_Out | Should -BeTrue
            @($result.Verbose | Where-Object { $_.StartsWith('POST /crm/v8/Leads -> 201', [System.StringComparison]::Ordinal) -and $_.Contains('(1 credit)') }).Count |
                Should -BeGreaterThan 0 -Because ($result.Verbose -join [System.Environment]::NewLine)
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A value that cannot be converted is reported without being sent' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                @{ Last_Name = 'X'; No_of_Employees = 'lots' }, @{ Last_Name = 'Y'; Nonsense_Field = 1 } | New-ZcrmRecord -Module Leads -ErrorAction SilentlyContinue -ErrorVariable failed
                $failed.Count
            }

            $result.Output.Count | Should -BeGreaterThan 0
            [int]$result.Output[$result.Output.Count - 1] | Should -Be 1
            @($result.Warnings | Where-Object { $_.Contains('Nonsense_Field') }) | Should -HaveCount 1
            $posts = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'POST' })
            $posts | Should -HaveCount 1
            $sent = @((ConvertFrom-Json -InputObject $posts[0].body).data)
            $sent | Should -HaveCount 1
            $sent[0].Last_Name | Should -BeExactly 'Y'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A lead given by parameters that fails can be piped back in once fixed' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                New-ZcrmLead -LastName Parker -Company Daily -Email 'peter at example' -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
                $row = $failed[0].TargetObject
                $row.Email = 'peter@example.test'
                $row | New-ZcrmLead
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0].Action | Should -BeExactly 'created'
            @(Get-ZcrmEmulatorLead $emulator -Fields 'Email,Company' -Converted both |
                    Where-Object { $_.Email -ceq 'peter@example.test' -and $_.Company -ceq 'Daily' }).Count | Should -BeGreaterThan 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Columns that bind to nothing are named in a warning' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                [pscustomobject]@{ 'Last Name' = 'Wu'; Hobby = 'chess' }, [pscustomobject]@{ 'Last Name' = 'Li'; Hobby = 'go' } | New-ZcrmLead
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            @($result.Warnings | Where-Object { $_.Contains("'Hobby'") -and $_.Contains('-Property') }) | Should -HaveCount 1 -Because ($result.Warnings -join [System.Environment]::NewLine)
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'An upsert of a read record sends the whole record' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $lead = Get-ZcrmRecord -Module Leads -First 1 -Field Last_Name, Email, Lead_Status
                $lead.Lead_Status = 'Contacted'
                $lead | Set-ZcrmRecord -Upsert -DuplicateCheckField Email
            }

            $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0].Action | Should -BeExactly 'updated'
            $upserts = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads/upsert' })
            $upserts | Should -HaveCount 1
            $sent = @((ConvertFrom-Json -InputObject $upserts[0].body).data)[0]
            Get-JsonKeyList $sent | Should -BeExactly 'Email,Last_Name,Lead_Status'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
