# Privacy requests (issue 14): Find-, Export- and Remove-ZcrmDataSubject against one emulator process. The subject's
# data is created through the API in BeforeAll (seeded records stay untouched): a contact, a lead with the address in
# another case, a case that carries it as reporter email, the contact's quote, invoice, sales and purchase orders, task,
# call, event and case, and notes and files on them; next to it other people's records with near-miss addresses, and
# another person's note on the same account.

Describe 'DataSubjectTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $emulator = Start-ZcrmTestEmulator -Leads 20 -ArgumentList @('--latency-ms', '20', '--search-email-contains')
        Reset-ZcrmTestConnection
        Connect-ZcrmTestEmulator $emulator

        function New-TestRecord([string] $Module, [hashtable] $Values) {
            $result = New-ZcrmRecord -Module $Module -InputObject $Values -Confirm:$false -ErrorAction Stop
            return [string]$result.Id
        }

        # A subject with one record in every module the finder reads; returns 'Module/Id' keys of everything that is theirs.
        function New-DataSubject([string] $Email, [string] $Tag) {
            $accountId = [string](Get-ZcrmRecord -Module Accounts -First 1).id
            $vendorId = New-TestRecord Vendors @{ Vendor_Name = "Vendor $Tag" }
            $contactId = New-TestRecord Contacts @{ Last_Name = "Subject $Tag"; First_Name = 'Dana'; Email = $Email }
            $leadId = New-TestRecord Leads @{ Last_Name = "Lead $Tag"; Company = 'Elsewhere'; Secondary_Email = $Email.ToUpperInvariant() }
            $reportedCaseId = New-TestRecord Cases @{ Subject = "Reported $Tag"; Status = 'New'; Case_Origin = 'Email'; Email = $Email }
            $mine = [ordered]@{
                "Contacts/$contactId"     = 'Email'
                "Leads/$leadId"           = 'Secondary_Email'
                "Cases/$reportedCaseId"   = 'Email'
                "Cases/$(New-TestRecord Cases @{ Subject = "Case $Tag"; Status = 'New'; Case_Origin = 'Phone'; Related_To = @{ id = $contactId } })" = "Contacts/$contactId"
                "Quotes/$(New-TestRecord Quotes @{ Subject = "Quote $Tag"; Contact_Name = @{ id = $contactId }; Account_Name = @{ id = $accountId } })" = "Contacts/$contactId"
                "Invoices/$(New-TestRecord Invoices @{ Subject = "Invoice $Tag"; Contact_Name = @{ id = $contactId }; Account_Name = @{ id = $accountId } })" = "Contacts/$contactId"
                "Sales_Orders/$(New-TestRecord Sales_Orders @{ Subject = "SO $Tag"; Contact_Name = @{ id = $contactId }; Account_Name = @{ id = $accountId } })" = "Contacts/$contactId"
                "Purchase_Orders/$(New-TestRecord Purchase_Orders @{ Subject = "PO $Tag"; Contact_Name = @{ id = $contactId }; Vendor_Name = @{ id = $vendorId } })" = "Contacts/$contactId"
                "Tasks/$(New-TestRecord Tasks @{ Subject = "Task $Tag"; Who_Id = @{ id = $contactId } })" = "Contacts/$contactId"
                "Calls/$(New-TestRecord Calls @{ Subject = "Call $Tag"; Call_Type = 'Inbound'; Call_Start_Time = '2026-01-05T10:00:00+00:00'; Who_Id = @{ id = $contactId } })" = "Contacts/$contactId"
                "Events/$(New-TestRecord Events @{ Event_Title = "Meeting $Tag"; Start_DateTime = '2026-01-05T10:00:00+00:00'; End_DateTime = '2026-01-05T11:00:00+00:00'; Who_Id = @{ id = $contactId } })" = "Contacts/$contactId"
            }
            foreach ($parent in @("Contacts/$contactId", "Leads/$leadId")) {
                $module, $id = $parent -split '/'
                $note = Add-ZcrmNote -Module $module -Id $id -Title "Call notes $Tag" -Content "Spoke with $Email" -Confirm:$false -ErrorAction Stop
                $mine["Notes/$([string]$note.Id)"] = $parent
            }
            $file = Join-Path $TestDrive "passport-$Tag.txt"
            Set-Content -LiteralPath $file -Value "scan of $Tag"
            $attachment = Add-ZcrmAttachment -Module Contacts -Id $contactId -Path $file -ErrorAction Stop
            $mine["Attachments/$($attachment.Id)"] = "Contacts/$contactId"

            # Near misses: other people whose addresses contain or resemble the subject's, and their notes on the same account.
            $otherId = New-TestRecord Contacts @{ Last_Name = "Other $Tag"; Email = 'not' + $Email; Account_Name = @{ id = $accountId } }
            $null = New-TestRecord Leads @{ Last_Name = "Near $Tag"; Company = 'Near'; Email = $Email + '.org' }
            $null = New-TestRecord Cases @{ Subject = "Near $Tag"; Status = 'New'; Case_Origin = 'Web'; Email = $Email.Replace('@', '_at_') + '@example.net' }
            $null = Add-ZcrmNote -Module Contacts -Id $otherId -Title 'Not the subject' -Content "Mentions $Email" -Confirm:$false
            $null = Add-ZcrmNote -Module Accounts -Id $accountId -Title 'Account note' -Content 'Another person' -Confirm:$false
            $null = New-TestRecord Tasks @{ Subject = "Other task $Tag"; Who_Id = @{ id = $otherId } }
            return [pscustomobject]@{ Email = $Email; Keys = $mine; ContactId = $contactId; OtherContactId = $otherId }
        }

        function Get-Key($Item) { '{0}/{1}' -f $Item.Module, $Item.Id }

        function Get-DeleteCall {
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -eq 'DELETE' -and $_.path.StartsWith('/crm/v8/', [System.StringComparison]::Ordinal) })
        }

        function Test-RecordExists([string] $Key) {
            $module, $id = $Key -split '/'
            if ($module -in 'Notes', 'Attachments') { throw 'records only' }
            return $null -ne (Get-ZcrmRecord -Module $module -Id $id -ErrorAction SilentlyContinue)
        }
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $emulator
    }

    Context 'Find' {
        BeforeAll {
            $script:subject = New-DataSubject -Email 'dana.find@example.com' -Tag 'find'
        }

        It 'finds the subject in every module, linked as expected, and nothing else' {
            Clear-ZcrmEmulatorRequest $emulator
            $found = @(Find-ZcrmDataSubject -Email 'Dana.Find@Example.com')
            $keys = @($found | ForEach-Object { Get-Key $_ })
            ($keys | Sort-Object) | Should -Be (@($subject.Keys.Keys) | Sort-Object)
            foreach ($item in $found) {
                $item.PSObject.TypeNames[0] | Should -Be 'ZohoCrm.DataSubjectRecord'
                $item.SubjectEmail | Should -Be 'Dana.Find@Example.com'
                $item.LinkedBy | Should -Be $subject.Keys[(Get-Key $item)]
                $item.Deletable | Should -BeTrue
                $item.Record.id | Should -Be $item.Id
            }
            @($found.Module | Sort-Object -Unique) | Should -Be @('Attachments', 'Calls', 'Cases', 'Contacts', 'Events', 'Invoices', 'Leads', 'Notes', 'Purchase_Orders', 'Quotes', 'Sales_Orders', 'Tasks')
        }

        It 'searches by email instead of listing whole modules' {
            Clear-ZcrmEmulatorRequest $emulator
            $null = Find-ZcrmDataSubject -Email 'dana.find@example.com'
            $calls = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.StartsWith('/crm/v8/', [System.StringComparison]::Ordinal) })
            $searches = @($calls | Where-Object { $_.path -match '^/crm/v8/(Contacts|Leads|Cases)/search$' })
            $searches.Count | Should -Be 3
            $searches | ForEach-Object { $_.query.email | Should -Be 'dana.find@example.com' }
            @($calls | Where-Object { $_.path -match '^/crm/v8/(Contacts|Leads|Cases)$' }).Count | Should -Be 0
        }

        It 'searches every module with an email field only with -AllModules' {
            $vendorId = New-TestRecord Vendors @{ Vendor_Name = 'Dana Freelance'; Email = 'dana.find@example.com' }
            @(Find-ZcrmDataSubject -Email 'dana.find@example.com' -Module Vendors) | Should -BeNullOrEmpty
            $found = @(Find-ZcrmDataSubject -Email 'dana.find@example.com' -AllModules -Module Vendors)
            @($found | ForEach-Object { Get-Key $_ }) | Should -Be @("Vendors/$vendorId")
            $found[0].LinkedBy | Should -Be 'Email'
            Remove-ZcrmRecord -Module Vendors -Id $vendorId -Confirm:$false
        }

        It 'takes requests from a CSV through the pipeline and refuses what is not an address' {
            $csv = @([pscustomobject]@{ Email = 'dana.find@example.com'; Type = 'access' }, [pscustomobject]@{ Email = 'nobody-here@example.com'; Type = 'access' })
            $found = @($csv | Find-ZcrmDataSubject -IncludeRelated:$false)
            @($found | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be (@($subject.Keys.Keys | Where-Object { $subject.Keys[$_] -in 'Email', 'Secondary_Email' }) | Sort-Object)
            $null = Find-ZcrmDataSubject -Email 'not-an-address' -ErrorVariable bad -ErrorAction SilentlyContinue
            $bad[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmInvalidEmail*'
        }

        It 'keeps in-flight calls at or under the share of the edition limit' -ForEach @(
            @{ Share = 0.1; Limit = 2 }
            @{ Share = 0.75; Limit = 15 }
        ) {
            $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method DELETE -Name 'peak-in-flight'
            $found = @(Find-ZcrmDataSubject -Email 'dana.find@example.com' -ConcurrencyShare $Share)
            $found.Count | Should -Be $subject.Keys.Count
            $peak = (Get-ZcrmEmulatorStats $emulator).peakInFlight
            $peak | Should -BeGreaterThan 0
            $peak | Should -BeLessOrEqual $Limit
        }

        It 'writes an access package with every found record and all its fields' {
            $folder = Join-Path $TestDrive 'access'
            $package = Export-ZcrmDataSubject -Email 'dana.find@example.com' -Path $folder -IncludeAttachments
            $found = @(Find-ZcrmDataSubject -Email 'dana.find@example.com')
            $package.Records | Should -Be $found.Count
            $package.Files | Should -Be 1
            $manifest = Get-Content -Raw (Join-Path $package.Path 'manifest.json') | ConvertFrom-Json
            $manifest.subject | Should -Be 'dana.find@example.com'
            $manifest.modules_searched | Should -Be @('Contacts', 'Leads', 'Cases')
            $manifest.records | Should -Be $found.Count
            $manifest.credits_used | Should -BeGreaterThan 0
            foreach ($group in $found | Group-Object Module) {
                $file = switch ($group.Name) { 'Notes' { 'notes.json' } 'Attachments' { 'attachments.json' } default { "records/$($group.Name).json" } }
                $manifest.counts.($group.Name) | Should -Be $group.Count
                $written = @(Get-Content -Raw (Join-Path $package.Path $file) | ConvertFrom-Json)
                @($written.id) | Should -Be @($group.Group | Sort-Object { $_.Id.Length }, Id | ForEach-Object Id)
                foreach ($record in $group.Group) {
                    $json = $written | Where-Object id -eq $record.Id
                    $fields = @($record.Record.PSObject.Properties.Name)
                    foreach ($field in $fields) { $json.PSObject.Properties.Name | Should -Contain $field }
                }
            }
            @(Get-ChildItem -Recurse -File (Join-Path $package.Path 'attachments')).Count | Should -Be 1

            # Deterministic: a second export writes the same records, notes and attachment list byte for byte.
            $second = Export-ZcrmDataSubject -Email 'dana.find@example.com' -Path (Join-Path $TestDrive 'access-again')
            foreach ($file in Get-ChildItem -Recurse -File -Filter '*.json' $package.Path | Where-Object Name -ne 'manifest.json') {
                $relative = [System.IO.Path]::GetRelativePath($package.Path, $file.FullName)
                (Get-FileHash (Join-Path $second.Path $relative)).Hash | Should -Be (Get-FileHash $file.FullName).Hash -Because $relative
            }
        }
    }

    Context 'Remove' {
        It '-WhatIf lists what would go and deletes nothing' {
            $subject = New-DataSubject -Email 'dana.whatif@example.com' -Tag 'whatif'
            Clear-ZcrmEmulatorRequest $emulator
            $out = @(Remove-ZcrmDataSubject -Email 'dana.whatif@example.com' -WhatIf)
            $out.Count | Should -Be 0
            (Get-DeleteCall).Count | Should -Be 0
            @(Find-ZcrmDataSubject -Email 'dana.whatif@example.com').Count | Should -Be $subject.Keys.Count
        }

        It 'deletes exactly the subject''s deletable records, reports each, and a locked one fails with Zoho''s code' {
            $subject = New-DataSubject -Email 'dana.erase@example.com' -Tag 'erase'
            $lockedKey = @($subject.Keys.Keys | Where-Object { $_ -like 'Tasks/*' })[0]
            $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'locks' -Body @{ module = 'Tasks'; id = ($lockedKey -split '/')[1] }
            $report = Join-Path $TestDrive 'erase.jsonl'
            Clear-ZcrmEmulatorRequest $emulator

            $results = @(Remove-ZcrmDataSubject -Email 'dana.erase@example.com' -ReportPath $report -Permanent -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue)

            @($results | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be (@($subject.Keys.Keys) | Sort-Object)
            $results | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'ZohoCrm.DataSubjectErasure' }
            $locked = $results | Where-Object { (Get-Key $_) -eq $lockedKey }
            $locked.Outcome | Should -Be 'Failed'
            $locked.Code | Should -Be 'RECORD_LOCKED'
            @($failures).Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmDataSubjectNotDeleted,RECORD_LOCKED*'
            @($results | Where-Object Outcome -ne 'Deleted').Count | Should -Be 1
            @($results | Where-Object { $_.Outcome -eq 'Deleted' -and $_.Module -notin 'Notes', 'Attachments' -and -not $_.Purged }).Count | Should -Be 0

            # Only the subject's ids were sent to DELETE; the near misses are all still there.
            $sent = @(Get-DeleteCall | ForEach-Object { if ($_.query.ids) { $_.query.ids -split ',' } else { ($_.path -split '/')[-1] } })
            $theirs = @($subject.Keys.Keys | ForEach-Object { ($_ -split '/')[1] })
            $sent | Where-Object { $_ -notin $theirs } | Should -BeNullOrEmpty
            Test-RecordExists "Contacts/$($subject.OtherContactId)" | Should -BeTrue
            Test-RecordExists $lockedKey | Should -BeTrue
            Test-RecordExists "Contacts/$($subject.ContactId)" | Should -BeFalse

            # Gone from the recycle bin too; the report has one line per record.
            $bin = @(Invoke-ZcrmRestMethod -Path 'settings/recycle_bin' | ForEach-Object { $_.recycle_bin } | ForEach-Object { $_.id })
            $bin | Should -Not -Contain $subject.ContactId
            $lines = @(Get-Content $report | ConvertFrom-Json)
            $lines.Count | Should -Be $subject.Keys.Count
            ($lines | Where-Object id -eq ($lockedKey -split '/')[1]).outcome | Should -Be 'Failed'

            # A second run finds only what is left and deletes nothing twice.
            Clear-ZcrmEmulatorRequest $emulator
            $again = @(Remove-ZcrmDataSubject -Email 'dana.erase@example.com' -ReportPath $report -Confirm:$false -ErrorAction SilentlyContinue)
            @($again | ForEach-Object { Get-Key $_ }) | Should -Be @($lockedKey)
            @(Get-DeleteCall | ForEach-Object { $_.query.ids -split ',' }) | Should -Be @(($lockedKey -split '/')[1])
        }

        It 'stops cleanly at -MaxCredits, and a rerun from the report deletes nothing twice and ends with nothing left' {
            $subject = New-DataSubject -Email 'dana.resume@example.com' -Tag 'resume'
            $report = Join-Path $TestDrive 'resume.jsonl'
            # What finding costs once metadata is cached: one credit per call.
            $null = Find-ZcrmDataSubject -Email 'dana.resume@example.com'
            Clear-ZcrmEmulatorRequest $emulator
            $null = Find-ZcrmDataSubject -Email 'dana.resume@example.com'
            $findCalls = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.StartsWith('/crm/v8/', [System.StringComparison]::Ordinal) -and $_.path -ne '/crm/v8/org' }).Count

            Clear-ZcrmEmulatorRequest $emulator
            $first = @(Remove-ZcrmDataSubject -Email 'dana.resume@example.com' -ReportPath $report -MaxCredits ($findCalls + 3) -Confirm:$false -ErrorVariable stopped -ErrorAction SilentlyContinue)
            $stopped[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmCreditBudgetReached*'
            $first.Count | Should -BeGreaterThan 0
            $first.Count | Should -BeLessThan $subject.Keys.Count
            @(Get-DeleteCall).Count | Should -Be 3

            $second = @(Remove-ZcrmDataSubject -Email 'dana.resume@example.com' -ReportPath $report -Confirm:$false)
            $sent = @(Get-DeleteCall | ForEach-Object { $_.query.ids -split ',' })
            $sent.Count | Should -Be (@($sent | Sort-Object -Unique).Count)
            @($first + $second | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be (@($subject.Keys.Keys) | Sort-Object)
            @($first + $second | Where-Object Outcome -ne 'Deleted') | Should -BeNullOrEmpty
            @(Get-Content $report | ConvertFrom-Json).Count | Should -Be $subject.Keys.Count

            Clear-ZcrmEmulatorRequest $emulator
            @(Remove-ZcrmDataSubject -Email 'dana.resume@example.com' -ReportPath $report -Confirm:$false -ErrorVariable none) | Should -BeNullOrEmpty
            $none | Should -BeNullOrEmpty
            (Get-DeleteCall).Count | Should -Be 0
        }
    }
}
