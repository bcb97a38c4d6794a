# Register-/Get-/Update-/Unregister-ZcrmWatch and Receive-ZcrmNotification, against an emulator process.
#
# Receive-ZcrmNotification runs in a second runspace of this pwsh (BeginInvoke) while this runspace registers channels and writes records. What the emulator holds and delivered is
# read from its admin endpoint /__emulator/notifications. To move past a channel's expiry, this uses the admin hook POST /__emulator/notifications/expire; the emulator process batches
# notifications for 1 second (its default), so scenarios take a few seconds.

Describe 'WatchTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule

        function New-WatchPrefix {
            $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $probe.Start()
            try { return ('http://127.0.0.1:{0}/zcrm-watch/' -f $probe.LocalEndpoint.Port) } finally { $probe.Stop() }
        }

        function Start-WatchReceiver {
            # Runs -Script (with -Parameters) in a new runspace that has the module imported; Stop-WatchReceiver ends it.
            param([string] $Script, [hashtable] $Parameters = @{})
            $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
            $runspace.Open()
            $ps = [System.Management.Automation.PowerShell]::Create()
            $ps.Runspace = $runspace
            [void]$ps.AddScript('param($Manifest) Import-Module $Manifest -ErrorAction Stop').AddParameter('Manifest', (Get-ZcrmTestPath Manifest))
            [void]$ps.Invoke()
            $ps.Commands.Clear()
            [void]$ps.AddScript($Script).AddParameters($Parameters)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]$null, $output)
            return [pscustomobject]@{ PowerShell = $ps; Runspace = $runspace; Async = $async; Output = $output }
        }

        function Stop-WatchReceiver {
            # Waits for the receiver to end (or stops it with -Stop) and returns what it wrote, stream by stream.
            param($Receiver, [switch] $Stop, [int] $TimeoutSeconds = 40)
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            if ($Stop) { $Receiver.PowerShell.Stop() }
            else {
                $deadline = [System.DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
                while (-not $Receiver.Async.IsCompleted -and [System.DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            }
            $terminating = $null
            try { [void]$Receiver.PowerShell.EndInvoke($Receiver.Async) } catch { $terminating = $_.Exception.GetBaseException() }
            $watch.Stop()
            $streams = $Receiver.PowerShell.Streams
            $result = [pscustomobject]@{
                Output      = @($Receiver.Output)
                Warnings    = @($streams.Warning | ForEach-Object { $_.Message })
                Errors      = @($streams.Error)
                Verbose     = @($streams.Verbose | ForEach-Object { $_.Message })
                Debug       = @($streams.Debug | ForEach-Object { $_.Message })
                Terminating = $terminating
                StopTook    = $watch.Elapsed
            }
            $Receiver.PowerShell.Dispose()
            $Receiver.Runspace.Dispose()
            return $result
        }

        function Wait-WatchListening {
            param([string] $Prefix)
            $deadline = [System.DateTime]::UtcNow.AddSeconds(15)
            while ([System.DateTime]::UtcNow -lt $deadline) {
                try {
                    if ((Invoke-WebRequest -Uri $Prefix -NoProxy -SkipHttpErrorCheck -TimeoutSec 5).StatusCode -eq 405) { return }
                }
                catch { }
                Start-Sleep -Milliseconds 50
            }
            throw "Nothing listens on $Prefix."
        }

        function Send-WatchPost {
            param([string] $Prefix, [string] $Body)
            try {
                return (Invoke-WebRequest -Uri $Prefix -Method Post -Body $Body -ContentType 'application/json' -NoProxy -SkipHttpErrorCheck -TimeoutSec 10).StatusCode
            }
            catch {
                # Says what the receiver of the calling spec (its $receiver) was doing, for a failure seen once in CI.
                $state = if ($null -ne $receiver) {
                    $info = $receiver.PowerShell.InvocationStateInfo
                    $streams = $receiver.PowerShell.Streams
                    "The receiver was $($info.State) $($info.Reason); errors: $(@($streams.Error) -join ' | '); warnings: $(@($streams.Warning) -join ' | ')"
                }
                throw "POST to $Prefix failed: $($_.Exception.GetBaseException().Message) $state"
            }
        }

        function New-WatchNotification {
            param([long] $ChannelId, $Token, [string] $Operation = 'insert', [string[]] $Ids)
            return (ConvertTo-Json -Compress -InputObject ([ordered]@{
                        server_time = 1714539030000; query_params = @{}; module = 'Leads'; resource_uri = 'https://www.zohoapis.com/crm/v2/Leads'
                        ids = @($Ids); operation = $Operation; channel_id = [string]$ChannelId; token = $Token
                    }))
        }

        function Get-WatchState {
            param($Emulator)
            return (Invoke-ZcrmEmulatorAdmin -Emulator $Emulator -Method GET -Name 'notifications')
        }

        function Wait-WatchDelivery {
            param($Emulator, [int] $Count)
            $deadline = [System.DateTime]::UtcNow.AddSeconds(15)
            while ([System.DateTime]::UtcNow -lt $deadline) {
                if (@((Get-WatchState $Emulator).deliveries).Count -ge $Count) { return $true }
                Start-Sleep -Milliseconds 100
            }
            return $false
        }

        function Get-WatchMessageText {
            # Everything but the output objects (which carry the token on purpose), as text.
            param($Captured)
            $lines = [System.Collections.Generic.List[string]]::new()
            foreach ($record in @($Captured.Errors) + @($Captured.Terminating)) { if ($record -is [System.Management.Automation.ErrorRecord]) { Add-ZcrmErrorText -Lines $lines -Record $record } }
            foreach ($message in @($Captured.Warnings) + @($Captured.Verbose) + @($Captured.Debug)) { $lines.Add([string]$message) }
            return ($lines -join [System.Environment]::NewLine)
        }
    }

    BeforeEach {
        Reset-ZcrmTestConnection
    }

    AfterAll {
        Reset-ZcrmTestConnection
    }

    It 'Created and edited leads reach Receive-ZcrmNotification with exactly their ids, operations and the channel token' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        $receiver = $null
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $prefix = New-WatchPrefix
            $register = Invoke-ZcrmCaptured { Register-ZcrmWatch -Event Leads.create, Leads.edit -NotifyUrl $prefix }
            $register.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $register)
            $channel = $register.Output | Where-Object { $_.PSObject.TypeNames -contains 'ZohoCrm.WatchChannel' }
            $channel.Token.Length | Should -Be 40
            Assert-ZcrmSequence $channel.Events @('Leads.create', 'Leads.edit')

            $receiver = Start-WatchReceiver 'param($Prefix, $Token) Receive-ZcrmNotification -Prefix $Prefix -Token $Token -Count 2 -Timeout 30' @{ Prefix = $prefix; Token = $channel.Token }
            Wait-WatchListening $prefix
            $created = Invoke-ZcrmCaptured {
                @(
                    [pscustomobject]@{ Last_Name = 'Okafor'; Company = 'Northwind'; Email = 'ada@northwind.example' }
                    [pscustomobject]@{ Last_Name = 'Smith'; Company = 'Northwind'; Email = 'smith@northwind.example' }
                    [pscustomobject]@{ Last_Name = 'Jones'; Company = 'Northwind'; Email = 'jones@northwind.example' }
                ) | New-ZcrmLead | ForEach-Object { $_.Id }
            }
            $created.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $created)
            $ids = @($created.Output)
            $edit = Invoke-ZcrmCaptured { Set-ZcrmRecord -Module Leads -Id $ids[1] -Property @{ Lead_Status = 'Contacted' } | Out-Null }
            $edit.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $edit)

            $received = Stop-WatchReceiver $receiver
            $receiver = $null
            $received.Errors | Should -BeNullOrEmpty
            $received.Output | Should -HaveCount 2
            foreach ($notification in $received.Output) {
                $notification.PSObject.TypeNames | Should -Contain 'ZohoCrm.Notification'
                $notification.ChannelId | Should -Be $channel.ChannelId
                $notification.Token | Should -BeExactly $channel.Token
                $notification.Module | Should -BeExactly 'Leads'
            }
            $received.Output[0].Operation | Should -BeExactly 'create'
            $received.Output[0].ZohoOperation | Should -BeExactly 'insert'
            Assert-ZcrmSequence $received.Output[0].Ids $ids
            $received.Output[1].Operation | Should -BeExactly 'edit'
            Assert-ZcrmSequence $received.Output[1].Ids @($ids[1])
            $received.Output[1].AffectedFields[$ids[1]] | Should -Contain 'Lead_Status'
            $received.Output[1].ServerTime | Should -Not -BeNullOrEmpty
        }
        finally {
            if ($null -ne $receiver) { Stop-WatchReceiver $receiver -Stop | Out-Null }
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Zoho''s operation words insert, update, delete and create, edit are all read' {
        $prefix = New-WatchPrefix
        $receiver = Start-WatchReceiver 'param($Prefix) Receive-ZcrmNotification -Prefix $Prefix -Token t0k3n-abc -Count 6 -Timeout 30' @{ Prefix = $prefix }
        Wait-WatchListening $prefix
        foreach ($operation in 'insert', 'create', 'update', 'edit', 'delete') {
            Send-WatchPost $prefix (New-WatchNotification -ChannelId 7 -Token 't0k3n-abc' -Operation $operation -Ids '11', '12') | Should -Be 200
        }
        $legacy = '{"server_time":"1714539030000","module":"Deals","ids":[13],"operation":"update","channel_id":7,"token":"t0k3n-abc","affected_fields":["Stage"],"affected_values":[{"id":"13","Stage":"Closed Won"}],"query_params":{"key1":"val1"}}'
        Send-WatchPost $prefix $legacy | Should -Be 200

        $result = Stop-WatchReceiver $receiver
        $result.Errors | Should -BeNullOrEmpty
        Assert-ZcrmSequence ($result.Output | ForEach-Object { $_.Operation }) @('create', 'create', 'edit', 'edit', 'delete', 'edit')
        Assert-ZcrmSequence $result.Output[0].Ids @('11', '12')
        $last = $result.Output[5]
        Assert-ZcrmSequence $last.Ids @('13')
        Assert-ZcrmSequence $last.AffectedFields['13'] @('Stage')
        $last.AffectedValues[0]['Stage'] | Should -BeExactly 'Closed Won'
        $last.QueryParams['key1'] | Should -BeExactly 'val1'
        $last.ServerTime | Should -Be ([System.DateTimeOffset]::FromUnixTimeMilliseconds(1714539030000))
    }

    It 'A POST with a wrong token or a malformed body is rejected with a warning and never emitted' {
        $prefix = New-WatchPrefix
        $token = 'TOKEN_FOR_VERIFICATION_OF_4242'
        $receiver = Start-WatchReceiver 'param($Prefix, $Token) Receive-ZcrmNotification -Prefix $Prefix -Token $Token -Count 1 -Timeout 30' @{ Prefix = $prefix; Token = $token }
        Wait-WatchListening $prefix

        # Every answer closes its connection, so no sender reuses one the listener is closing (a POST is not retried).
        $forged = Invoke-WebRequest -Uri $prefix -Method Post -Body (New-WatchNotification -ChannelId 4242 -Token 'forged-token-1234' -Ids '1') -ContentType 'application/json' -NoProxy -SkipHttpErrorCheck -TimeoutSec 10
        $forged.StatusCode | Should -Be 403
        @($forged.Headers['Connection']) -join ',' | Should -BeExactly 'close'
        Send-WatchPost $prefix (New-WatchNotification -ChannelId 4242 -Token $null -Ids '2') | Should -Be 403
        Send-WatchPost $prefix '{"channel_id": ' | Should -Be 400
        Send-WatchPost $prefix '{"channel_id":"4242","module":"Leads"}' | Should -Be 400
        Send-WatchPost $prefix (New-WatchNotification -ChannelId 4242 -Token $token -Operation 'update' -Ids '3') | Should -Be 200

        $result = Stop-WatchReceiver $receiver
        $result.Output | Should -HaveCount 1
        Assert-ZcrmSequence $result.Output[0].Ids @('3')
        $result.Output[0].Operation | Should -BeExactly 'edit'
        @($result.Warnings | Where-Object { $_ -like '*answered 403*' }) | Should -HaveCount 2
        @($result.Warnings | Where-Object { $_ -like '*token does not match*' }) | Should -Not -BeNullOrEmpty
        @($result.Warnings | Where-Object { $_ -like '*carries no token*' }) | Should -Not -BeNullOrEmpty
        @($result.Warnings | Where-Object { $_ -like '*answered 400*' }) | Should -HaveCount 2
        @($result.Warnings | Where-Object { $_ -like '*forged-token-1234*' }) | Should -BeNullOrEmpty
        $result.Errors | Should -BeNullOrEmpty
        $result.Terminating | Should -BeNullOrEmpty
    }

    It 'Update-ZcrmWatch -Renew extends the expiry to the maximum and a piped channel needs one call' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $register = Invoke-ZcrmCaptured { Register-ZcrmWatch -Event Deals.edit -NotifyUrl http://127.0.0.1:9/hook -Expiry ([datetime]::Now.AddHours(2)) }
            $channelId = ($register.Output | Select-Object -First 1).ChannelId
            $stored = [System.DateTimeOffset]::Parse((Get-WatchState $emulator).channels[0].expiry)
            $stored | Should -BeGreaterThan ([System.DateTimeOffset]::UtcNow.AddHours(2).AddMinutes(-1))
            $stored | Should -BeLessThan ([System.DateTimeOffset]::UtcNow.AddHours(2).AddMinutes(1))

            Clear-ZcrmEmulatorRequest $emulator
            $renewed = Invoke-ZcrmCaptured { Update-ZcrmWatch -ChannelId $channelId -Renew }
            $renewed.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $renewed)
            $expected = [System.DateTimeOffset]::UtcNow.AddDays(7).AddMinutes(-5)
            $renewed.Output[0].Expiry | Should -BeGreaterThan $expected.AddMinutes(-1)
            $renewed.Output[0].Expiry | Should -BeLessThan $expected.AddMinutes(1)
            [System.DateTimeOffset]::Parse((Get-WatchState $emulator).channels[0].expiry) | Should -BeGreaterThan $expected.AddMinutes(-1)
            Assert-ZcrmSequence (Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -like '/crm/*' } | ForEach-Object { $_.method }) @('GET', 'PATCH')

            Clear-ZcrmEmulatorRequest $emulator
            $piped = Invoke-ZcrmCaptured { Get-ZcrmWatch | Update-ZcrmWatch -Renew }
            $piped.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $piped)
            Assert-ZcrmSequence $piped.Output[0].Events @('Deals.edit')
            Assert-ZcrmSequence (Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path -like '/crm/*' } | ForEach-Object { $_.method }) @('GET', 'PATCH')

            $replaced = Invoke-ZcrmCaptured { Update-ZcrmWatch -ChannelId $channelId -Replace -Event Leads.delete -NotifyUrl http://127.0.0.1:9/other }
            $replaced.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $replaced)
            $channel = (Get-WatchState $emulator).channels[0]
            Assert-ZcrmSequence $channel.events @('Leads.delete')
            $channel.token | Should -BeExactly $replaced.Output[0].Token
            $channel.notifyUrl | Should -BeExactly 'http://127.0.0.1:9/other'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Unregister-ZcrmWatch with -Event removes only that event and without it the whole channel' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $register = Invoke-ZcrmCaptured { Register-ZcrmWatch -Event Leads.create, Leads.edit, Deals.delete -NotifyUrl http://127.0.0.1:9/hook -ChannelId 1000000068001 }
            $register.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $register)

            $whatIf = Invoke-ZcrmCaptured { Unregister-ZcrmWatch -ChannelId 1000000068001 -WhatIf }
            $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
            @((Get-WatchState $emulator).channels) | Should -HaveCount 1

            $some = Invoke-ZcrmCaptured { Unregister-ZcrmWatch -ChannelId 1000000068001 -Event Leads.edit -Force }
            $some.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $some)
            $some.Output | Should -BeNullOrEmpty
            Assert-ZcrmSequence (Get-WatchState $emulator).channels[0].events @('Leads.create', 'Deals.delete')
            $listed = Invoke-ZcrmCaptured { Get-ZcrmWatch }
            Assert-ZcrmSequence $listed.Output[0].Events @('Leads.create', 'Deals.delete')

            $all = Invoke-ZcrmCaptured { Get-ZcrmWatch -ChannelId 1000000068001 | Unregister-ZcrmWatch -Confirm:$false }
            $all.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $all)
            @((Get-WatchState $emulator).channels) | Should -HaveCount 0

            $gone = Invoke-ZcrmCaptured { Get-ZcrmWatch -ChannelId 1000000068001; Unregister-ZcrmWatch -ChannelId 1000000068001 -Force }
            $gone.Output | Should -BeNullOrEmpty
            Assert-ZcrmSequence ($gone.Errors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) @('ZcrmWatchNotFound', 'NOT_SUBSCRIBED')
            $gone.Errors[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'An expired channel stops delivering' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        $receiver = $null
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $prefix = New-WatchPrefix
            $channel = Register-ZcrmWatch -Event Leads.create -NotifyUrl $prefix
            $receiver = Start-WatchReceiver 'param($Prefix, $Token) Receive-ZcrmNotification -Prefix $Prefix -Token $Token' @{ Prefix = $prefix; Token = $channel.Token }
            Wait-WatchListening $prefix

            New-ZcrmLead -LastName Before -Company Zylker | Out-Null
            Wait-WatchDelivery $emulator 1 | Should -BeTrue

            Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'notifications/expire' | Out-Null
            $after = Invoke-ZcrmCaptured { New-ZcrmLead -LastName After -Company Zylker | Out-Null; Get-ZcrmWatch }
            $after.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $after)
            $after.Output | Should -BeNullOrEmpty
            Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'notifications/flush' | Out-Null
            @((Get-WatchState $emulator).deliveries) | Should -HaveCount 1

            $received = Stop-WatchReceiver $receiver -Stop
            $receiver = $null
            $received.Output | Should -HaveCount 1
            $before = @(Get-ZcrmEmulatorLead $emulator | Where-Object { $_.Last_Name -ceq 'Before' })
            Assert-ZcrmSequence $received.Output[0].Ids @($before[0].id)
            $received.StopTook.TotalSeconds | Should -BeLessThan 3
        }
        finally {
            if ($null -ne $receiver) { Stop-WatchReceiver $receiver -Stop | Out-Null }
            Stop-ZcrmTestEmulator $emulator
        }
    }

    Context 'Checks before any call' {
        BeforeAll {
            $checkEmulator = Start-ZcrmTestEmulator -Leads 20
        }

        AfterAll {
            Stop-ZcrmTestEmulator $checkEmulator
        }

        It 'Refused before any call: <Case>' -ForEach @(
            @{ Case = 'an unknown event operation'; ErrorId = 'ParameterArgumentValidationError,ZohoCrm.PowerShell.Commands.Watch.RegisterZcrmWatchCommand'; Message = '*create, edit, delete or all*'
                Call = { Register-ZcrmWatch -Event Leads.update -NotifyUrl https://hooks.example.com/zoho } }
            @{ Case = 'an expiry past the 7-day maximum'; ErrorId = 'ZcrmInvalidExpiry*'; Message = '*7 days*'
                Call = { Register-ZcrmWatch -Event Leads.create -NotifyUrl https://hooks.example.com/zoho -Expiry ([datetime]::Now.AddDays(8)) } }
            @{ Case = 'an expiry in the past'; ErrorId = 'ZcrmInvalidExpiry*'; Message = '*'
                Call = { Register-ZcrmWatch -Event Leads.create -NotifyUrl https://hooks.example.com/zoho -Expiry ([datetime]::Now.AddMinutes(-1)) } }
            @{ Case = 'a relative notify URL'; ErrorId = 'ZcrmInvalidNotifyUrl*'; Message = '*'
                Call = { Register-ZcrmWatch -Event Leads.create -NotifyUrl 'zoho/hook' } }
            @{ Case = '-Renew with -Expiry'; ErrorId = 'ZcrmInvalidArgument*'; Message = '*'
                Call = { Update-ZcrmWatch -ChannelId 1 -Renew -Expiry ([datetime]::Now.AddDays(1)) } }
            @{ Case = 'an update that changes nothing'; ErrorId = 'ZcrmNothingToUpdate*'; Message = '*'
                Call = { Update-ZcrmWatch -ChannelId 1 } }
        ) {
            Connect-ZcrmTestEmulator $checkEmulator -ClearRequestLog
            $result = Invoke-ZcrmCaptured $Call

            $result.Error | Should -Not -BeNullOrEmpty
            $result.Error.FullyQualifiedErrorId | Should -BeLike $ErrorId
            [string]$result.Error | Should -BeLike $Message
            @(Get-ZcrmEmulatorRequest $checkEmulator | Where-Object { $_.path -like '/crm/*' }) | Should -HaveCount 0
        }

        It '-WhatIf registers nothing, and an event in another case is accepted' {
            Connect-ZcrmTestEmulator $checkEmulator -ClearRequestLog
            $whatIf = Invoke-ZcrmCaptured { Register-ZcrmWatch -Event leads.CREATE -NotifyUrl https://hooks.example.com/zoho -WhatIf }

            $whatIf.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $whatIf)
            @(Get-ZcrmEmulatorRequest $checkEmulator | Where-Object { $_.path -like '/crm/*' }) | Should -HaveCount 0
        }
    }

    It 'The channel token never appears in verbose, debug, warning or error text' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            $prefix = New-WatchPrefix
            $results = [System.Collections.Generic.List[object]]::new()
            $results.Add((Invoke-ZcrmCaptured -AllStreams { Register-ZcrmWatch -Event Leads.all -NotifyUrl http://127.0.0.1:9/hook -Token 'my-shared-secret-0042' }))
            $refused = Invoke-ZcrmCaptured -AllStreams { Register-ZcrmWatch -Event NoSuchModule.create -NotifyUrl http://127.0.0.1:9/hook -Token 'refused-secret-0044' }
            $results.Add($refused)
            @($refused.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'INVALID_DATA*' }) | Should -Not -BeNullOrEmpty
            $results.Add((Invoke-ZcrmCaptured -AllStreams { Get-ZcrmWatch | Update-ZcrmWatch -Renew; Update-ZcrmWatch -ChannelId 99 -Token 'another-secret-0043' -Renew }))

            $receiver = Start-WatchReceiver 'param($Prefix) $VerbosePreference = ''Continue''; $DebugPreference = ''Continue''; Receive-ZcrmNotification -Prefix $Prefix -Token my-shared-secret-0042 -Count 1 -Timeout 30' @{ Prefix = $prefix }
            Wait-WatchListening $prefix
            Send-WatchPost $prefix (New-WatchNotification -ChannelId 1 -Token 'my-shared-secret-0043' -Ids '1') | Out-Null
            Send-WatchPost $prefix (New-WatchNotification -ChannelId 1 -Token 'my-shared-secret-0042' -Ids '1') | Out-Null
            $results.Add((Stop-WatchReceiver $receiver))

            @($results | Where-Object { @($_.Debug | Where-Object { $_ -like '*"token":"***"*' }).Count -gt 0 }) | Should -Not -BeNullOrEmpty
            @($results | Where-Object { @($_.Warnings).Count -gt 0 }) | Should -Not -BeNullOrEmpty
            for ($i = 0; $i -lt $results.Count; $i++) {
                $text = Get-WatchMessageText $results[$i]
                foreach ($secret in 'my-shared-secret-0042', 'another-secret-0043', 'my-shared-secret-0043', 'refused-secret-0044') {
                    $text.Contains($secret) | Should -BeFalse -Because "script $i must not show a token"
                }
            }
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Get-ZcrmWatch joins the per-module entries of a channel and events tab-complete' {
        $emulator = Start-ZcrmTestEmulator -Leads 20
        try {
            Connect-ZcrmTestEmulator $emulator -ClearRequestLog
            Register-ZcrmWatch -Event Leads.create, Deals.all -NotifyUrl http://127.0.0.1:9/hook -ReturnAffectedFieldValues | Out-Null
            $listed = Invoke-ZcrmCaptured { Get-ZcrmWatch -All; Get-ZcrmWatch -Module Deals }
            $listed.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $listed)
            $listed.Output | Should -HaveCount 2
            Assert-ZcrmSequence $listed.Output[0].Modules @('Leads', 'Deals')
            $listed.Output[0].ReturnAffectedFieldValues | Should -BeTrue
            $listed.Output[0].NotifyOnRelatedAction | Should -BeFalse
            Assert-ZcrmSequence $listed.Output[1].Events @('Deals.all')

            $line = 'Register-ZcrmWatch -Event Lea'
            ([System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)).CompletionMatches.CompletionText | Should -Contain 'Leads.create'
            $line = 'Unregister-ZcrmWatch -ChannelId 1 -Event Deals.e'
            Assert-ZcrmSequence ([System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null)).CompletionMatches.CompletionText @('Deals.edit')
        }
        finally {
            Stop-ZcrmTestEmulator $emulator
        }
    }

    It 'Receive-ZcrmNotification stops promptly on Ctrl+C and at its timeout' {
        $prefix = New-WatchPrefix
        $receiver = Start-WatchReceiver 'param($Prefix) Receive-ZcrmNotification -Prefix $Prefix' @{ Prefix = $prefix }
        Wait-WatchListening $prefix
        $stopped = Stop-WatchReceiver $receiver -Stop
        $stopped.Terminating | Should -BeOfType System.Management.Automation.PipelineStoppedException
        $stopped.StopTook.TotalSeconds | Should -BeLessThan 2
        @($stopped.Warnings | Where-Object { $_ -like '*No -Token given*' }) | Should -Not -BeNullOrEmpty

        $started = [System.DateTime]::UtcNow
        $timedOut = Invoke-ZcrmCaptured { Receive-ZcrmNotification -Prefix $prefix -Timeout 1 -Token abcdefgh }
        $timedOut.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $timedOut)
        $timedOut.Output | Should -BeNullOrEmpty
        ([System.DateTime]::UtcNow - $started).TotalSeconds | Should -BeGreaterOrEqual 0.9
        ([System.DateTime]::UtcNow - $started).TotalSeconds | Should -BeLessThan 5

        $taken = Invoke-ZcrmCaptured { Receive-ZcrmNotification -Prefix 'ftp://127.0.0.1/x/' -Timeout 1 }
        $taken.Error.FullyQualifiedErrorId | Should -BeLike 'ZcrmInvalidPrefix*'
    }
}
