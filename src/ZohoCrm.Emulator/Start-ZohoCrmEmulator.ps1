# Starts the local Zoho CRM emulator as a child process (Start-ZohoCrmEmulator) and stops it (Stop-ZohoCrmEmulator).
#
#   . ./src/ZohoCrm.Emulator/Start-ZohoCrmEmulator.ps1
#   $emulator = Start-ZohoCrmEmulator -Leads 500 -ArgumentList '--fault', '429:count=1'
#   ... $emulator.Url, $emulator.ClientId, $emulator.ClientSecret, $emulator.RefreshToken ...
#   Stop-ZohoCrmEmulator $emulator
#
# Dot-sourcing adds exactly these two functions and nothing else (no helper commands, no variables): the helpers live
# inside Start-ZohoCrmEmulator. The emulator is not a cmdlet of the ZohoCrm module (Get-Command -Module ZohoCrm does not
# list it); it is test and demo tooling.
#
# Ctrl+C at the terminal does not reach the emulator: on Linux and macOS it runs in a session of its own (setsid, or
# perl's POSIX::setsid where there is no setsid command, as on macOS), so the terminal's SIGINT, sent to the
# foreground process group, stops only the command you meant to stop; on Windows it has no console (CreateNoWindow),
# so it gets no Ctrl+C either. It still ends with this session: when Stop-ZohoCrmEmulator closes its standard input,
# when this process exits (--parent-pid), or when it is killed.
#
# Run instead of dot-sourced (& ./Start-ZohoCrmEmulator.ps1 -Leads 10), it starts an emulator and returns it.
#
# Only language features and .NET calls are used (no Microsoft.PowerShell.Utility or .Management cmdlets), so this
# runs in Windows PowerShell 5.1, PowerShell 7 and a hosted engine with the core cmdlets only.

function Start-ZohoCrmEmulator {
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
        # Fail instead of building the emulator when there is no build.
        [switch]$NoBuild,
        [int]$TimeoutSeconds = 60
    )

    # Helpers are local to this function, so dot-sourcing the script adds no commands but Start- and Stop-ZohoCrmEmulator.
    function FindBuild([string]$ProjectDir) {
        $bin = [System.IO.Path]::Combine($ProjectDir, 'bin')
        if (-not [System.IO.Directory]::Exists($bin)) { return $null }
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

    function Build([string]$ProjectDir) {
        $project = [System.IO.Path]::Combine($ProjectDir, 'ZohoCrm.Emulator.csproj')
        if (-not [System.IO.File]::Exists($project)) { throw "No emulator build and no project at $project; pass -EmulatorPath." }
        $buildInfo = [System.Diagnostics.ProcessStartInfo]::new()
        $buildInfo.FileName = 'dotnet'
        $buildInfo.Arguments = 'build "' + $project + '" --nologo -v q'
        $buildInfo.UseShellExecute = $false
        $buildInfo.CreateNoWindow = $true
        $buildInfo.RedirectStandardOutput = $true
        $buildInfo.RedirectStandardError = $true
        $build = [System.Diagnostics.Process]::Start($buildInfo)
        try {
            $errors = $build.StandardError.ReadToEndAsync()
            $output = $build.StandardOutput.ReadToEnd()
            $build.WaitForExit()
            if ($build.ExitCode -ne 0) { throw "dotnet build of the emulator failed (exit code $($build.ExitCode)):`n$output`n$($errors.Result)" }
        }
        finally {
            $build.Dispose()
        }
    }

    # The first of these found on PATH (or in /usr/bin, /bin), or $null.
    function FindProgram([string[]]$Names) {
        $folders = @(([string]$env:PATH).Split([System.IO.Path]::PathSeparator)) + '/usr/bin', '/bin'
        foreach ($name in $Names) {
            foreach ($folder in $folders) {
                if (-not $folder) { continue }
                $candidate = [System.IO.Path]::Combine($folder, $name)
                if ([System.IO.File]::Exists($candidate)) { return $candidate }
            }
        }
        return $null
    }

    function Quote([string]$Argument) {
        if ($Argument -match '[\s"]' -or $Argument.Length -eq 0) { return '"' + ($Argument -replace '"', '\"') + '"' }
        return $Argument
    }

    # The ready line has fixed keys with string values, so a pattern is enough (no ConvertFrom-Json needed).
    function ReadyValue([string]$Json, [string]$Name) {
        $match = [regex]::Match($Json, '"' + [regex]::Escape($Name) + '"\s*:\s*"((?:[^"\\]|\\.)*)"')
        if (-not $match.Success) { throw "The emulator's ready line has no '$Name': $Json" }
        return [regex]::Unescape($match.Groups[1].Value)
    }

    $dll = $EmulatorPath
    if (-not $dll) {
        # $PSScriptRoot inside a function is the folder of the script that defined it (src/ZohoCrm.Emulator); script
        # text without a file (a hosted engine) falls back to the current directory.
        $projectDir = $PSScriptRoot
        if (-not $projectDir) {
            $projectDir = [System.IO.Path]::Combine([System.Environment]::CurrentDirectory, 'src', 'ZohoCrm.Emulator')
        }

        $dll = FindBuild $projectDir
        if (-not $dll) {
            if ($NoBuild) { throw "The emulator is not built (no $projectDir/bin/*/net10.0/ZohoCrm.Emulator.dll). Run 'dotnet build' at the repository root first." }
            Build $projectDir
            $dll = FindBuild $projectDir
            if (-not $dll) { throw "dotnet build succeeded but no ZohoCrm.Emulator.dll was found under $projectDir/bin." }
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
    foreach ($argument in $ArgumentList) { $arguments.Add($argument) }
    $commandLine = (@(foreach ($argument in $arguments) { Quote $argument })) -join ' '

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new()
    $startInfo.FileName = 'dotnet'
    $startInfo.Arguments = $commandLine
    $onWindows = [System.IO.Path]::DirectorySeparatorChar -eq '\'
    if (-not $onWindows) {
        # A session of its own: the terminal's Ctrl+C (SIGINT to the foreground process group) does not reach it.
        # setsid and POSIX::setsid only call setsid() and exec, so the process started here is the emulator itself.
        $setsid = FindProgram 'setsid'
        $perl = if (-not $setsid) { FindProgram 'perl' }
        if ($setsid) {
            $startInfo.FileName = $setsid
            $startInfo.Arguments = 'dotnet ' + $commandLine
        }
        elseif ($perl) {
            $startInfo.FileName = $perl
            $startInfo.Arguments = '-MPOSIX -e "POSIX::setsid(); exec @ARGV or die" dotnet ' + $commandLine
        }
    }
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
            Url          = ReadyValue $line 'url'
            ClientId     = ReadyValue $line 'clientId'
            ClientSecret = ReadyValue $line 'clientSecret'
            RefreshToken = ReadyValue $line 'refreshToken'
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

function Stop-ZohoCrmEmulator {
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

if ($MyInvocation.InvocationName -and $MyInvocation.InvocationName -ne '.' -and $MyInvocation.MyCommand.Path) {
    Start-ZohoCrmEmulator @args
}
