@{
    # TEST-ONLY SecretManagement extension vault for the Pester specs in tests/Pester. Register it under a throw-away
    # name with a folder of its own, for example:
    #
    #   Register-SecretVault -Name ZcrmPester_1234 -ModuleName <repo>/tests/TestDoubles/ZohoCrm.TestVault/ZohoCrm.TestVault.psd1 `
    #       -VaultParameters @{ Path = "$TestDrive/vault" }
    #
    # and unregister it afterwards. Secrets are kept as plain (base64) files under that folder: never use it for real
    # secrets. SecretManagement finds the implementation in the ZohoCrm.TestVault.Extension sub-folder by name
    # (<ModuleName>.Extension) and runs it in a runspace of its own; the nested module below is what the extension
    # vault convention asks for, and it exports nothing from this module, so it never hides SecretManagement's cmdlets.
    ModuleVersion     = '0.0.1'
    GUID              = 'ba476de6-8f51-4d6d-8ee7-a643b39788fb'
    Author            = 'ZohoCrm.PowerShell tests'
    Description       = 'Test-only SecretManagement extension vault that stores secrets as files in a folder (ZohoCrm.PowerShell Pester specs).'
    PowerShellVersion = '5.1'
    NestedModules     = @('./ZohoCrm.TestVault.Extension')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
