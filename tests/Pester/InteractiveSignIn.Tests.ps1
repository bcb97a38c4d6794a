# Connect-Zcrm -Interactive (browser sign-in with a loopback redirect, fact sheet §1.2) and -UseDeviceCode (device
# authorization, §1.2a) in real pwsh against the emulator process.
#
# The "browser" is the test hook of the module: $env:ZCRM_BROWSER names a command that is run with the consent page URL
# as its last argument. Here it is a small pwsh script that does what a browser does (Invoke-WebRequest on the URL,
# following the emulator's redirect to the module's loopback listener), or tampers with the redirect, or does nothing.
# The consent decision and the user's data centre are set through the emulator's /__emulator/consent; device codes
# are approved by a "user" in another runspace through /__emulator/device-authorizations, once the module has polled.

Describe 'InteractiveSignIn' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $vaultInfo = Initialize-ZcrmTestVault -Folder $TestDrive
        $children = [System.IO.Path]::Combine($TestDrive, 'children')
        $savedBrowser = $env:ZCRM_BROWSER

        # One emulator for the file: consent and device decisions are set per scenario; polls may come every second
        # (the emulator answers slow_down to two within 2 s and reports an interval of 1 s, so the module meets both).
        $emulator = Start-ZcrmTestEmulator -ArgumentList @('--device-poll-interval', '2', '--device-reported-interval', '1', '--device-code-lifetime', '60')
        $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
        $serverInfo = Invoke-RestMethod -Uri ($emulator.Url.TrimEnd('/') + '/oauth/serverinfo') -NoProxy
        $euAccounts = [string]$serverInfo.locations.eu

        function New-TestBrowser {
            # A browser script and the ZCRM_BROWSER command that runs it with the URL.
            param([string] $Name, [string] $Body)
            $path = [System.IO.Path]::Combine($TestDrive, $Name + '.ps1')
            [System.IO.File]::WriteAllText($path, "param([string] `$Url)`n`$ProgressPreference = 'SilentlyContinue'`n" + $Body)
            return ('"' + (Get-ZcrmPwshPath) + '" -NoProfile -NonInteractive -File "' + $path + '"')
        }

        $followingBrowser = New-TestBrowser -Name 'follow' -Body @'
Invoke-WebRequest -Uri $Url -NoProxy -SkipHttpErrorCheck -MaximumRedirection 5 | Out-Null
'@
        $forgingBrowser = New-TestBrowser -Name 'forge' -Body @'
$consent = Invoke-WebRequest -Uri $Url -NoProxy -SkipHttpErrorCheck -MaximumRedirection 0 -ErrorAction SilentlyContinue
$location = [string]$consent.Headers.Location[0]
Invoke-WebRequest -Uri ($location -replace 'state=[^&]+', 'state=forged') -NoProxy -SkipHttpErrorCheck | Out-Null
'@
        $idleBrowser = New-TestBrowser -Name 'idle' -Body '# opens nothing: nobody signs in'

        function Set-Consent {
            param([string] $Decision, [string] $Location)
            $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'consent' -Body @{ decision = $Decision; location = $Location }
        }

        function Start-DeviceApprover {
            # The user, in another runspace: once the module has polled -AfterPolls times, decides the newest pending code.
            param([int] $AfterPolls, [string] $Decision = 'approve', [string] $Location)
            $shell = [powershell]::Create()
            $null = $shell.AddScript({
                    param($Admin, $AfterPolls, $Decision, $Location)
                    $deadline = [DateTime]::UtcNow.AddSeconds(60)
                    while ([DateTime]::UtcNow -lt $deadline) {
                        $pending = @(Invoke-RestMethod -Uri ($Admin + 'device-authorizations') -NoProxy) |
                            Where-Object { $_.status -eq 'pending' -and $_.polls -ge $AfterPolls } | Select-Object -First 1
                        if ($pending) {
                            $body = @{ userCode = $pending.userCode; decision = $Decision; location = $Location } | ConvertTo-Json
                            $null = Invoke-RestMethod -Method Post -Uri ($Admin + 'device-authorizations') -Body $body -ContentType 'application/json' -NoProxy
                            return $pending.userCode
                        }
                        Start-Sleep -Milliseconds 100
                    }
                }).AddArgument($emulator.Url.TrimEnd('/') + '/__emulator/').AddArgument($AfterPolls).AddArgument($Decision).AddArgument($Location)
            return [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
        }

        function Wait-DeviceApprover {
            param($Approver)
            try { return [string]@($Approver.Shell.EndInvoke($Approver.Handle))[0] }
            finally { $Approver.Shell.Dispose() }
        }

        function Get-SavedProfile {
            param([string] $Name)
            $saved = @(Get-Secret -Name ('ZohoCrm/' + $Name) -Vault $vaultInfo.Vault -AsPlainText -ErrorAction SilentlyContinue)
            if ($saved.Count -eq 0) { return $null }
            return ([string]$saved[0] | ConvertFrom-Json)
        }

        function Assert-NoSecret {
            # Neither the client secret, the saved tokens, the codes the emulator saw, nor anything token-shaped.
            param($Captured, [string[]] $Secrets)
            $text = ConvertTo-ZcrmCapturedText $Captured
            foreach ($value in @($emulator.ClientSecret) + $Secrets) {
                if ($value) { $text.Contains($value) | Should -BeFalse -Because "no stream may show a secret ($($value.Substring(0, 6))…)" }
            }
            $text | Should -Not -Match '100[04]\.[0-9a-f]{32}\.[0-9a-f]{32}' -Because 'nothing token-shaped may appear'
        }

        function Get-ExchangedCode {
            # The grant codes and device codes the module sent (from the emulator's log of form bodies).
            foreach ($request in Get-ZcrmEmulatorRequest $emulator) {
                if ($request.body -match '(?:^|&)code=([^&]+)') { [System.Uri]::UnescapeDataString($Matches[1]) }
            }
        }
    }

    AfterAll {
        $env:ZCRM_BROWSER = $savedBrowser
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $emulator
        Remove-ZcrmTestVault $vaultInfo
    }

    BeforeEach {
        Reset-ZcrmTestConnection
        Clear-ZcrmTestVault $vaultInfo
        Clear-ZcrmEmulatorRequest $emulator
        $env:ZCRM_BROWSER = $followingBrowser
    }

    It 'Interactive sign-in follows the browser to the user''s data centre, saves the profile, and a new process uses it' {
        Set-Consent -Decision approve -Location eu
        $result = Invoke-ZcrmCaptured -AllStreams {
            Connect-Zcrm -Interactive -Profile browser -ClientId $emulator.ClientId -ClientSecret $secret -DataCenter US -AccountsUrl $emulator.Url -Vault $vaultInfo.Vault -TimeoutSec 60
        }
        $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
        $result.Output | Should -HaveCount 1
        $connection = $result.Output[0]
        $connection.AccountsUrl.TrimEnd('/') | Should -BeExactly $euAccounts -Because 'the user''s data centre wins over -DataCenter'
        $connection.DataCenter | Should -BeExactly 'EU'
        $connection.ApiDomain.TrimEnd('/') | Should -BeExactly $emulator.Url.TrimEnd('/') -Because 'api_domain of the token answer'
        $connection.Vault | Should -BeExactly $vaultInfo.Vault
        $connection.User | Should -Not -BeNullOrEmpty
        @($result.Information | Where-Object { $_ -like '*browser*' }) | Should -HaveCount 1

        $authorize = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/oauth/v2/auth' })
        $authorize | Should -HaveCount 1
        $authorize[0].query.access_type | Should -BeExactly 'offline'
        $authorize[0].query.prompt | Should -BeExactly 'consent'
        $authorize[0].query.response_type | Should -BeExactly 'code'
        $authorize[0].query.redirect_uri | Should -Match '^http://127\.0\.0\.1:\d+/$'
        $authorize[0].query.state.Length | Should -BeGreaterOrEqual 32
        $authorize[0].query.scope -split ',' | Should -Contain 'ZohoCRM.org.ALL' -Because 'the default scope set covers every command'
        (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1

        $saved = Get-SavedProfile 'browser'
        $saved.accountsUrl.TrimEnd('/') | Should -BeExactly $euAccounts
        $saved.refreshToken | Should -Match '^1000\.'
        Assert-NoSecret $result (@($saved.refreshToken, $saved.accessToken) + @(Get-ExchangedCode))

        # A new process with an expired access token must refresh at the user's data centre, where the token lives.
        Invoke-ZcrmEmulatorTokenExpiry $emulator
        $child = Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters ((Get-ZcrmChildVaultParameter $vaultInfo) + @{ Manifest = (Get-ZcrmTestPath Manifest) }) -Script @'
if ($p.VaultDouble) { Import-Module $p.VaultDouble -ArgumentList $p.VaultStore, 'TestVault' -ErrorAction Stop }
Import-Module $p.Manifest -ErrorAction Stop
$connection = Connect-Zcrm -Profile browser -Vault $p.Vault
$result['DataCenter'] = [string]$connection.DataCenter
$result['Ids'] = @(Get-ZcrmRecord -Module Leads -First 2 | ForEach-Object { [string]$_.id })
'@
        $child.Failure | Should -BeNullOrEmpty -Because $child.Output
        @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
        $child.DataCenter | Should -BeExactly 'EU'
        @($child.Ids) | Should -HaveCount 2
        $refreshes = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/oauth/v2/token' -and $_.body -match 'grant_type=refresh_token' })
        $refreshes | Should -HaveCount 1
        $refreshes[0].statusCode | Should -Be 200
    }

    It 'Interactive sign-in refuses a redirect with another state and saves nothing' {
        Set-Consent -Decision approve
        $env:ZCRM_BROWSER = $forgingBrowser
        $result = Invoke-ZcrmCaptured {
            Connect-Zcrm -Interactive -Profile forged -ClientId $emulator.ClientId -ClientSecret $secret -AccountsUrl $emulator.Url -Vault $vaultInfo.Vault -TimeoutSec 60
        }
        $result.Error | Should -Not -BeNullOrEmpty
        $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmSignInStateMismatch*'
        $result.Error.CategoryInfo.Category.ToString() | Should -BeExactly 'SecurityError'
        (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 0 -Because 'a code from a forged redirect is never exchanged'
        Get-SavedProfile 'forged' | Should -BeNullOrEmpty
        @(Get-ZcrmConnection) | Should -HaveCount 0
    }

    It 'Interactive sign-in: <Name> gives <ErrorId> and saves nothing' -ForEach @(
        @{ Name = 'a denied consent'; Consent = 'deny'; Browser = 'follow'; Timeout = 60; ErrorId = 'ZcrmSignInDenied'; Category = 'PermissionDenied'; Advice = 'accept the consent page' }
        @{ Name = 'nobody signing in'; Consent = 'approve'; Browser = 'idle'; Timeout = 2; ErrorId = 'ZcrmSignInTimedOut'; Category = 'OperationTimeout'; Advice = '-TimeoutSec' }
        @{ Name = 'no browser'; Consent = 'approve'; Browser = 'missing'; Timeout = 60; ErrorId = 'ZcrmBrowserUnavailable'; Category = 'ResourceUnavailable'; Advice = '-UseDeviceCode' }
    ) {
        Set-Consent -Decision $Consent
        $env:ZCRM_BROWSER = switch ($Browser) {
            'follow' { $followingBrowser }
            'idle' { $idleBrowser }
            'missing' { [System.IO.Path]::Combine($TestDrive, 'no-such-browser') }
        }
        $result = Invoke-ZcrmCaptured {
            Connect-Zcrm -Interactive -Profile failed -ClientId $emulator.ClientId -ClientSecret $secret -AccountsUrl $emulator.Url -Vault $vaultInfo.Vault -TimeoutSec $Timeout
        }
        $result.Error | Should -Not -BeNullOrEmpty
        $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly "$ErrorId*"
        $result.Error.CategoryInfo.Category.ToString() | Should -BeExactly $Category
        $result.Error.ErrorDetails.RecommendedAction | Should -BeLike "*$Advice*"
        (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 0
        Get-SavedProfile 'failed' | Should -BeNullOrEmpty
        @(Get-ZcrmConnection) | Should -HaveCount 0
    }

    It 'Ctrl+C ends an interactive sign-in at once, closes the listener and connects nothing' {
        $urlFile = [System.IO.Path]::Combine($TestDrive, 'opened-url.txt')
        $env:ZCRM_BROWSER = New-TestBrowser -Name 'record' -Body ("[System.IO.File]::WriteAllText('" + $urlFile + "', `$Url)")
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Manifest, $ClientId, $Secret, $AccountsUrl)
                    Import-Module $Manifest -ErrorAction Stop
                    Connect-Zcrm -Interactive -Profile stopped -ClientId $ClientId -ClientSecret $Secret -AccountsUrl $AccountsUrl -NoPersist -TimeoutSec 600
                }).AddArgument((Get-ZcrmTestPath Manifest)).AddArgument($emulator.ClientId).AddArgument($secret).AddArgument($emulator.Url)
            $handle = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not [System.IO.File]::Exists($urlFile) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            [System.IO.File]::Exists($urlFile) | Should -BeTrue -Because 'the browser was opened'
            $redirect = [System.Uri]([System.Web.HttpUtility]::ParseQueryString(([System.Uri]([System.IO.File]::ReadAllText($urlFile))).Query)['redirect_uri'])

            $shell.Stop()
            $stopped = $null
            try { $null = $shell.EndInvoke($handle) } catch { $stopped = $_.Exception.GetBaseException() }
            $stopped | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
            $shell.InvocationStateInfo.State.ToString() | Should -BeExactly 'Stopped'

            $probe = [System.Net.Sockets.TcpClient]::new()
            try {
                { $probe.Connect('127.0.0.1', $redirect.Port) } | Should -Throw -Because 'the loopback listener is closed once the sign-in ends'
            }
            finally { $probe.Dispose() }
            (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 0
        }
        finally {
            $shell.Dispose()
        }
    }

    It 'Device sign-in shows the code on the host, waits through pending and slow_down, and saves the profile' {
        $approver = Start-DeviceApprover -AfterPolls 3
        $result = Invoke-ZcrmCaptured -AllStreams {
            Connect-Zcrm -UseDeviceCode -Profile device -ClientId $emulator.ClientId -ClientSecret $secret -AccountsUrl $emulator.Url -Scope 'ZohoCRM.modules.ALL', 'ZohoCRM.users.READ' -Vault $vaultInfo.Vault
        }
        $userCode = Wait-DeviceApprover $approver
        $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
        $userCode | Should -Not -BeNullOrEmpty

        $result.Output | Should -HaveCount 1
        $connection = $result.Output[0]
        $connection.GetType().Name | Should -BeExactly 'ZcrmConnectionInfo' -Because 'the code goes to the host, not the output stream'
        @($connection.Scopes) | Should -Be @('ZohoCRM.modules.ALL', 'ZohoCRM.users.READ')
        @((Get-ZcrmConnection -Profile device).Scopes) | Should -Be @('ZohoCRM.modules.ALL', 'ZohoCRM.users.READ')
        $prompt = @($result.Information | Where-Object { $_.Contains($userCode) })
        $prompt | Should -HaveCount 1
        $prompt[0] | Should -BeLike ('*' + $emulator.Url.TrimEnd('/') + '/oauth/v3/device*')
        @($result.Verbose | Where-Object { $_ -like '*poll less often*' }).Count | Should -BeGreaterOrEqual 1 -Because 'the 1 s interval meets the 2 s rule: slow_down, then a doubled interval'
        @($result.Verbose | Where-Object { $_ -like '*not approved yet*' }).Count | Should -BeGreaterOrEqual 1

        $device = @(Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method GET -Name 'device-authorizations') | Where-Object { $_.userCode -eq $userCode }
        $device.status | Should -BeExactly 'approved'
        $initiation = @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/oauth/v3/device/code' })
        $initiation | Should -HaveCount 1
        $initiation[0].query.access_type | Should -BeExactly 'offline'
        $initiation[0].query.scope | Should -BeExactly 'ZohoCRM.modules.ALL,ZohoCRM.users.READ'

        $saved = Get-SavedProfile 'device'
        $saved.refreshToken | Should -Match '^1000\.'
        $saved.accountsUrl.TrimEnd('/') | Should -BeExactly $emulator.Url.TrimEnd('/')
        Assert-NoSecret $result (@($saved.refreshToken, $saved.accessToken) + @(Get-ExchangedCode))

        # The granted scopes travel with the connection; a call outside them says which scope to add.
        $refused = Invoke-ZcrmCaptured { Get-ZcrmOrganization }
        $refused.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'OAUTH_SCOPE_MISMATCH*'
        $refused.Error.ErrorDetails.RecommendedAction | Should -BeLike '*ZohoCRM.org.READ*'
        $refused.Error.ErrorDetails.RecommendedAction | Should -BeLike '*-Scope*'
    }

    It 'Device sign-in moves to the user''s data centre on other_dc, and a new process refreshes there' {
        $approver = Start-DeviceApprover -AfterPolls 1 -Location eu
        $result = Invoke-ZcrmCaptured -AllStreams {
            Connect-Zcrm -UseDeviceCode -Profile moved -ClientId $emulator.ClientId -ClientSecret $secret -AccountsUrl $emulator.Url -Vault $vaultInfo.Vault
        }
        $null = Wait-DeviceApprover $approver
        $result.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $result)
        $result.Output[0].AccountsUrl.TrimEnd('/') | Should -BeExactly $euAccounts
        $result.Output[0].DataCenter | Should -BeExactly 'EU'
        @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -ceq '/oauth/serverinfo' }).Count | Should -BeGreaterOrEqual 1
        @($result.Verbose | Where-Object { $_ -like "*data centre 'eu'*" }).Count | Should -BeGreaterOrEqual 1

        $saved = Get-SavedProfile 'moved'
        $saved.accountsUrl.TrimEnd('/') | Should -BeExactly $euAccounts
        Assert-NoSecret $result (@($saved.refreshToken, $saved.accessToken) + @(Get-ExchangedCode))

        Invoke-ZcrmEmulatorTokenExpiry $emulator
        Clear-ZcrmEmulatorRequest $emulator
        $child = Invoke-ZcrmChildPwsh -WorkFolder $children -Parameters ((Get-ZcrmChildVaultParameter $vaultInfo) + @{ Manifest = (Get-ZcrmTestPath Manifest) }) -Script @'
if ($p.VaultDouble) { Import-Module $p.VaultDouble -ArgumentList $p.VaultStore, 'TestVault' -ErrorAction Stop }
Import-Module $p.Manifest -ErrorAction Stop
Connect-Zcrm -Profile moved -Vault $p.Vault | Out-Null
$result['Count'] = @(Get-ZcrmRecord -Module Leads -First 3).Count
'@
        $child.Failure | Should -BeNullOrEmpty -Because $child.Output
        @($child.Errors) | Should -HaveCount 0 -Because (@($child.Errors) -join '; ')
        $child.Count | Should -Be 3
        (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 1 -Because 'one refresh, at the EU accounts server that holds the refresh token'
    }

    It 'Device sign-in that is denied gives a clear error and saves nothing' {
        $approver = Start-DeviceApprover -AfterPolls 1 -Decision deny
        $result = Invoke-ZcrmCaptured {
            Connect-Zcrm -UseDeviceCode -Profile refused -ClientId $emulator.ClientId -ClientSecret $secret -AccountsUrl $emulator.Url -Vault $vaultInfo.Vault
        }
        $null = Wait-DeviceApprover $approver
        $result.Error.FullyQualifiedErrorId | Should -BeLikeExactly 'ZcrmSignInDenied*'
        (Get-ZcrmEmulatorStats $emulator).tokenCalls | Should -Be 0
        Get-SavedProfile 'refused' | Should -BeNullOrEmpty
        @(Get-ZcrmConnection) | Should -HaveCount 0
    }
}
