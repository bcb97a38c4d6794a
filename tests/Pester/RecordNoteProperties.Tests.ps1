# Records and bulk rows come in two forms with the same type names, properties and behaviour (issue 17): streamed to a
# later command they are PSCustomObjects with a note property per field (PowerShell enumerates and exports those as
# cheaply as Import-Csv's rows); ending the pipeline (kept in a variable, shown) they are lean objects of a class made
# for the field set (cheap to make and hold). Both type a field the first time it is read. What a user can see: the
# form, typed values, a field set before it is read, copies and serialization keeping the values, and Set-ZcrmRecord
# still sending only what changed, also from a copy.

Describe 'RecordNoteProperties' {
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

    It 'Bulk rows and records <Form> have the form for it, typed fields in the file''s or the response''s order' -ForEach @(
        @{ Form = 'streamed' }
        @{ Form = 'kept' }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 12 -ArgumentList @('--bulk-job-ms', '20')
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('zcrm-rows-' + [guid]::NewGuid().ToString('N') + '.csv')
        try {
            Connect-ZcrmTestEmulator $emulator
            $fields = 'Last_Name', 'Created_Time', 'No_of_Employees', 'Owner', 'Product_Interest', 'Email_Opt_Out'
            $job = Start-ZcrmBulkRead -Module Leads -Field $fields -Wait -Confirm:$false
            $null = $job | Receive-ZcrmBulkRead -OutFile $file
            $rows = @(Get-ZcrmTestLeadObject -Source 'bulk rows' -Form $Form -Job $job)
            $records = @(Get-ZcrmTestLeadObject -Source records -Form $Form -Field $fields)
            foreach ($item in @($rows[0], $records[0])) {
                if ($Form -eq 'streamed') {
                    $item.PSObject.BaseObject | Should -BeOfType [System.Management.Automation.PSCustomObject]
                    @($item.PSObject.Properties | Where-Object MemberType -ne 'NoteProperty') | Should -HaveCount 0
                    $item.PSObject.Properties['Created_Time'].TypeNameOfValue | Should -BeExactly 'System.DateTimeOffset'
                }
                else {
                    $item.PSObject.BaseObject | Should -BeOfType [ZohoCrm.Record]
                    $item.PSObject.BaseObject.GetType().FullName | Should -BeExactly 'ZohoCrm.Record#Leads'
                    @($item.PSObject.Properties | Where-Object MemberType -ne 'Property') | Should -HaveCount 0
                }
                $item.Created_Time | Should -BeOfType [DateTimeOffset]
                $item.PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Record#Leads'
                $item.PSObject.TypeNames[1] | Should -BeExactly 'ZohoCrm.Record'
            }
            # A bulk row's lookup is a small object of its own class (the file carries only the id); it shows, converts
            # and edits like the records API's lookups.
            $owned = @($rows | Where-Object { $null -ne $_.Owner })[0]
            $owned.Owner | Should -BeOfType [ZohoCrm.Lookup]
            "$($owned.Owner)" | Should -BeExactly $owned.Owner.id
            ($owned | ConvertTo-Json -Depth 3 | ConvertFrom-Json).Owner.id | Should -BeExactly $owned.Owner.id
            $header = (Get-Content -LiteralPath $file -TotalCount 1) -replace '"', '' -split ','
            @($rows[0].PSObject.Properties.Name) -join ',' | Should -BeExactly (($header | ForEach-Object { if ($_ -eq 'Id') { 'id' } else { $_ } }) -join ',')
        }
        finally {
            Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Rows and records piped only to Measure-Object or Out-Null are counted right, and which commands only count is resolved here' {
        # Nothing enumerates what Measure-Object (without parameters) counts or Out-Null drops, so the module makes the
        # lean form for it, found by parsing the command's line (CountingConsumerTests cover the parsing). Which commands
        # count is resolved here, in this pwsh: a function of the same name does not.
        $consumer = [ZohoCrm.PowerShell.Cmdlets.ZcrmApiCmdlet].Assembly.GetType('ZohoCrm.PowerShell.Cmdlets.CountingConsumer', $true)
        $counts = $consumer.GetMethod('Counts', [System.Reflection.BindingFlags]'NonPublic, Static')
        foreach ($name in 'Measure-Object', 'measure', 'Microsoft.PowerShell.Utility\Measure-Object', 'Out-Null') {
            $counts.Invoke($null, @($name, $ExecutionContext.InvokeCommand)) | Should -BeTrue -Because $name
        }
        foreach ($name in 'Export-Csv', 'Where-Object', 'Microsoft.PowerShell.Core\Measure-Object', 'No-SuchCommand') {
            $counts.Invoke($null, @($name, $ExecutionContext.InvokeCommand)) | Should -BeFalse -Because $name
        }
        function Measure-Object { process { 'shadowed' } }
        $counts.Invoke($null, @('Measure-Object', $ExecutionContext.InvokeCommand)) | Should -BeFalse
        Remove-Item Function:\Measure-Object

        $emulator = Start-ZcrmTestEmulator -Leads 30 -ArgumentList @('--bulk-job-ms', '20')
        try {
            Connect-ZcrmTestEmulator $emulator
            $expected = @(Get-ZcrmEmulatorLeadId $emulator).Count
            $job = Start-ZcrmBulkRead -Module Leads -Wait -Confirm:$false
            (Receive-ZcrmBulkRead -InputObject $job | Measure-Object).Count | Should -Be $expected
            ($job | Receive-ZcrmBulkRead | measure).Count | Should -Be $expected
            (Get-ZcrmRecord -Module Leads -All | Measure-Object).Count | Should -Be $expected
            $dropped = Get-ZcrmRecord -Module Leads -All | Out-Null
            $dropped | Should -BeNullOrEmpty
            # With a parameter Measure-Object reads a field: the rows are the note form, and the sum is right.
            $sum = (Get-ZcrmRecord -Module Leads -All -Field No_of_Employees | Measure-Object -Property No_of_Employees -Sum).Sum
            $sum | Should -Be ((Get-ZcrmRecord -Module Leads -All -Field No_of_Employees | ForEach-Object { [long]$_.No_of_Employees } | Measure-Object -Sum).Sum)
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A field of a row <Form> set before it is read keeps the value set, and a copy keeps values and changes apart' -ForEach @(
        @{ Form = 'streamed' }
        @{ Form = 'kept' }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 6 -ArgumentList @('--bulk-job-ms', '20')
        try {
            Connect-ZcrmTestEmulator $emulator
            $rows = @(Get-ZcrmTestLeadObject -Source 'bulk rows' -Form $Form)
            $row = $rows[0]
            $row.Created_Time = 'set, never read'
            $row.Created_Time | Should -BeExactly 'set, never read'
            $row.PSObject.Properties['Created_Time'].Value | Should -BeExactly 'set, never read'

            $other = $rows[1]
            $copy = $other.PSObject.Copy()
            $copy.Created_Time | Should -BeOfType [DateTimeOffset]
            $copy.Created_Time | Should -Be $other.Created_Time
            $copy.City = 'Copied'
            $copy.Owner.id = '42'
            $other.City | Should -Not -BeExactly 'Copied'
            $other.Owner.id | Should -Not -BeExactly '42'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Rows <Form> survive Export-Clixml and Import-Clixml with typed values and lookups' -ForEach @(
        @{ Form = 'streamed' }
        @{ Form = 'kept' }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 6 -ArgumentList @('--bulk-job-ms', '20')
        $file = Join-Path ([System.IO.Path]::GetTempPath()) ('zcrm-rows-' + [guid]::NewGuid().ToString('N') + '.xml')
        try {
            Connect-ZcrmTestEmulator $emulator
            $rows = @(Get-ZcrmTestLeadObject -Source 'bulk rows' -Form $Form)
            $rows | Export-Clixml -LiteralPath $file
            $back = @(Import-Clixml -LiteralPath $file)
            $back | Should -HaveCount $rows.Count
            $back[0].PSObject.TypeNames[0] | Should -BeExactly 'Deserialized.ZohoCrm.Record#Leads'
            # DateTimeOffset is not one of the types CLIXML keeps as such; its properties come back.
            $back[0].Created_Time.UtcDateTime | Should -Be $rows[0].Created_Time.UtcDateTime
            $back[0].Owner.id | Should -BeExactly $rows[0].Owner.id
            $back[0].Email | Should -BeExactly $rows[0].Email
        }
        finally {
            Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'A changed copy of a <Source> <Form> sends only the change' -ForEach @(
        @{ Source = 'record'; Kind = 'records'; Form = 'streamed' }
        @{ Source = 'record'; Kind = 'records'; Form = 'kept' }
        @{ Source = 'bulk row'; Kind = 'bulk rows'; Form = 'streamed' }
        @{ Source = 'bulk row'; Kind = 'bulk rows'; Form = 'kept' }
    ) {
        $emulator = Start-ZcrmTestEmulator -Leads 8 -ArgumentList @('--bulk-job-ms', '20')
        try {
            Connect-ZcrmTestEmulator $emulator
            $item = @(Get-ZcrmTestLeadObject -Source $Kind -Form $Form)[2]
            $copy = $item.PSObject.Copy()
            $copy.City = 'Nagpur'
            $copy.Owner.id = [string]$item.Owner.id
            Clear-ZcrmEmulatorRequest $emulator
            $result = Invoke-ZcrmCaptured { $copy | Set-ZcrmRecord }
            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $update = @(Get-ZcrmEmulatorRequest $emulator | Where-Object method -ceq 'PUT')
            $update | Should -HaveCount 1
            $sent = ($update[0].body | ConvertFrom-Json).data[0]
            (@($sent.PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly 'City,id'
            $sent.id | Should -BeExactly ([string]$item.id)
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
