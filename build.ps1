<#
.SYNOPSIS
    Builds ZohoCrm.PowerShell and, with -Test, runs every test: the xunit projects and the Pester specs.

.DESCRIPTION
    Needs only the .NET SDK 10: run it with the PowerShell the tool manifest pins (.config/dotnet-tools.json):

        dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Test

    `dotnet build ZohoCrm.PowerShell.sln` builds the module into bin/, the emulator and the help, and restores
    Pester 5.7.1 from NuGet into out/modules. With -Test, `dotnet test --no-build` runs each xunit project under tests/
    (Core, emulator, contract tests), then tests/Pester/Invoke-PesterSuite.ps1 runs every tests/Pester/*.Tests.ps1 in a
    new process of this same pwsh. Both runners print their own summary; the last lines add them up, and the exit
    code is 1 when the build failed, any test failed or a runner did not finish. Results (TRX and NUnit XML) go to
    out/test-results/<time>/.

.EXAMPLE
    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Test

.EXAMPLE
    dotnet pwsh -NoProfile -File build.ps1

    Build only (the same as `dotnet build`).
#>
#Requires -Version 7.2
[CmdletBinding()]
param(
    # Run the xunit projects and the Pester specs after the build.
    [switch] $Test
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$solution = [System.IO.Path]::Combine($root, 'ZohoCrm.PowerShell.sln')

function Write-Step([string] $Text) {
    Write-Host ''
    Write-Host "==> $Text"
}

Write-Step "dotnet build (pwsh $($PSVersionTable.PSVersion) from $PSHOME)"
& dotnet build $solution -nologo -v q
if ($LASTEXITCODE -ne 0) {
    Write-Host "The build failed (exit code $LASTEXITCODE)."
    exit 1
}

if (-not $Test) { exit 0 }

$resultsDir = [System.IO.Path]::Combine($root, 'out', 'test-results', [datetime]::UtcNow.ToString('yyyyMMdd-HHmmss'))
[void][System.IO.Directory]::CreateDirectory($resultsDir)

# xunit: every test project under tests/ (a project that references Microsoft.NET.Test.Sdk), one after the other,
# each with its own results folder (TRX file names carry only a timestamp, so a shared folder could lose one).
$xunit = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Projects = 0 }
$xunitExit = 0
$testProjects = [System.IO.Directory]::GetFiles([System.IO.Path]::Combine($root, 'tests'), '*.csproj', [System.IO.SearchOption]::AllDirectories) |
    Where-Object { [System.IO.File]::ReadAllText($_).Contains('Microsoft.NET.Test.Sdk') } | Sort-Object
foreach ($project in $testProjects) {
    $name = [System.IO.Path]::GetFileNameWithoutExtension($project)
    Write-Step "xunit: dotnet test $name --no-build"
    $projectResults = [System.IO.Path]::Combine($resultsDir, $name)
    & dotnet test $project --no-build -nologo --logger trx --results-directory $projectResults
    if ($LASTEXITCODE -ne 0) { $xunitExit = $LASTEXITCODE }
    $trxFiles = @(if ([System.IO.Directory]::Exists($projectResults)) { [System.IO.Directory]::GetFiles($projectResults, '*.trx') })
    if ($trxFiles.Count -eq 0) { $xunit.Failed++; Write-Host "$name wrote no results: counted as one failure."; continue }
    foreach ($trx in $trxFiles) {
        $counters = ([xml][System.IO.File]::ReadAllText($trx)).TestRun.ResultSummary.Counters
        $xunit.Passed += [int]$counters.passed
        $xunit.Failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $xunit.Skipped += [int]$counters.total - [int]$counters.executed
    }
    $xunit.Projects++
}

# Pester: a new process of this pwsh, so the specs get a clean session (Invoke-PesterSuite.ps1 exits with the count
# of failed tests).
Write-Step 'Pester: tests/Pester/Invoke-PesterSuite.ps1'
$pesterXml = [System.IO.Path]::Combine($resultsDir, 'pester.xml')
$pesterArguments = @('-NoProfile', '-NonInteractive', '-File', [System.IO.Path]::Combine($root, 'tests', 'Pester', 'Invoke-PesterSuite.ps1'), '-ResultPath', $pesterXml)
$pwsh = [System.IO.Path]::Combine($PSHOME, $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
if ([System.IO.File]::Exists($pwsh)) {
    & $pwsh @pesterArguments
}
else {
    # A PowerShell without its native launcher (some tool layouts): run its pwsh.dll with dotnet.
    & dotnet ([System.IO.Path]::Combine($PSHOME, 'pwsh.dll')) @pesterArguments
}
$pesterExit = $LASTEXITCODE
$pester = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
if ([System.IO.File]::Exists($pesterXml)) {
    foreach ($case in ([xml][System.IO.File]::ReadAllText($pesterXml)).SelectNodes('//test-case')) {
        switch ($case.result) {
            'Success' { $pester.Passed++ }
            'Failure' { $pester.Failed++ }
            'Error' { $pester.Failed++ }
            default { $pester.Skipped++ }
        }
    }
}

Write-Step 'Summary'
$incomplete = @()
if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $incomplete += "dotnet test exited with $xunitExit" }
if ($xunit.Projects -eq 0) { $incomplete += 'no xunit project ran' }
if ($pesterExit -ne 0 -and $pester.Failed -eq 0) { $incomplete += "the Pester run exited with $pesterExit" }
if (-not [System.IO.File]::Exists($pesterXml)) { $incomplete += 'the Pester run wrote no results' }

Write-Host ('xunit ({0} projects): {1} passed, {2} failed, {3} skipped' -f $xunit.Projects, $xunit.Passed, $xunit.Failed, $xunit.Skipped)
Write-Host ('Pester (pwsh {0}): {1} passed, {2} failed, {3} skipped' -f $PSVersionTable.PSVersion, $pester.Passed, $pester.Failed, $pester.Skipped)
foreach ($problem in $incomplete) { Write-Host "Incomplete: $problem" }
Write-Host "Results: $resultsDir"
$failed = $xunit.Failed + $pester.Failed
Write-Host ('{0} passed, {1} failed' -f ($xunit.Passed + $pester.Passed), $failed)
if ($failed -gt 0 -or $incomplete.Count -gt 0) { exit 1 }
exit 0
