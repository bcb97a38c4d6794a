# Get-/Add-/Set-/Remove-ZcrmNote and Get-/Add-/Remove-ZcrmTag against an emulator process (fact sheet §17, §18):
# notes 100 per call with one result per note in input order, tags 500 records per call (the fewest calls Zoho
# allows, counted in the emulator's request log), the tag limits named in the errors, and bad input refused before
# any call.

Describe 'NotesAndTags' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule

        function Get-RequestTo($Emulator, [string] $Method, [string] $Path) {
            @(Get-ZcrmEmulatorRequest $Emulator | Where-Object { $_.method -ceq $Method -and $_.path -ceq $Path })
        }

        $script:emulator = Start-ZcrmTestEmulator -Leads 1200
        Connect-ZcrmTestEmulator $script:emulator
        $script:contact = Get-ZcrmRecord -Module Contacts -First 1 -SortBy id -SortOrder asc
        $script:leads = @(Get-ZcrmRecord -Module Leads -All)
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $script:emulator
    }

    BeforeEach {
        Clear-ZcrmEmulatorRequest $script:emulator
    }

    Context 'Notes' {
        It 'Get-ZcrmNote reads notes <Form>' -ForEach @(
            @{ Form = 'by -Module and -Id'; Script = { Get-ZcrmNote -Module Contacts -Id $script:contact.id -All -PageSize 15 } }
            @{ Form = 'from piped records'; Script = { $script:contact | Get-ZcrmNote -All -PageSize 15 } }
        ) {
            $result = Invoke-ZcrmCaptured $Script
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 40
            @($result.Output | Where-Object { $_.PSObject.TypeNames[0] -cne 'ZohoCrm.Record#Notes' }).Count | Should -Be 0
            @($result.Output | Where-Object { $_.Parent_Id.module.api_name -cne 'Contacts' -or [string]$_.Parent_Id.id -cne [string]$script:contact.id }).Count | Should -Be 0
            Get-RequestTo $script:emulator GET "/crm/v8/Contacts/$($script:contact.id)/Notes" | Should -HaveCount 3
        }

        It 'Get-ZcrmNote without a record reads every note of the org, with -First' {
            $result = Invoke-ZcrmCaptured { Get-ZcrmNote -First 25 -PageSize 10 }
            $result.Output | Should -HaveCount 25
            $calls = Get-RequestTo $script:emulator GET '/crm/v8/Notes'
            $calls | Should -HaveCount 3
            $calls[0].query.fields | Should -Match 'Note_Content'
        }

        It 'Add-ZcrmNote sends piped records 100 per call, one result per note in input order' {
            $targets = @($script:leads | Select-Object -First 150)
            $result = Invoke-ZcrmCaptured { $targets | Add-ZcrmNote -Title 'Webinar' -Content 'Attended the March webinar.' }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 150
            Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object { [long]$_.Index }) -Expected @(0..149)
            @($result.Output | Where-Object { $_.Status -cne 'Success' -or $_.Action -cne 'created' }).Count | Should -Be 0
            $posts = Get-RequestTo $script:emulator POST '/crm/v8/Notes'
            $posts | Should -HaveCount 2
            $first = ($posts[0].body | ConvertFrom-Json).data[0]
            $first.Parent_Id.module.api_name | Should -Be 'Leads'
            [string]$first.Parent_Id.id | Should -Be ([string]$targets[0].id)

            $notes = @($targets[0] | Get-ZcrmNote)
            $notes.Note_Title | Should -Contain 'Webinar'
        }

        It 'Add-ZcrmNote reports a parent Zoho refuses and an id that is not a number in their places' {
            $good = [string]$script:leads[0].id
            $result = Invoke-ZcrmCaptured { $good, 'abc', '5725767000000000001', $good | Add-ZcrmNote -Module Leads -Content 'Checked' }

            Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object Status) -Expected @('Success', 'Failed', 'Failed', 'Success')
            Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object Code) -Expected @('SUCCESS', 'ZcrmInvalidId', 'INVALID_DATA', 'SUCCESS')
            Assert-ZcrmSequence -Actual @($result.Errors | ForEach-Object { [string]$_.TargetObject }) -Expected @('abc', '5725767000000000001')
            $result.Errors[1].FullyQualifiedErrorId | Should -BeLike 'INVALID_DATA,*'
            $post = Get-RequestTo $script:emulator POST '/crm/v8/Notes'
            $post | Should -HaveCount 1
            ($post[0].body | ConvertFrom-Json).data | Should -HaveCount 3 -Because 'the id that is not a number is not sent'
        }

        It 'Add-ZcrmNote refuses <Case> before any call' -ForEach @(
            @{ Case = 'a note without content'; Script = { Add-ZcrmNote -Module Leads -Id $script:leads[0].id -Content '' } }
            @{ Case = 'an unknown module'; Script = { Add-ZcrmNote -Module Nope -Id 1 -Content 'x' }; ErrorId = 'ZcrmUnknownModule' }
        ) {
            $result = Invoke-ZcrmCaptured $Script
            $result.Terminating | Should -Not -BeNullOrEmpty
            if ($ErrorId) { $result.Terminating.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*" }
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -like '*Notes*' }) | Should -HaveCount 0
        }

        It 'Set-ZcrmNote changes piped notes and Remove-ZcrmNote deletes them' {
            $lead = $script:leads[5]
            $null = $lead | Add-ZcrmNote -Title 'Temp' -Content 'first'
            $notes = @($lead | Get-ZcrmNote | Where-Object Note_Title -ceq 'Temp')
            $notes | Should -HaveCount 1

            $set = Invoke-ZcrmCaptured { $notes | Set-ZcrmNote -Content 'second' }
            $set.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $set)
            $set.Output[0].Action | Should -Be 'updated'
            @($lead | Get-ZcrmNote | Where-Object Note_Title -ceq 'Temp').Note_Content | Should -Be 'second'

            $whatIf = Invoke-ZcrmCaptured { $notes | Remove-ZcrmNote -WhatIf }
            $whatIf.Output | Should -HaveCount 0
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object method -ceq 'DELETE') | Should -HaveCount 0

            $removed = Invoke-ZcrmCaptured { $notes | Remove-ZcrmNote -Force }
            $removed.Output[0].Action | Should -Be 'deleted'
            @($lead | Get-ZcrmNote | Where-Object Note_Title -ceq 'Temp') | Should -HaveCount 0
        }

        It 'Set-ZcrmNote with nothing to change is refused before any call' {
            $result = Invoke-ZcrmCaptured { Set-ZcrmNote -Id 5725767013000001013 }
            $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ZcrmNothingToChange,*'
            @(Get-ZcrmEmulatorRequest $script:emulator) | Should -HaveCount 0
        }
    }

    Context 'Tags' {
        It 'Get-ZcrmTag lists the tags of a module' {
            $result = Invoke-ZcrmCaptured { Get-ZcrmTag -Module Leads }
            $result.Output.Name | Should -Contain 'VIP'
            $result.Output[0].PSObject.TypeNames[0] | Should -Be 'ZohoCrm.Core.Related.ZohoTag'
            (Invoke-ZcrmCaptured { Get-ZcrmTag -Module Leads -Name 'Trade*' }).Output.Name | Should -Be 'Trade Show 2024'
        }

        It 'Tagging 1,000 piped records takes 2 calls of 500, and untagging them 2 more' {
            $records = @($script:leads | Select-Object -First 1000)
            $records | Should -HaveCount 1000
            # A fresh connection, so no metadata read earlier hides a call this needs.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator -ClearRequestLog

            $added = Invoke-ZcrmCaptured { $records | Add-ZcrmTag -Tag 'Pester Bulk' }
            $added.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $added)
            $added.Output | Should -HaveCount 1000
            Assert-ZcrmSequence -Actual @($added.Output | ForEach-Object { [string]$_.Id }) -Expected @($records | ForEach-Object { [string]$_.id })
            $calls = Get-RequestTo $script:emulator POST '/crm/v8/Leads/actions/add_tags'
            $calls | Should -HaveCount 2 -Because 'Zoho takes 500 records per call, so 1,000 need 2'
            foreach ($call in $calls) { ($call.body | ConvertFrom-Json).ids | Should -HaveCount 500 }
            (Get-ZcrmEmulatorStats $script:emulator).apiCalls | Should -Be 2 -Because 'no other call is needed'

            $tagged = @(Get-ZcrmRecord -Module Leads -All -Field Tag | Where-Object { $_.Tag.name -contains 'Pester Bulk' })
            $tagged | Should -HaveCount 1000
            Clear-ZcrmEmulatorRequest $script:emulator

            $removed = Invoke-ZcrmCaptured { $records | Remove-ZcrmTag -Tag 'Pester Bulk' }
            $removed.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $removed)
            @($removed.Output | Where-Object Action -ceq 'untagged') | Should -HaveCount 1000
            Get-RequestTo $script:emulator POST '/crm/v8/Leads/actions/remove_tags' | Should -HaveCount 2
            Get-RequestTo $script:emulator GET '/crm/v8/settings/tags' | Should -HaveCount 1 -Because 'Zoho removes tags by id, looked up once'
        }

        It 'Add-ZcrmTag by -Module and -Id with -Overwrite replaces the tags' {
            $id = [string]$script:leads[10].id
            $result = Invoke-ZcrmCaptured { Add-ZcrmTag -Module Leads -Id $id -Tag 'Alpha', 'Beta' -Overwrite }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            ((Get-RequestTo $script:emulator POST '/crm/v8/Leads/actions/add_tags')[0].body | ConvertFrom-Json).over_write | Should -BeTrue
            @((Get-ZcrmRecord -Module Leads -Id $id).Tag.name | Sort-Object) | Should -Be @('Alpha', 'Beta')
        }

        It 'A record over the per-record limit gets an error naming the limit and the record; the others are tagged' {
            $full = [string]$script:leads[20].id
            $other = [string]$script:leads[21].id
            $null = Add-ZcrmTag -Module Leads -Id $full -Tag (1..10 | ForEach-Object { "Full$_" }) -Overwrite
            Clear-ZcrmEmulatorRequest $script:emulator

            $result = Invoke-ZcrmCaptured { $full, $other | Add-ZcrmTag -Module Leads -Tag 'One More' }
            Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object Status) -Expected @('Failed', 'Success')
            $result.Errors | Should -HaveCount 1
            $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'LIMIT_EXCEEDED,*'
            [string]$result.Errors[0].TargetObject | Should -Be $full
            $result.Errors[0].ErrorDetails.Message | Should -Match ([regex]::Escape($full))
            $result.Errors[0].ErrorDetails.Message | Should -Match '10 tags'
            $result.Errors[0].ErrorDetails.Message | Should -Match 'per record'
            Get-RequestTo $script:emulator POST '/crm/v8/Leads/actions/add_tags' | Should -HaveCount 1
        }

        It 'New tags past the per-module limit fail the call, each record with an error naming the module limit' {
            $id = [string]$script:leads[30].id
            $existing = @(Get-ZcrmTag -Module Leads).Count
            $failure = $null
            for ($start = 0; $start -lt 200 -and $null -eq $failure; $start += 10) {
                $names = $start..($start + 9) | ForEach-Object { "Cap$_" }
                $result = Invoke-ZcrmCaptured { Add-ZcrmTag -Module Leads -Id $id -Tag $names -Overwrite }
                if ($result.Errors.Count -gt 0) { $failure = $result }
            }
            $failure | Should -Not -BeNullOrEmpty -Because "the module had $existing tags and may have 100"
            $failure.Errors[0].FullyQualifiedErrorId | Should -BeLike 'LIMIT_EXCEEDED,*'
            $failure.Errors[0].ErrorDetails.Message | Should -Match '100 tags per module'
            $failure.Errors[0].ErrorDetails.Message | Should -Match ([regex]::Escape($id))
            @(Get-ZcrmTag -Module Leads).Count | Should -BeLessOrEqual 100
        }

        It 'Refuses <Case> before any call' -ForEach @(
            @{ Case = 'a tag name over 25 characters'; Script = { Add-ZcrmTag -Module Leads -Id $script:leads[0].id -Tag ('x' * 26) }; ErrorId = 'ZcrmTagNameTooLong' }
            @{ Case = 'more than 10 tags'; Script = { Add-ZcrmTag -Module Leads -Id $script:leads[0].id -Tag (1..11 | ForEach-Object { "T$_" }) }; ErrorId = 'ZcrmTooManyTags' }
            @{ Case = 'an unknown module'; Script = { Add-ZcrmTag -Module Nope -Id 1 -Tag VIP }; ErrorId = 'ZcrmUnknownModule' }
            @{ Case = 'a tag the module does not have'; Script = { Remove-ZcrmTag -Module Leads -Id $script:leads[0].id -Tag 'No Such Tag' }; ErrorId = 'ZcrmUnknownTag' }
        ) {
            $result = Invoke-ZcrmCaptured $Script
            $result.Terminating.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -like '*/actions/*' }) | Should -HaveCount 0
        }

        It 'Tags, notes, cases and quotes have a default table view' -ForEach @(
            @{ What = 'tags'; Script = { Get-ZcrmTag -Module Leads }; Headers = 'Module', 'Name', 'ColorCode' }
            @{ What = 'notes'; Script = { Get-ZcrmNote -Module Contacts -Id $script:contact.id -First 2 }; Headers = 'Note_Title', 'Note_Content', 'Parent' }
            @{ What = 'cases'; Script = { Get-ZcrmRelatedRecord -Module Contacts -Id $script:contact.id -RelatedList Cases -First 2 }; Headers = 'Case_Number', 'Subject', 'Status', 'Contact' }
            @{ What = 'quotes'; Script = { Get-ZcrmRelatedRecord -Module Contacts -Id $script:contact.id -RelatedList Quotes -First 2 }; Headers = 'Subject', 'Quote_Stage', 'Grand_Total' }
        ) {
            $text = & $Script | Out-String -Width 250
            foreach ($header in $Headers) { $text | Should -Match "\b$header\b" }
        }

        It 'Add-ZcrmRelatedRecord without related records warns and sends nothing' {
            $result = Invoke-ZcrmCaptured { Add-ZcrmRelatedRecord -Module Campaigns -Id 5725767000000004001 -RelatedList Contacts }
            $result.Warnings | Should -HaveCount 1
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object method -ceq 'PUT') | Should -HaveCount 0
        }

        It '-WhatIf tags nothing' {
            $result = Invoke-ZcrmCaptured { $script:leads | Select-Object -First 5 | Add-ZcrmTag -Tag VIP -WhatIf }
            $result.Output | Should -HaveCount 0
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -like '*/actions/*' }) | Should -HaveCount 0
        }
    }
}
