# The org around the records (issue 12, first half): Get-ZcrmUser, Get-ZcrmRole, Get-ZcrmProfile, Get-ZcrmLayout,
# Get-ZcrmCustomView, Get-ZcrmRelatedList, Get-ZcrmRecord -CustomView/-CustomViewId, -Owner by email and
# Invoke-ZcrmFunction, through real pwsh against one emulator process over HTTP.

BeforeDiscovery {
    # The seeded users (src/ZohoCrm.Emulator/Data/UserDirectory.cs): Tom Becker is deactivated, Nina Kowalski has not
    # confirmed her invitation, Patricia Boyle (the token's owner) and Hannah Schmidt are administrators.
    $userTypes = @(
        @{ Type = 'AllUsers'; Expected = 7; Includes = 'tom.becker@zylker.example' }
        @{ Type = 'ActiveUsers'; Expected = 6; Includes = 'nina.kowalski@zylker.example' }
        @{ Type = 'DeactiveUsers'; Expected = 1; Includes = 'tom.becker@zylker.example' }
        @{ Type = 'ConfirmedUsers'; Expected = 6; Includes = 'tom.becker@zylker.example' }
        @{ Type = 'NotConfirmedUsers'; Expected = 1; Includes = 'nina.kowalski@zylker.example' }
        @{ Type = 'ActiveConfirmedUsers'; Expected = 5; Includes = 'marcus.chen@zylker.example' }
        @{ Type = 'AdminUsers'; Expected = 2; Includes = 'hannah.schmidt@zylker.example' }
        @{ Type = 'ActiveConfirmedAdmins'; Expected = 2; Includes = 'patricia.boyle@zylker.example' }
        @{ Type = 'CurrentUser'; Expected = 1; Includes = 'patricia.boyle@zylker.example' }
    )
    $badIds = @(
        @{ Command = 'Get-ZcrmRole'; Arguments = @{ Id = 'abc' } }
        @{ Command = 'Get-ZcrmProfile'; Arguments = @{ Id = '12a' } }
        @{ Command = 'Get-ZcrmLayout'; Arguments = @{ Module = 'Leads'; Id = 'x' } }
        @{ Command = 'Get-ZcrmCustomView'; Arguments = @{ Module = 'Leads'; Id = 'view' } }
        @{ Command = 'Get-ZcrmUser'; Arguments = @{ Id = 'me' } }
    )
    $unknownModules = @(
        @{ Command = 'Get-ZcrmLayout'; Path = '/crm/v8/settings/layouts' }
        @{ Command = 'Get-ZcrmCustomView'; Path = '/crm/v8/settings/custom_views' }
        @{ Command = 'Get-ZcrmRelatedList'; Path = '/crm/v8/settings/related_lists' }
    )
}

Describe 'OrgMetadata' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $script:emulator = Start-ZcrmTestEmulator -Leads 300
        $script:greetKey = '1003.4b7e1a9c2d5f8e0a3c6b9d2e5f8a1c4d.7e0a3d6c9f2b5e8a1d4c7f0b3e6a9d2c'
        $script:openDealsKey = '1003.9d27c4a1e85b4f06a3c2d1e0f9b8a7c6.5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b'

        function Get-ApiRequest([string] $Path) {
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -ceq $Path })
        }
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $script:emulator
    }

    BeforeEach {
        Clear-ZcrmEmulatorRequest $script:emulator
    }

    Context 'Get-ZcrmUser' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It 'lists the <Type> users with one call of that type' -ForEach $userTypes {
            $users = @(Get-ZcrmUser -Type $Type)

            $users | Should -HaveCount $Expected
            $users.email | Should -Contain $Includes
            $users[0].PSObject.TypeNames | Should -Contain 'ZohoCrm.User#users'
            $calls = Get-ApiRequest '/crm/v8/users'
            $calls | Should -HaveCount 1
            $calls[0].query.type | Should -BeExactly $Type
        }

        It 'lists every user without -Type and shows name, email, role, profile and status' {
            $users = @(Get-ZcrmUser)
            $users | Should -HaveCount 7
            (Get-ApiRequest '/crm/v8/users')[0].query.PSObject.Properties['type'] | Should -BeNullOrEmpty
            $table = ($users | Format-Table | Out-String -Width 250)
            $table | Should -Match 'Name\s+Email\s+Role\s+Profile\s+Status'
            $table | Should -Match 'Tom Becker\s+tom\.becker@zylker\.example\s+Manager\s+Standard\s+disabled'
        }

        It 'pages with -All and stops fetching at -First' {
            $all = @(Get-ZcrmUser -All -PageSize 2)
            $all | Should -HaveCount 7
            @($all.id | Sort-Object -Unique) | Should -HaveCount 7
            Get-ApiRequest '/crm/v8/users' | Should -HaveCount 4

            Clear-ZcrmEmulatorRequest $script:emulator
            @(Get-ZcrmUser -First 3 -PageSize 2) | Should -HaveCount 3
            Get-ApiRequest '/crm/v8/users' | Should -HaveCount 2 -Because 'the third page is never needed'
        }

        It 'warns when one page does not hold every user' {
            $result = Invoke-ZcrmCaptured { Get-ZcrmUser -PageSize 5 }
            $result.Output | Should -HaveCount 5
            $result.Warnings | Should -HaveCount 1
            $result.Warnings[0] | Should -Match '-All'
        }

        It 'reads users by id from the pipeline: strings and a record''s Owner' {
            $ids = @('5725767000000235027', '5725767000000235041')
            $users = @($ids | Get-ZcrmUser)
            $users.full_name | Should -Be @('Marcus Chen', 'Aisha Rahman')
            $calls = Get-ApiRequest '/crm/v8/users'
            $calls | Should -HaveCount 1 -Because 'piped ids are read 100 per call'
            $calls[0].query.ids | Should -BeExactly ($ids -join ',')

            $deal = Get-ZcrmRecord -Module Deals -First 1 -Field Deal_Name, Owner
            $owner = $deal.Owner | Get-ZcrmUser
            $owner.id | Should -Be $deal.Owner.id
            $owner.email | Should -Match '@zylker\.example$'
        }

        It 'reports an unknown user id and goes on with the others' {
            $result = Invoke-ZcrmCaptured { '5725767000000000001', '5725767000000235027' | Get-ZcrmUser }
            $result.Output | Should -HaveCount 1
            $result.Errors | Should -HaveCount 1
            $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmNotFound*'
        }

        It 'refuses an unknown user type before any call' {
            { Get-ZcrmUser -Type Everyone } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
            Get-ApiRequest '/crm/v8/users' | Should -HaveCount 0
        }
    }

    Context 'Ids that are not numbers' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It '<Command> refuses a non-numeric id before any call' -ForEach $badIds {
            $arguments = $Arguments
            $result = Invoke-ZcrmCaptured { & $Command @arguments }
            $result.Error | Should -Not -BeNullOrEmpty
            $result.Error.FullyQualifiedErrorId | Should -BeLike 'ZcrmInvalidId*'
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -like '/crm/v8/*' }) | Should -HaveCount 0
        }
    }

    Context 'Unknown modules' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It '<Command> refuses an unknown module before asking about it' -ForEach $unknownModules {
            $result = Invoke-ZcrmCaptured { & $Command -Module Nope }
            $result.Error.FullyQualifiedErrorId | Should -BeLike 'ZcrmUnknownModule*'
            Get-ApiRequest $Path | Should -HaveCount 0
        }
    }

    Context 'Roles and profiles' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It 'lists the role hierarchy and reads one role by a user''s role id' {
            $roles = @(Get-ZcrmRole)
            $roles.name | Should -Be @('CEO', 'Manager', 'Sales Representative')
            ($roles | Where-Object name -eq 'Manager').reporting_to.name | Should -Be 'CEO'

            $me = Get-ZcrmUser -Type CurrentUser
            $role = Get-ZcrmRole -Id $me.role.id
            $role.name | Should -Be 'CEO'
            $role.PSObject.TypeNames[0] | Should -Be 'ZohoCrm.Role'
            (Get-ApiRequest "/crm/v8/settings/roles/$($me.role.id)") | Should -HaveCount 1
        }

        It 'lists profiles and reads one with its permissions' {
            $profiles = @(Get-ZcrmProfile)
            $profiles.name | Should -Be @('Administrator', 'Standard', 'Sales Lite')
            $standard = Get-ZcrmProfile -Id ($profiles | Where-Object name -eq 'Standard').id
            ($standard.permissions_details | Where-Object name -eq 'Deals_delete').enabled | Should -BeTrue
            ($profiles | Format-Table | Out-String -Width 250) | Should -Match 'Sales Lite\s+lite_profile\s+True'
        }

        It 'reports a role id that names no role' {
            $result = Invoke-ZcrmCaptured { Get-ZcrmRole -Id 5725767000000000001 }
            $result.Output | Should -HaveCount 0
            $result.Error.FullyQualifiedErrorId | Should -BeLike 'ZcrmNotFound*'
        }
    }

    Context 'Layouts and related lists' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It 'reads the layout of Deals with its sections and fields' {
            $layout = Get-ZcrmLayout -Module Deals
            $layout.name | Should -Be 'Standard'
            $fields = @($layout.sections | ForEach-Object { $_.fields } | ForEach-Object { $_.api_name })
            $fields | Should -Contain 'Stage'
            (Get-ZcrmLayout -Module Deals -Id $layout.id).id | Should -Be $layout.id
            ($layout | Format-Table | Out-String -Width 250) | Should -Match 'Standard\s+active\s+2'
        }

        It 'corrects the case of a module name' {
            (Get-ZcrmLayout -Module deals).id | Should -Not -BeNullOrEmpty
            (Get-ApiRequest '/crm/v8/settings/layouts')[0].query.module | Should -BeExactly 'Deals'
        }

        It 'lists related lists and marks the many-to-many ones, modules taken from the pipeline' {
            $lists = @(Get-ZcrmRelatedList -Module Contacts)
            $lists.api_name | Should -Contain 'Cases'
            ($lists | Where-Object api_name -eq 'Campaigns').linkingmodule | Should -Not -BeNullOrEmpty
            ($lists | Where-Object api_name -eq 'Cases').PSObject.Properties['linkingmodule'] | Should -BeNullOrEmpty

            $linkable = @(Get-ZcrmModule Products | Get-ZcrmRelatedList | Where-Object linkingmodule)
            $linkable.api_name | Sort-Object | Should -Be @('Accounts', 'Contacts', 'Deals', 'Leads', 'Price_Books')
            ($lists | Format-Table | Out-String -Width 250) | Should -Match 'Campaigns\s+Campaigns\s+Campaigns\s+default\s+True'
        }
    }

    Context 'Custom views' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It 'lists views by name and keeps them for the session' {
            @(Get-ZcrmCustomView -Module Leads).name | Should -Contain 'Hot Web Leads'
            $view = Get-ZcrmCustomView -Module Leads -Name 'hot*'
            $view.name | Should -Be 'Hot Web Leads'
            $view.CustomViewId | Should -Be $view.id
            Get-ApiRequest '/crm/v8/settings/custom_views' | Should -HaveCount 1 -Because 'the second call reads the cache'
            (Get-ZcrmCustomView -Module Leads -Id $view.id).criteria.group_operator | Should -Be 'and'
        }

        It 'reads the records of a view piped from Get-ZcrmCustomView, filtered by the view' {
            $records = @(Get-ZcrmCustomView -Module Leads -Name 'Contacted Leads' | Get-ZcrmRecord -Module Leads -All -Field Lead_Status)
            $records.Count | Should -BeGreaterThan 0
            @($records | Where-Object Lead_Status -ne 'Contacted') | Should -HaveCount 0
            $expected = @(Get-ZcrmRecord -Module Leads -All -Field Lead_Status | Where-Object Lead_Status -eq 'Contacted').Count
            $records | Should -HaveCount $expected
            @(Get-ApiRequest '/crm/v8/Leads' | Where-Object { $_.query.PSObject.Properties['cvid'] }) | Should -Not -BeNullOrEmpty
        }

        It 'resolves -CustomView by name, and refuses an unknown name before the records call' {
            $byName = @(Get-ZcrmRecord -Module Leads -CustomView 'Contacted Leads' -All -Field Lead_Status)
            $byName.Count | Should -BeGreaterThan 0

            Clear-ZcrmEmulatorRequest $script:emulator
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -CustomView 'No Such View' }
            $result.Error.FullyQualifiedErrorId | Should -BeLike 'ZcrmUnknownCustomView*'
            $result.Error.Exception.Message | Should -Match 'Contacted Leads'
            Get-ApiRequest '/crm/v8/Leads' | Should -HaveCount 0
        }

        It 'refuses a view id that is not a number, and a view given twice' {
            { Get-ZcrmRecord -Module Leads -CustomViewId 'Contacted Leads' } | Should -Throw -ErrorId 'ZcrmInvalidId*'
            { Get-ZcrmRecord -Module Leads -CustomViewId 1 -CustomView 'Contacted Leads' } | Should -Throw -ErrorId 'ZcrmConflictingParameters*'
            Get-ApiRequest '/crm/v8/Leads' | Should -HaveCount 0
        }

        It 'completes view names to ids after -CustomViewId' {
            $line = 'Get-ZcrmRecord -Module Leads -CustomViewId Hot'
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $match = @($completion.CompletionMatches)
            $match | Should -HaveCount 1
            $match[0].ListItemText | Should -Be 'Hot Web Leads'
            $match[0].CompletionText | Should -Be (Get-ZcrmCustomView -Module Leads -Name 'Hot Web Leads').id
        }
    }

    Context 'Owners by email' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It 'sends the id of the user an email names, reading the users once for many rows' {
            $rows = 1..5 | ForEach-Object { [pscustomobject]@{ Last_Name = "Owned$_"; Company = 'Zylker'; Owner = 'marcus.chen@zylker.example' } }
            $results = @($rows | New-ZcrmLead)
            @($results | Where-Object Status -eq 'Success') | Should -HaveCount 5
            Get-ApiRequest '/crm/v8/users' | Should -HaveCount 1
            $insert = @(Get-ApiRequest '/crm/v8/Leads' | Where-Object method -ceq 'POST')
            $insert | Should -HaveCount 1
            $body = $insert[0].body | ConvertFrom-Json
            @($body.data.Owner.id | Sort-Object -Unique) | Should -Be @('5725767000000235027')
        }

        It 'takes a user object, an id or a full name' {
            $aisha = Get-ZcrmUser -Id 5725767000000235041
            (New-ZcrmLead -LastName ByObject -Company Zylker -Owner $aisha).Status | Should -Be 'Success'
            (New-ZcrmLead -LastName ById -Company Zylker -Owner 5725767000000235041).Status | Should -Be 'Success'
            (New-ZcrmLead -LastName ByName -Company Zylker -Owner 'Aisha Rahman').Status | Should -Be 'Success'
            $bodies = @(Get-ApiRequest '/crm/v8/Leads' | Where-Object method -ceq 'POST' | ForEach-Object { ($_.body | ConvertFrom-Json).data[0].Owner.id })
            $bodies | Should -Be @('5725767000000235041', '5725767000000235041', '5725767000000235041')
        }

        It 'fails only the row whose owner names no user' {
            $rows = @(
                [pscustomobject]@{ Last_Name = 'Good'; Company = 'Zylker'; Owner = 'aisha.rahman@zylker.example' }
                [pscustomobject]@{ Last_Name = 'Bad'; Company = 'Zylker'; Owner = 'nobody@zylker.example' }
            )
            $result = Invoke-ZcrmCaptured { $rows | New-ZcrmLead }
            @($result.Output | Where-Object Status -eq 'Success') | Should -HaveCount 1
            $result.Errors | Should -HaveCount 1
            $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmUnknownUser*'
            $result.Errors[0].TargetObject.Last_Name | Should -Be 'Bad'
            $insert = @(Get-ApiRequest '/crm/v8/Leads' | Where-Object method -ceq 'POST')
            @(($insert[0].body | ConvertFrom-Json).data) | Should -HaveCount 1
        }

        It 'completes active users and inserts their email' {
            $line = 'New-ZcrmLead -LastName X -Owner Mar'
            $matches = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches)
            $matches | Should -HaveCount 1
            $matches[0].CompletionText | Should -Be 'marcus.chen@zylker.example'
            $matches[0].ListItemText | Should -Be 'Marcus Chen'

            $line = 'New-ZcrmLead -LastName X -Owner Tom'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches) | Should -HaveCount 0 -Because 'a deactivated user cannot own records'
        }
    }

    Context 'Invoke-ZcrmFunction' {
        BeforeAll {
            # One connection per context: Zoho (and the emulator) mint at most 10 access tokens per refresh token in 10 minutes.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:emulator
        }

        It 'runs a function with the OAuth token and returns its map as an object' {
            $result = Invoke-ZcrmFunction -Name open_deals_by_owner -Argument @{ owner = 'marcus.chen@zylker.example' }
            $result.status | Should -Be 'success'
            $expected = @(Get-ZcrmRecord -Module Deals -All -Field Stage, Owner | Where-Object { $_.Owner.name -eq 'Marcus Chen' -and $_.Stage -notlike 'Closed*' }).Count
            $result.open_deals | Should -Be $expected
            $call = @(Get-ApiRequest '/crm/v8/functions/open_deals_by_owner/actions/execute')
            $call | Should -HaveCount 1
            $call[0].query.auth_type | Should -Be 'oauth'
            $call[0].query.owner | Should -Be 'marcus.chen@zylker.example'
        }

        It 'runs a function with its API key, which never shows' {
            $key = ConvertTo-ZcrmSecureString $script:greetKey
            $result = Invoke-ZcrmCaptured -AllStreams { Invoke-ZcrmFunction -Name greet -Argument @{ name = 'Ann' } -ApiKey $key }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -Be @('Hello, Ann!')
            $text = ConvertTo-ZcrmCapturedText $result
            $text | Should -Not -Match ([regex]::Escape($script:greetKey))
            $text | Should -Match 'zapikey=\*\*\*'
            $call = @(Get-ApiRequest '/crm/v8/functions/greet/actions/execute')
            $call[0].query.auth_type | Should -Be 'apikey'
        }

        It 'keeps a rejected key out of the error' {
            $key = ConvertTo-ZcrmSecureString $script:openDealsKey
            $result = Invoke-ZcrmCaptured -AllStreams { Invoke-ZcrmFunction -Name greet -ApiKey $key }
            $result.Error.FullyQualifiedErrorId | Should -BeLike 'ZcrmFunctionKeyRejected*'
            (ConvertTo-ZcrmCapturedText $result) | Should -Not -Match ([regex]::Escape($script:openDealsKey))
        }

        It 'posts the arguments as a JSON body' {
            $result = Invoke-ZcrmFunction echo_arguments @{ city = 'Pune'; count = 2 } -Method Post
            $result.received.city | Should -Be 'Pune'
            $result.received.count | Should -Be '2'
            $call = @(Get-ApiRequest '/crm/v8/functions/echo_arguments/actions/execute')
            $call[0].method | Should -Be 'POST'
            ($call[0].body | ConvertFrom-Json).count | Should -Be 2
        }

        It 'names a function that does not exist, and reports a failure inside one' {
            $missing = Invoke-ZcrmCaptured { Invoke-ZcrmFunction -Name no_such_function }
            $missing.Error.FullyQualifiedErrorId | Should -BeLike 'ZcrmFunctionNotFound*'
            $missing.Error.Exception.Message | Should -Match 'no_such_function'

            $failed = Invoke-ZcrmCaptured { Invoke-ZcrmFunction -Name divide -Argument @{ a = 1; b = 0 } }
            $failed.Error.FullyQualifiedErrorId | Should -BeLike 'INTERNAL_ERROR*'
            $failed.Error.Exception.Message | Should -Match 'Division by zero'
        }

        It 'sends nothing with -WhatIf, and refuses a name that is not an API name' {
            Invoke-ZcrmFunction -Name divide -Argument @{ a = 1; b = 2 } -WhatIf
            { Invoke-ZcrmFunction -Name 'bad name' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
            @(Get-ZcrmEmulatorRequest $script:emulator | Where-Object { $_.path -like '*/functions/*' }) | Should -HaveCount 0
        }
    }
}
