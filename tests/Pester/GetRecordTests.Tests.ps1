# Get-ZcrmRecord: paging, typed records at the prompt, parameters reaching the API, errors, retries, stopping.
# The expected lead ids are read from the emulator's REST API first (Get-ZcrmEmulatorLeadId), which then clears its
# request log.

Describe 'GetRecordTests' {
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

    It 'All streams every record once, in order, switching to page tokens past 2,000' {
        $emulator = Start-ZcrmTestEmulator -Leads 5000
        try {
            $expected = @(Get-ZcrmEmulatorLeadId $emulator)
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -All | ForEach-Object { $_.id } }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $ids = @($result.Output | ForEach-Object { [string]$_ })
            $ids | Should -HaveCount $expected.Count
            @($ids | Sort-Object -Unique).Count | Should -Be $ids.Count
            Assert-ZcrmSequence -Actual $ids -Expected $expected -Because 'every lead comes once, newest first'

            $lists = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads' })
            $lists | Should -HaveCount ([int][System.Math]::Floor(($expected.Count + 199) / 200))
            for ($page = 1; $page -le 10; $page++) {
                $lists[$page - 1].query.page | Should -BeExactly ([string]$page)
            }
            foreach ($request in @($lists | Select-Object -Skip 10)) {
                Test-ZcrmQueryKey $request 'page_token' | Should -BeTrue
                Test-ZcrmQueryKey $request 'page' | Should -BeFalse
            }
            foreach ($request in $lists) {
                $request.query.per_page | Should -BeExactly '200'
            }
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'First fetches no page it does not need' {
        $emulator = Start-ZcrmTestEmulator -Leads 1000
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $ten = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 10 }
            $ten.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $ten)
            $ten.Output | Should -HaveCount 10
            Get-ZcrmEmulatorListCallCount $emulator | Should -Be 1
            $list = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads' })
            $list | Should -HaveCount 1
            $list[0].query.per_page | Should -BeExactly '10'

            Clear-ZcrmEmulatorRequest $emulator
            $more = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 250 }
            $more.Output | Should -HaveCount 250
            Get-ZcrmEmulatorListCallCount $emulator | Should -Be 2
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Without -All, one page comes back with a warning that more exist' {
        $emulator = Start-ZcrmTestEmulator -Leads 450
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -PageSize 100 -Page 2 }

            $result.Output | Should -HaveCount 100
            $result.Warnings | Should -HaveCount 1
            $result.Warnings[0] | Should -BeLikeExactly '*-All*'
            $list = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads' })
            $list | Should -HaveCount 1
            $list[0].query.page | Should -BeExactly '2'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Records are typed objects that know their module' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 1 }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 1
            $lead = $result.Output[0]
            $lead.PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Record#Leads'
            $lead.PSObject.TypeNames | Should -Contain 'ZohoCrm.Record'
            $lead.id | Should -BeOfType System.String
            $lead.Created_Time | Should -BeOfType System.DateTimeOffset
            $lead.Modified_Time | Should -BeOfType System.DateTimeOffset
            $owner = $lead.Owner
            $owner | Should -Not -BeNullOrEmpty
            $owner.PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Lookup'
            $owner.name | Should -Not -BeNullOrEmpty
            $shown = Invoke-ZcrmCaptured { $lead = Get-ZcrmRecord -Module Leads -First 1; "$($lead.Owner)" }
            $shown.Output | Should -HaveCount 1
            $shown.Output[0] | Should -BeExactly $owner.name
            if ($null -ne $lead.No_of_Employees) { $lead.No_of_Employees | Should -BeOfType System.Int64 }
            if ($null -ne $lead.Annual_Revenue) { $lead.Annual_Revenue | Should -BeOfType System.Decimal }
            $lead.Email_Opt_Out | Should -BeOfType System.Boolean
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Records behave like objects at the prompt' {
        # Records stream as light objects whose fields become PowerShell values on first read, so check what a user
        # relies on at the prompt: names in any case, one lookup object per field (an edit to it stays), assigning,
        # adding a property, filtering, the text form and strict mode's error, a copy that changes apart from the
        # record, and an edited record sending only its change. A real pwsh also has Select-Object, ConvertTo-Json, Export-Csv and Add-Member.
        $emulator = Start-ZcrmTestEmulator -Leads 30
        try {
            $open = @(Get-ZcrmEmulatorLead $emulator -Fields 'Lead_Status')
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $records = @(Get-ZcrmRecord -Module Leads -All)
            $lead = $records[0]
            $lead.full_name | Should -BeExactly $lead.Full_Name
            [object]::ReferenceEquals($lead.Owner, $lead.Owner) | Should -BeTrue
            $lead.Owner.name = 'Renamed'
            $lead.Owner.name | Should -BeExactly 'Renamed'
            $lead.City = 'Pune'
            $lead.City | Should -BeExactly 'Pune'
            $lead.PSObject.Properties.Add([psnoteproperty]::new('Note', 'kept'))
            $lead.Note | Should -BeExactly 'kept'
            "$lead".StartsWith('@{') | Should -BeTrue
            $status = $records[1].Lead_Status
            @($records | Where-Object Lead_Status -eq $status).Count | Should -Be @($open | Where-Object Lead_Status -eq $status).Count
            $strict = & { Set-StrictMode -Version Latest; try { $lead.No_Such_Field; 'no error' } catch { $_.FullyQualifiedErrorId } }
            $strict | Should -BeExactly 'PropertyNotFoundStrict'
            ($records[2] | Add-Member -NotePropertyName Added -NotePropertyValue 1 -PassThru).Added | Should -Be 1
            ($records | Select-Object -First 2 -Property id, Email)[1].Email | Should -BeExactly $records[1].Email
            ($records[1] | ConvertTo-Json -Depth 3 | ConvertFrom-Json).Owner.id | Should -BeExactly $records[1].Owner.id
            $copy = $lead.PSObject.Copy()
            $copy.City = 'Copied'
            $copy.Owner.name = 'Copied owner'
            $lead.City + '|' + $lead.Owner.name + '|' + $copy.City | Should -BeExactly 'Pune|Renamed|Copied'

            Clear-ZcrmEmulatorRequest $emulator
            $result = Invoke-ZcrmCaptured { $lead | Set-ZcrmRecord }
            $result.Errors | Should -HaveCount 0 -Because (Get-ZcrmErrorText $result)
            $result.Output[0].Status | Should -BeExactly 'Success'
            # The owner's name is not sent: a lookup compares by id, and the id did not change; the note is not a field.
            $update = @(Get-ZcrmEmulatorRequest $emulator | Where-Object method -ceq 'PUT')
            $update | Should -HaveCount 1
            $sent = ($update[0].body | ConvertFrom-Json).data[0]
            (@($sent.PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly 'City,id'

            # Records kept in a variable are lean objects of a class made once per field set; records streamed to a later
            # command are PSCustomObjects with a note property per field (RecordNoteProperties.Tests.ps1 has both).
            $lead.GetType().FullName | Should -BeExactly 'ZohoCrm.Record#Leads'
            $lead -is [ZohoCrm.Record] | Should -BeTrue
            $lead.GetType() | Should -Be (Get-ZcrmRecord -Module Leads -All)[5].GetType()
            $streamed = @(Get-ZcrmRecord -Module Leads -All | ForEach-Object { $_ })[5]
            $streamed.PSObject.Properties['Created_Time'].MemberType | Should -Be 'NoteProperty'
            ($streamed | Get-Member -Name Created_Time).Definition | Should -BeLike '*DateTimeOffset Created_Time=*'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Record fields read in runspaces without the module' {
        # ForEach-Object -Parallel runs its script in runspaces that have not imported the module; fields must still
        # read (and set) there, for records and for bulk read rows alike, also after this runspace has read them.
        $emulator = Start-ZcrmTestEmulator -Leads 10 -ArgumentList @('--bulk-job-ms', '20')
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $records = @(Get-ZcrmRecord -Module Leads -First 3)
            $rows = @(Start-ZcrmBulkRead -Module Leads -Wait | Receive-ZcrmBulkRead)
            $expected = @($records | ForEach-Object { $_.Full_Name + '|' + $_.Owner.name }) + @($rows[0..2] | ForEach-Object { $_.Email + '|' + $_.Owner.id })
            $seen = @($records | ForEach-Object -Parallel { $_.Full_Name + '|' + $_.Owner.name } -ThrottleLimit 2) +
                @($rows[0..2] | ForEach-Object -Parallel { $_.City = 'Set there'; $_.Email + '|' + $_.Owner.id } -ThrottleLimit 2)
            ($expected | Sort-Object) -join ';' | Should -Not -BeLike '*|;*'
            ($seen | Sort-Object) -join ';' | Should -BeExactly (($expected | Sort-Object) -join ';')
            $rows[0].City | Should -BeExactly 'Set there'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Field, sort and filter parameters reach the API' {
        $emulator = Start-ZcrmTestEmulator -Leads 300
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                Get-ZcrmRecord -Module Leads -Field last_name, Email -SortBy Created_Time -SortOrder asc -Converted both -PageSize 50
            }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $list = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads' })
            $list | Should -HaveCount 1
            $list[0].query.fields | Should -BeExactly 'Last_Name,Email'
            $list[0].query.sort_by | Should -BeExactly 'Created_Time'
            $list[0].query.sort_order | Should -BeExactly 'asc'
            $list[0].query.converted | Should -BeExactly 'both'
            $names = @($result.Output[0].PSObject.Properties | ForEach-Object { $_.Name } | Sort-Object)
            ($names -join ',') | Should -BeExactly ((@('id', 'Last_Name', 'Email') | Sort-Object) -join ',')
            $result.Output | Should -HaveCount 50
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Ids from the pipeline are fetched 100 per call in input order, and unknown ids are errors' {
        $emulator = Start-ZcrmTestEmulator -Leads 300
        try {
            $ascending = @(Get-ZcrmEmulatorLeadId $emulator | Sort-Object -Property { [long]$_ })
            $ids = @($ascending[149..0])
            $allIds = @($ids) + @('4150868999999999999')
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { $allIds | Get-ZcrmRecord -Module Leads -Field Last_Name | ForEach-Object { $_.id } }

            Assert-ZcrmSequence -Actual @($result.Output) -Expected $ids -Because 'records come back in input order'
            $result.Errors | Should -HaveCount 1
            $result.Errors[0].FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmRecordNotFound*'
            $result.Errors[0].CategoryInfo.Category.ToString() | Should -BeExactly 'ObjectNotFound'
            Get-ZcrmEmulatorListCallCount $emulator | Should -Be 2
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'One id is read whole' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            $ascending = @(Get-ZcrmEmulatorLeadId $emulator | Sort-Object -Property { [long]$_ })
            $id = $ascending[3]
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -Id $id }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0].id | Should -BeExactly $id
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq ('/crm/v8/Leads/' + $id) }).Count | Should -BeGreaterThan 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Zoho errors become error records with the Zoho code and a fitting category' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module NoSuchModule }

            $result.Error | Should -Not -BeNullOrEmpty
            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'INVALID_MODULE,*'
            $result.Error.CategoryInfo.Category.ToString() | Should -BeExactly 'InvalidArgument'
            $result.Error.ErrorDetails.Message | Should -BeLike '*module*'
            $result.Error.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A module named in another case is corrected' {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module leads -First 2 }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 2
            $result.Output[0].PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Record#Leads'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'An access token that expires mid-paging is refreshed with no gap or duplicate' {
        $emulator = Start-ZcrmTestEmulator -Leads 3000
        try {
            $expected = @(Get-ZcrmEmulatorLeadId $emulator)
            Connect-ZcrmTestEmulator $emulator
            Add-ZcrmEmulatorFault $emulator @{ kind = 'ExpireAccessTokens'; pathPrefix = '/crm/v8/Leads'; skip = 4; count = 1 }
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -All | ForEach-Object { $_.id } }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            Assert-ZcrmSequence -Actual @($result.Output) -Expected $expected -Because 'no record is lost or repeated across the refresh'
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 2
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A 429 burst and a 500 are survived' {
        $emulator = Start-ZcrmTestEmulator -Leads 1200
        try {
            $expected = @(Get-ZcrmEmulatorLeadId $emulator)
            Connect-ZcrmTestEmulator $emulator
            Add-ZcrmEmulatorFault $emulator @{ kind = 'TooManyRequests'; pathPrefix = '/crm/v8/Leads'; skip = 2; count = 2; retryAfterSeconds = 1 }
            Add-ZcrmEmulatorFault $emulator @{ kind = 'InternalError'; pathPrefix = '/crm/v8/Leads'; skip = 5; count = 1 }
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -All -Verbose | ForEach-Object { $_.id } }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            Assert-ZcrmSequence -Actual @($result.Output) -Expected $expected -Because 'retries neither lose nor repeat records'
            $retries = @($result.Verbose | Where-Object { $_.StartsWith('Retrying GET /crm/v8/Leads', [System.StringComparison]::Ordinal) })
            $retries | Should -HaveCount 3
            @($retries | Where-Object { $_.Contains('in 1.1 s') -and $_.Contains('429') }).Count | Should -BeGreaterThan 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Stopping mid-paging ends the command within a page' {
        # A [powershell] on a runspace that has the module imported and connected,
        # started with BeginInvoke, stopped after 400 records; the emulator's request log must not grow after the stop.
        $emulator = Start-ZcrmTestEmulator -Leads 5000 -ArgumentList '--latency-ms', '150'
        $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        $paging = $null
        try {
            $runspace.Open()
            $setup = [System.Management.Automation.PowerShell]::Create()
            try {
                $setup.Runspace = $runspace
                [void]$setup.AddScript('param($Manifest, $Url, $ClientId, $ClientSecret, $RefreshToken) $ErrorActionPreference = ''Stop''; Import-Module $Manifest; Connect-Zcrm -ClientId $ClientId -ClientSecret $ClientSecret -RefreshToken $RefreshToken -AccountsUrl $Url -ApiDomain $Url -NoPersist | Out-Null')
                [void]$setup.AddParameters(@{
                        Manifest     = (Get-ZcrmTestPath Manifest)
                        Url          = $emulator.Url
                        ClientId     = $emulator.ClientId
                        ClientSecret = (ConvertTo-ZcrmSecureString $emulator.ClientSecret)
                        RefreshToken = (ConvertTo-ZcrmSecureString $emulator.RefreshToken)
                    })
                [void]$setup.Invoke()
                $setup.HadErrors | Should -BeFalse -Because (@($setup.Streams.Error | ForEach-Object { [string]$_ }) -join '; ')
            }
            finally {
                $setup.Dispose()
            }
            Clear-ZcrmEmulatorRequest $emulator

            # Records are counted as they arrive, on the runspace's pipeline thread.
            $seen = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
            $paging = [System.Management.Automation.PowerShell]::Create()
            $paging.Runspace = $runspace
            [void]$paging.AddScript('param($Seen) Get-ZcrmRecord -Module Leads -All | ForEach-Object { [void]$Seen.Add($_) }')
            [void]$paging.AddParameter('Seen', $seen)
            $async = $paging.BeginInvoke()
            $deadline = [System.DateTime]::UtcNow.AddSeconds(60)
            while (-not $async.IsCompleted -and $seen.Count -lt 400 -and [System.DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 5
            }

            $paging.Stop()
            $stoppedAt = [System.DateTimeOffset]::UtcNow
            # The emulator logs a request when its answer starts (150 ms after it arrived here), stamped with its
            # arrival time: wait for the one in flight, then look at when each arrived.
            Start-Sleep -Milliseconds 600
            $pages = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'GET' -and $_.path -ceq '/crm/v8/Leads' })
            $late = @($pages | Where-Object {
                    $arrived = if ($_.time -is [datetime]) { [System.DateTimeOffset]$_.time.ToUniversalTime() } else { [System.DateTimeOffset]::Parse([string]$_.time, [cultureinfo]::InvariantCulture) }
                    $arrived -gt $stoppedAt
                })
            $late | Should -HaveCount 0 -Because 'nothing is requested after the stop'
            $pages.Count | Should -BeLessOrEqual 5 -Because "$($pages.Count) pages were requested before the stop took effect"
            $seen.Count | Should -BeGreaterOrEqual 400
            $seen.Count | Should -BeLessOrEqual 1000
            $paging.InvocationStateInfo.State.ToString() | Should -BeExactly 'Stopped'
        }
        finally {
            if ($null -ne $paging) { $paging.Dispose() }
            $runspace.Dispose()
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A pipeline that ends early stops the paging' {
        $emulator = Start-ZcrmTestEmulator -Leads 3000
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $n = 0
                foreach ($i in 1) { Get-ZcrmRecord -Module Leads -All | ForEach-Object { $n++; if ($n -ge 250) { break } } }
                $n
            }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0] | Should -Be 250
            $calls = Get-ZcrmEmulatorListCallCount $emulator
            $calls | Should -BeLessOrEqual 4 -Because "$calls pages fetched"
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Modified since sends If-Modified-Since, and nothing newer is simply no records' {
        $emulator = Start-ZcrmTestEmulator -Leads 50
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -ModifiedSince ([datetime]::Now.AddYears(5)) -All }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 0
            $list = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Leads' })
            $list | Should -HaveCount 1
            $list[0].statusCode | Should -Be 304
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'What Zoho would refuse is refused before any call: <ErrorId>' -ForEach @(
        @{ ErrorId = 'ZcrmPageOutOfReach'; Call = { Get-ZcrmRecord -Module Leads -Page 11 } }
        @{ ErrorId = 'ZcrmConflictingParameters'; Call = { Get-ZcrmRecord -Module Leads -CustomViewId 1 -SortBy id } }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured $Call

            $result.Error | Should -Not -BeNullOrEmpty
            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly ($ErrorId + '*')
            (Get-ZcrmEmulatorStats $emulator).apiCalls | Should -Be 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
