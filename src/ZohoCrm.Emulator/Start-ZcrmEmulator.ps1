# Starts the local Zoho CRM emulator as a child process (Start-ZcrmEmulator) and stops it (Stop-ZcrmEmulator).
#
#   . ./src/ZohoCrm.Emulator/Start-ZcrmEmulator.ps1
#   $emulator = Start-ZcrmEmulator -Leads 500 -ArgumentList '--fault', '429:count=1'
#   ... $emulator.Url, $emulator.ClientId, $emulator.ClientSecret, $emulator.RefreshToken ...
#   Stop-ZcrmEmulator $emulator
#
# Run instead of dot-sourced (& ./Start-ZcrmEmulator.ps1 -Leads 10), it starts an emulator and returns it.
#
# Only language features and .NET calls are used (no Microsoft.PowerShell.Utility or .Management
# cmdlets), so this runs in Windows PowerShell 5.1, PowerShell 7 and a hosted engine with the core cmdlets only.

$script:ZcrmEmulatorProjectDir = $PSScriptRoot

function Start-ZcrmEmulator {
    [CmdletBinding()]
    param(
        [int]$Leads,
        [int]$Contacts,
        [int]$Accounts,
        [int]$Deals,
        # More emulator flags, e.g. '--latency-ms', '50', '--fault', '500:count=1'.
        [string[]]$ArgumentList = @(),
        # ZohoCrm.Emulator.dll to run; by default the newest build next to this script (built if there is none).
        [string]$EmulatorPath,
        [int]$TimeoutSeconds = 60
    )

    $dll = $EmulatorPath
    if (-not $dll) {
        $projectDir = $script:ZcrmEmulatorProjectDir
        if (-not $projectDir) {
            $projectDir = [System.IO.Path]::Combine([System.Environment]::CurrentDirectory, 'src', 'ZohoCrm.Emulator')
        }

        $dll = Find-ZcrmEmulatorBuild -ProjectDir $projectDir
        if (-not $dll) {
            Invoke-ZcrmEmulatorBuild -ProjectDir $projectDir
            $dll = Find-ZcrmEmulatorBuild -ProjectDir $projectDir
            if (-not $dll) {
                throw "dotnet build succeeded but no ZohoCrm.Emulator.dll was found under $projectDir/bin."
            }
        }
    }

    $arguments = [System.Collections.Generic.List[string]]::new()
    $arguments.Add($dll)
    $arguments.Add('--port'); $arguments.Add('0')
    $arguments.Add('--parent-pid'); $arguments.Add([string]$PID)
    foreach ($name in 'Leads', 'Contacts', 'Accounts', 'Deals') {
        if ($PSBoundParameters.ContainsKey($name)) {
            $arguments.Add('--' + $name.ToLowerInvariant())
            $arguments.Add([string]$PSBoundParameters[$name])
        }
    }

    foreach ($argument in $ArgumentList) {
        $arguments.Add($argument)
    }

    $quoted = foreach ($argument in $arguments) {
        if ($argument -match '[\s"]' -or $argument.Length -eq 0) { '"' + ($argument -replace '"', '\"') + '"' } else { $argument }
    }

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new()
    $startInfo.FileName = 'dotnet'
    $startInfo.Arguments = $quoted -join ' '
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardOutput = $true
    # The emulator exits when its standard input closes, so it cannot outlive this session.
    $startInfo.RedirectStandardInput = $true

    $process = [System.Diagnostics.Process]::Start($startInfo)
    $line = $null
    try {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait($TimeoutSeconds * 1000)) {
            throw "The emulator did not report ready within $TimeoutSeconds seconds."
        }

        $line = $read.Result
        if ($null -eq $line) {
            [void]$process.WaitForExit(5000)
            throw "The emulator exited before it was ready (exit code $($process.ExitCode)); its error output is on stderr."
        }

        [pscustomobject]@{
            Url          = Get-ZcrmEmulatorJsonString -Json $line -Name 'url'
            ClientId     = Get-ZcrmEmulatorJsonString -Json $line -Name 'clientId'
            ClientSecret = Get-ZcrmEmulatorJsonString -Json $line -Name 'clientSecret'
            RefreshToken = Get-ZcrmEmulatorJsonString -Json $line -Name 'refreshToken'
            Process      = $process
        }
    }
    catch {
        if (-not $process.HasExited) {
            $process.Kill()
            [void]$process.WaitForExit(5000)
        }

        $process.Dispose()
        throw
    }
}

function Stop-ZcrmEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, ValueFromPipeline = $true)]
        $Emulator
    )

    process {
        $process = $Emulator.Process
        if ($null -eq $process) {
            return
        }

        if (-not $process.HasExited) {
            try { $process.StandardInput.Close() } catch { }
            if (-not $process.WaitForExit(5000)) {
                $process.Kill()
                [void]$process.WaitForExit(5000)
            }
        }
    }
}

function Find-ZcrmEmulatorBuild {
    param([string]$ProjectDir)

    $bin = [System.IO.Path]::Combine($ProjectDir, 'bin')
    if (-not [System.IO.Directory]::Exists($bin)) {
        return $null
    }

    $newest = $null
    foreach ($configuration in [System.IO.Directory]::GetDirectories($bin)) {
        $candidate = [System.IO.Path]::Combine($configuration, 'net10.0', 'ZohoCrm.Emulator.dll')
        if ([System.IO.File]::Exists($candidate) -and
            ($null -eq $newest -or [System.IO.File]::GetLastWriteTimeUtc($candidate) -gt [System.IO.File]::GetLastWriteTimeUtc($newest))) {
            $newest = $candidate
        }
    }

    return $newest
}

function Invoke-ZcrmEmulatorBuild {
    param([string]$ProjectDir)

    $project = [System.IO.Path]::Combine($ProjectDir, 'ZohoCrm.Emulator.csproj')
    if (-not [System.IO.File]::Exists($project)) {
        throw "No emulator build and no project at $project; pass -EmulatorPath."
    }

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new()
    $startInfo.FileName = 'dotnet'
    $startInfo.Arguments = 'build "' + $project + '" --nologo -v q'
    $startInfo.UseShellExecute = $false
    $startInfo.CreateNoWindow = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $build = [System.Diagnostics.Process]::Start($startInfo)
    try {
        $errors = $build.StandardError.ReadToEndAsync()
        $output = $build.StandardOutput.ReadToEnd()
        $build.WaitForExit()
        if ($build.ExitCode -ne 0) {
            throw "dotnet build of the emulator failed (exit code $($build.ExitCode)):`n$output`n$($errors.Result)"
        }
    }
    finally {
        $build.Dispose()
    }
}

function Get-ZcrmEmulatorJsonString {
    param([string]$Json, [string]$Name)

    # The ready line has fixed keys with string values, so a pattern is enough (no ConvertFrom-Json needed).
    $match = [regex]::Match($Json, '"' + [regex]::Escape($Name) + '"\s*:\s*"((?:[^"\\]|\\.)*)"')
    if (-not $match.Success) {
        throw "The emulator's ready line has no '$Name': $Json"
    }

    return [regex]::Unescape($match.Groups[1].Value)
}

if ($MyInvocation.InvocationName -and $MyInvocation.InvocationName -ne '.' -and $MyInvocation.MyCommand.Path) {
    Start-ZcrmEmulator @args
}
