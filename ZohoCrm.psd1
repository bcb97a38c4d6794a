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
    # ZohoCrm.Loader.ps1 stops an unbuilt clone with 'run dotnet build'; bin/ZohoCrm.Views.psd1 brings the views and types
    # (bin/ZohoCrm.format.ps1xml, bin/ZohoCrm.types.ps1xml), which this manifest cannot name itself: Import-Module checks
    # those paths before it runs anything.
    NestedModules          = @('ZohoCrm.Loader.ps1', 'bin/ZohoCrm.Views.psd1')
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
        # Issue 18, newcomer: records to a CSV and back
        'ConvertTo-ZcrmCsvRecord'
        # Org: users, roles, profiles, layouts, custom views, related lists, functions - issue 12, first half
        'Get-ZcrmUser'
        'Get-ZcrmRole'
        'Get-ZcrmProfile'
        'Get-ZcrmLayout'
        'Get-ZcrmCustomView'
        'Get-ZcrmRelatedList'
        'Invoke-ZcrmFunction'
        # Related records, notes and tags: issue 12
        'Get-ZcrmRelatedRecord'
        'Add-ZcrmRelatedRecord'
        'Remove-ZcrmRelatedRecord'
        'Get-ZcrmNote'
        'Add-ZcrmNote'
        'Set-ZcrmNote'
        'Remove-ZcrmNote'
        'Get-ZcrmTag'
        'Add-ZcrmTag'
        'Remove-ZcrmTag'
        # Files: attachments and record photos, issue 13
        'Get-ZcrmAttachment'
        'Save-ZcrmAttachment'
        'Add-ZcrmAttachment'
        'Remove-ZcrmAttachment'
        'Set-ZcrmRecordPhoto'
        'Save-ZcrmRecordPhoto'
        'Remove-ZcrmRecordPhoto'
        # Bulk write, issue 15
        'Start-ZcrmBulkWrite'
        'Get-ZcrmBulkWrite'
        'Wait-ZcrmBulkWrite'
        'Receive-ZcrmBulkWrite'
        # Privacy requests: find, export and erase a data subject's records, issue 14
        'Find-ZcrmDataSubject'
        'Export-ZcrmDataSubject'
        'Remove-ZcrmDataSubject'
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
