# TEST DOUBLE of Microsoft.PowerShell.SecretManagement's public cmdlets, written with core language features only
# (the hosted test engine has no Utility cmdlets). Behaviour mirrors the real module where the module under test
# relies on it: Get-Secret returns a SecureString unless -AsPlainText, a missing secret is a non-terminating
# GetSecretNotFound error, Remove-Secret requires -Vault, Set-Secret without -Vault writes to the default vault.
#
# Import with: Import-Module <path> -ArgumentList <store folder>[, <default vault name or ''>]
# Vaults: 'TestVault' and 'OtherVault'. Each secret is one file under <store>/<vault>/ (name hex-encoded).
# With $env:ZCRM_TESTDOUBLE_RELOAD_MS set, the double serves what this process read or wrote last until a file changed
# by another process has gone that many milliseconds without a write, as SecretStore does (it reloads its store file
# about 5 s after another process writes it).
param(
    [Parameter(Mandatory)] [string] $StoreRoot,
    [string] $DefaultVault = 'TestVault'
)

$script:StoreRoot = $StoreRoot
$script:VaultNames = @('TestVault', 'OtherVault')
$script:DefaultVault = $DefaultVault
$script:Seen = @{}
foreach ($v in $script:VaultNames) { [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($StoreRoot, $v)) }

function script:EncodeName([string] $Name) {
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Name)
    ($bytes | ForEach-Object { $_.ToString('x2') }) -join ''
}

function script:DecodeName([string] $Hex) {
    $bytes = [byte[]]::new($Hex.Length / 2)
    for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [System.Convert]::ToByte($Hex.Substring($i * 2, 2), 16) }
    [System.Text.Encoding]::UTF8.GetString($bytes)
}

function script:SecretPath([string] $Vault, [string] $Name) {
    [System.IO.Path]::Combine($script:StoreRoot, $Vault, (EncodeName $Name) + '.secret')
}

function script:ToSecureString([string] $Text) {
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    $secure
}

function script:ReloadDelayMs {
    $ms = 0
    if ([int]::TryParse([string]$env:ZCRM_TESTDOUBLE_RELOAD_MS, [ref]$ms)) { return $ms }
    return 0
}

function script:ReadSecretFile([string] $Path) {
    $delay = ReloadDelayMs
    $written = [System.IO.File]::GetLastWriteTimeUtc($Path)
    $seen = $script:Seen[$Path]
    if ($delay -gt 0 -and $null -ne $seen -and $seen.Written -ne $written -and ([System.DateTime]::UtcNow - $written).TotalMilliseconds -lt $delay) {
        return $seen.Content
    }
    $content = [System.IO.File]::ReadAllText($Path)
    $script:Seen[$Path] = @{ Content = $content; Written = $written }
    return $content
}

function script:NewError([string] $Message, [string] $Id, [System.Management.Automation.ErrorCategory] $Category, $Target) {
    [System.Management.Automation.ErrorRecord]::new([System.Exception]::new($Message), $Id, $Category, $Target)
}

function script:ResolveVaults([string] $Vault) {
    if ([string]::IsNullOrEmpty($Vault)) { return $script:VaultNames }
    foreach ($v in $script:VaultNames) { if ($v -eq $Vault) { return @($v) } }
    throw (NewError "Vault $Vault does not exist in registry." 'GetSecretVaultNotFound' ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $Vault)
}

function Get-SecretVault {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Name)
    foreach ($v in $script:VaultNames) {
        $match = $null -eq $Name
        if (-not $match) { foreach ($n in $Name) { if ($v -like $n) { $match = $true } } }
        if ($match) {
            [pscustomobject]@{
                PSTypeName  = 'Microsoft.PowerShell.SecretManagement.SecretVaultInfo'
                Name        = $v
                ModuleName  = 'SecretManagement.TestDouble'
                ModulePath  = $PSScriptRoot
                Description = 'test double'
                IsDefault   = ($v -eq $script:DefaultVault)
            }
        }
    }
}

function Set-Secret {
    [CmdletBinding(DefaultParameterSetName = 'ObjectParameterSet')]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Mandatory, Position = 1, ValueFromPipeline, ParameterSetName = 'ObjectParameterSet')] [object] $Secret,
        [Parameter(Mandatory, Position = 1, ValueFromPipeline, ParameterSetName = 'SecureStringParameterSet')] [securestring] $SecureStringSecret,
        [Parameter(Position = 2)] [string] $Vault,
        [hashtable] $Metadata,
        [switch] $NoClobber
    )
    process {
        if ([string]::IsNullOrEmpty($Vault)) {
            if ([string]::IsNullOrEmpty($script:DefaultVault)) {
                $PSCmdlet.ThrowTerminatingError((NewError 'Unable to set secret because no default vault is registered.' 'SetSecretFailNoDefaultVault' ([System.Management.Automation.ErrorCategory]::InvalidOperation) $Name))
            }
            $Vault = $script:DefaultVault
        }
        [void](ResolveVaults $Vault)
        $value = if ($PSCmdlet.ParameterSetName -eq 'SecureStringParameterSet') { $SecureStringSecret } else { $Secret }
        if ($value -is [System.Management.Automation.PSObject]) { $value = $value.BaseObject }
        if ($value -is [securestring]) { $type = 'SecureString'; $text = [System.Net.NetworkCredential]::new('', $value).Password }
        elseif ($value -is [string]) { $type = 'String'; $text = $value }
        else { $PSCmdlet.ThrowTerminatingError((NewError "The test double stores only strings and SecureStrings, not $($value.GetType().FullName)." 'SetSecretInvalidType' ([System.Management.Automation.ErrorCategory]::InvalidArgument) $Name)) }
        $path = SecretPath $Vault $Name
        if ($NoClobber -and [System.IO.File]::Exists($path)) {
            $PSCmdlet.ThrowTerminatingError((NewError "A secret with name $Name already exists in vault $Vault." 'AddSecretAlreadyExists' ([System.Management.Automation.ErrorCategory]::ResourceExists) $Name))
        }
        $content = $type + "`n" + [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($text))
        # Written beside and renamed over the secret, so a process reading it at the same moment never sees half a file.
        $temporary = $path + '.' + [System.Guid]::NewGuid().ToString('N') + '.tmp'
        [System.IO.File]::WriteAllText($temporary, $content)
        [System.IO.File]::Move($temporary, $path, $true)
        $script:Seen[$path] = @{ Content = $content; Written = [System.IO.File]::GetLastWriteTimeUtc($path) }
    }
}

function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)] [string] $Name,
        [Parameter(Position = 1)] [string] $Vault,
        [switch] $AsPlainText
    )
    process {
        foreach ($v in (ResolveVaults $Vault)) {
            $path = SecretPath $v $Name
            if ([System.IO.File]::Exists($path)) {
                $lines = (ReadSecretFile $path).Split("`n")
                $text = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($lines[1]))
                if ($AsPlainText) { return $text }
                return (ToSecureString $text)
            }
        }
        $PSCmdlet.WriteError((NewError "The secret $Name was not found." 'GetSecretNotFound' ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $Name))
    }
}

function Get-SecretInfo {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $Name = '*',
        [Parameter(Position = 1)] [string] $Vault
    )
    foreach ($v in (ResolveVaults $Vault)) {
        foreach ($file in [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($script:StoreRoot, $v), '*.secret')) {
            $secretName = DecodeName ([System.IO.Path]::GetFileNameWithoutExtension($file))
            if ($secretName -like $Name) {
                $type = [System.IO.File]::ReadAllText($file).Split("`n")[0]
                [pscustomobject]@{
                    PSTypeName = 'Microsoft.PowerShell.SecretManagement.SecretInformation'
                    Name       = $secretName
                    Type       = $type
                    VaultName  = $v
                    Metadata   = @{}
                }
            }
        }
    }
}

function Remove-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)] [string] $Name,
        [Parameter(Mandatory, Position = 1)] [string] $Vault
    )
    process {
        [void](ResolveVaults $Vault)
        $path = SecretPath $Vault $Name
        if (-not [System.IO.File]::Exists($path)) {
            $PSCmdlet.WriteError((NewError "The secret $Name was not found in vault $Vault." 'RemoveSecretNotFound' ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $Name))
            return
        }
        [System.IO.File]::Delete($path)
    }
}
