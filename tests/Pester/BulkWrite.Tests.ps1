# Bulk write (issue 15) and field maps on every write: Start/Get/Wait/Receive-ZcrmBulkWrite against an emulator
# process, with jobs made fast by --bulk-write-job-ms. What the emulator stored is read back over its REST API
# (Get-ZcrmEmulatorLead) and what it saw from its admin endpoints (/__emulator/requests, /__emulator/bulk-write).

Describe 'BulkWrite' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        # A connection an earlier spec file left behind points at its stopped emulator; BeforeEach reuses only ours.
        Reset-ZcrmTestConnection

        $script:Emulator = Start-ZcrmTestEmulator -Leads 5 -ArgumentList @('--bulk-write-job-ms', '300')

        function Get-ZcrmBulkWriteAdmin {
            Invoke-ZcrmEmulatorAdmin -Emulator $script:Emulator -Method GET -Name 'bulk-write'
        }

        function Get-ZcrmLeadByEmail {
            # The leads the emulator holds with this email, read with the module's own search (one call).
            param([string] $Email)
            @(Search-ZcrmRecord -Module Leads -Email $Email -ErrorAction Stop)
        }

        function New-ZcrmTestRow {
            param([int] $Number, [string] $Prefix)
            [pscustomobject]@{ Last_Name = "$Prefix$Number"; Email = "$Prefix$Number@bulk.example"; Company = 'Zylker' }
        }

        # A form export's columns, mapped to Lead fields: the phone is reduced to digits and left out when empty.
        $script:FormMap = @{
            'E-mail'         = 'Email'
            'Surname'        = 'Last_Name'
            'Phone (mobile)' = @{ Field = 'Mobile'; Transform = { ($_ -replace '[^\d+]', '') }; OmitWhenEmpty = $true }
        }
    }

    BeforeEach {
        # One connection for the whole file: reconnecting for every test would run into the token-minting limit.
        if (-not (Get-ZcrmConnection)) { Connect-ZcrmTestEmulator $script:Emulator }
        Clear-ZcrmEmulatorRequest $script:Emulator
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $script:Emulator
    }

    It '60,000 piped rows make three jobs and every row''s result comes back in order with its id' {
        $before = @((Get-ZcrmBulkWriteAdmin).jobs).Count
        # Captured with -ErrorVariable rather than Invoke-ZcrmCaptured: 60,000 objects through a script block per item is slow.
        $started = @(foreach ($i in 0..59999) { [pscustomobject]@{ Last_Name = "sixty$i"; Email = "sixty$i@bulk.example"; Company = 'Zylker' } }) |
            Start-ZcrmBulkWrite -Module Leads -Wait -ErrorVariable startErrors
        $startErrors | Should -HaveCount 0
        $started | Should -HaveCount 3
        $results = @($started | Receive-ZcrmBulkWrite -ErrorVariable receiveErrors)
        $receiveErrors | Should -HaveCount 0
        $results | Should -HaveCount 60000

        $jobs = @((Get-ZcrmBulkWriteAdmin).jobs) | Select-Object -Skip $before
        $jobs | Should -HaveCount 3
        ($jobs | ForEach-Object total) | Should -Be @(25000, 25000, 10000)
        ($started | ForEach-Object RowCount) | Should -Be @(25000, 25000, 10000)

        for ($i = 0; $i -lt $results.Count; $i += 997) {
            $results[$i].Index | Should -Be $i
            $results[$i].Status | Should -Be 'Added'
            $results[$i].Id | Should -Match '^\d+$'
            $results[$i].InputObject.Last_Name | Should -Be "sixty$i"
        }
        ($results.Index | Measure-Object -Maximum).Maximum | Should -Be 59999
        # (Select-Object -Unique is quadratic; a HashSet counts 60,000 ids at once.)
        [System.Collections.Generic.HashSet[string]]::new([string[]]$results.Id).Count | Should -Be 60000
        # The ids are the records the emulator holds, with the row's values.
        $stored = Get-ZcrmLeadByEmail -Email 'sixty12345@bulk.example'
        $stored | Should -HaveCount 1
        [string]$stored[0].id | Should -Be $results[12345].Id
    }

    It 'An upsert by Email updates the existing lead instead of duplicating it' {
        $null = New-ZcrmTestRow -Number 1 -Prefix 'ups' | Start-ZcrmBulkWrite -Module Leads -Wait | Receive-ZcrmBulkWrite -ErrorAction Stop
        $first = Get-ZcrmLeadByEmail -Email 'ups1@bulk.example'
        $first | Should -HaveCount 1

        $run = Invoke-ZcrmCaptured {
            @(
                [pscustomobject]@{ Last_Name = 'Renamed'; Email = 'ups1@bulk.example' }
                [pscustomobject]@{ Last_Name = 'Fresh'; Email = 'ups2@bulk.example' }
            ) | Start-ZcrmBulkWrite -Module Leads -Operation Upsert -FindBy Email -Wait | Receive-ZcrmBulkWrite
        }
        $run.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $run)
        ($run.Output | ForEach-Object { [string]$_.Status }) | Should -Be @('Updated', 'Added')
        $run.Output[0].Id | Should -Be ([string]$first[0].id)
        $request = @(Get-ZcrmEmulatorRequest $script:Emulator | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/crm/bulk/v8/write' })[-1]
        ($request.body | ConvertFrom-Json).resource[0].find_by | Should -Be 'Email'

        $after = Get-ZcrmLeadByEmail -Email 'ups1@bulk.example'
        $after | Should -HaveCount 1
        $after[0].Last_Name | Should -Be 'Renamed'
    }

    It 'Rows missing a mandatory field come back failed with their input row, and fixed they go through (<Case>)' -ForEach @(
        @{ Case = 'refused before sending (insert)'; Operation = 'Insert'; FindBy = $null; Local = $true }
        @{ Case = 'refused by Zoho in the result (upsert)'; Operation = 'Upsert'; FindBy = 'Email'; Local = $false }
    ) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $rows = @(
            [pscustomobject]@{ Last_Name = "Ok$tag"; Email = "ok$tag@bulk.example" }
            [pscustomobject]@{ Last_Name = ''; Email = "broken$tag@bulk.example" }
        )
        $parameters = @{ Module = 'Leads'; Operation = $Operation }
        if ($FindBy) { $parameters['FindBy'] = $FindBy }
        $run = Invoke-ZcrmCaptured { $rows | Start-ZcrmBulkWrite @parameters -Wait | Receive-ZcrmBulkWrite }

        $run.Errors | Should -HaveCount 1 -Because (Get-ZcrmErrorText $run)
        $failure = $run.Errors[0]
        $failure.FullyQualifiedErrorId | Should -BeLike 'MANDATORY_NOT_FOUND*'
        $failure.TargetObject.Email | Should -Be "broken$tag@bulk.example"
        $failure.ToString() | Should -Match 'Last_Name'
        if ($Local) {
            @($run.Output | Where-Object Status -eq 'Added') | Should -HaveCount 1
        }
        else {
            ($run.Output | ForEach-Object { [string]$_.Status }) | Should -Be @('Added', 'Failed')
            $run.Output[1].Errors[0].Code | Should -Be 'MANDATORY_NOT_FOUND'
            $run.Output[1].Errors[0].Field | Should -Be 'Last_Name'
        }
        Get-ZcrmLeadByEmail -Email "broken$tag@bulk.example" | Should -HaveCount 0

        $fixed = $failure.TargetObject
        $fixed.Last_Name = "Fixed$tag"
        $again = Invoke-ZcrmCaptured { $fixed | Start-ZcrmBulkWrite @parameters -Wait | Receive-ZcrmBulkWrite }
        $again.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $again)
        $again.Output[0].Status | Should -Be 'Added'
        (Get-ZcrmLeadByEmail -Email "broken$tag@bulk.example")[0].Last_Name | Should -Be "Fixed$tag"
    }

    It 'A form export''s columns land in the right fields through -FieldMap (<Cmdlet>)' -ForEach @(
        @{ Cmdlet = 'New-ZcrmRecord' }
        @{ Cmdlet = 'Start-ZcrmBulkWrite' }
    ) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $rows = @(
            [pscustomobject]@{ 'E-mail' = "form$tag@bulk.example"; 'Surname' = "Form$tag"; 'Phone (mobile)' = '+44 (0)20 7946-0018'; 'Newsletter' = 'yes' }
            [pscustomobject]@{ 'E-mail' = "empty$tag@bulk.example"; 'Surname' = "Empty$tag"; 'Phone (mobile)' = ''; 'Newsletter' = 'no' }
        )
        $run = Invoke-ZcrmCaptured {
            if ($Cmdlet -eq 'New-ZcrmRecord') { $rows | New-ZcrmRecord -Module Leads -FieldMap $script:FormMap }
            else { $rows | Start-ZcrmBulkWrite -Module Leads -FieldMap $script:FormMap -Wait | Receive-ZcrmBulkWrite }
        }
        $run.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $run)
        # The unmapped column is reported once, not silently dropped.
        @($run.Warnings | Where-Object { $_ -match "'Newsletter'" }) | Should -HaveCount 1

        $lead = Get-ZcrmLeadByEmail -Email "form$tag@bulk.example"
        $lead | Should -HaveCount 1
        $lead[0].Last_Name | Should -Be "Form$tag"
        $lead[0].Mobile | Should -Be '+4402079460018'
        (Get-ZcrmLeadByEmail -Email "empty$tag@bulk.example")[0].Mobile | Should -BeNullOrEmpty
    }

    It 'An empty mapped value is left out, so an update does not blank the field (<Cmdlet>)' -ForEach @(
        @{ Cmdlet = 'Set-ZcrmRecord' }
        @{ Cmdlet = 'Start-ZcrmBulkWrite' }
    ) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $created = New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = "Keep$tag"; Email = "keep$tag@bulk.example"; Mobile = '555 0100' } -ErrorAction Stop
        $row = [pscustomobject]@{ 'Record' = $created.Id; 'Surname' = "Kept$tag"; 'Phone (mobile)' = '' }
        $map = @{ 'Record' = 'id'; 'Surname' = 'Last_Name'; 'Phone (mobile)' = @{ Field = 'Mobile'; OmitWhenEmpty = $true } }
        $run = Invoke-ZcrmCaptured {
            if ($Cmdlet -eq 'Set-ZcrmRecord') { $row | Set-ZcrmRecord -Module Leads -FieldMap $map }
            else { $row | Start-ZcrmBulkWrite -Module Leads -Operation Update -FieldMap $map -Wait | Receive-ZcrmBulkWrite }
        }
        $run.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $run)
        $lead = Get-ZcrmLeadByEmail -Email "keep$tag@bulk.example"
        $lead[0].Last_Name | Should -Be "Kept$tag"
        $lead[0].Mobile | Should -Be '555 0100'
    }

    It '-RequiredField refuses rows without the column before anything is sent, and a map file works (<Kind>)' -ForEach @(
        @{ Kind = 'psd1'; Text = "@{ 'E-mail' = 'Email'; 'Surname' = 'Last_Name'; 'Phone (mobile)' = @{ Field = 'Mobile'; Transform = '`$_ -replace ''\D'', '''''; OmitWhenEmpty = `$true } }" }
        @{ Kind = 'json'; Text = '{ "E-mail": "Email", "Surname": "Last_Name", "Phone (mobile)": { "Field": "Mobile", "Transform": "$_ -replace ''\\D'', ''''", "OmitWhenEmpty": true } }' }
    ) {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $file = Join-Path ([System.IO.Path]::GetTempPath()) "zcrm-map-$tag.$Kind"
        Set-Content -LiteralPath $file -Value $Text
        try {
            $rows = @(
                [pscustomobject]@{ 'E-mail' = "file$tag@bulk.example"; 'Surname' = "File$tag"; 'Phone (mobile)' = '020-7946' }
                [pscustomobject]@{ 'E-mail' = ''; 'Surname' = "NoMail$tag"; 'Phone (mobile)' = '1' }
            )
            $run = Invoke-ZcrmCaptured { $rows | Start-ZcrmBulkWrite -Module Leads -FieldMap $file -RequiredField 'E-mail' -Wait | Receive-ZcrmBulkWrite }
            $run.Errors | Should -HaveCount 1 -Because (Get-ZcrmErrorText $run)
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmRequiredColumnMissing*'
            $run.Errors[0].TargetObject.Surname | Should -Be "NoMail$tag"
            (Get-ZcrmLeadByEmail -Email "file$tag@bulk.example")[0].Mobile | Should -Be '0207946'
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    }

    It '-Path imports a CSV file and each result keeps its row number' {
        $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $file = Join-Path ([System.IO.Path]::GetTempPath()) "zcrm-bulk-$tag.csv"
        @(
            'Last Name,Email,Annual Revenue'
            "Path1$tag,path1$tag@bulk.example,1200.50"
            "Path2$tag,path2$tag@bulk.example,not a number"
            "Path3$tag,path3$tag@bulk.example,"
        ) | Set-Content -LiteralPath $file
        try {
            $run = Invoke-ZcrmCaptured { Start-ZcrmBulkWrite -Module Leads -Path $file -Wait | Receive-ZcrmBulkWrite }
            # Row 2's revenue is refused before sending (a bad value), the others are written.
            $run.Errors | Should -HaveCount 1 -Because (Get-ZcrmErrorText $run)
            $run.Errors[0].ToString() | Should -Match 'row 2'
            $run.Errors[0].TargetObject.Email | Should -Be "path2$tag@bulk.example"
            ($run.Output | ForEach-Object RowNumber) | Should -Be @(1, 3)
            ($run.Output | ForEach-Object { [string]$_.Status }) | Should -Be @('Added', 'Added')
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    }

    It 'An upload Zoho refuses is an error and no job is started' {
        Add-ZcrmEmulatorFault $script:Emulator @{ kind = 'InternalError'; pathPrefix = '/crm/v8/upload'; count = 10 }
        try {
            $before = @((Get-ZcrmBulkWriteAdmin).jobs).Count
            $run = Invoke-ZcrmCaptured { New-ZcrmTestRow -Number 1 -Prefix 'refused' | Start-ZcrmBulkWrite -Module Leads }
            $run.Output | Should -HaveCount 0
            $run.Errors | Should -HaveCount 1 -Because (Get-ZcrmErrorText $run)
            @($run.Errors[0].TargetObject)[0].Email | Should -Be 'refused1@bulk.example'
            @((Get-ZcrmBulkWriteAdmin).jobs) | Should -HaveCount $before
        }
        finally { $null = Invoke-ZcrmEmulatorAdmin -Emulator $script:Emulator -Method DELETE -Name 'faults' }
    }

    It 'An upload Zoho refuses for its size is an error naming Zoho''s code, with the rows as its target' {
        # An emulator whose uploads may hold only 2 rows: the 3-row file is refused with LIMIT_EXCEEDED.
        $small = Start-ZcrmTestEmulator -Leads 1 -ArgumentList @('--bulk-write-job-ms', '300', '--bulk-write-max-rows', '2')
        try {
            Connect-ZcrmTestEmulator $small -ProfileName 'small'
            $run = Invoke-ZcrmCaptured { 1..3 | ForEach-Object { New-ZcrmTestRow -Number $_ -Prefix 'toolarge' } | Start-ZcrmBulkWrite -Module Leads -Profile small }
            $run.Output | Should -HaveCount 0
            $run.Errors | Should -HaveCount 1 -Because (Get-ZcrmErrorText $run)
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmBulkUploadRefused*'
            $run.Errors[0].ToString() | Should -Match 'LIMIT_EXCEEDED'
            @($run.Errors[0].TargetObject) | Should -HaveCount 3
            @((Invoke-ZcrmEmulatorAdmin -Emulator $small -Method GET -Name 'bulk-write').jobs) | Should -HaveCount 0
        }
        finally {
            Disconnect-Zcrm -Profile small -Confirm:$false
            Stop-ZcrmTestEmulator $small
            # Connecting made 'small' the current connection; the other tests use the file's emulator again.
            Reset-ZcrmTestConnection
            Connect-ZcrmTestEmulator $script:Emulator
        }
    }

    It 'A job that fails reports nothing as written' {
        $null = Invoke-ZcrmEmulatorAdmin -Emulator $script:Emulator -Method POST -Name 'bulk-write/fail' -Body @{ reason = 'Internal error' }
        $run = Invoke-ZcrmCaptured { New-ZcrmTestRow -Number 1 -Prefix 'failedjob' | Start-ZcrmBulkWrite -Module Leads -Wait }
        $run.Output | Should -HaveCount 0
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmBulkWriteFailed*'
        Get-ZcrmLeadByEmail -Email 'failedjob1@bulk.example' | Should -HaveCount 0
    }

    It 'A result file that is gone is a clear error (<Case>)' -ForEach @(
        @{ Case = 'expired'; Fault = $null }
        @{ Case = 'download fails'; Fault = 'InternalError' }
    ) {
        $job = New-ZcrmTestRow -Number 1 -Prefix "gone$Case" | Start-ZcrmBulkWrite -Module Leads -Wait -ErrorAction Stop
        if ($Fault) { Add-ZcrmEmulatorFault $script:Emulator @{ kind = $Fault; pathPrefix = '/crm/bulk/v8/write/'; method = 'GET'; count = 10 } }
        else { $null = Invoke-ZcrmEmulatorAdmin -Emulator $script:Emulator -Method POST -Name 'bulk-write/expire' -Body @{ jobId = $job.Id } }
        try {
            $run = Invoke-ZcrmCaptured { $job | Receive-ZcrmBulkWrite }
            $run.Output | Should -HaveCount 0
            $run.Errors | Should -HaveCount 1
            if (-not $Fault) {
                $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmBulkResultExpired*'
                $run.Errors[0].ToString() | Should -Match '1 added'
            }
        }
        finally { $null = Invoke-ZcrmEmulatorAdmin -Emulator $script:Emulator -Method DELETE -Name 'faults' }
    }

    It 'The upload carries the feature and X-CRM-ORG headers and Get/Wait-ZcrmBulkWrite report the counts' {
        $job = New-ZcrmTestRow -Number 1 -Prefix 'headers' | Start-ZcrmBulkWrite -Module Leads
        $upload = @(Get-ZcrmEmulatorRequest $script:Emulator | Where-Object { $_.path -eq '/crm/v8/upload' })
        $upload | Should -HaveCount 1
        $upload[0].statusCode | Should -Be 200
        $waited = Wait-ZcrmBulkWrite -Id $job.Id
        $waited.Status | Should -Be 'COMPLETED'
        $got = Get-ZcrmBulkWrite -Id $job.Id
        $got.AddedCount | Should -Be 1
        $got.TotalCount | Should -Be 1
        # Received by id, without the input rows, a result is still numbered and carries Zoho's echo of the row.
        $byId = Receive-ZcrmBulkWrite -Id $job.Id
        $byId.Index | Should -Be 0
        $byId.Echo['Email'] | Should -Be 'headers1@bulk.example'
    }
}
