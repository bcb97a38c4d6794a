# Start-/Get-/Wait-/Receive-ZcrmBulkRead against an emulator process. The leads and the jobs are read over its REST API
# and its admin endpoints (/__emulator/bulk-read); bulk jobs are made fast with --bulk-job-ms.

Describe 'BulkReadTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule

        $script:ReadPath = '/crm/bulk/v8/read'

        function Start-ZcrmBulkTestEmulator {
            param([int] $Leads, [string[]] $ArgumentList = @())
            Start-ZcrmTestEmulator -Leads $Leads -ArgumentList (@('--bulk-job-ms', '50') + $ArgumentList)
        }

        function Get-ZcrmBulkCreateRequest {
            param($Emulator)
            @(Get-ZcrmEmulatorRequest $Emulator | Where-Object { $_.method -ceq 'POST' -and $_.path -ceq $script:ReadPath })
        }

        function Get-ZcrmOpenLead {
            # The leads the list API returns by default (not converted), id ascending, with the fields asked for.
            param($Emulator, [string] $Fields = 'Last_Name')
            Get-ZcrmEmulatorLead $Emulator -Fields $Fields | Sort-Object -Property { [long]$_.id }
        }

        function Get-ZcrmSingleError {
            param($Result)
            $all = @($Result.Errors)
            if ($null -ne $Result.Terminating -and $all -notcontains $Result.Terminating) { $all += $Result.Terminating }
            $all | Should -HaveCount 1 -Because (Get-ZcrmErrorText $Result)
            $all[0]
        }
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    # Slow (about 7 s alone, more on a busy machine): 5,000 records read twice, by -All and by export, and compared
    # field by field; the size is what makes page boundaries and CSV quoting show.
    It 'A 5,000-lead export yields exactly the emulator''s records with the values Get-ZcrmRecord gives' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 5000
        try {
            $expected = @(Get-ZcrmOpenLead $emulator | ForEach-Object { [string]$_.id })
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $bulk = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module Leads -Wait | Receive-ZcrmBulkRead }
            $bulk.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $bulk)
            $requests = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.StartsWith($script:ReadPath) })
            @($requests | Where-Object method -ceq 'POST') | Should -HaveCount 1
            @($requests | Where-Object { $_.path.EndsWith('/result') }) | Should -HaveCount 1
            Get-ZcrmEmulatorListCallCount $emulator | Should -Be 0

            $rows = @{}
            foreach ($row in $bulk.Output) { $rows[[string]$row.id] = $row }
            $rows.Count | Should -Be $bulk.Output.Count
            $rows.Count | Should -Be $expected.Count
            @($expected | Where-Object { -not $rows.ContainsKey($_) }) | Should -HaveCount 0
            $bulk.Output[0].PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Record#Leads'

            $paged = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -All }
            $paged.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $paged)
            # Compared without a Should per value (Should is slow): the differences are collected and must be none.
            $compared = 0
            $differences = [System.Collections.Generic.List[string]]::new()
            foreach ($record in $paged.Output) {
                $row = $rows[[string]$record.id]
                foreach ($property in $record.PSObject.Properties) {
                    if ($property.Name -eq 'Tag') { continue }
                    $cell = $row.PSObject.Properties[$property.Name]
                    $value = $property.Value
                    $same = if ($null -eq $cell) { $false }
                    elseif ($value -is [psobject] -and $null -ne $value.PSObject.Properties['id']) {
                        $cell.Value.PSObject.TypeNames[0] -ceq 'ZohoCrm.Lookup' -and $cell.Value.id -ceq $value.id
                    }
                    elseif ($value -is [array]) { ($cell.Value -join '|') -ceq ($value -join '|') }
                    elseif ($null -eq $value) { $null -eq $cell.Value }
                    else { $null -ne $cell.Value -and $cell.Value.GetType() -eq $value.GetType() -and $cell.Value -eq $value }
                    if (-not $same) { $differences.Add("$($record.id) $($property.Name): paged '$value', exported '$($cell.Value)'") }
                    $compared++
                }
            }
            ($differences | Select-Object -First 5) -join '; ' | Should -BeNullOrEmpty
            $compared | Should -BeGreaterThan (5000 * 20)
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A filtered export yields exactly the matching records' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 3000
        try {
            $expected = @(Get-ZcrmOpenLead $emulator -Fields 'Lead_Source,No_of_Employees' |
                Where-Object { $_.Lead_Source -in 'Web Download', 'Partner' -and $null -ne $_.No_of_Employees -and $_.No_of_Employees -gt 50 } |
                ForEach-Object { [string]$_.id })
            $expected.Count | Should -BeGreaterThan 0
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $job = Start-ZcrmBulkRead -Module Leads -Field Last_Name, Lead_Source, No_of_Employees -Filter @{ Lead_Source = 'Web Download', 'Partner'; No_of_Employees = @{ gt = 50 } }
                $job | Wait-ZcrmBulkRead | Receive-ZcrmBulkRead
            }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object { [string]$_.id }) -Expected $expected -Because 'exactly the matching leads, in id order'
            foreach ($row in $result.Output) {
                (@($row.PSObject.Properties | ForEach-Object Name) -join ',') | Should -BeExactly 'id,Last_Name,Lead_Source,No_of_Employees'
            }

            $body = (Get-ZcrmBulkCreateRequest $emulator)[0].body | ConvertFrom-Json
            $body.query.criteria.group_operator | Should -BeExactly 'and'
            $source = $body.query.criteria.group | Where-Object { $_.field.api_name -eq 'Lead_Source' }
            $source.comparator | Should -BeExactly 'in'
            ($source.value -join '|') | Should -BeExactly 'Web Download|Partner'
            $employees = $body.query.criteria.group | Where-Object { $_.field.api_name -eq 'No_of_Employees' }
            $employees.comparator | Should -BeExactly 'greater_than'
            $employees.value | Should -Be 50
            $body.file_type | Should -BeExactly 'csv'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'All follows more_records over several pages and yields every record once' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 1000 -ArgumentList '--bulk-page-size', '400'
        try {
            $expected = @(Get-ZcrmOpenLead $emulator | ForEach-Object { [string]$_.id })
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module Leads -Field Last_Name -Wait | Receive-ZcrmBulkRead -All | ForEach-Object { $_.id } }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            Assert-ZcrmSequence -Actual @($result.Output | ForEach-Object { [string]$_ }) -Expected $expected -Because 'every lead once, page after page'
            $creates = Get-ZcrmBulkCreateRequest $emulator
            $creates | Should -HaveCount 3
            ($creates[0].body | ConvertFrom-Json).query.page | Should -Be 1
            foreach ($create in @($creates | Select-Object -Skip 1)) { ($create.body | ConvertFrom-Json).query.page_token | Should -Not -BeNullOrEmpty }
            $jobs = (Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method GET -Name 'bulk-read').jobs
            (@($jobs | ForEach-Object count) -join ',') | Should -BeExactly ('400,400,' + ($expected.Count - 800))

            $file = Join-Path $TestDrive 'leads.csv'
            $written = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module Leads -Field Last_Name, Email -OutFile $file -All }
            $written.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $written)
            $written.Output | Should -HaveCount 1
            $written.Output[0].FullName | Should -BeExactly $file
            $lines = [System.IO.File]::ReadAllLines($file)
            $lines[0] | Should -BeExactly '"id","Last_Name","Email"'
            Assert-ZcrmSequence -Actual @($lines | Select-Object -Skip 1 | ForEach-Object { $_.Split(',')[0].Trim('"') }) -Expected $expected -Because 'the file holds every page once'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A slow consumer holds back the reading: rows are not read far ahead of the pipeline' {
        # Memory that is still reachable (after a full collection) while the consumer is partway through a 9,000-row
        # file, against before the command: rows read ahead and waiting for the pipeline are reachable. Reading the
        # whole file ahead holds about 2 KB a row (13 MB at row 1,000 when 16 batches of 500 could wait); with
        # the reading held back it stays about 2 MB wherever the consumer is.
        $emulator = Start-ZcrmBulkTestEmulator -Leads 10000
        try {
            Connect-ZcrmTestEmulator $emulator
            $job = Start-ZcrmBulkRead -Module Leads -Wait
            $null = Receive-ZcrmBulkRead -InputObject $job | Measure-Object # types, shapes and caches made once
            [System.GC]::Collect()
            [System.GC]::WaitForPendingFinalizers()
            $before = [System.GC]::GetTotalMemory($true)
            $row = 0
            $reachable = @{}
            Receive-ZcrmBulkRead -InputObject $job | ForEach-Object {
                if ($row -in 1000, 5000, 8000) { $reachable[$row] = [System.GC]::GetTotalMemory($true) - $before }
                $row++
            }
            $row | Should -BeGreaterThan 8000 # the open leads (converted ones are not exported)
            foreach ($at in 1000, 5000, 8000) {
                $reachable[$at] | Should -BeLessThan 8MB -Because "$([math]::Round($reachable[$at] / 1MB, 1)) MB were reachable at row $at"
            }
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A FAILURE job becomes an error with Zoho''s reason' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 100
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'bulk-read/fail' -Body @{ reason = 'Export could not be prepared for this module.' }
            $waited = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module Leads -Wait }
            $error1 = Get-ZcrmSingleError $waited
            $error1.FullyQualifiedErrorId | Should -BeLike 'ZcrmBulkReadFailed*'
            $error1.CategoryInfo.Category | Should -Be 'InvalidResult'
            $error1.ErrorDetails.Message | Should -BeLike '*Export could not be prepared for this module.*'
            $error1.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty

            $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'bulk-read/fail' -Body @{ reason = 'Second failure.' }
            $piped = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module Leads | Wait-ZcrmBulkRead -ErrorVariable failed; $failed.Count }
            $piped.Output | Should -HaveCount 1
            $piped.Output[0] | Should -Be 1
            (Get-ZcrmSingleError $piped).ErrorDetails.Message | Should -BeLike '*Second failure.*'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'An expired download says to start a new job' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 100
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $job = Start-ZcrmBulkRead -Module Leads -Wait
                $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'bulk-read/expire' -Body @{}
                $job | Receive-ZcrmBulkRead
            }
            $error1 = Get-ZcrmSingleError $result
            $error1.FullyQualifiedErrorId | Should -BeLike 'ZcrmBulkDownloadExpired*'
            $error1.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $error1.ErrorDetails.Message | Should -BeLike '*start a new job*'
            $error1.ErrorDetails.RecommendedAction | Should -BeLike '*Start-ZcrmBulkRead*'
            $result.Output | Should -HaveCount 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Stopping during a download ends the command promptly' {
        # A [powershell] on a connected runspace, started with BeginInvoke, stopped
        # once 500 rows have arrived; the stop must take effect within two seconds.
        $emulator = Start-ZcrmBulkTestEmulator -Leads 20000
        $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        $receiving = $null
        try {
            $runspace.Open()
            $setup = [System.Management.Automation.PowerShell]::Create()
            try {
                $setup.Runspace = $runspace
                [void]$setup.AddScript('param($Manifest, $Url, $ClientId, $ClientSecret, $RefreshToken) $ErrorActionPreference = ''Stop''; Import-Module $Manifest; Connect-Zcrm -ClientId $ClientId -ClientSecret $ClientSecret -RefreshToken $RefreshToken -AccountsUrl $Url -ApiDomain $Url -NoPersist | Out-Null; $global:job = Start-ZcrmBulkRead -Module Leads -Wait')
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

            $seen = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
            $receiving = [System.Management.Automation.PowerShell]::Create()
            $receiving.Runspace = $runspace
            [void]$receiving.AddScript('param($Seen) $global:job | Receive-ZcrmBulkRead | ForEach-Object { [void]$Seen.Add($_) }')
            [void]$receiving.AddParameter('Seen', $seen)
            $async = $receiving.BeginInvoke()
            $deadline = [System.DateTime]::UtcNow.AddSeconds(60)
            while (-not $async.IsCompleted -and $seen.Count -lt 500 -and [System.DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 5
            }

            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $receiving.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
            $seen.Count | Should -BeGreaterOrEqual 500
            $seen.Count | Should -BeLessOrEqual 19000
            $receiving.InvocationStateInfo.State.ToString() | Should -BeExactly 'Stopped'
            Get-ZcrmBulkCreateRequest $emulator | Should -HaveCount 1
        }
        finally {
            if ($null -ne $receiving) { $receiving.Dispose() }
            $runspace.Dispose()
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'What Zoho refuses is refused before any call: <ErrorId>' -ForEach @(
        @{ Parameters = '-Filter @{ City = @{ in = 1..21 } }'; ErrorId = 'ZcrmTooManyValues' }
        @{ Parameters = '-Filter $many'; ErrorId = 'ZcrmTooManyConditions' }
        @{ Parameters = '-Criteria (''{"group_operator":"or","group":['' + (@(1..26 | ForEach-Object { ''{"api_name":"City","comparator":"equal","value":"x"}'' }) -join '','') + '']}'')'; ErrorId = 'ZcrmTooManyConditions' }
        @{ Parameters = '-Filter @{ City = @{ around = ''Pune'' } }'; ErrorId = 'ZcrmInvalidOperator' }
        @{ Parameters = '-Field Email -All'; ErrorId = 'ZcrmConflictingParameters' }
        @{ Parameters = '-CallbackUrl ''http://hooks.example.com/zoho'''; ErrorId = 'ZcrmInvalidCallbackUrl' }
    ) {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $many = @{}
            for ($i = 0; $i -lt 26; $i++) { $many["Field$i"] = 'x' }
            $script = [scriptblock]::Create('Start-ZcrmBulkRead -Module Leads ' + $Parameters)
            $result = Invoke-ZcrmCaptured $script
            (Get-ZcrmSingleError $result).FullyQualifiedErrorId | Should -BeLike "$ErrorId*"
            @(Get-ZcrmEmulatorRequest $emulator) | Should -HaveCount 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Filters the field types refuse are refused before a job is started: <ErrorId>' -ForEach @(
        @{ Parameters = '-Filter @{ Description = ''x'' }'; ErrorId = 'ZcrmFieldNotFilterable' }
        @{ Parameters = '-Filter @{ Lead_Status = @{ contains = ''Cold'' } }'; ErrorId = 'ZcrmInvalidOperator' }
        @{ Parameters = '-Filter @{ No_Such_Field = ''x'' }'; ErrorId = 'ZcrmUnknownField' }
        @{ Parameters = '-Field Last_Name, Nope'; ErrorId = 'ZcrmUnknownField' }
    ) {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured ([scriptblock]::Create('Start-ZcrmBulkRead -Module Leads ' + $Parameters))
            (Get-ZcrmSingleError $result).FullyQualifiedErrorId | Should -BeLike "$ErrorId*"
            Get-ZcrmBulkCreateRequest $emulator | Should -HaveCount 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'WhatIf starts no job and a module in another case is corrected' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 10
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $whatIf = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module Leads -WhatIf }
            $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
            @(Get-ZcrmEmulatorRequest $emulator) | Should -HaveCount 0

            $job = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module leads -Field last_name }
            $job.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $job)
            $job.Output | Should -HaveCount 1
            $job.Output[0].PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.BulkReadJob'
            $job.Output[0].Module | Should -BeExactly 'Leads'
            $job.Output[0].State | Should -BeExactly 'ADDED'
            $body = (Get-ZcrmBulkCreateRequest $emulator)[0].body | ConvertFrom-Json
            $body.query.module.api_name | Should -BeExactly 'Leads'
            (@($body.query.fields) -join ',') | Should -BeExactly 'Last_Name'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Get reads state by id and Receive refuses an unfinished job' {
        $emulator = Start-ZcrmTestEmulator -Leads 10 -ArgumentList '--bulk-job-ms', '600000'
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $job = Start-ZcrmBulkRead -Module Leads
                $job.Id | Get-ZcrmBulkRead
                Get-ZcrmBulkRead -Id 5725767000000999001, $job.Id
                $job | Receive-ZcrmBulkRead
            }
            $result.Output | Should -HaveCount 2
            foreach ($item in $result.Output) { $item.PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.BulkReadJob' }
            $result.Output[0].Module | Should -BeExactly 'Leads'
            $errors = @($result.Errors) + @($result.Terminating | Where-Object { $null -ne $_ })
            $errors | Should -HaveCount 2
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'RESOURCE_NOT_FOUND*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[1].FullyQualifiedErrorId | Should -BeLike 'ZcrmBulkReadNotCompleted*'
            $errors[1].ErrorDetails.RecommendedAction | Should -BeLike '*Wait-ZcrmBulkRead*'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'The download limit 429 is waited out' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 50 -ArgumentList '--bulk-downloads-per-minute', '1', '--bulk-download-window-ms', '3000'
        try {
            $open = @(Get-ZcrmOpenLead $emulator).Count
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured {
                $job = Start-ZcrmBulkRead -Module Leads -Field Last_Name -Wait
                @($job | Receive-ZcrmBulkRead).Count
                @($job | Receive-ZcrmBulkRead -Verbose).Count
            }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            (@($result.Output) -join ',') | Should -BeExactly "$open,$open"
            $downloads = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.EndsWith('/result') } | ForEach-Object statusCode)
            ($downloads -join ',') | Should -BeExactly '200,429,200'
            @($result.Verbose | Where-Object { $_ -like 'Retrying GET /crm/bulk/v8/read/*' -and $_ -like '*429*' }).Count | Should -BeGreaterThan 0
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Exported rows pipe into Set-ZcrmRecord, which sends only what changed' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 20
        try {
            $id = [string](@(Get-ZcrmOpenLead $emulator)[3].id)
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured { Start-ZcrmBulkRead -Module Leads -Filter @{ id = $id } -Wait | Receive-ZcrmBulkRead | ForEach-Object { $_.City = 'Pune'; $_ } | Set-ZcrmRecord }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $update = @(Get-ZcrmEmulatorRequest $emulator | Where-Object method -ceq 'PUT')
            $update | Should -HaveCount 1
            $sent = ($update[0].body | ConvertFrom-Json).data[0]
            (@($sent.PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly 'City,id'
            (Get-ZcrmEmulatorLead $emulator -Fields 'City' | Where-Object id -eq $id).City | Should -BeExactly 'Pune'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Exported rows behave like records at the prompt' {
        # Rows stream as light objects whose fields are typed on first read, so check what a user relies on at the
        # prompt: columns in the file's order, names in any case, types like Get-ZcrmRecord's, setting a field, adding
        # a property, filtering, the text form, and strict mode's error for a field the export lacks. A real pwsh also
        # has the Utility cmdlets the hosted engine lacks: Select-Object, Export-Csv, ConvertTo-Json, Add-Member.
        $emulator = Start-ZcrmBulkTestEmulator -Leads 30
        try {
            $leads = @(Get-ZcrmOpenLead $emulator -Fields 'Lead_Status,Owner,Product_Interest')
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $rows = @(Start-ZcrmBulkRead -Module Leads -Field Last_Name, Email, Lead_Status, Created_Time, No_of_Employees, Owner, Product_Interest -Wait | Receive-ZcrmBulkRead)
            $row = $rows[0]
            (@($row.PSObject.Properties | ForEach-Object Name) -join ',') | Should -BeExactly 'id,Last_Name,Email,Lead_Status,Created_Time,No_of_Employees,Owner,Product_Interest'
            $row.PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Record#Leads'
            $row.last_name | Should -BeExactly $row.Last_Name
            $row.Created_Time | Should -BeOfType [DateTimeOffset]
            $row.No_of_Employees | Should -BeOfType [long]
            $row.Owner.id | Should -BeExactly ([string]$leads[0].Owner.id)
            $row.Owner.PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Lookup'
            (@($row.Product_Interest) -join ';') | Should -BeExactly (@($leads[0].Product_Interest) -join ';')
            $row.Last_Name = 'Changed'
            $row.Last_Name | Should -BeExactly 'Changed'
            $row.PSObject.Properties.Add([psnoteproperty]::new('Note', 'kept'))
            $row.Note | Should -BeExactly 'kept'
            "$row".StartsWith('@{id=' + $row.id + '; Last_Name=Changed;') | Should -BeTrue
            $status = $rows[1].Lead_Status
            @($rows | Where-Object Lead_Status -eq $status).Count | Should -Be @($leads | Where-Object Lead_Status -eq $status).Count
            $row.No_Such_Field | Should -BeNullOrEmpty
            $strict = & { Set-StrictMode -Version Latest; try { $row.No_Such_Field; 'no error' } catch { $_.FullyQualifiedErrorId } }
            $strict | Should -BeExactly 'PropertyNotFoundStrict'

            ($row | Add-Member -NotePropertyName Added -NotePropertyValue 1 -PassThru).Added | Should -Be 1
            $selected = $rows | Select-Object -First 2 -Property id, Last_Name
            $selected[1].Last_Name | Should -BeExactly $rows[1].Last_Name
            $json = $rows[1] | ConvertTo-Json -Depth 3 | ConvertFrom-Json
            $json.Email | Should -BeExactly $rows[1].Email
            $json.Owner.id | Should -BeExactly $rows[1].Owner.id
            $csv = Join-Path ([System.IO.Path]::GetTempPath()) ('zcrm-rows-' + [guid]::NewGuid().ToString('N') + '.csv')
            try {
                $rows | Export-Csv -Path $csv -NoTypeInformation
                $back = @(Import-Csv -Path $csv)
                $back.Count | Should -Be $rows.Count
                $back[2].Email | Should -BeExactly $rows[2].Email
            }
            finally {
                Remove-Item -LiteralPath $csv -ErrorAction SilentlyContinue
            }
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Exported rows pipe into New-ZcrmRecord to copy records with their fields and lookups' {
        $emulator = Start-ZcrmBulkTestEmulator -Leads 10
        try {
            $lead = @(Get-ZcrmOpenLead $emulator -Fields 'Last_Name,Email,Owner')[2]
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $id = [string]$lead.id
            $result = Invoke-ZcrmCaptured {
                Start-ZcrmBulkRead -Module Leads -Field Last_Name, Email, Owner, Product_Interest -Filter @{ id = $id } -Wait |
                    Receive-ZcrmBulkRead | ForEach-Object { $_.Email = 'copy.' + $_.Email; $_ } | New-ZcrmRecord -Module Leads
            }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 1
            $result.Output[0].Status | Should -BeExactly 'Success'
            $insert = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'POST' -and $_.path -ceq '/crm/v8/Leads' })
            $insert | Should -HaveCount 1
            $sent = ($insert[0].body | ConvertFrom-Json).data[0]
            $sent.PSObject.Properties.Name | Should -Not -Contain 'id'
            $sent.Last_Name | Should -BeExactly $lead.Last_Name
            $sent.Email | Should -BeExactly ('copy.' + $lead.Email)
            $sent.Owner.id | Should -BeExactly ([string]$lead.Owner.id)
            $copy = Get-ZcrmEmulatorLead $emulator -Fields 'Email' | Where-Object id -eq $result.Output[0].Id
            $copy.Email | Should -BeExactly ('copy.' + $lead.Email)
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
