# Every script in examples/ runs against an emulator, so the examples cannot rot. A new example needs a case below, or
# its test fails and says so.

BeforeDiscovery {
    $examplesFolder = [System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples')
    $examples = @(
        foreach ($path in [System.IO.Directory]::GetFiles($examplesFolder, '*.ps1')) {
            @{ Name = [System.IO.Path]::GetFileName($path) }
        }
    )
}

Describe 'ExamplesTests' {
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

    It 'Example <Name> runs cleanly' -ForEach $examples {
        $script = [System.IO.Path]::Combine((Get-ZcrmTestPath Examples), $Name)
        switch ($Name) {
            'quickstart.ps1' {
                # The quickstart starts its own emulator process, as a newcomer's first run does.
                $result = Invoke-ZcrmCaptured { & $script -Leads 2500 }

                $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                $summary = @($result.Output | Where-Object { $_ -is [string] -and $_ -match '^Read ([\d,]+) leads' })
                $summary | Should -HaveCount 1
                $null = $summary[0] -match '^Read ([\d,]+) leads'
                $leads = [int]($Matches[1] -replace ',', '')
                $leads | Should -BeGreaterOrEqual 2000
                $leads | Should -BeLessOrEqual 2500
                $byStatus = 0
                foreach ($row in @($result.Output | Where-Object { $null -ne $_.PSObject.Properties['Lead_Status'] })) { $byStatus += [int]$row.Count }
                $byStatus | Should -Be $leads
                @($result.Output | Where-Object { $_ -is [string] -and $_.StartsWith('Connected to http://127.0.0.1:', [System.StringComparison]::Ordinal) }).Count |
                    Should -BeGreaterThan 0
            }
            'import-leads.ps1' {
                $emulator = Start-ZcrmTestEmulator -Leads 10
                try {
                    $folder = [System.IO.Path]::Combine($TestDrive, 'zcrm-import-' + [System.Guid]::NewGuid().ToString('N'))
                    [void][System.IO.Directory]::CreateDirectory($folder)
                    $csv = [System.IO.Path]::Combine($folder, 'leads.csv')
                    [System.IO.File]::WriteAllLines($csv, [string[]]@(
                            'Last Name,First Name,Company,E-mail,Lead Source'
                            'Okafor,Ada,Northwind,ada@northwind.example,Web Download'
                            '"O''Neil, Jr.",Sam,"Contoso, Ltd",sam@contoso.example,Trade Show'
                            ',NoLastName,Nowhere,nobody@nowhere.example,Web Download'
                            'Bad,Email,Somewhere,not-an-email,Web Download'
                        ))
                    Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                    $result = Invoke-ZcrmCaptured { & $script -Path $csv }

                    $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
                    $result.Output | Should -HaveCount 1
                    $summary = $result.Output[0]
                    [int]$summary.Rows | Should -Be 4
                    [int]$summary.Created | Should -Be 2
                    [int]$summary.Failed | Should -Be 2
                    $failedRows = [System.IO.File]::ReadAllLines([string]$summary.FailedRows)
                    $failedRows | Should -HaveCount 3
                    $failedRows[0].Contains('Error') | Should -BeTrue
                    $leads = @(Get-ZcrmEmulatorLead $emulator -Fields 'Last_Name,Company' -Converted both)
                    @($leads | Where-Object { $_.Last_Name -ceq "O'Neil, Jr." -and $_.Company -ceq 'Contoso, Ltd' }).Count | Should -BeGreaterThan 0

                    # Running it again updates instead of duplicating.
                    $again = Invoke-ZcrmCaptured { & $script -Path $csv }
                    $again.Output | Should -HaveCount 1
                    [int]$again.Output[0].Updated | Should -Be 2
                    @(Get-ZcrmEmulatorLead $emulator -Converted both) | Should -HaveCount 12
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'convert-leads.ps1' {
                $emulator = Start-ZcrmTestEmulator -Leads 300
                try {
                    $qualified = @(Get-ZcrmEmulatorLead $emulator -Fields 'Lead_Status' | Where-Object { $_.Lead_Status -ceq 'Pre-Qualified' }).Count
                    $qualified | Should -BeGreaterThan 0 -Because 'the seed data has pre-qualified leads'
                    Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                    $whatIf = Invoke-ZcrmCaptured { & $script -Status 'Pre-Qualified' -WhatIf }
                    $whatIf.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $whatIf)
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.EndsWith('/actions/convert', [System.StringComparison]::Ordinal) }).Count | Should -Be 0

                    $result = Invoke-ZcrmCaptured { & $script -Status 'Pre-Qualified' -DealStage Qualification }
                    $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                    $result.Output | Should -HaveCount $qualified
                    @($result.Output | Where-Object { [string]::IsNullOrEmpty([string]$_.DealId) }).Count | Should -Be 0
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'nightly-export.ps1' {
                # Three bulk read pages (the emulator's page size is made small), finished in milliseconds.
                $emulator = Start-ZcrmTestEmulator -Leads 900 -ArgumentList '--bulk-page-size', '400', '--bulk-job-ms', '40'
                try {
                    $expected = @(Get-ZcrmEmulatorLead $emulator | ForEach-Object { [string]$_.id } | Sort-Object -Property { [long]$_ })
                    $folder = [System.IO.Path]::Combine($TestDrive, 'zcrm-nightly-' + [System.Guid]::NewGuid().ToString('N'))
                    [void][System.IO.Directory]::CreateDirectory($folder)
                    $stale = [System.IO.Path]::Combine($folder, 'Leads-2000-01-01.csv')
                    [System.IO.File]::WriteAllText($stale, "id`n")
                    Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                    $result = Invoke-ZcrmCaptured { & $script -Module Leads -Destination $folder -KeepDays 30 }

                    $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                    $result.Output | Should -HaveCount 1
                    $summary = $result.Output[0]
                    $summary.File | Should -BeExactly ([System.IO.Path]::Combine($folder, 'Leads-' + [datetime]::Now.ToString('yyyy-MM-dd') + '.csv'))
                    $summary.Records | Should -Be $expected.Count
                    $rows = @(Import-Csv -Path $summary.File)
                    Assert-ZcrmSequence -Actual @($rows | ForEach-Object { $_.id }) -Expected $expected -Because 'every lead once, in id order'
                    $summary.Removed | Should -Be 1
                    [System.IO.File]::Exists($stale) | Should -BeFalse
                    $summary.Credits | Should -BeGreaterOrEqual (3 * 50 + 3)
                    $summary.Credits | Should -BeLessOrEqual (3 * 50 + 40)
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'renew-watch-channels.ps1' {
                $emulator = Start-ZcrmTestEmulator -Leads 10
                try {
                    Connect-ZcrmTestEmulator $emulator
                    Register-ZcrmWatch -Event Leads.create -NotifyUrl http://127.0.0.1:9/a -ChannelId 101 -Expiry ([datetime]::Now.AddHours(3)) | Out-Null
                    Register-ZcrmWatch -Event Deals.all -NotifyUrl http://127.0.0.1:9/b -ChannelId 102 -Expiry ([datetime]::Now.AddDays(3)) | Out-Null
                    Clear-ZcrmEmulatorRequest $emulator

                    $whatIf = Invoke-ZcrmCaptured { & $script -WhatIf }
                    $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
                    Assert-ZcrmSequence ($whatIf.Output | ForEach-Object { $_.Status }) @('WhatIf', 'NotDue')
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'PATCH' }) | Should -HaveCount 0

                    $result = Invoke-ZcrmCaptured { & $script }
                    $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                    $renewed = @($result.Output | Where-Object { $_.Status -eq 'Renewed' })
                    $renewed | Should -HaveCount 1
                    $renewed[0].ChannelId | Should -Be 101
                    $renewed[0].NewExpiry | Should -BeGreaterThan ([System.DateTimeOffset]::Now.AddDays(6))
                    $channels = @((Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method GET -Name 'notifications').channels)
                    [System.DateTimeOffset]::Parse(($channels | Where-Object { $_.channelId -eq '101' }).expiry) | Should -BeGreaterThan ([System.DateTimeOffset]::UtcNow.AddDays(6))
                    [System.DateTimeOffset]::Parse(($channels | Where-Object { $_.channelId -eq '102' }).expiry) | Should -BeLessThan ([System.DateTimeOffset]::UtcNow.AddDays(4))
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'tail-lead-changes.ps1' {
                # The script registers, listens and unregisters in a runspace of its own (connected like this one),
                # while this runspace changes leads.
                $emulator = Start-ZcrmTestEmulator -Leads 10
                $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
                $tail = $null
                try {
                    Connect-ZcrmTestEmulator $emulator
                    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
                    $probe.Start()
                    $prefix = 'http://127.0.0.1:{0}/zcrm-tail/' -f $probe.LocalEndpoint.Port
                    $probe.Stop()
                    $runspace.Open()
                    $tail = [System.Management.Automation.PowerShell]::Create()
                    $tail.Runspace = $runspace
                    [void]$tail.AddScript('param($Manifest, $Url, $ClientId, $ClientSecret, $RefreshToken, $Script, $Prefix) $ErrorActionPreference = ''Stop''; Import-Module $Manifest; Connect-Zcrm -ClientId $ClientId -ClientSecret $ClientSecret -RefreshToken $RefreshToken -AccountsUrl $Url -ApiDomain $Url -NoPersist | Out-Null; & $Script -Prefix $Prefix -Count 2 -Timeout 30')
                    [void]$tail.AddParameters(@{
                            Manifest     = (Get-ZcrmTestPath Manifest)
                            Url          = $emulator.Url
                            ClientId     = $emulator.ClientId
                            ClientSecret = (ConvertTo-ZcrmSecureString $emulator.ClientSecret)
                            RefreshToken = (ConvertTo-ZcrmSecureString $emulator.RefreshToken)
                            Script       = $script
                            Prefix       = $prefix
                        })
                    $async = $tail.BeginInvoke()
                    $deadline = [System.DateTime]::UtcNow.AddSeconds(20)
                    $listening = $false
                    while (-not $listening -and [System.DateTime]::UtcNow -lt $deadline) {
                        try { $listening = (Invoke-WebRequest -Uri $prefix -NoProxy -SkipHttpErrorCheck -TimeoutSec 5).StatusCode -eq 405 } catch { Start-Sleep -Milliseconds 50 }
                    }
                    $listening | Should -BeTrue
                    @((Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method GET -Name 'notifications').channels) | Should -HaveCount 1

                    $id = (New-ZcrmLead -LastName Tail -Company Zylker).Id
                    $deadline = [System.DateTime]::UtcNow.AddSeconds(15)
                    while (@((Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method GET -Name 'notifications').deliveries).Count -lt 1 -and [System.DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
                    Set-ZcrmRecord -Module Leads -Id $id -Property @{ City = 'Chennai' } | Out-Null

                    $lines = @($tail.EndInvoke($async))
                    $tail.HadErrors | Should -BeFalse -Because (@($tail.Streams.Error | ForEach-Object { [string]$_ }) -join '; ')
                    $lines | Should -HaveCount 2
                    [string]$lines[0] | Should -Match ('^\d\d:\d\d:\d\d  create  Leads     ' + $id + '$')
                    [string]$lines[1] | Should -BeLike ('*edit    Leads     ' + $id + '  (City)')
                    @((Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method GET -Name 'notifications').channels) | Should -HaveCount 0
                }
                finally {
                    if ($null -ne $tail) { $tail.Dispose() }
                    $runspace.Dispose()
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'deactivated-user-deals.ps1' {
                # An administrator deactivates a colleague who owns deals; the report must list exactly their open deals.
                $emulator = Start-ZcrmTestEmulator -Leads 10
                try {
                    Connect-ZcrmTestEmulator $emulator
                    $marcus = Get-ZcrmUser -Type ActiveUsers | Where-Object email -eq 'marcus.chen@zylker.example'
                    $open = @(Get-ZcrmRecord -Module Deals -All -Field Deal_Name, Stage, Owner |
                            Where-Object { $_.Owner.id -eq $marcus.id -and $_.Stage -notlike 'Closed*' })
                    $open.Count | Should -BeGreaterThan 0 -Because 'the seed gives Marcus open deals'
                    $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name "users/$($marcus.id)" -Body @{ status = 'disabled' }
                    $csv = [System.IO.Path]::Combine($TestDrive, 'orphaned-' + [System.Guid]::NewGuid().ToString('N') + '.csv')

                    $result = Invoke-ZcrmCaptured { & $script -Path $csv }

                    $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                    $result.Output | Should -HaveCount 1 -Because 'Tom Becker is deactivated too but owns no deals'
                    $result.Output[0].Email | Should -Be 'marcus.chen@zylker.example'
                    $result.Output[0].OpenDeals | Should -Be $open.Count
                    $rows = @(Import-Csv -Path $csv)
                    $rows | Should -HaveCount $open.Count
                    Assert-ZcrmSequence -Actual @($rows.id | Sort-Object) -Expected @($open.id | Sort-Object) -Because 'every open deal of Marcus once'
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'flag-contacts-with-open-cases.ps1' {
                # The emulator's first Contact has 20 seeded Cases, most of them open; the others have one or two.
                $emulator = Start-ZcrmTestEmulator -Leads 10
                try {
                    Connect-ZcrmTestEmulator $emulator
                    $featured = [string](Get-ZcrmRecord -Module Contacts -First 1 -SortBy id -SortOrder asc).id
                    Clear-ZcrmEmulatorRequest $emulator

                    $whatIf = Invoke-ZcrmCaptured { & $script -WhatIf }
                    $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
                    $whatIf.Output.ContactId | Should -Contain $featured
                    @($whatIf.Output | Where-Object Status -ne 'WhatIf') | Should -HaveCount 0
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'POST' }) | Should -HaveCount 0

                    $result = Invoke-ZcrmCaptured { & $script }
                    $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                    $row = @($result.Output | Where-Object ContactId -eq $featured)
                    $row | Should -HaveCount 1
                    $row[0].Status | Should -Be 'Flagged'
                    $row[0].OpenCases | Should -BeGreaterOrEqual 5
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/crm/v8/Contacts/actions/add_tags' }) | Should -HaveCount 1
                    (Get-ZcrmRecord -Module Contacts -Id $featured).Tag.name | Should -Contain 'Open Cases'
                    @(Get-ZcrmNote -Module Contacts -Id $featured -All | Where-Object Note_Title -eq 'Open cases review') | Should -HaveCount 1

                    $again = Invoke-ZcrmCaptured { & $script }
                    @($again.Output | Where-Object ContactId -eq $featured).Status | Should -Be 'AlreadyFlagged'
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'archive-deal-attachments.ps1' {
                # Won deals with files and a link, plus a lost deal with a file, are added (the seeded deals stay as
                # they are; the seeded won deals have no attachments, so they get no folder).
                $emulator = Start-ZcrmTestEmulator -Leads 10
                try {
                    Connect-ZcrmTestEmulator $emulator
                    $work = [System.IO.Path]::Combine($TestDrive, 'zcrm-archive-' + [System.Guid]::NewGuid().ToString('N'))
                    [void][System.IO.Directory]::CreateDirectory($work)
                    $files = foreach ($name in 'contract.pdf', 'Übergabe 契約.bin', 'invoice.pdf') {
                        $path = [System.IO.Path]::Combine($work, $name)
                        $bytes = [byte[]]::new(70000 + $name.Length)
                        [System.Random]::new($name.Length).NextBytes($bytes)
                        [System.IO.File]::WriteAllBytes($path, $bytes)
                        $path
                    }
                    $deals = @(
                        @{ Deal_Name = 'Archive: Northwind renewal'; Stage = 'Closed Won'; Closing_Date = '2026-01-15'; Pipeline = 'Standard' }
                        @{ Deal_Name = 'Archive Contoso'; Stage = 'Closed Won'; Closing_Date = '2026-02-15'; Pipeline = 'Standard' }
                        @{ Deal_Name = 'Archive Lost'; Stage = 'Closed Lost'; Closing_Date = '2026-03-15'; Pipeline = 'Standard' }
                    ) | New-ZcrmRecord -Module Deals
                    @($deals | Where-Object Status -ne 'Success') | Should -HaveCount 0
                    $null = Add-ZcrmAttachment -Module Deals -Id $deals[0].Id -Path $files[0], $files[1]
                    $null = Add-ZcrmAttachment -Module Deals -Id $deals[0].Id -Url 'https://contoso.example/signed' -Title 'Signed copy'
                    $null = Add-ZcrmAttachment -Module Deals -Id $deals[1].Id -Path $files[2]
                    $null = Add-ZcrmAttachment -Module Deals -Id $deals[2].Id -Path $files[0]
                    $archive = [System.IO.Path]::Combine($work, 'archive')

                    $result = Invoke-ZcrmCaptured { & $script -Destination $archive }
                    $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
                    $result.Warnings | Should -HaveCount 0
                    $result.Output | Should -HaveCount 2
                    $first = $result.Output | Where-Object DealId -eq $deals[0].Id
                    $first.Saved | Should -Be 2
                    $first.Links | Should -Be 1
                    $first.Folder | Should -BeExactly ([System.IO.Path]::Combine($archive, "$($deals[0].Id) - Archive_ Northwind renewal"))
                    foreach ($file in $files[0], $files[1]) {
                        $copy = [System.IO.Path]::Combine($first.Folder, [System.IO.Path]::GetFileName($file))
                        (Get-FileHash -Path $copy -Algorithm SHA256).Hash | Should -BeExactly (Get-FileHash -Path $file -Algorithm SHA256).Hash
                    }
                    [System.IO.File]::ReadAllLines([System.IO.Path]::Combine($first.Folder, 'links.txt')) | Should -Be @("Signed copy`thttps://contoso.example/signed")
                    ($result.Output | Where-Object DealId -eq $deals[1].Id).Saved | Should -Be 1
                    @([System.IO.Directory]::GetDirectories($archive)) | Should -HaveCount 2 -Because 'the lost deal and the seeded won deals without attachments get no folder'

                    # A second run keeps what is archived and downloads nothing.
                    Clear-ZcrmEmulatorRequest $emulator
                    $again = Invoke-ZcrmCaptured { & $script -Destination $archive }
                    $again.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $again)
                    ($again.Output | Measure-Object -Property Saved -Sum).Sum | Should -Be 0
                    ($again.Output | Measure-Object -Property Kept -Sum).Sum | Should -Be 3
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -match '/Attachments/\d+$' }) | Should -HaveCount 0
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'import-with-field-map.ps1' {
                $emulator = Start-ZcrmTestEmulator -Leads 3 -ArgumentList @('--bulk-write-job-ms', '200')
                try {
                    $folder = [System.IO.Path]::Combine($TestDrive, 'zcrm-map-' + [System.Guid]::NewGuid().ToString('N'))
                    [void][System.IO.Directory]::CreateDirectory($folder)
                    $csv = [System.IO.Path]::Combine($folder, 'signups.csv')
                    [System.IO.File]::WriteAllLines($csv, [string[]]@(
                            'E-mail,Surname,First name,Organisation,Phone (mobile),Interested in,Newsletter'
                            'ada@northwind.example,Okafor,Ada,Northwind,+44 (0)20 7946-0018,"CRM, Analytics",yes'
                            'sam@contoso.example,,Sam,Contoso,,Analytics,no'
                            ',Nomail,Nora,Nowhere,555,,yes'
                            'lee@fabrikam.example,Lee,Li,Fabrikam,,,no'
                        ))
                    $map = [System.IO.Path]::Combine((Get-ZcrmTestPath Examples), 'form-export-map.json')
                    Connect-ZcrmTestEmulator $emulator -ClearRequestLog
                    $result = Invoke-ZcrmCaptured { & $script -Path $csv -FieldMap $map -RequiredField 'E-mail' }

                    $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
                    @($result.Warnings | Where-Object { $_ -match "'Newsletter'" }) | Should -HaveCount 1
                    $result.Output | Should -HaveCount 1
                    $summary = $result.Output[0]
                    [int]$summary.Jobs | Should -Be 1
                    [int]$summary.Added | Should -Be 2
                    [int]$summary.Failed | Should -Be 2
                    $failedRows = @(Import-Csv -LiteralPath ([string]$summary.FailedRows))
                    $failedRows | Should -HaveCount 2
                    ($failedRows | ForEach-Object Surname) | Should -Be @('', 'Nomail')
                    $failedRows[0].Error | Should -Match 'Last_Name'
                    $failedRows[1].Error | Should -Match 'E-mail'
                    $ada = @(Get-ZcrmEmulatorLead $emulator -Fields 'Last_Name,Email,Mobile,Company,Product_Interest' | Where-Object Email -eq 'ada@northwind.example')
                    $ada | Should -HaveCount 1
                    $ada[0].Mobile | Should -Be '+4402079460018'
                    $ada[0].Company | Should -Be 'Northwind'
                    @($ada[0].Product_Interest) | Should -Be @('CRM', 'Analytics')
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            'privacy-requests.ps1' {
                # One access and one deletion request for subjects created here, a near miss, and a row that is not a request.
                $emulator = Start-ZcrmTestEmulator -Leads 10 -ArgumentList @('--search-email-contains')
                try {
                    Connect-ZcrmTestEmulator $emulator
                    $accessId = [string](New-ZcrmRecord -Module Contacts -InputObject @{ Last_Name = 'Access'; Email = 'ada.access@example.com' } -Confirm:$false).Id
                    $null = Add-ZcrmNote -Module Contacts -Id $accessId -Title 'Call' -Content 'Asked for her data' -Confirm:$false
                    $eraseId = [string](New-ZcrmRecord -Module Contacts -InputObject @{ Last_Name = 'Erase'; Email = 'bo.erase@example.com' } -Confirm:$false).Id
                    $null = New-ZcrmRecord -Module Tasks -InputObject @{ Subject = 'Follow up'; Who_Id = @{ id = $eraseId } } -Confirm:$false
                    $nearId = [string](New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = 'Near'; Company = 'N'; Email = 'notbo.erase@example.com' } -Confirm:$false).Id
                    $folder = [System.IO.Path]::Combine($TestDrive, 'privacy-' + [System.Guid]::NewGuid().ToString('N'))
                    [void][System.IO.Directory]::CreateDirectory($folder)
                    $csv = [System.IO.Path]::Combine($folder, 'requests.csv')
                    [System.IO.File]::WriteAllLines($csv, [string[]]@('Email,Type', 'ada.access@example.com,access', 'bo.erase@example.com,deletion', 'someone,deletion'))
                    $out = [System.IO.Path]::Combine($folder, 'out')

                    $whatIf = Invoke-ZcrmCaptured { & $script -Path $csv -OutputFolder $out -WhatIf }
                    $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'DELETE' }) | Should -HaveCount 0

                    $result = Invoke-ZcrmCaptured { & $script -Path $csv -OutputFolder $out -Permanent }
                    $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
                    $rows = @($result.Output | Where-Object { $null -ne $_.PSObject.Properties['Status'] })
                    $rows | Should -HaveCount 3
                    $rows[0].Status | Should -Be 'Done'
                    $rows[0].Records | Should -Be 2
                    (Get-Content -Raw $rows[0].Report | ConvertFrom-Json).counts.Contacts | Should -Be 1
                    $rows[1].Status | Should -Be 'Done'
                    $rows[1].Deleted | Should -Be 2
                    @(Get-Content $rows[1].Report).Count | Should -Be 2
                    $rows[2].Status | Should -Be 'Invalid'
                    Get-ZcrmRecord -Module Contacts -Id $eraseId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                    (Get-ZcrmRecord -Module Leads -Id $nearId).id | Should -Be $nearId

                    # Again: nothing left to delete, nothing deleted twice.
                    Clear-ZcrmEmulatorRequest $emulator
                    $again = Invoke-ZcrmCaptured { & $script -Path $csv -OutputFolder $out -Permanent }
                    $again.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $again)
                    @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'DELETE' }) | Should -HaveCount 0
                }
                finally {
                    Stop-ZcrmTestEmulator $emulator
                }
            }
            default {
                throw "examples/$Name has no test: add how to run it to tests/Pester/ExamplesTests.Tests.ps1 (and ExamplesTests.cs)."
            }
        }
    }
}
