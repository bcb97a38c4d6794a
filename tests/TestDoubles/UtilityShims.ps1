# TEST DOUBLES of the few Microsoft.PowerShell.Utility cmdlets the examples use (Import-Csv, Export-Csv, Get-Date).
# The hosted test engine ships only the core cmdlets; real pwsh has the real ones and never loads this file.
# Only the parameters the examples use are supported.

function Import-Csv {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] [string] $Path)
    $parser = [Microsoft.VisualBasic.FileIO.TextFieldParser]::new($Path)
    try {
        $parser.SetDelimiters(',')
        $parser.HasFieldsEnclosedInQuotes = $true
        $headers = $parser.ReadFields()
        while (-not $parser.EndOfData) {
            $fields = $parser.ReadFields()
            $row = [ordered]@{}
            for ($i = 0; $i -lt $headers.Length; $i++) { $row[$headers[$i]] = if ($i -lt $fields.Length) { $fields[$i] } else { $null } }
            [pscustomobject]$row
        }
    }
    finally { $parser.Dispose() }
}

function Export-Csv {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [psobject] $InputObject,
        [Parameter(Mandatory, Position = 0)] [string] $Path,
        [switch] $NoTypeInformation,
        [string] $Encoding
    )
    begin { $lines = [System.Collections.Generic.List[string]]::new(); $names = $null }
    process {
        if ($null -eq $names) {
            $names = @($InputObject.PSObject.Properties | ForEach-Object { $_.Name })
            $lines.Add((($names | ForEach-Object { '"' + $_.Replace('"', '""') + '"' }) -join ','))
        }
        $lines.Add((($names | ForEach-Object { '"' + ([string]$InputObject.$_).Replace('"', '""') + '"' }) -join ','))
    }
    end { [System.IO.File]::WriteAllLines($Path, $lines) }
}

function Get-Date {
    [CmdletBinding()]
    param()
    [datetime]::Now
}
