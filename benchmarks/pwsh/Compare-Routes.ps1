<#
.SYNOPSIS
    What a user feels in real pwsh: the module's routes against what an admin would write without it, on the same data
    from the same emulator, in the same process.
.DESCRIPTION
    Paging: Get-ZcrmRecord -Module Leads -All against an Invoke-RestMethod loop over the same pages (page, then
    page_token, per_page=200, the same fields). Bulk: Receive-ZcrmBulkRead of one export job against downloading the
    same job's zip with Invoke-WebRequest, Expand-Archive and Import-Csv, three ways each: rows only counted, every
    field of every row read, and piped to Export-Csv. Each pair runs alternately for -Rounds rounds after a warm-up;
    the ratio printed is baseline median time / module median time (above 1: the module is faster), with every
    round's ratio and times. Beside the times it prints the same ratio of this process's CPU time (all its threads:
    the module's read-ahead thread counts, the emulator does not), which a busy machine disturbs far less than wall
    time. The module paces bulk downloads to Zoho's 10 a minute per connection, so the script waits
    (untimed) before a bulk round that would be paced. Needs `dotnet build` (module and emulator) first.
.EXAMPLE
    pwsh -NoProfile -File benchmarks/pwsh/Compare-Routes.ps1 -Leads 20000 -Rounds 5
#>
[CmdletBinding()]
param(
    [int] $Leads = 20000,
    [int] $Rounds = 5,
    [ValidateSet('Paging', 'Bulk')]
    [string[]] $Scenario = @('Paging', 'Bulk'),
    [ValidateSet('Count', 'EveryField', 'ExportCsv')]
    [string[]] $BulkConsumer = @('Count', 'EveryField', 'ExportCsv')
)

$ErrorActionPreference = 'Stop'
$root = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..', '..'))
. ([System.IO.Path]::Combine($root, 'src', 'ZohoCrm.Emulator', 'Start-ZohoCrmEmulator.ps1'))
Import-Module ([System.IO.Path]::Combine($root, 'ZohoCrm.psd1')) -ErrorAction Stop

$scratch = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'zcrm-routes-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $scratch

function ConvertTo-Secure([string] $Text) {
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    $secure
}

function Measure-Milliseconds([scriptblock] $Body) {
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $cpu = $process.TotalProcessorTime
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $result = & $Body
    $watch.Stop()
    $process.Refresh()
    [pscustomobject]@{ Milliseconds = $watch.Elapsed.TotalMilliseconds; CpuMilliseconds = ($process.TotalProcessorTime - $cpu).TotalMilliseconds; Result = $result }
}

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

# Runs the two routes alternately (baseline first), checks they saw the same number of items, prints the medians.
function Compare-Route {
    param([string] $Name, [scriptblock] $Baseline, [scriptblock] $Module, [scriptblock] $BeforeModule = {}, [int] $Warmup = 1)

    for ($i = 0; $i -lt $Warmup; $i++) { $null = & $Baseline; & $BeforeModule; $null = & $Module }
    $baselineMs = [System.Collections.Generic.List[double]]::new()
    $moduleMs = [System.Collections.Generic.List[double]]::new()
    $baselineCpu = [System.Collections.Generic.List[double]]::new()
    $moduleCpu = [System.Collections.Generic.List[double]]::new()
    for ($round = 0; $round -lt $Rounds; $round++) {
        [System.GC]::Collect()
        $b = Measure-Milliseconds $Baseline
        & $BeforeModule
        [System.GC]::Collect()
        $m = Measure-Milliseconds $Module
        if ([long]$b.Result -ne [long]$m.Result) { throw "$Name : the baseline saw $($b.Result) items, the module $($m.Result)." }
        $baselineMs.Add($b.Milliseconds); $moduleMs.Add($m.Milliseconds)
        $baselineCpu.Add($b.CpuMilliseconds); $moduleCpu.Add($m.CpuMilliseconds)
        $items = [long]$m.Result
    }
    $bMedian = Get-Median $baselineMs
    $mMedian = Get-Median $moduleMs
    $ratios = for ($i = 0; $i -lt $Rounds; $i++) { $baselineMs[$i] / $moduleMs[$i] }
    $cpuRatios = for ($i = 0; $i -lt $Rounds; $i++) { $baselineCpu[$i] / [math]::Max($moduleCpu[$i], 1) }
    [pscustomobject]@{
        Route            = $Name
        Items            = $items
        'Baseline/s'     = [math]::Round($items / $bMedian * 1000)
        'Module/s'       = [math]::Round($items / $mMedian * 1000)
        Ratio            = [math]::Round($bMedian / $mMedian, 2)
        'Round ratios'   = ($ratios | ForEach-Object { $_.ToString('0.00', [cultureinfo]::InvariantCulture) }) -join ' '
        'Baseline ms'    = ($baselineMs | ForEach-Object { [math]::Round($_) }) -join ' '
        'Module ms'      = ($moduleMs | ForEach-Object { [math]::Round($_) }) -join ' '
        'CPU ratio'      = [math]::Round((Get-Median $baselineCpu) / [math]::Max((Get-Median $moduleCpu), 1), 2)
        'Round CPU ratios' = ($cpuRatios | ForEach-Object { $_.ToString('0.00', [cultureinfo]::InvariantCulture) }) -join ' '
        'Baseline CPU ms' = ($baselineCpu | ForEach-Object { [math]::Round($_) }) -join ' '
        'Module CPU ms'  = ($moduleCpu | ForEach-Object { [math]::Round($_) }) -join ' '
    }
}

$emulator = $null
try {
    $emulator = Start-ZohoCrmEmulator -Leads $Leads -Contacts 10 -Accounts 10 -Deals 10 -ArgumentList @(
        '--max-concurrency', '0', '--daily-credits', '0', '--bulk-page-size', [string][math]::Max($Leads, 1), '--bulk-job-ms', '200',
        '--bulk-downloads-per-minute', '0', '--page-token-limit', '10000000')
    $null = Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret (ConvertTo-Secure $emulator.ClientSecret) `
        -RefreshToken (ConvertTo-Secure $emulator.RefreshToken) -AccountsUrl $emulator.Url -ApiDomain $emulator.Url -NoPersist
    # The module keeps to Zoho's 10 bulk downloads a minute per connection (a hand-written route would get 429s from
    # Zoho instead). Before each module round, untimed, wait until the next download would not be paced, so the
    # times are the module's work and not that wait.
    $downloads = [System.Collections.Generic.Queue[datetime]]::new()
    $awaitDownloadTurn = {
        while ($downloads.Count -gt 0 -and ([datetime]::UtcNow - $downloads.Peek()).TotalSeconds -ge 61) { $null = $downloads.Dequeue() }
        if ($downloads.Count -ge 10) {
            Start-Sleep -Milliseconds ([math]::Ceiling(61000 - ([datetime]::UtcNow - $downloads.Peek()).TotalMilliseconds))
            $null = $downloads.Dequeue()
        }
        $downloads.Enqueue([datetime]::UtcNow)
    }
    $token = (Invoke-RestMethod -Method Post -Uri ($emulator.Url + '/oauth/v2/token') -NoProxy -Body @{
            grant_type = 'refresh_token'; client_id = $emulator.ClientId; client_secret = $emulator.ClientSecret; refresh_token = $emulator.RefreshToken
        }).access_token
    $headers = @{ Authorization = "Zoho-oauthtoken $token" }
    $url = $emulator.Url
    $results = [System.Collections.Generic.List[object]]::new()
    Write-Host "pwsh $($PSVersionTable.PSVersion), $Leads leads, $Rounds rounds each after a warm-up; load average: $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"

    if ('Paging' -in $Scenario) {
        $fields = (Invoke-RestMethod -Uri "$url/crm/v8/settings/fields?module=Leads" -Headers $headers -NoProxy).fields.api_name | Select-Object -First 50
        $fieldList = [uri]::EscapeDataString($fields -join ',')
        $results.Add((Compare-Route -Name 'Get-ZcrmRecord -All vs Invoke-RestMethod loop' -Baseline {
                    $count = 0; $page = 1; $pageToken = $null
                    while ($true) {
                        $paging = if ($pageToken) { "page_token=$([uri]::EscapeDataString($pageToken))" } else { "page=$page" }
                        $body = Invoke-RestMethod -Uri "$url/crm/v8/Leads?fields=$fieldList&per_page=200&$paging" -Headers $headers -NoProxy
                        if ($null -eq $body) { break }
                        foreach ($record in $body.data) { $count++ }
                        if (-not $body.info.more_records) { break }
                        $page++
                        if ($pageToken -or $page * 200 -gt 2000) { $pageToken = $body.info.next_page_token }
                    }
                    $count
                } -Module {
                    (Get-ZcrmRecord -Module Leads -All -Field $fields | Measure-Object).Count
                }))
    }

    if ('Bulk' -in $Scenario) {
        $job = Start-ZcrmBulkRead -Module Leads -Wait -Confirm:$false
        $zip = [System.IO.Path]::Combine($scratch, 'export.zip')
        $csvOut = [System.IO.Path]::Combine($scratch, 'out.csv')
        # The admin's route: download the zip, unzip it, Import-Csv the file (a fresh folder each round).
        $download = {
            $dir = [System.IO.Path]::Combine($scratch, [guid]::NewGuid().ToString('N'))
            Invoke-WebRequest -Uri "$url/crm/bulk/v8/read/$($job.Id)/result" -Headers $headers -OutFile $zip -NoProxy
            Expand-Archive -Path $zip -DestinationPath $dir -Force
            (Get-ChildItem -Path $dir -Filter *.csv | Select-Object -First 1).FullName
        }
        $readEvery = { $n = 0; foreach ($p in $_.PSObject.Properties) { if ($null -ne $p.Value) { $n++ } } }
        $baselines = @{
            Count      = { $csv = & $download; (Import-Csv -Path $csv | Measure-Object).Count }
            EveryField = { $csv = & $download; $c = 0; Import-Csv -Path $csv | ForEach-Object { $c++; . $readEvery }; $c }
            ExportCsv  = { $csv = & $download; Import-Csv -Path $csv | Export-Csv -Path $csvOut -NoTypeInformation; (Get-Content $csvOut | Measure-Object).Count - 1 }
        }
        $modules = @{
            Count      = { (Receive-ZcrmBulkRead -InputObject $job | Measure-Object).Count }
            EveryField = { $c = 0; Receive-ZcrmBulkRead -InputObject $job | ForEach-Object { $c++; . $readEvery }; $c }
            ExportCsv  = { Receive-ZcrmBulkRead -InputObject $job | Export-Csv -Path $csvOut -NoTypeInformation; (Get-Content $csvOut | Measure-Object).Count - 1 }
        }
        $labels = @{ Count = 'rows counted'; EveryField = 'every field read'; ExportCsv = '| Export-Csv' }
        foreach ($consumer in $BulkConsumer) {
            $results.Add((Compare-Route -Name "Receive-ZcrmBulkRead vs Expand-Archive+Import-Csv, $($labels[$consumer])" -Baseline $baselines[$consumer] -Module $modules[$consumer] -BeforeModule $awaitDownloadTurn))
        }
    }

    $results | Format-List | Out-String -Width 200 | Write-Host
    $results | Format-Table Route, Ratio, 'Round ratios', 'CPU ratio', 'Round CPU ratios' -AutoSize | Out-String -Width 200 | Write-Host
}
finally {
    if ($emulator) { Stop-ZohoCrmEmulator $emulator; $emulator.Process.Dispose() }
    Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
}
