@{
    # TEST DOUBLE. Not Microsoft.PowerShell.SecretManagement: a stand-in with the same public cmdlet surface
    # (Get-Secret, Set-Secret, Remove-Secret, Get-SecretInfo, Get-SecretVault) for machines where the real module
    # cannot be installed. Secrets are kept as files under the folder passed at import: never use it for real secrets.
    RootModule        = 'SecretManagement.TestDouble.psm1'
    ModuleVersion     = '0.0.1'
    GUID              = '0b8c8f0e-1d9e-4f57-9a55-5d0f2f2b7c11'
    Author            = 'ZohoCrm.PowerShell tests'
    Description       = 'Test double of the SecretManagement cmdlet surface, for ZohoCrm.PowerShell tests only.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @('Get-Secret', 'Set-Secret', 'Remove-Secret', 'Get-SecretInfo', 'Get-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
