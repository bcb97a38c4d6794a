# TEST-ONLY SecretManagement extension vault: the five functions of the extension vault contract
# (Get-Secret, Get-SecretInfo, Set-Secret, Remove-Secret, Test-SecretVault), each taking -VaultName and
# -AdditionalParameters. SecretManagement calls them module-qualified in a runspace of its own and passes the vault's
# registration VaultParameters as -AdditionalParameters; 'Path' names the folder that holds this vault's secrets.
#
# One file per secret, named by the hex of the secret name's UTF-8 bytes (names such as 'ZohoCrm/prod' contain '/'),
# holding the secret type on the first line and base64 payload lines after it. The payload is NOT encrypted: this
# vault exists so tests can exercise the real SecretManagement without touching the user's own vaults.
#
# Only language features and .NET calls are used, so it works in any runspace SecretManagement creates. Every function
# writes exactly what the contract expects to the output (nothing else): Get-Secret the secret or nothing,
# Get-SecretInfo SecretInformation objects, Set-Secret/Remove-Secret/Test-SecretVault one [bool].

function ZcrmTestVaultFolder {
    param([string] $VaultName, [hashtable] $AdditionalParameters)

    $path = $null
    if ($null -ne $AdditionalParameters) { $path = [string]$AdditionalParameters['Path'] }
    if ([string]::IsNullOrEmpty($path)) {
        throw "The test vault '$VaultName' has no folder: register it with -VaultParameters @{ Path = '<folder>' }."
    }

    [void][System.IO.Directory]::CreateDirectory($path)
    return $path
}

function ZcrmTestVaultFile {
    param([string] $Folder, [string] $Name)

    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Name)
    $hex = [System.Text.StringBuilder]::new()
    foreach ($b in $bytes) { [void]$hex.Append($b.ToString('x2')) }
    return [System.IO.Path]::Combine($Folder, $hex.ToString() + '.secret')
}

function ZcrmTestVaultName {
    param([string] $File)

    $hex = [System.IO.Path]::GetFileNameWithoutExtension($File)
    $bytes = [byte[]]::new($hex.Length / 2)
    for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [System.Convert]::ToByte($hex.Substring($i * 2, 2), 16) }
    return [System.Text.Encoding]::UTF8.GetString($bytes)
}

function ZcrmTestVaultEncode {
    param([string] $Text)
    return [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text))
}

function ZcrmTestVaultDecode {
    param([string] $Base64)
    return [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($Base64))
}

function ZcrmTestVaultSecureString {
    param([string] $Text)

    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    return $secure
}

function ZcrmTestVaultRead {
    # The lines of a secret file (type first), or $null when there is no such secret.
    param([string] $File)

    if (-not [System.IO.File]::Exists($File)) { return $null }
    return , ([System.IO.File]::ReadAllText($File).Split([char]"`n"))
}

function Get-Secret {
    param(
        [string] $Name,
        [string] $VaultName,
        [hashtable] $AdditionalParameters
    )

    $folder = ZcrmTestVaultFolder -VaultName $VaultName -AdditionalParameters $AdditionalParameters
    $lines = ZcrmTestVaultRead -File (ZcrmTestVaultFile -Folder $folder -Name $Name)
    if ($null -eq $lines) { return }

    switch ($lines[0]) {
        'String' { return (ZcrmTestVaultDecode $lines[1]) }
        'SecureString' { return (ZcrmTestVaultSecureString (ZcrmTestVaultDecode $lines[1])) }
        'PSCredential' {
            return [System.Management.Automation.PSCredential]::new((ZcrmTestVaultDecode $lines[1]), (ZcrmTestVaultSecureString (ZcrmTestVaultDecode $lines[2])))
        }
        'ByteArray' { return , ([System.Convert]::FromBase64String($lines[1])) }
        default { throw "The test vault '$VaultName' cannot read the secret '$Name' of type '$($lines[0])'." }
    }
}

function Get-SecretInfo {
    param(
        [string] $Filter,
        [string] $VaultName,
        [hashtable] $AdditionalParameters
    )

    if ([string]::IsNullOrEmpty($Filter)) { $Filter = '*' }
    $pattern = [System.Management.Automation.WildcardPattern]::new($Filter, [System.Management.Automation.WildcardOptions]::IgnoreCase)
    $folder = ZcrmTestVaultFolder -VaultName $VaultName -AdditionalParameters $AdditionalParameters
    $files = [System.IO.Directory]::GetFiles($folder, '*.secret')
    foreach ($file in $files) {
        $name = ZcrmTestVaultName -File $file
        if (-not $pattern.IsMatch($name)) { continue }

        $typeName = [System.IO.File]::ReadAllText($file).Split([char]"`n")[0]
        $type = [Microsoft.PowerShell.SecretManagement.SecretType]::Unknown
        if ([System.Enum]::IsDefined([Microsoft.PowerShell.SecretManagement.SecretType], $typeName)) {
            $type = [System.Enum]::Parse([Microsoft.PowerShell.SecretManagement.SecretType], $typeName)
        }

        [Microsoft.PowerShell.SecretManagement.SecretInformation]::new($name, $type, $VaultName)
    }
}

function Set-Secret {
    param(
        [string] $Name,
        [object] $Secret,
        [string] $VaultName,
        [hashtable] $AdditionalParameters,
        [hashtable] $Metadata
    )

    $value = $Secret
    if ($value -is [System.Management.Automation.PSObject]) { $value = $value.BaseObject }

    if ($value -is [System.Security.SecureString]) {
        $content = 'SecureString' + "`n" + (ZcrmTestVaultEncode ([System.Net.NetworkCredential]::new('', $value).Password))
    }
    elseif ($value -is [string]) {
        $content = 'String' + "`n" + (ZcrmTestVaultEncode $value)
    }
    elseif ($value -is [System.Management.Automation.PSCredential]) {
        $content = 'PSCredential' + "`n" + (ZcrmTestVaultEncode $value.UserName) + "`n" + (ZcrmTestVaultEncode $value.GetNetworkCredential().Password)
    }
    elseif ($value -is [byte[]]) {
        $content = 'ByteArray' + "`n" + [System.Convert]::ToBase64String($value)
    }
    else {
        $typeName = if ($null -eq $value) { 'null' } else { $value.GetType().FullName }
        Write-Error "The test vault '$VaultName' stores strings, SecureStrings, PSCredentials and byte arrays, not $typeName."
        return $false
    }

    $folder = ZcrmTestVaultFolder -VaultName $VaultName -AdditionalParameters $AdditionalParameters
    # Written beside and renamed over the secret, so a process reading it at the same moment sees the old or the new
    # secret, never a half-written file.
    $file = ZcrmTestVaultFile -Folder $folder -Name $Name
    $temporary = $file + '.' + [System.Guid]::NewGuid().ToString('N') + '.tmp'
    [System.IO.File]::WriteAllText($temporary, $content)
    [System.IO.File]::Move($temporary, $file, $true)
    return $true
}

function Remove-Secret {
    param(
        [string] $Name,
        [string] $VaultName,
        [hashtable] $AdditionalParameters
    )

    $folder = ZcrmTestVaultFolder -VaultName $VaultName -AdditionalParameters $AdditionalParameters
    $file = ZcrmTestVaultFile -Folder $folder -Name $Name
    if (-not [System.IO.File]::Exists($file)) {
        Write-Error "The secret '$Name' does not exist in the test vault '$VaultName'."
        return $false
    }

    [System.IO.File]::Delete($file)
    return $true
}

function Test-SecretVault {
    param(
        [string] $VaultName,
        [hashtable] $AdditionalParameters
    )

    $folder = ZcrmTestVaultFolder -VaultName $VaultName -AdditionalParameters $AdditionalParameters
    return [System.IO.Directory]::Exists($folder)
}
