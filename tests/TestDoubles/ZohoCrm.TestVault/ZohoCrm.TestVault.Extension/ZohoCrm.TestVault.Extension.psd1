@{
    # The implementing module of the ZohoCrm.TestVault extension vault (see ../ZohoCrm.TestVault.psd1). TEST ONLY.
    RootModule        = 'ZohoCrm.TestVault.Extension.psm1'
    ModuleVersion     = '0.0.1'
    GUID              = '689174fe-cfeb-474d-a459-127fbe924d42'
    Author            = 'ZohoCrm.PowerShell tests'
    Description       = 'Implements the SecretManagement extension vault functions of ZohoCrm.TestVault (test only).'
    PowerShellVersion = '5.1'
    FunctionsToExport = @('Get-Secret', 'Get-SecretInfo', 'Set-Secret', 'Remove-Secret', 'Test-SecretVault')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
