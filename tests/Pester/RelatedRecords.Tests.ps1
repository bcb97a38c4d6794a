# Get-, Add- and Remove-ZcrmRelatedRecord against an emulator process (fact sheet §16): related lists read across
# pages and typed for the related module, links on many-to-many lists 100 per call, and bad input refused before
# any call. The emulator seeds its first Contact (lowest id) with 20 Cases, 12 Quotes and 40 Notes.

Describe 'RelatedRecords' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule

        # Requests of one method whose path is exactly $Path.
        function Get-RequestTo($Emulator, [string] $Method, [string] $Path) {
            @(Get-ZcrmEmulatorRequest $Emulator | Where-Object { $_.method -ceq $Method -and $_.path -ceq $Path })
        }

        $script:emulator = Start-ZcrmTestEmulator -Leads 20 -ArgumentList '--contacts', '150'
        Connect-ZcrmTestEmulator $script:emulator
        $script:contact = Get-ZcrmRecord -Module Contacts -First 1 -SortBy id -SortOrder asc
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $script:emulator
    }

    BeforeEach {
        Clear-ZcrmEmulatorRequest $script:emulator
    }

    It 'Reads the <List> of a Contact with -All across pages, typed for <List>' -ForEach @(
        @{ List = 'Cases'; Module = 'Cases'; Lookup = 'Related_To'; Expected = 20 }
        @{ List = 'Quotes'; Module = 'Quotes'; Lookup = 'Contact_Name'; Expected = 12 }
        @{ List = 'Notes'; Module = 'Notes'; Lookup = 'Parent_Id'; Expected = 40 }
    ) {
        $id = [string]$script:contact.id
        $result = Invoke-ZcrmCaptured { Get-ZcrmRelatedRecord -Module Contacts -Id $id -RelatedList $List -All -PageSize 5 }

        $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
        $result.Output | Should -HaveCount $Expected
        @($result.Output | Where-Object { $_.PSObject.TypeNames[0] -cne "ZohoCrm.Record#$Module" }).Count | Should -Be 0
        @($result.Output | Where-Object { [string]$_.$Lookup.id -cne $id }).Count | Should -Be 0 -Because "every row belongs to the contact"
        @($result.Output | ForEach-Object { [string]$_.id } | Sort-Object -Unique).Count | Should -Be $Expected
        $pages = Get-RequestTo $script:emulator GET "/crm/v8/Contacts/$id/$List"
        $pages | Should -HaveCount ([math]::Ceiling($Expected / 5))
        Assert-ZcrmSequence -Actual @($pages | ForEach-Object { $_.query.page }) -Expected @(1..$pages.Count) -Because 'one call per page, in order'

        # The same rows through an independent path: the module's own list, filtered by the lookup.
        $fromList = if ($List -eq 'Notes') { Get-ZcrmNote -All } else { Get-ZcrmRecord -Module $Module -All }
        $expectedIds = @($fromList | Where-Object { [string]$_.$Lookup.id -ceq $id } | ForEach-Object { [string]$_.id } | Sort-Object)
        Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object { [string]$_.id } | Sort-Object) -Expected $expectedIds
    }

    It 'Takes parent records from the pipeline and its related records pipe into Set-ZcrmRecord' {
        $result = Invoke-ZcrmCaptured {
            Get-ZcrmRecord -Module Contacts -First 1 -SortBy id -SortOrder asc |
                Get-ZcrmRelatedRecord -RelatedList Cases -All |
                Where-Object Status -ne 'Escalated' |
                Select-Object -First 2 |
                Set-ZcrmRecord -Property @{ Status = 'Escalated' }
        }
        $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
        $result.Output | Should -HaveCount 2
        @($result.Output | Where-Object Status -cne 'Success').Count | Should -Be 0
        @(Get-RequestTo $script:emulator PUT '/crm/v8/Cases').Count | Should -Be 1

        $changed = @($result.Output | ForEach-Object { [string]$_.Id })
        $after = Get-ZcrmRelatedRecord -Module Contacts -Id $script:contact.id -RelatedList Cases -All | Where-Object { $changed -contains [string]$_.id }
        @($after | Where-Object Status -ceq 'Escalated').Count | Should -Be 2
    }

    It '-First stops after N records and fetches no page that is not needed' {
        $result = Invoke-ZcrmCaptured { Get-ZcrmRelatedRecord -Module Contacts -Id $script:contact.id -RelatedList Notes -First 3 }
        $result.Output | Should -HaveCount 3
        $calls = Get-RequestTo $script:emulator GET "/crm/v8/Contacts/$($script:contact.id)/Notes"
        $calls | Should -HaveCount 1
        $calls[0].query.per_page | Should -Be '3'
    }

    It 'One page without -All warns that more records exist' {
        $result = Invoke-ZcrmCaptured { Get-ZcrmRelatedRecord -Module Contacts -Id $script:contact.id -RelatedList Notes -PageSize 10 }
        $result.Output | Should -HaveCount 10
        ($result.Warnings -join ' ') | Should -Match '-All'
    }

    It 'Refuses <Case> before any call' -ForEach @(
        @{ Case = 'an unknown related list'; Module = 'Contacts'; List = 'Nope'; ErrorId = 'ZcrmUnknownRelatedList' }
        @{ Case = 'an unknown module'; Module = 'Nope'; List = 'Cases'; ErrorId = 'ZcrmUnknownModule' }
    ) {
        $id = $script:contact.id
        $result = Invoke-ZcrmCaptured { Get-ZcrmRelatedRecord -Module $Module -Id $id -RelatedList $List }
        $result.Terminating | Should -Not -BeNullOrEmpty
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -like "*/$id/*" }).Count | Should -Be 0
    }

    It 'An id that is not a number is a non-terminating error and sends nothing' {
        $result = Invoke-ZcrmCaptured { Get-ZcrmRelatedRecord -Module Contacts -Id 'abc', $script:contact.id -RelatedList Cases -First 1 }
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmInvalidId,*'
        $result.Output | Should -HaveCount 1 -Because 'the good id is still read'
        @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -like '*/abc/*' }).Count | Should -Be 0
    }

    It 'A parent record that does not exist is a non-terminating error and the next parent is read' {
        $result = Invoke-ZcrmCaptured { '5725767000000000001', [string]$script:contact.id | Get-ZcrmRelatedRecord -Module Contacts -RelatedList Quotes -All }
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmRecordNotFound,*'
        [string]$result.Errors[0].TargetObject | Should -Be '5725767000000000001'
        $result.Output | Should -HaveCount 12
    }

    It 'Links piped contacts to a campaign 100 per call with a relation field, and delinks them' {
        $campaign = New-ZcrmRecord -Module Campaigns -InputObject @{ Campaign_Name = 'Pester Spring' }
        $contacts = @(Get-ZcrmRecord -Module Contacts -First 100 -SortBy id -SortOrder desc) + @(Get-ZcrmRecord -Module Contacts -First 1 -SortBy id -SortOrder asc)
        Clear-ZcrmEmulatorRequest $script:emulator

        $linked = Invoke-ZcrmCaptured { $contacts | Add-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts -RelationField @{ Member_Status = 'Sent' } }
        $linked.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $linked)
        $linked.Output | Should -HaveCount 101
        @($linked.Output | Where-Object { $_.Status -cne 'Success' -or $_.Action -cne 'linked' }).Count | Should -Be 0
        Assert-ZcrmSequence -Actual @($linked.Output | ForEach-Object { [string]$_.Id }) -Expected @($contacts | ForEach-Object { [string]$_.id })
        $puts = Get-RequestTo $script:emulator PUT "/crm/v8/Campaigns/$($campaign.Id)/Contacts"
        $puts | Should -HaveCount 2 -Because '100 related ids per call'

        $members = @(Get-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts -All)
        $members | Should -HaveCount 101
        @($members | Where-Object Member_Status -cne 'Sent').Count | Should -Be 0
        @(Get-ZcrmRelatedRecord -Module Contacts -Id $script:contact.id -RelatedList Campaigns | ForEach-Object { [string]$_.id }) | Should -Contain ([string]$campaign.Id)

        $delinked = Invoke-ZcrmCaptured { $members | Remove-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts }
        $delinked.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $delinked)
        @($delinked.Output | Where-Object Action -ceq 'delinked').Count | Should -Be 101
        @(Get-RequestTo $script:emulator DELETE "/crm/v8/Campaigns/$($campaign.Id)/Contacts") | Should -HaveCount 2
        @(Get-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts) | Should -HaveCount 0
    }

    It 'A related id Zoho refuses is a per-item error with the input as TargetObject; a bad id is not sent' {
        $campaign = New-ZcrmRecord -Module Campaigns -InputObject @{ Campaign_Name = 'Pester Partial' }
        $good = [string]$script:contact.id
        Clear-ZcrmEmulatorRequest $script:emulator
        $result = Invoke-ZcrmCaptured { $good, '5725767000000000001', 'x1' | Add-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts }

        Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object Status) -Expected @('Success', 'Failed', 'Failed')
        $result.Output[1].Code | Should -Be 'INVALID_DATA'
        $result.Output[2].Code | Should -Be 'ZcrmInvalidId'
        Assert-ZcrmSequence -Actual @($result.Errors | ForEach-Object { [string]$_.TargetObject }) -Expected @('5725767000000000001', 'x1')
        $put = Get-RequestTo $script:emulator PUT "/crm/v8/Campaigns/$($campaign.Id)/Contacts"
        $put | Should -HaveCount 1
        ($put[0].body | ConvertFrom-Json).data | Should -HaveCount 2 -Because 'the id that is not a number is not sent'
    }

    It '<Cmdlet> refuses a list Zoho cannot link before any call' -ForEach @(
        @{ Cmdlet = 'Add-ZcrmRelatedRecord'; List = 'Cases' }
        @{ Cmdlet = 'Remove-ZcrmRelatedRecord'; List = 'Notes' }
    ) {
        $id = $script:contact.id
        $result = Invoke-ZcrmCaptured { & $Cmdlet -Module Contacts -Id $id -RelatedList $List -RelatedId 5725767011000001010 }
        $result.Terminating.FullyQualifiedErrorId | Should -BeLike 'ZcrmRelatedListNotLinkable,*'
        $result.Terminating.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-ZcrmEmulatorRequest $script:emulator) | Should -HaveCount 0
    }

    It '-WhatIf links nothing' {
        $campaign = New-ZcrmRecord -Module Campaigns -InputObject @{ Campaign_Name = 'Pester WhatIf' }
        Clear-ZcrmEmulatorRequest $script:emulator
        $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Contacts -First 3 | Add-ZcrmRelatedRecord -Module Campaigns -Id $campaign.Id -RelatedList Contacts -WhatIf }
        $result.Output | Should -HaveCount 0
        @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object method -ceq 'PUT') | Should -HaveCount 0
    }

    It 'Tab completes the related lists of the module in -Module' {
        $line = 'Get-ZcrmRelatedRecord -Module Contacts -Id 1 -RelatedList Q'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText
        $completions | Should -Contain 'Quotes'
        $line = 'Get-ZcrmRelatedRecord -Module Contacts -Id 1 -RelatedList '
        $all = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText
        foreach ($name in 'Cases', 'Notes', 'Campaigns') { $all | Should -Contain $name }
    }
}
