# Loaded first by Import-Module ./ZohoCrm.psd1 (NestedModules). The cmdlets, views and type data are built into bin/ by
# `dotnet build`; on a clone that was not built yet, Import-Module would otherwise stop at the first missing file with
# "Cannot find path ...", naming neither the cause nor the fix. (A child scope, so the module keeps no variable of it.)
& {
    foreach ($file in 'ZohoCrm.PowerShell.dll', 'ZohoCrm.Views.psd1', 'ZohoCrm.format.ps1xml', 'ZohoCrm.types.ps1xml') {
        if (-not [System.IO.File]::Exists([System.IO.Path]::Combine($PSScriptRoot, 'bin', $file))) {
            throw "ZohoCrm is not built: bin/$file is missing. Run 'dotnet build' in $PSScriptRoot (it needs the .NET SDK 10), then import the module again."
        }
    }
}
