@{
    # Built by `dotnet build` into bin/ (git-ignored); this manifest is what Import-Module ./ZohoCrm.psd1 loads.
    RootModule             = 'bin/ZohoCrm.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '6f0d7c52-5f4e-4c1e-9b7a-2a6f3c1d8e41'
    Author                 = 'ZohoCrm.PowerShell contributors'
    CompanyName            = 'ZohoCrm.PowerShell contributors'
    Copyright              = '(c) ZohoCrm.PowerShell contributors. MIT License.'
    Description            = 'Zoho CRM REST API (v8) cmdlets: connect with a vault-saved profile, page, write, convert, bulk export and watch records. Fast, frugal with API credits, safe with secrets.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('bin/ZohoCrm.format.ps1xml')
    TypesToProcess         = @('bin/ZohoCrm.types.ps1xml')
    CmdletsToExport        = @(
        'Connect-Zcrm'
        'Disconnect-Zcrm'
        'Get-ZcrmConnection'
        'Get-ZcrmRecord'
        'Get-ZcrmDeletedRecord'
        'Search-ZcrmRecord'
        'Invoke-ZcrmQuery'
        'New-ZcrmRecord'
        'New-ZcrmLead'
        'Set-ZcrmRecord'
        'Remove-ZcrmRecord'
        'Invoke-ZcrmLeadConversion'
        'Get-ZcrmModule'
        'Get-ZcrmField'
        'Get-ZcrmOrganization'
        'Invoke-ZcrmRestMethod'
        'Start-ZcrmBulkRead'
        'Get-ZcrmBulkRead'
        'Wait-ZcrmBulkRead'
        'Receive-ZcrmBulkRead'
        'Register-ZcrmWatch'
        'Get-ZcrmWatch'
        'Update-ZcrmWatch'
        'Unregister-ZcrmWatch'
        'Receive-ZcrmNotification'
        # Bulk write, issue 15
        'Start-ZcrmBulkWrite'
        'Get-ZcrmBulkWrite'
        'Wait-ZcrmBulkWrite'
        'Receive-ZcrmBulkWrite'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Zoho', 'ZohoCRM', 'CRM', 'REST', 'API', 'SecretManagement', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: Connect-Zcrm with vault persistence, Get-ZcrmRecord with streaming -All, metadata cmdlets, Invoke-ZcrmRestMethod.'
        }
    }
}
