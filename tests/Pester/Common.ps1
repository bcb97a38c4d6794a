# Helpers shared by the Pester specs in this folder. Dot-source it in a Describe block's BeforeAll:
#
#   BeforeAll { . $PSScriptRoot/Common.ps1; Import-ZcrmTestModule }
#
# The built module is imported from the repository root (ZohoCrm.psd1 -> bin/), the emulator runs as a process
# started by src/ZohoCrm.Emulator/Start-ZohoCrmEmulator.ps1, and what the emulator saw is read from its admin endpoints
# (/__emulator/stats, /__emulator/requests, ...) with Invoke-RestMethod.
#
# Functions only: no variable of this file is read by a function (they compute what they need), so it does not
# matter in which scope it was dot-sourced.

. ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'src', 'ZohoCrm.Emulator', 'Start-ZohoCrmEmulator.ps1'))

# ---------------------------------------------------------------------------------------------------------------
# Paths and the module
# ---------------------------------------------------------------------------------------------------------------

function Get-ZcrmTestPath {
    param(
        [Parameter(Mandatory = $true, Position = 0)]
        [ValidateSet('Root', 'Manifest', 'ModuleDll', 'EmulatorProject', 'VaultDouble', 'TestVault', 'Examples', 'HelpSources')]
        [string] $Name
    )

    # $PSScriptRoot is tests/Pester, the folder of this file.
    $root = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))
    switch ($Name) {
        'Root' { return $root }
        'Manifest' { return [System.IO.Path]::Combine($root, 'ZohoCrm.psd1') }
        'ModuleDll' { return [System.IO.Path]::Combine($root, 'bin', 'ZohoCrm.PowerShell.dll') }
        'EmulatorProject' { return [System.IO.Path]::Combine($root, 'src', 'ZohoCrm.Emulator') }
        'VaultDouble' { return [System.IO.Path]::Combine($root, 'tests', 'TestDoubles', 'SecretManagement.TestDouble', 'SecretManagement.TestDouble.psd1') }
        'TestVault' { return [System.IO.Path]::Combine($root, 'tests', 'TestDoubles', 'ZohoCrm.TestVault', 'ZohoCrm.TestVault.psd1') }
        'Examples' { return [System.IO.Path]::Combine($root, 'examples') }
        'HelpSources' { return [System.IO.Path]::Combine($root, 'en-US') }
    }
}

function Import-ZcrmTestModule {
    # Imports the built module from the repository root, as a user would (Import-Module ./ZohoCrm.psd1).
    $dll = Get-ZcrmTestPath ModuleDll
    if (-not [System.IO.File]::Exists($dll)) {
        throw "The module is not built: $dll is missing. Run 'dotnet build' at the repository root first."
    }

    Import-Module (Get-ZcrmTestPath Manifest) -Global -ErrorAction Stop
}

function ConvertTo-ZcrmSecureString {
    param([Parameter(Mandatory = $true, Position = 0)] [string] $Text)

    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    return $secure
}

function Reset-ZcrmTestConnection {
    # Forgets every connection of this runspace (no call to Zoho: no -Revoke), so each scenario starts unconnected,
    # as a fresh session would.
    foreach ($connection in @(Get-ZcrmConnection)) {
        try { Disconnect-Zcrm -Profile $connection.Profile -Confirm:$false } catch { }
    }
}

# ---------------------------------------------------------------------------------------------------------------
# The emulator process and its admin endpoints
# ---------------------------------------------------------------------------------------------------------------

function Start-ZcrmTestEmulator {
    # Starts an emulator on a free loopback port with the counts a scenario needs (the others keep the emulator's
    # defaults). More flags go in -ArgumentList ('--latency-ms', '150').
    param(
        [int] $Leads = 200,
        [string[]] $ArgumentList = @()
    )

    return (Start-ZohoCrmEmulator -Leads $Leads -ArgumentList $ArgumentList -NoBuild)
}

function Stop-ZcrmTestEmulator {
    param([Parameter(Position = 0)] $Emulator)

    if ($null -eq $Emulator) { return }
    Stop-ZohoCrmEmulator -Emulator $Emulator
    if ($null -ne $Emulator.Process) { $Emulator.Process.Dispose() }
}

function Invoke-ZcrmEmulatorAdmin {
    param(
        [Parameter(Mandatory = $true)] $Emulator,
        [Parameter(Mandatory = $true)] [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method,
        [Parameter(Mandatory = $true)] [string] $Name,
        $Body
    )

    $request = @{
        Method  = $Method
        Uri     = $Emulator.Url.TrimEnd('/') + '/__emulator/' + $Name
        NoProxy = $true
    }
    if ($null -ne $Body) {
        $request['Body'] = ConvertTo-Json -InputObject $Body -Depth 5 -Compress
        $request['ContentType'] = 'application/json'
    }

    return (Invoke-RestMethod @request)
}

function Get-ZcrmEmulatorStats {
    # { apiCalls, tokenCalls, requests, creditsUsed, paths, statusCodes } for the requests logged so far.
    param([Parameter(Mandatory = $true, Position = 0)] $Emulator)
    return (Invoke-ZcrmEmulatorAdmin -Emulator $Emulator -Method GET -Name 'stats')
}

function Get-ZcrmEmulatorRequest {
    # Every logged request, in arrival order, one object each: method, path, query (an object whose properties are
    # the query parameters, values as strings), body, statusCode, time, credits, durationMs. Wrap calls in @(...).
    param([Parameter(Mandatory = $true, Position = 0)] $Emulator)

    # Invoke-RestMethod writes a JSON array as one object; foreach over the variable yields its items either way.
    $all = Invoke-ZcrmEmulatorAdmin -Emulator $Emulator -Method GET -Name 'requests'
    foreach ($request in $all) {
        if ($null -ne $request) { $request }
    }
}

function Clear-ZcrmEmulatorRequest {
    param([Parameter(Mandatory = $true, Position = 0)] $Emulator)
    $null = Invoke-ZcrmEmulatorAdmin -Emulator $Emulator -Method DELETE -Name 'requests'
}

function Add-ZcrmEmulatorFault {
    # A FaultRule as a hashtable: @{ kind = 'TooManyRequests'; pathPrefix = '/crm/v8/Leads'; skip = 2; count = 2; retryAfterSeconds = 1 }
    # (kinds: TooManyRequests, InternalError, ServiceUnavailable, DropConnection, Delay, ExpireAccessTokens).
    param(
        [Parameter(Mandatory = $true, Position = 0)] $Emulator,
        [Parameter(Mandatory = $true, Position = 1)] [hashtable] $Rule
    )
    $null = Invoke-ZcrmEmulatorAdmin -Emulator $Emulator -Method POST -Name 'faults' -Body $Rule
}

function Invoke-ZcrmEmulatorTokenExpiry {
    # Expires every access token the emulator has issued (ZohoCrmEmulator.ExpireAccessTokens()).
    param([Parameter(Mandatory = $true, Position = 0)] $Emulator)
    $null = Invoke-ZcrmEmulatorAdmin -Emulator $Emulator -Method POST -Name 'expire-tokens'
}

function New-ZcrmEmulatorGrantCode {
    # A Self Client grant code (ZohoCrmEmulator.IssueGrantCode()).
    param([Parameter(Mandatory = $true, Position = 0)] $Emulator)
    return [string](Invoke-ZcrmEmulatorAdmin -Emulator $Emulator -Method POST -Name 'grant-codes').code
}

function Get-ZcrmEmulatorListCallCount {
    # GET /crm/v8/<module> requests logged so far (the list calls of a module).
    param(
        [Parameter(Mandatory = $true, Position = 0)] $Emulator,
        [string] $Module = 'Leads'
    )
    $path = '/crm/v8/' + $Module
    return @(Get-ZcrmEmulatorRequest $Emulator | Where-Object { $_.method -ceq 'GET' -and $_.path -ceq $path }).Count
}

function Test-ZcrmQueryKey {
    # Whether a logged request carried the query parameter (present even when empty).
    param(
        [Parameter(Mandatory = $true, Position = 0)] $Request,
        [Parameter(Mandatory = $true, Position = 1)] [string] $Name
    )
    return ($null -ne $Request.query -and $null -ne $Request.query.PSObject.Properties[$Name])
}

function Get-ZcrmEmulatorLead {
    # The Leads as the list API returns them (every page, with -Fields; -Converted as the API's converted parameter),
    # read straight from the emulator's REST API with a token of its own. The request log is cleared afterwards, so
    # a scenario still starts with an empty one.
    param(
        [Parameter(Mandatory = $true, Position = 0)] $Emulator,
        [string] $Fields = 'Last_Name',
        [ValidateSet('true', 'false', 'both')] [string] $Converted = 'false'
    )

    $base = $Emulator.Url.TrimEnd('/')
    $token = Invoke-RestMethod -NoProxy -Method Post -Uri ($base + '/oauth/v2/token') -Body @{
        grant_type    = 'refresh_token'
        client_id     = $Emulator.ClientId
        client_secret = $Emulator.ClientSecret
        refresh_token = $Emulator.RefreshToken
    }
    $headers = @{ Authorization = 'Zoho-oauthtoken ' + $token.access_token }

    # v8 wants fields on every list call, page_token or not; the other parameters stay as the token has them.
    $query = 'fields=' + $Fields
    if ($Converted -ne 'false') { $query += '&converted=' + $Converted }
    $uri = $base + '/crm/v8/Leads?' + $query + '&per_page=200'
    while ($uri) {
        $page = Invoke-RestMethod -NoProxy -Method Get -Uri $uri -Headers $headers
        $uri = $null
        if ($null -eq $page -or $null -eq $page.data) { break }
        foreach ($record in $page.data) { $record }
        if ($page.info.more_records -and $page.info.next_page_token) {
            $uri = $base + '/crm/v8/Leads?' + $query + '&page_token=' + [System.Uri]::EscapeDataString([string]$page.info.next_page_token)
        }
    }

    Clear-ZcrmEmulatorRequest $Emulator
}

function Get-ZcrmTestLeadObject {
    # Leads as the module gives them to a user: records (Get-ZcrmRecord -All) or bulk rows (Receive-ZcrmBulkRead of
    # -Job, else of a new export job), in either form: kept (the cmdlet ends its pipeline: lean objects of a class made
    # per field set) or streamed (a later command reads them: PSCustomObjects with a note property per field).
    param(
        [Parameter(Mandatory = $true)] [ValidateSet('records', 'bulk rows')] [string] $Source,
        [ValidateSet('kept', 'streamed')] [string] $Form = 'kept',
        [string[]] $Field,
        $Job
    )

    $read = @{ Module = 'Leads' }
    if ($Field) { $read.Field = $Field }
    if ($Source -eq 'bulk rows') {
        if (-not $Job) { $Job = Start-ZcrmBulkRead @read -Wait -Confirm:$false }
        if ($Form -eq 'streamed') { $Job | Receive-ZcrmBulkRead | ForEach-Object { $_ } } else { $Job | Receive-ZcrmBulkRead }
    }
    elseif ($Form -eq 'streamed') { Get-ZcrmRecord @read -All | ForEach-Object { $_ } }
    else { Get-ZcrmRecord @read -All }
}

function Get-ZcrmEmulatorLeadId {
    # The ids of the Leads the list API returns by default (not converted), newest first (by id, descending).
    param([Parameter(Mandatory = $true, Position = 0)] $Emulator)

    Get-ZcrmEmulatorLead $Emulator | ForEach-Object { [string]$_.id } | Sort-Object -Property { [long]$_ } -Descending
}

function Connect-ZcrmTestEmulator {
    # Connect-Zcrm with the emulator's Self Client credentials and -NoPersist (nothing saved). With -ClearRequestLog
    # the connect's own requests are then forgotten.
    param(
        [Parameter(Mandatory = $true, Position = 0)] $Emulator,
        [string] $ProfileName = 'default',
        [switch] $ClearRequestLog
    )

    $null = Connect-Zcrm -ClientId $Emulator.ClientId -ClientSecret (ConvertTo-ZcrmSecureString $Emulator.ClientSecret) `
        -RefreshToken (ConvertTo-ZcrmSecureString $Emulator.RefreshToken) -AccountsUrl $Emulator.Url -ApiDomain $Emulator.Url `
        -Profile $ProfileName -NoPersist -ErrorAction Stop
    if ($ClearRequestLog) { Clear-ZcrmEmulatorRequest $Emulator }
}

# ---------------------------------------------------------------------------------------------------------------
# Running a script block with every stream captured
# ---------------------------------------------------------------------------------------------------------------

function Invoke-ZcrmCaptured {
    # Runs the script block with all streams merged (*>&1) and sorts what came out: Output, Errors (non-terminating),
    # Warnings, Verbose, Debug, Information (messages), and Terminating (the error that ended the block, if any: a
    # cmdlet's terminating error ends the block here, so give each statement that may fail its own call). Error is
    # the first error however it ended up, HadErrors whether there was any. -AllStreams turns on the Verbose, Debug
    # and Information preferences for the block. Progress cannot be redirected, so it is not captured.
    # Local names start with zcrm so they cannot hide the caller's variables from the script block.
    param(
        [Parameter(Mandatory = $true, Position = 0)] [scriptblock] $ScriptBlock,
        [switch] $AllStreams
    )

    $ErrorActionPreference = 'Continue'
    if ($AllStreams) {
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $InformationPreference = 'Continue'
    }

    $zcrmCaptured = [pscustomobject]@{
        Output      = [System.Collections.Generic.List[object]]::new()
        Errors      = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
        Warnings    = [System.Collections.Generic.List[string]]::new()
        Verbose     = [System.Collections.Generic.List[string]]::new()
        Debug       = [System.Collections.Generic.List[string]]::new()
        Information = [System.Collections.Generic.List[string]]::new()
        Terminating = $null
        Error       = $null
        HadErrors   = $false
    }

    try {
        & $ScriptBlock *>&1 | ForEach-Object {
            $zcrmItem = $_
            if ($null -eq $zcrmItem) { return }
            if ($zcrmItem -is [System.Management.Automation.ErrorRecord]) { $zcrmCaptured.Errors.Add($zcrmItem) }
            elseif ($zcrmItem -is [System.Management.Automation.WarningRecord]) { $zcrmCaptured.Warnings.Add($zcrmItem.Message) }
            elseif ($zcrmItem -is [System.Management.Automation.VerboseRecord]) { $zcrmCaptured.Verbose.Add($zcrmItem.Message) }
            elseif ($zcrmItem -is [System.Management.Automation.DebugRecord]) { $zcrmCaptured.Debug.Add($zcrmItem.Message) }
            elseif ($zcrmItem -is [System.Management.Automation.InformationRecord]) { $zcrmCaptured.Information.Add([string]$zcrmItem.MessageData) }
            else { $zcrmCaptured.Output.Add($zcrmItem) }
        }
    }
    catch {
        $zcrmCaptured.Terminating = $_
    }

    if ($zcrmCaptured.Errors.Count -gt 0) { $zcrmCaptured.Error = $zcrmCaptured.Errors[0] }
    else { $zcrmCaptured.Error = $zcrmCaptured.Terminating }
    $zcrmCaptured.HadErrors = ($null -ne $zcrmCaptured.Error)
    return $zcrmCaptured
}

function Add-ZcrmObjectText {
    # Renders an object as text: its string form and every property, 4 levels deep.
    param($Lines, $Value, [int] $Depth)

    if ($null -eq $Value -or $Depth -gt 4) { return }
    $base = $Value.PSObject.BaseObject
    if ($base -is [string] -or $base -is [System.ValueType]) { $Lines.Add([string]$base); return }
    if ($base -is [System.Security.SecureString]) { $Lines.Add('System.Security.SecureString'); return }
    if ($base -is [System.Collections.IDictionary]) {
        foreach ($key in @($base.Keys)) {
            $Lines.Add([string]$key + '=')
            Add-ZcrmObjectText -Lines $Lines -Value $base[$key] -Depth ($Depth + 1)
        }
        return
    }
    if ($base -is [System.Collections.IEnumerable]) {
        foreach ($item in $base) { Add-ZcrmObjectText -Lines $Lines -Value $item -Depth ($Depth + 1) }
        return
    }

    $Lines.Add([string]$Value)
    foreach ($property in $Value.PSObject.Properties) {
        $propertyValue = $null
        try { $propertyValue = $property.Value } catch { continue }
        $Lines.Add($property.Name + '=')
        Add-ZcrmObjectText -Lines $Lines -Value $propertyValue -Depth ($Depth + 1)
    }
}

function Add-ZcrmErrorText {
    # An error record with everything a user could see of it: message, error details, id, category, target,
    # the whole exception chain and the script stack trace.
    param($Lines, $Record)

    if ($null -eq $Record) { return }
    $Lines.Add([string]$Record)
    if ($null -ne $Record.ErrorDetails) {
        $Lines.Add([string]$Record.ErrorDetails.Message)
        $Lines.Add([string]$Record.ErrorDetails.RecommendedAction)
    }
    $Lines.Add([string]$Record.FullyQualifiedErrorId)
    $Lines.Add([string]$Record.CategoryInfo)
    $Lines.Add([string]$Record.TargetObject)
    for ($exception = $Record.Exception; $null -ne $exception; $exception = $exception.InnerException) {
        $Lines.Add($exception.ToString())
    }
    $Lines.Add([string]$Record.ScriptStackTrace)
}

function ConvertTo-ZcrmCapturedText {
    # Every stream of an Invoke-ZcrmCaptured result as text, with error details, exception chains and object properties.
    param([Parameter(Mandatory = $true, Position = 0)] $Captured)

    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($item in $Captured.Output) { Add-ZcrmObjectText -Lines $lines -Value $item -Depth 0 }
    foreach ($record in $Captured.Errors) { Add-ZcrmErrorText -Lines $lines -Record $record }
    Add-ZcrmErrorText -Lines $lines -Record $Captured.Terminating
    foreach ($message in $Captured.Warnings) { $lines.Add($message) }
    foreach ($message in $Captured.Verbose) { $lines.Add($message) }
    foreach ($message in $Captured.Debug) { $lines.Add($message) }
    foreach ($message in $Captured.Information) { $lines.Add($message) }
    return ($lines -join [System.Environment]::NewLine)
}

function Get-ZcrmErrorText {
    # Only the errors of an Invoke-ZcrmCaptured result, as text (cheap enough for -Because on every assertion).
    param([Parameter(Mandatory = $true, Position = 0)] $Captured)

    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($record in $Captured.Errors) { Add-ZcrmErrorText -Lines $lines -Record $record }
    Add-ZcrmErrorText -Lines $lines -Record $Captured.Terminating
    return ('errors: ' + ($lines -join [System.Environment]::NewLine))
}

function Assert-ZcrmSequence {
    # Same items in the same order, compared as strings; the failure names the first differing position instead of
    # printing thousands of ids.
    param(
        [object[]] $Actual = @(),
        [object[]] $Expected = @(),
        [string] $Because = 'the items should match in order'
    )

    if ($null -eq $Actual) { $Actual = @() }
    if ($null -eq $Expected) { $Expected = @() }
    $Actual.Count | Should -Be $Expected.Count -Because "$Because (how many)"
    for ($i = 0; $i -lt $Expected.Count; $i++) {
        if ([string]$Actual[$i] -cne [string]$Expected[$i]) {
            ('item ' + $i + ': ' + $Actual[$i]) | Should -Be ('item ' + $i + ': ' + $Expected[$i]) -Because $Because
        }
    }
}

# ---------------------------------------------------------------------------------------------------------------
# The vault: the real SecretManagement with a throw-away test vault, or the SecretManagement test double
# ---------------------------------------------------------------------------------------------------------------

function Get-ZcrmSecretManagementModule {
    # The newest installed Microsoft.PowerShell.SecretManagement, or $null when it is not installed (or when
    # $env:ZCRM_PESTER_VAULT = 'TestDouble' asks for the test double instead).
    if ($env:ZCRM_PESTER_VAULT -eq 'TestDouble') { return $null }
    return (Get-Module -ListAvailable -Name Microsoft.PowerShell.SecretManagement | Sort-Object -Property Version -Descending | Select-Object -First 1)
}

function Initialize-ZcrmTestVault {
    # When Microsoft.PowerShell.SecretManagement is installed, registers two throw-away extension vaults
    # (ZcrmPester_<random> and ZcrmPesterOther_<random>, implemented by tests/TestDoubles/ZohoCrm.TestVault, with their
    # secrets in files under -Folder). The user's own vaults are never read or written: the specs always name these
    # vaults with -Vault. Otherwise (or with $env:ZCRM_PESTER_VAULT = 'TestDouble') imports the SecretManagement test
    # double, whose vaults are TestVault (the default) and OtherVault.
    # Pass what this returns to Remove-ZcrmTestVault in AfterAll.
    param([Parameter(Mandatory = $true)] [string] $Folder)

    $store = [System.IO.Path]::Combine($Folder, 'vaults')
    [void][System.IO.Directory]::CreateDirectory($store)

    $secretManagement = Get-ZcrmSecretManagementModule
    if ($null -ne $secretManagement) {
        Import-Module $secretManagement.Path -Global -ErrorAction Stop
        $suffix = [System.Guid]::NewGuid().ToString('N').Substring(0, 10)
        $vault = 'ZcrmPester_' + $suffix
        $otherVault = 'ZcrmPesterOther_' + $suffix
        $info = [pscustomobject]@{
            Mode                 = 'SecretManagement'
            Vault                = $vault
            OtherVault           = $otherVault
            Store                = $store
            Registered           = [System.Collections.Generic.List[string]]::new()
            SecretManagementPath = $secretManagement.Path
            VaultDouble          = ''
        }
        try {
            foreach ($name in $vault, $otherVault) {
                $path = [System.IO.Path]::Combine($store, $name)
                [void][System.IO.Directory]::CreateDirectory($path)
                Register-SecretVault -Name $name -ModuleName (Get-ZcrmTestPath TestVault) -VaultParameters @{ Path = $path } -ErrorAction Stop
                $info.Registered.Add($name)
            }
        }
        catch {
            # Leave nothing registered behind when only part of the setup worked.
            Remove-ZcrmTestVault $info
            throw
        }
        return $info
    }

    Import-Module (Get-ZcrmTestPath VaultDouble) -ArgumentList $store, 'TestVault' -Global -Force -ErrorAction Stop
    return [pscustomobject]@{
        Mode                 = 'TestDouble'
        Vault                = 'TestVault'
        OtherVault           = 'OtherVault'
        Store                = $store
        Registered           = [System.Collections.Generic.List[string]]::new()
        SecretManagementPath = ''
        VaultDouble          = (Get-ZcrmTestPath VaultDouble)
    }
}

function Clear-ZcrmTestVault {
    # Deletes every secret of the test vaults (only files under their own folder), so each scenario starts empty.
    param([Parameter(Mandatory = $true, Position = 0)] $VaultInfo)

    if (-not [System.IO.Directory]::Exists($VaultInfo.Store)) { return }
    foreach ($file in [System.IO.Directory]::GetFiles($VaultInfo.Store, '*.secret', [System.IO.SearchOption]::AllDirectories)) {
        [System.IO.File]::Delete($file)
    }
}

function Remove-ZcrmTestVault {
    # Unregisters the throw-away vaults (or removes the test double); their files go with $TestDrive.
    param([Parameter(Position = 0)] $VaultInfo)

    if ($null -eq $VaultInfo) { return }
    if ($VaultInfo.Mode -eq 'SecretManagement') {
        foreach ($name in $VaultInfo.Registered) {
            Unregister-SecretVault -Name $name -ErrorAction Continue
        }
    }
    else {
        Remove-Module -Name SecretManagement.TestDouble -ErrorAction SilentlyContinue
    }
}

function Get-ZcrmChildVaultParameter {
    # What a child pwsh needs to reach the same vaults: with the real SecretManagement nothing (the vault registration
    # is per user, so a new process sees it); with the test double, the double and its store folder.
    param([Parameter(Mandatory = $true, Position = 0)] $VaultInfo)

    return @{
        Vault       = $VaultInfo.Vault
        OtherVault  = $VaultInfo.OtherVault
        VaultDouble = $VaultInfo.VaultDouble
        VaultStore  = $VaultInfo.Store
    }
}

# ---------------------------------------------------------------------------------------------------------------
# A new pwsh process
# ---------------------------------------------------------------------------------------------------------------

function Get-ZcrmPwshPath {
    $name = if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }
    $candidate = [System.IO.Path]::Combine($PSHOME, $name)
    if ([System.IO.File]::Exists($candidate)) { return $candidate }

    $command = Get-Command -Name pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -ne $command) { return $command.Source }
    throw "pwsh was not found in $PSHOME or on PATH."
}

function Invoke-ZcrmChildPwsh {
    # Runs -Script in a new `pwsh -NoProfile -NonInteractive -File` process and returns what it put in $result.
    # The script sees $p (the -Parameters, read back from JSON) and fills the ordered dictionary $result; the helper
    # adds Failure (a terminating error that ended the script, as text), Errors (the child's $Error, as text) and
    # Output (everything the child printed). -Environment sets variables for the child only (restored afterwards).
    param(
        [Parameter(Mandatory = $true)] [string] $Script,
        [Parameter(Mandatory = $true)] [string] $WorkFolder,
        [hashtable] $Parameters = @{},
        [hashtable] $Environment = @{}
    )

    [void][System.IO.Directory]::CreateDirectory($WorkFolder)
    $id = [System.Guid]::NewGuid().ToString('N')
    $scriptPath = [System.IO.Path]::Combine($WorkFolder, 'child-' + $id + '.ps1')
    $inputPath = [System.IO.Path]::Combine($WorkFolder, 'child-' + $id + '.input.json')
    $resultPath = [System.IO.Path]::Combine($WorkFolder, 'child-' + $id + '.result.json')

    $values = @{}
    foreach ($key in $Parameters.Keys) { $values[$key] = $Parameters[$key] }
    $values['ResultPath'] = $resultPath
    [System.IO.File]::WriteAllText($inputPath, (ConvertTo-Json -InputObject $values -Depth 5))

    $prelude = @'
param([string] $InputPath)
$ErrorActionPreference = 'Continue'
$p = [System.IO.File]::ReadAllText($InputPath) | ConvertFrom-Json
$result = [ordered]@{}
try {
'@
    $epilogue = @'

}
catch {
    $result['Failure'] = [string]$_ + ' [' + $_.FullyQualifiedErrorId + ']' + [System.Environment]::NewLine + $_.ScriptStackTrace
}
$result['Errors'] = @(foreach ($record in $Error) { [string]$record + ' [' + $record.FullyQualifiedErrorId + ']' })
[System.IO.File]::WriteAllText($p.ResultPath, (ConvertTo-Json -InputObject $result -Depth 6))
'@
    [System.IO.File]::WriteAllText($scriptPath, $prelude + [System.Environment]::NewLine + $Script + $epilogue)

    $saved = @{}
    foreach ($key in $Environment.Keys) {
        $saved[$key] = [System.Environment]::GetEnvironmentVariable($key)
        [System.Environment]::SetEnvironmentVariable($key, [string]$Environment[$key])
    }
    try {
        $printed = & (Get-ZcrmPwshPath) -NoProfile -NonInteractive -File $scriptPath $inputPath 2>&1 | Out-String
        $exitCode = $LASTEXITCODE
    }
    finally {
        foreach ($key in $saved.Keys) { [System.Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }

    if (-not [System.IO.File]::Exists($resultPath)) {
        throw "The child pwsh (exit code $exitCode) wrote no result. It printed:$([System.Environment]::NewLine)$printed"
    }

    $childResult = [System.IO.File]::ReadAllText($resultPath) | ConvertFrom-Json
    $childResult | Add-Member -NotePropertyName Output -NotePropertyValue $printed -Force
    $childResult | Add-Member -NotePropertyName ExitCode -NotePropertyValue $exitCode -Force
    return $childResult
}
