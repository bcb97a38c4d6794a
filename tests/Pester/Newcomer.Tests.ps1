# What a newcomer trips over in the first hour (issue 18, items 3 to 13): the quickstart's count, advice on module
# names, unknown endpoints, an unbuilt clone, auth error wording, the vault's own warnings, parameter and -WhatIf
# consistency, the default views at 120 columns, records on their way to a CSV and back, and -Profile completion.

Describe 'Newcomer' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    It 'The quickstart says converted leads are left out, and -Verbose shows its own steps, not Import-Module''s' {
        $script = [System.IO.Path]::Combine((Get-ZcrmTestPath Examples), 'quickstart.ps1')
        $result = Invoke-ZcrmCaptured { & $script -Leads 1200 -Verbose }

        $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
        $text = @($result.Output | Where-Object { $_ -is [string] })
        $read = @($text | Where-Object { $_ -match '^Read ([\d,]+) leads' })
        $read | Should -HaveCount 1
        $null = $read[0] -match '^Read ([\d,]+) leads'
        $notConverted = [int]($Matches[1] -replace ',', '')
        $left = @($text | Where-Object { $_ -match '^([\d,]+) converted leads were left out, .*-Converted both' })
        $left | Should -HaveCount 1 -Because ($text -join "`n")
        $null = $left[0] -match '^([\d,]+) converted'
        $converted = [int]($Matches[1] -replace ',', '')
        $converted | Should -BeGreaterThan 0
        ($notConverted + $converted) | Should -Be 1200 -Because 'the two counts are every seeded lead'

        $imports = @($result.Verbose | Where-Object { $_ -match '^(Loading module|Importing (cmdlet|function|alias|variable))' })
        $imports | Should -HaveCount 0 -Because ($imports -join "`n")
        @($result.Verbose | Where-Object { $_ -match '^GET ' }).Count | Should -BeGreaterThan 0 -Because 'the module''s own -Verbose still shows its calls'
    }

    It 'Importing an unbuilt clone says to run dotnet build' {
        $clone = [System.IO.Path]::Combine($TestDrive, 'unbuilt-' + [System.Guid]::NewGuid().ToString('N'))
        [void][System.IO.Directory]::CreateDirectory($clone)
        foreach ($file in 'ZohoCrm.psd1', 'ZohoCrm.Loader.ps1') {
            [System.IO.File]::Copy([System.IO.Path]::Combine((Get-ZcrmTestPath Root), $file), [System.IO.Path]::Combine($clone, $file))
        }
        $manifest = [System.IO.Path]::Combine($clone, 'ZohoCrm.psd1')

        $printed = & (Get-ZcrmPwshPath) -NoProfile -NonInteractive -Command "try { Import-Module '$manifest' -ErrorAction Stop; 'imported' } catch { 'error: ' + `$_ }" 2>&1 | Out-String

        $printed | Should -Match "error: ZohoCrm is not built: bin/ZohoCrm.PowerShell.dll is missing. Run 'dotnet build'"
        $printed | Should -Not -Match 'Cannot find path'
        $printed | Should -Not -Match 'imported'
    }

    It 'With no vault registered, the module''s ZcrmVaultNotFound error shows without SecretManagement''s own warning' {
        # A stand-in for Microsoft.PowerShell.SecretManagement with no extension vault registered: like the real module,
        # its cmdlets warn over several lines and find nothing.
        $folder = [System.IO.Path]::Combine($TestDrive, 'no-vaults-' + [System.Guid]::NewGuid().ToString('N'))
        $fake = [System.IO.Path]::Combine($folder, 'Microsoft.PowerShell.SecretManagement')
        [void][System.IO.Directory]::CreateDirectory($fake)
        [System.IO.File]::WriteAllText([System.IO.Path]::Combine($fake, 'Microsoft.PowerShell.SecretManagement.psm1'), @'
function Write-NoVaultWarning {
    Write-Warning "There are currently no extension vaults registered.`nAt least one vault must be registered before SecretManagement can add or retrieve secrets.`nYou can download SecretManagement extension vault modules from PowerShellGallery.`nhttps://aka.ms/SecretManagementVaults"
}
function Get-SecretVault { [CmdletBinding()] param([string[]] $Name) Write-NoVaultWarning }
function Get-SecretInfo { [CmdletBinding()] param([string] $Name, [string] $Vault) Write-NoVaultWarning }
function Get-Secret { [CmdletBinding()] param([string] $Name, [string] $Vault, [switch] $AsPlainText) Write-NoVaultWarning }
function Set-Secret { [CmdletBinding()] param([string] $Name, [string] $Vault, $Secret) Write-NoVaultWarning }
function Remove-Secret { [CmdletBinding()] param([string] $Name, [string] $Vault) Write-NoVaultWarning }
'@)
        $script = @'
Import-Module $p.Fake -Global
Import-Module $p.Manifest -Global
$secret = [System.Net.NetworkCredential]::new('', 'not-a-secret').SecurePassword
Connect-Zcrm -ClientId 1000.TEST -ClientSecret $secret -RefreshToken $secret -AccountsUrl http://127.0.0.1:9 -ApiDomain http://127.0.0.1:9 -ErrorAction Stop
'@
        $child = Invoke-ZcrmChildPwsh -Script $script -WorkFolder $folder -Parameters @{
            Fake     = [System.IO.Path]::Combine($fake, 'Microsoft.PowerShell.SecretManagement.psm1')
            Manifest = (Get-ZcrmTestPath Manifest)
        }

        $child.Failure | Should -BeLike '*ZcrmVaultNotFound*'
        $child.Output | Should -Not -BeLike '*no extension vaults registered*' -Because $child.Output
        $child.Output | Should -Not -BeLike '*WARNING*' -Because $child.Output
    }

    It '-Profile of Connect-Zcrm tab-completes the profiles saved in a vault; API cmdlets complete connected ones' {
        $vaultInfo = Initialize-ZcrmTestVault -Folder ([System.IO.Path]::Combine($TestDrive, 'completion-' + [System.Guid]::NewGuid().ToString('N')))
        try {
            foreach ($name in 'nightly', 'nightly-eu', 'prod') {
                Set-Secret -Name ('ZohoCrm/' + $name) -Vault $vaultInfo.Vault -Secret (ConvertTo-ZcrmSecureString '{}')
            }
            Set-Secret -Name 'Other/nightly-x' -Vault $vaultInfo.Vault -Secret (ConvertTo-ZcrmSecureString '{}')

            foreach ($line in 'Connect-Zcrm -Profile ni', 'Disconnect-Zcrm -Profile ni', 'Get-ZcrmConnection -Profile ni') {
                $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
                @($completion.CompletionMatches | ForEach-Object CompletionText) -join ',' | Should -BeExactly 'nightly,nightly-eu' -Because $line
                $completion.CompletionMatches[0].ToolTip | Should -BeLike '*saved in vault*'
            }
            $line = "Connect-Zcrm -Vault $($vaultInfo.OtherVault) -Profile "
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count | Should -Be 0 -Because 'the other vault holds no profile'

            $line = 'Get-ZcrmRecord -Module Leads -Profile ni'
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches).Count | Should -Be 0 -Because 'an API cmdlet needs a connected profile'
        }
        finally {
            Remove-ZcrmTestVault $vaultInfo
        }
    }

    Context 'Against one emulator' {
        # One connection for the whole context: Zoho (and the emulator) mint at most 10 access tokens per refresh token
        # in 10 minutes.
        BeforeAll {
            Reset-ZcrmTestConnection
            $emulator = Start-ZcrmTestEmulator -Leads 20 -ArgumentList @('--bulk-job-ms', '20')
            Connect-ZcrmTestEmulator $emulator
        }

        AfterAll {
            Stop-ZcrmTestEmulator $emulator
        }

        It 'Module <Name> resolves to Leads' -ForEach @(
            @{ Name = 'leads' }
            @{ Name = 'LEADS' }
            @{ Name = 'Lead' }
        ) {
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module $Name -First 2 }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 2
            $result.Output[0].PSObject.TypeNames[0] | Should -BeExactly 'ZohoCrm.Record#Leads'
        }

        It 'An unknown module from <Command> cites the name given and suggests the closest module' -ForEach @(
            @{ Command = 'Get-ZcrmRecord'; Script = { Get-ZcrmRecord -Module Leds } }
            @{ Command = 'New-ZcrmRecord'; Script = { New-ZcrmRecord -Module Leds -InputObject @{ Last_Name = 'Typo' } } }
            @{ Command = 'Get-ZcrmField'; Script = { Get-ZcrmField -Module Contcts } }
        ) {
            $result = Invoke-ZcrmCaptured $Script

            $result.Error | Should -Not -BeNullOrEmpty
            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'INVALID_MODULE,*'
            $result.Error.CategoryInfo.Category.ToString() | Should -BeExactly 'InvalidArgument'
            $message = $result.Error.ErrorDetails.Message
            $message | Should -Not -BeLike '*settings/fields*' -Because 'the error is about the user''s call, not the metadata call'
            $message | Should -Match "module=(Leds|Contcts)"
            $advice = $result.Error.ErrorDetails.RecommendedAction
            $advice | Should -Match '^Did you mean (Leads|Contacts)\?'
            $advice | Should -Not -BeLike '*case-sensitive*'
            $advice | Should -BeLike '*in any case*'
        }

        It 'A name far from every module gets no suggestion' {
            $result = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Xyzzy_Widgets }

            $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'INVALID_MODULE,*'
            $result.Error.ErrorDetails.RecommendedAction | Should -Not -BeLike '*Did you mean*'
        }

        It 'A path Zoho does not have is INVALID_URL_PATTERN, and the README''s Invoke-ZcrmRestMethod example works' {
            $missing = Invoke-ZcrmCaptured { Invoke-ZcrmRestMethod -Path 'nonexistent/thing' }

            $missing.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'INVALID_URL_PATTERN,*'
            $missing.Error.Exception.HttpStatus | Should -Be 404

            $example = Invoke-ZcrmCaptured { Invoke-ZcrmRestMethod -Path 'settings/custom_views' -Query @{ module = 'Leads' } }
            $example.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $example)
            @($example.Output[0].custom_views).Count | Should -BeGreaterThan 0
            $readme = [System.IO.File]::ReadAllText([System.IO.Path]::Combine((Get-ZcrmTestPath Root), 'README.md'))
            $readme | Should -BeLike "*Invoke-ZcrmRestMethod -Path 'settings/custom_views' -Query @{ module = 'Leads' }*"
        }

        It 'Remove-ZcrmRecord <Parameter> sends wf_trigger=true, as -Trigger names what a write runs on every write cmdlet' -ForEach @(
            @{ Parameter = '-Trigger workflow'; Arguments = @{ Trigger = 'workflow' } }
            @{ Parameter = '-WorkflowTrigger'; Arguments = @{ WorkflowTrigger = $true } }
        ) {
            $created = New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = 'Trigger' + [System.Guid]::NewGuid().ToString('N').Substring(0, 6) }
            Clear-ZcrmEmulatorRequest $emulator
            $result = Invoke-ZcrmCaptured { Remove-ZcrmRecord -Module Leads -Id $created.Id -Force @Arguments }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $delete = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'DELETE' })
            $delete | Should -HaveCount 1
            [string]$delete[0].query.wf_trigger | Should -BeExactly 'true'
            foreach ($command in 'New-ZcrmRecord', 'New-ZcrmLead', 'Set-ZcrmRecord', 'Remove-ZcrmRecord') {
                (Get-Command $command).Parameters.ContainsKey('Trigger') | Should -BeTrue -Because "$command names what Zoho runs with -Trigger"
            }
        }

        It 'Set- and Remove-ZcrmRecord -WhatIf name the record by name and id, and Set lists the fields that would change' {
            $folder = [System.IO.Path]::Combine($TestDrive, 'whatif-' + [System.Guid]::NewGuid().ToString('N'))
            $script = @'
Import-Module $p.Manifest -ErrorAction Stop
$secure = { param($t) [System.Net.NetworkCredential]::new('', $t).SecurePassword }
Connect-Zcrm -ClientId $p.ClientId -ClientSecret (& $secure $p.ClientSecret) -RefreshToken (& $secure $p.RefreshToken) -AccountsUrl $p.Url -ApiDomain $p.Url -NoPersist -ErrorAction Stop | Out-Null
$lead = New-ZcrmRecord -Module Leads -InputObject @{ First_Name = 'Ada'; Last_Name = 'Whatif'; Company = 'Northwind' }
$record = Get-ZcrmRecord -Module Leads -Id $lead.Id
$record.Company = 'Contoso'
$record.Phone = '555-0100'
$result['Id'] = $lead.Id
$record | Set-ZcrmRecord -WhatIf
$record | Remove-ZcrmRecord -WhatIf
Remove-ZcrmRecord -Module Leads -Id $lead.Id -WhatIf
'@
            $child = Invoke-ZcrmChildPwsh -Script $script -WorkFolder $folder -Parameters @{
                Manifest = (Get-ZcrmTestPath Manifest); Url = $emulator.Url; ClientId = $emulator.ClientId
                ClientSecret = $emulator.ClientSecret; RefreshToken = $emulator.RefreshToken
            }

            $child.Failure | Should -BeNullOrEmpty
            $id = $child.Id
            $lines = @($child.Output -split "`r?`n" | Where-Object { $_ -like 'What if:*' })
            $lines | Should -HaveCount 3 -Because $child.Output
            $lines[0] | Should -BeExactly "What if: Performing the operation `"Update Company, Phone`" on target `"Leads record 'Ada Whatif' (id $id)`"."
            $lines[1] | Should -BeExactly "What if: Performing the operation `"Delete`" on target `"Leads record 'Ada Whatif' (id $id)`"."
            $lines[2] | Should -BeExactly "What if: Performing the operation `"Delete`" on target `"Leads record (id $id)`"."
        }

        It 'An id that is not there is a non-terminating ObjectNotFound error, and the next one goes on: <Command>' -ForEach @(
            @{ Command = 'Receive-ZcrmBulkRead'; Script = { Receive-ZcrmBulkRead -Id '111000000000001' -OutFile $outFile; 'after' } }
            @{ Command = 'Wait-ZcrmBulkRead'; Script = { Wait-ZcrmBulkRead -Id '111000000000001' -Timeout 5; 'after' } }
            @{ Command = 'Get-ZcrmBulkRead'; Script = { Get-ZcrmBulkRead -Id '111000000000001'; 'after' } }
            @{ Command = 'Get-ZcrmRecord'; Script = { Get-ZcrmRecord -Module Leads -Id '111000000000001'; 'after' } }
            @{ Command = 'Disconnect-Zcrm'; Script = { Disconnect-Zcrm -Profile typo; 'after' } }
        ) {
            $outFile = [System.IO.Path]::Combine($TestDrive, 'missing-' + [System.Guid]::NewGuid().ToString('N') + '.csv')
            $result = Invoke-ZcrmCaptured $Script

            $result.Terminating | Should -BeNullOrEmpty -Because (Get-ZcrmErrorText $result)
            $result.Errors | Should -HaveCount 1
            $result.Errors[0].CategoryInfo.Category.ToString() | Should -BeExactly 'ObjectNotFound' -Because (Get-ZcrmErrorText $result)
            $result.Output[-1] | Should -BeExactly 'after'
        }

        It 'At 120 columns the connection view shows the whole token expiry, Custom and (not saved)' {
            $text = Get-ZcrmConnection | Format-Table | Out-String -Width 120
            $connection = Get-ZcrmConnection -Current

            $text | Should -BeLike ('*' + $connection.TokenExpiresAt.ToString('yyyy-MM-dd HH:mm') + '*')
            $text | Should -Match '\bCustom\b'
            $text | Should -BeLike '*(not saved)*'
            $text | Should -Not -BeLike "*$([char]0x2026)*" -Because $text
        }

        It 'At 120 columns the <Module> view shows whole owner names' -ForEach @(
            @{ Module = 'Leads' }
            @{ Module = 'Contacts' }
            @{ Module = 'Accounts' }
            @{ Module = 'Deals' }
        ) {
            $records = @(Get-ZcrmRecord -Module $Module -First 5)
            $lines = @((($records | Format-Table | Out-String -Width 120) -split "`r?`n") | Where-Object { $_ -match '^\d{10,}' })

            $lines | Should -HaveCount $records.Count
            for ($i = 0; $i -lt $records.Count; $i++) {
                $lines[$i].Length | Should -BeLessOrEqual 120
                $lines[$i] | Should -BeLike ('*' + $records[$i].Owner.name + '*') -Because $lines[$i]
            }
        }

        It 'Query rows show the selected fields only, and a query with its own LIMIT gets no "use -All" warning' {
            $result = Invoke-ZcrmCaptured { Invoke-ZcrmQuery "select Last_Name, Email from Leads where Last_Name is not null limit 3" }

            $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
            $result.Output | Should -HaveCount 3
            $result.Warnings | Should -HaveCount 0 -Because ($result.Warnings -join "`n")
            $header = ((($result.Output | Format-Table | Out-String -Width 120) -split "`r?`n") | Where-Object { $_.Trim() })[0]
            @($header -split '\s+' | Where-Object { $_ } | Sort-Object) -join ',' | Should -BeExactly 'Email,id,Last_Name'
            [ZohoCrm.PowerShell.Output.RecordObjects]::ModuleOf($result.Output[0]) | Should -BeExactly 'Leads' -Because 'rows still tell later cmdlets their module'

        }

        It 'Records go to a CSV with ConvertTo-ZcrmCsvRecord and come back with Import-Csv | Set-ZcrmRecord, ids and lists intact' {
            $fields = 'Last_Name', 'Company', 'Lead_Status', 'Product_Interest', 'Tag', 'Owner', 'Created_Time'
            $leads = @(Get-ZcrmRecord -Module Leads -Field $fields -First 20 | Where-Object { @($_.Product_Interest).Count -ge 2 } | Select-Object -First 3)
            $leads.Count | Should -BeGreaterThan 0 -Because 'the seed has leads with several product interests'
            $csv = [System.IO.Path]::Combine($TestDrive, 'leads-' + [System.Guid]::NewGuid().ToString('N') + '.csv')

            $export = Invoke-ZcrmCaptured { $leads | ConvertTo-ZcrmCsvRecord | Export-Csv -Path $csv -NoTypeInformation }
            $export.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $export)
            $text = [System.IO.File]::ReadAllText($csv)
            $text | Should -Not -BeLike '*System.Object*'
            $rows = @(Import-Csv -Path $csv)
            $rows | Should -HaveCount $leads.Count
            for ($i = 0; $i -lt $leads.Count; $i++) {
                $rows[$i].id | Should -BeExactly $leads[$i].id
                $rows[$i].Owner | Should -BeExactly $leads[$i].Owner.id
                $rows[$i].'Owner.name' | Should -BeExactly $leads[$i].Owner.name
                $rows[$i].Product_Interest | Should -BeExactly (@($leads[$i].Product_Interest) -join ';')
                $rows[$i].Tag | Should -BeExactly (@($leads[$i].Tag | ForEach-Object { $_.name }) -join ';')
                $rows[$i].Created_Time | Should -BeExactly $leads[$i].Created_Time.ToString('yyyy-MM-dd''T''HH:mm:sszzz', [cultureinfo]::InvariantCulture)
            }

            Clear-ZcrmEmulatorRequest $emulator
            $back = Invoke-ZcrmCaptured {
                Import-Csv -Path $csv | ForEach-Object { $_.Lead_Status = 'Contacted'; $_ } | Set-ZcrmRecord -Module Leads
            }
            $back.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $back)
            $back.Warnings | Should -HaveCount 0 -Because ($back.Warnings -join "`n")
            @($back.Output | Where-Object Status -ne 'Success').Count | Should -Be 0
            $sent = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.method -ceq 'PUT' })
            $sent | Should -HaveCount 1
            $body = [string]$sent[0].body | ConvertFrom-Json
            $body.data[0].Owner.id | Should -BeExactly $leads[0].Owner.id
            @($body.data[0].Product_Interest) -join ';' | Should -BeExactly (@($leads[0].Product_Interest) -join ';')
            $body.data[0].PSObject.Properties.Name | Should -Not -Contain 'Owner.name'

            $after = @(Get-ZcrmRecord -Module Leads -Id @($leads.id) -Field $fields)
            for ($i = 0; $i -lt $leads.Count; $i++) {
                $now = $after | Where-Object id -eq $leads[$i].id
                $now.Lead_Status | Should -BeExactly 'Contacted'
                $now.Owner.id | Should -BeExactly $leads[$i].Owner.id
                @($now.Product_Interest) -join ';' | Should -BeExactly (@($leads[$i].Product_Interest) -join ';')
                @($now.Tag | ForEach-Object { $_.name }) -join ';' | Should -BeExactly (@($leads[$i].Tag | ForEach-Object { $_.name }) -join ';')
            }
        }

        It 'A refused refresh token is one AuthenticationError, worded once, on reads and writes alike' {
            Reset-ZcrmTestConnection
            $own = Start-ZcrmTestEmulator -Leads 5
            try {
                Connect-ZcrmTestEmulator $own
                # Read and write once, so the field metadata is cached and the later write reaches its own call.
                $warm = Invoke-ZcrmCaptured {
                    Get-ZcrmRecord -Module Leads -First 1 | Out-Null
                    New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = 'Warm' } | Out-Null
                }
                $warm.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $warm)
                $null = Invoke-RestMethod -NoProxy -Method Post -Uri ($own.Url.TrimEnd('/') + '/oauth/v2/token/revoke?token=' + [System.Uri]::EscapeDataString($own.RefreshToken))
                Invoke-ZcrmEmulatorTokenExpiry $own

                $read = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Leads -First 1 }
                $write = Invoke-ZcrmCaptured { New-ZcrmRecord -Module Leads -InputObject @{ Last_Name = 'Refused' } }

                foreach ($record in $read.Error, $write.Error) {
                    $record | Should -Not -BeNullOrEmpty
                    $record.FullyQualifiedErrorId | Should -BeLikeExactly 'OAUTH_INVALID_CODE,*'
                    $record.CategoryInfo.Category.ToString() | Should -BeExactly 'AuthenticationError'
                    $message = $record.ErrorDetails.Message
                    ([regex]::Matches($message, 'invalid_code')).Count | Should -Be 0 -Because "the code is said once, as OAUTH_INVALID_CODE: $message"
                    ([regex]::Matches($message, 'OAUTH_INVALID_CODE')).Count | Should -Be 1 -Because $message
                    $message | Should -Not -BeLike '*Connect-Zcrm*' -Because 'advice goes in RecommendedAction'
                    $message | Should -Not -BeLike '*-DataCenter*'
                    $record.ErrorDetails.RecommendedAction | Should -BeLike '*grant code*Connect-Zcrm*'
                }
            }
            finally {
                Stop-ZcrmTestEmulator $own
                Reset-ZcrmTestConnection
                Connect-ZcrmTestEmulator $emulator
            }
        }
    }
}
