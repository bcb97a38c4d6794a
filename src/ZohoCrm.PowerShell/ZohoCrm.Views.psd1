# Copied into bin/ by the build and loaded by ZohoCrm.psd1 (NestedModules) after ZohoCrm.Loader.ps1 has checked that
# bin/ is built: the views and type data of the records, connections and results. It exports nothing.
@{
    ModuleVersion     = '0.1.0'
    GUID              = '0b1f4c3e-8a52-4d6b-9e0f-7c2d5a9e4b18'
    FormatsToProcess  = @('ZohoCrm.format.ps1xml')
    TypesToProcess    = @('ZohoCrm.types.ps1xml')
    FunctionsToExport = @()
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
