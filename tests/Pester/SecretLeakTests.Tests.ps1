# No secret or token may appear in any stream (Output, Error with exception chains and error details, Warning, Verbose,
# Debug, Information; and $Error). Progress cannot be redirected in a script, so it is not searched.
#
# The access tokens used are read from the Authorization headers in the emulator's /__emulator/requests. Every text is
# also searched for the shape of every token the emulator mints (access tokens, refresh tokens and grant codes alike:
# "1000." + 32 hex + "." + 32 hex), which would catch a token the request log never saw.
#
# Persisted profiles go to a throw-away vault as in PersistenceTests.Tests.ps1.

Describe 'SecretLeakTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $vaultInfo = Initialize-ZcrmTestVault -Folder $TestDrive
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Remove-ZcrmTestVault $vaultInfo
    }

    BeforeEach {
        Reset-ZcrmTestConnection
        Clear-ZcrmTestVault $vaultInfo
    }

    # Slow (about 5 s alone): one scenario walks through every path a secret could take (connect, a grant code,
    # paging, retries, token refreshes, errors, disconnect) with every stream on, and searches all of the text.
    It 'No secret or token appears in any stream through connect, paging, retries, refreshes, errors and disconnect' {
        $emulator = Start-ZcrmTestEmulator -Leads 900
        try {
            $grant = New-ZcrmEmulatorGrantCode $emulator
            $badRefreshText = '1000.0000000000000000000000badbad.0000000000000000000000badbad'
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $refresh = ConvertTo-ZcrmSecureString $emulator.RefreshToken
            $grantSecure = ConvertTo-ZcrmSecureString $grant
            $badRefresh = ConvertTo-ZcrmSecureString $badRefreshText
            $vault = $vaultInfo.Vault
            $results = [System.Collections.Generic.List[object]]::new()

            # 0
            $results.Add((Invoke-ZcrmCaptured -AllStreams {
                        Connect-Zcrm -Profile leak -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vault
                    }))
            # 1
            $results.Add((Invoke-ZcrmCaptured -AllStreams {
                        Connect-Zcrm -Profile granted -ClientId $emulator.ClientId -ClientSecret $secret -GrantToken $grantSecure -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -NoPersist
                    }))
            # 2: a 429, an expired access token and a 500 while paging
            Add-ZcrmEmulatorFault $emulator @{ kind = 'TooManyRequests'; pathPrefix = '/crm/v8/Leads'; skip = 1; count = 1; retryAfterSeconds = 1 }
            Add-ZcrmEmulatorFault $emulator @{ kind = 'ExpireAccessTokens'; pathPrefix = '/crm/v8/Leads'; skip = 3; count = 1 }
            Add-ZcrmEmulatorFault $emulator @{ kind = 'InternalError'; pathPrefix = '/crm/v8/Leads'; skip = 4; count = 1 }
            $results.Add((Invoke-ZcrmCaptured -AllStreams { Get-ZcrmRecord -Module Leads -All -Profile leak }))
            # 3
            $results.Add((Invoke-ZcrmCaptured -AllStreams {
                        Get-ZcrmConnection
                        Get-ZcrmConnection -ListAvailable -Vault $vault
                        Invoke-ZcrmRestMethod -Path users -Query @{ type = 'CurrentUser' }
                    }))
            # 4: each of these ends with a terminating error, so each gets its own capture
            $results.Add((Invoke-ZcrmCaptured -AllStreams { Get-ZcrmRecord -Module NoSuchModule }))
            $results.Add((Invoke-ZcrmCaptured -AllStreams { Invoke-ZcrmRestMethod POST 'Leads' -Body '{"data":[]}' -Confirm:$false }))
            # 5
            $results.Add((Invoke-ZcrmCaptured -AllStreams {
                        Connect-Zcrm -Profile bad -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $badRefresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -NoPersist
                    }))
            # 6: everything $Error holds, with error details and exception chains
            $results.Add((Invoke-ZcrmCaptured -AllStreams {
                        foreach ($record in @($global:Error)) {
                            if ($record -is [System.Management.Automation.ErrorRecord]) {
                                $record.ToString()
                                if ($null -ne $record.ErrorDetails) { $record.ErrorDetails.Message; $record.ErrorDetails.RecommendedAction }
                                $record.FullyQualifiedErrorId
                                for ($exception = $record.Exception; $null -ne $exception; $exception = $exception.InnerException) { $exception.ToString() }
                                $record.ScriptStackTrace
                            }
                            elseif ($null -ne $record) {
                                $record.ToString()
                            }
                        }
                    }))
            # 7
            $results.Add((Invoke-ZcrmCaptured -AllStreams { Disconnect-Zcrm -Profile leak -Revoke -RemoveSecret -Confirm:$false }))

            $secrets = [System.Collections.Generic.List[string]]::new()
            foreach ($value in $emulator.ClientSecret, $emulator.RefreshToken, $grant, $badRefreshText) { $secrets.Add($value) }

            # Access tokens from the Authorization headers, when the emulator's request log returns headers.
            $requests = @(Get-ZcrmEmulatorRequest $emulator)
            $accessTokens = @(
                @(foreach ($request in $requests) {
                        if ($null -ne $request.PSObject.Properties['headers'] -and $null -ne $request.headers) {
                            $header = [string]$request.headers.Authorization
                            if ($header.StartsWith('Zoho-oauthtoken ', [System.StringComparison]::Ordinal)) { $header.Substring('Zoho-oauthtoken '.Length) }
                        }
                    }) | Sort-Object -Unique
            )
            if ($accessTokens.Count -gt 0) {
                $accessTokens.Count | Should -BeGreaterOrEqual 3 -Because 'several access tokens should have been used'
                foreach ($token in $accessTokens) { $secrets.Add($token) }
            }
            else {
                # Several access tokens were minted: the connect, the grant exchange and the refresh after expiry.
                $minted = @($requests | Where-Object { $_.method -ceq 'POST' -and $_.path -ceq '/oauth/v2/token' -and $_.statusCode -eq 200 })
                $minted.Count | Should -BeGreaterOrEqual 3 -Because 'several access tokens should have been minted'
            }

            @($results | Where-Object { $_.Verbose.Count -gt 0 }).Count | Should -BeGreaterThan 0
            @($results | Where-Object { $_.Debug.Count -gt 0 }).Count | Should -BeGreaterThan 0
            @($results | Where-Object { $_.Errors.Count -gt 0 -or $null -ne $_.Terminating }).Count | Should -BeGreaterThan 0
            @($results[2].Verbose | Where-Object { $_.Contains('Retrying') }).Count | Should -BeGreaterThan 0
            @($results[2].Verbose | Where-Object { $_.Contains('Refreshing the access token') }).Count | Should -BeGreaterThan 0

            $tokenShape = [regex]::new('1000\.[0-9a-f]{32}\.[0-9a-f]{32}')
            for ($index = 0; $index -lt $results.Count; $index++) {
                $text = ConvertTo-ZcrmCapturedText $results[$index]
                foreach ($value in $secrets) {
                    $text.Contains($value) | Should -BeFalse -Because "script $index leaked a secret ($($value.Length) characters)"
                }
                $match = $tokenShape.Match($text)
                $match.Success | Should -BeFalse -Because "script $index leaked something shaped like a Zoho token at character $($match.Index)"
            }
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'The saved profile is only ever a SecureString secret in the vault' {
        $emulator = Start-ZcrmTestEmulator
        try {
            $secret = ConvertTo-ZcrmSecureString $emulator.ClientSecret
            $refresh = ConvertTo-ZcrmSecureString $emulator.RefreshToken
            $connect = Invoke-ZcrmCaptured {
                Connect-Zcrm -Profile vaulted -ClientId $emulator.ClientId -ClientSecret $secret -RefreshToken $refresh -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -Vault $vaultInfo.Vault
            }
            $connect.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $connect)

            $types = @(Get-SecretInfo -Name ZohoCrm/vaulted -Vault $vaultInfo.Vault | ForEach-Object { $_.Type.ToString() })
            $types | Should -HaveCount 1
            $types[0] | Should -BeExactly 'SecureString'
            $asDefault = @(Get-Secret -Name ZohoCrm/vaulted -Vault $vaultInfo.Vault)
            $asDefault | Should -HaveCount 1
            $asDefault[0] | Should -BeOfType System.Security.SecureString
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }
}
