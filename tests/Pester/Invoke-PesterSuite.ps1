<#
.SYNOPSIS
    Runs the Pester specs of ZohoCrm.PowerShell (tests/Pester/*.Tests.ps1) against the built module.

.DESCRIPTION
    Builds nothing: run `dotnet build` at the repository root first (it builds the module into bin/ and the local
    Zoho CRM emulator the specs start, and restores Pester 5.7.1 from NuGet into out/modules, which this script puts
    first on PSModulePath, for itself and every child pwsh the specs start). Needs PowerShell 7.2 or later: the tool
    manifest pins 7.6.10 (`dotnet tool restore`, then `dotnet pwsh`). Results are printed in detail and written as
    NUnit XML to tests/Pester/TestResults.xml (or -ResultPath); the exit code is the number of failed tests (0 when
    all pass). Every *.Tests.ps1 in this folder runs.

.EXAMPLE
    dotnet pwsh -File tests/Pester/Invoke-PesterSuite.ps1

.EXAMPLE
    pwsh -File tests/Pester/Invoke-PesterSuite.ps1 -FullNameFilter '*Persistence*'

.EXAMPLE
    pwsh -Command "& ./tests/Pester/Invoke-PesterSuite.ps1 -FullNameFilter '*Persistence*','*SecretLeak*'"

    Several patterns need -Command: with -File, 'a','b' arrives as one string.

.EXAMPLE
    pwsh -File tests/Pester/Invoke-PesterSuite.ps1 -ResultPath ./out/pester-run2.xml

    Two runs at once each write their own results file.
#>
#Requires -Version 7.2
[CmdletBinding()]
param(
    # Only the tests whose full name (Describe + It) matches one of these wildcard patterns.
    [string[]] $FullNameFilter,

    # Where the NUnit XML results go (tests/Pester/TestResults.xml by default).
    [string] $ResultPath = [System.IO.Path]::Combine($PSScriptRoot, 'TestResults.xml')
)

$here = $PSScriptRoot
$root = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($here, '..', '..'))

$moduleDll = [System.IO.Path]::Combine($root, 'bin', 'ZohoCrm.PowerShell.dll')
if (-not [System.IO.File]::Exists($moduleDll)) {
    throw "The module is not built: $moduleDll is missing. Run 'dotnet build' at the repository root first."
}

$emulatorBin = [System.IO.Path]::Combine($root, 'src', 'ZohoCrm.Emulator', 'bin')
$emulatorBuilt = [System.IO.Directory]::Exists($emulatorBin) -and
    @([System.IO.Directory]::GetFiles($emulatorBin, 'ZohoCrm.Emulator.dll', [System.IO.SearchOption]::AllDirectories)).Count -gt 0
if (-not $emulatorBuilt) {
    throw "The emulator is not built: no ZohoCrm.Emulator.dll under $emulatorBin. Run 'dotnet build' at the repository root first."
}

# The Pester the build restored (tests/Pester/ZohoCrm.PesterModules.csproj) comes first; an installed Pester 5 is
# used only when the build has not laid it out.
$modules = [System.IO.Path]::Combine($root, 'out', 'modules')
if ([System.IO.Directory]::Exists($modules) -and
    -not (($env:PSModulePath -split [System.IO.Path]::PathSeparator) -contains $modules)) {
    $env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
}

Import-Module Pester -MinimumVersion 5.0 -ErrorAction Stop

$configuration = New-PesterConfiguration
$configuration.Run.Path = $here
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ResultPath)
if ($FullNameFilter) {
    $configuration.Filter.FullName = $FullNameFilter
}

Invoke-Pester -Configuration $configuration
