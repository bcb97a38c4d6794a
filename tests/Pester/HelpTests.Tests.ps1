# The module's help as a user meets it (Get-Help reads en-US/ZohoCrm.PowerShell.dll-Help.xml, built from en-US/*.md by
# src/ZohoCrm.HelpGen, and en-US/about_ZohoCrm.help.txt); the markdown documents exactly the real parameters; the
# generator rebuilds the same file and refuses malformed sources.

Describe 'HelpTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $helpSources = Get-ZcrmTestPath HelpSources
        $cmdlets = @(Get-Command -Module ZohoCrm -CommandType Cmdlet | Sort-Object -Property Name)

        # The text of a help node: a string, a list of para objects (with Text), or the node's string form.
        function Get-ZcrmHelpText {
            param($Value)
            $parts = foreach ($item in @($Value)) {
                if ($null -eq $item) { continue }
                if ($null -ne $item.PSObject.Properties['Text']) { [string]$item.Text } else { [string]$item }
            }
            return ((@($parts | Where-Object { $null -ne $_ -and $_.Trim().Length -gt 0 }) -join "`n").Trim())
        }

        # The ```powershell blocks of a platyPS-style file's EXAMPLES section, with their example titles.
        function Get-ZcrmMarkdownExample {
            param([string] $Path)
            $section = $null
            $title = $null
            $code = $null
            foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
                if ($null -ne $code) {
                    if ($line.TrimStart().StartsWith('```', [System.StringComparison]::Ordinal)) {
                        [pscustomobject]@{ Title = $(if ($title) { $title } else { '?' }); Code = ($code -join "`n") }
                        $code = $null
                    }
                    else {
                        $code.Add($line)
                    }
                    continue
                }
                if ($line.StartsWith('## ', [System.StringComparison]::Ordinal)) { $section = $line.Substring(3).Trim() }
                elseif ($line.StartsWith('### ', [System.StringComparison]::Ordinal)) { $title = $line.Substring(4).Trim() }
                elseif ($section -eq 'EXAMPLES' -and $line.Trim() -eq '```powershell') { $code = [System.Collections.Generic.List[string]]::new() }
            }
        }

        # What the parameter check compares in a platyPS-style file: the SYNTAX sets (name -> is default) and each
        # parameter's yaml blocks (name -> list of key/value dictionaries).
        function Read-ZcrmMarkdownHelp {
            param([string] $Path)
            $help = [pscustomobject]@{
                Syntax     = [System.Collections.Generic.Dictionary[string, bool]]::new([System.StringComparer]::OrdinalIgnoreCase)
                Parameters = [System.Collections.Generic.Dictionary[string, object]]::new([System.StringComparer]::OrdinalIgnoreCase)
            }
            $section = $null
            $parameter = $null
            $yaml = $null
            $inFence = $false
            foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
                if ($line.TrimStart().StartsWith('```', [System.StringComparison]::Ordinal)) {
                    if (-not $inFence -and $line.Trim() -eq '```yaml' -and $null -ne $parameter) {
                        $yaml = [System.Collections.Generic.Dictionary[string, string]]::new([System.StringComparer]::OrdinalIgnoreCase)
                        $parameter.Add($yaml)
                    }
                    else { $yaml = $null }
                    $inFence = -not $inFence
                    continue
                }
                if ($inFence) {
                    $colon = $line.IndexOf(':')
                    if ($null -ne $yaml -and $colon -gt 0) { $yaml[$line.Substring(0, $colon).Trim()] = $line.Substring($colon + 1).Trim() }
                    continue
                }
                if ($line.StartsWith('## ', [System.StringComparison]::Ordinal)) {
                    $section = $line.Substring(3).Trim()
                    $parameter = $null
                }
                elseif ($line.StartsWith('### ', [System.StringComparison]::Ordinal)) {
                    $title = $line.Substring(4).Trim()
                    $parameter = $null
                    if ($section -eq 'SYNTAX') {
                        $isDefault = $title.EndsWith('(Default)', [System.StringComparison]::Ordinal)
                        $help.Syntax[$(if ($isDefault) { $title.Substring(0, $title.Length - 9).Trim() } else { $title })] = $isDefault
                    }
                    elseif ($section -eq 'PARAMETERS' -and $title.StartsWith('-')) {
                        $parameter = [System.Collections.Generic.List[object]]::new()
                        $help.Parameters[$title.Substring(1)] = $parameter
                    }
                }
            }
            return $help
        }

        # A comma-separated yaml value as a list.
        function Split-ZcrmYamlList([string] $Text) {
            return @($Text -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
        }

        function Get-ZcrmFriendlyTypeName([type] $Type) {
            $underlying = [System.Nullable]::GetUnderlyingType($Type)
            if ($null -eq $underlying) { $underlying = $Type }
            if ($underlying.IsArray) { return (Get-ZcrmFriendlyTypeName $underlying.GetElementType()) + '[]' }
            return $underlying.Name
        }

        # What the yaml of one parameter gets wrong, compared with the cmdlet's ParameterMetadata.
        function Compare-ZcrmParameterHelp {
            param([string] $Cmdlet, $Parameter, $Usages, $Problems)
            $where = "$Cmdlet -$($Parameter.Name)"
            if ($Usages.Count -eq 0) { $Problems.Add("${where}: no yaml block."); return }
            $typeName = Get-ZcrmFriendlyTypeName $Parameter.ParameterType
            $globbing = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
            $validateSet = @($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }) | Select-Object -First 1
            $enumType = [System.Nullable]::GetUnderlyingType($Parameter.ParameterType)
            if ($null -eq $enumType) { $enumType = $Parameter.ParameterType }
            $valid = if ($null -ne $validateSet) { @($validateSet.ValidValues) } elseif ($enumType.IsEnum) { [System.Enum]::GetNames($enumType) } else { @() }
            foreach ($yaml in $Usages) {
                $type = [string]$yaml['Type']
                if ($type -ne $typeName) { $Problems.Add("${where}: Type is '$type'; the parameter is $typeName.") }
                $aliases = Split-ZcrmYamlList ([string]$yaml['Aliases'])
                if ((@($aliases | Sort-Object) -join ',') -ne (@($Parameter.Aliases | Sort-Object) -join ',')) {
                    $Problems.Add("${where}: Aliases are '$($aliases -join ', ')'; the parameter has '$($Parameter.Aliases -join ', ')'.")
                }
                if ([string]$yaml['Accept wildcard characters'] -ne [string]$globbing) { $Problems.Add("${where}: Accept wildcard characters should be $globbing.") }
                $accepted = Split-ZcrmYamlList ([string]$yaml['Accepted values'])
                if ((@($accepted | Sort-Object -CaseSensitive) -join ',') -cne (@($valid | Sort-Object -CaseSensitive) -join ',')) {
                    $Problems.Add("${where}: Accepted values are '$($accepted -join ', ')'; the parameter accepts '$($valid -join ', ')'.")
                }
            }

            # Each real set is covered by exactly one yaml block, which states its Required, Position and pipeline input.
            foreach ($entry in $Parameter.ParameterSets.GetEnumerator()) {
                $setName = $entry.Key
                $set = $entry.Value
                $allSets = $setName -eq '__AllParameterSets'
                $matching = @($Usages | Where-Object {
                        $sets = Split-ZcrmYamlList ([string]$_['Parameter Sets'])
                        if ($allSets) { ($sets -join ',') -eq '(All)' } else { $sets -contains $setName }
                    })
                $shownSet = if ($allSets) { '(All)' } else { $setName }
                if ($matching.Count -ne 1) { $Problems.Add("${where}: $($matching.Count) yaml blocks cover the parameter set '$shownSet'; expected 1."); continue }
                $yaml = $matching[0]
                if ([string]$yaml['Required'] -ne [string]$set.IsMandatory) { $Problems.Add("${where}: Required should be $($set.IsMandatory) in '$setName'.") }
                $position = if ($set.Position -eq [int]::MinValue) { 'Named' } else { [string]$set.Position }
                if ([string]$yaml['Position'] -ne $position) { $Problems.Add("${where}: Position should be $position in '$setName'.") }
                $pipeline = if ($set.ValueFromPipelineByPropertyName -and $set.ValueFromPipeline) { 'True (ByPropertyName, ByValue)' }
                elseif ($set.ValueFromPipelineByPropertyName) { 'True (ByPropertyName)' }
                elseif ($set.ValueFromPipeline) { 'True (ByValue)' }
                else { 'False' }
                if ([string]$yaml['Accept pipeline input'] -ne $pipeline) { $Problems.Add("${where}: Accept pipeline input should be '$pipeline' in '$setName'.") }
            }
            foreach ($usage in $Usages) {
                foreach ($named in (Split-ZcrmYamlList ([string]$usage['Parameter Sets']))) {
                    if ($named -ne '(All)' -and -not $Parameter.ParameterSets.ContainsKey($named)) {
                        $Problems.Add("${where}: the yaml names the set '$named', which the parameter is not in.")
                    }
                }
            }
        }

        # The newest build of the help generator, or $null.
        function Find-ZcrmHelpGenerator {
            $bin = [System.IO.Path]::Combine((Get-ZcrmTestPath Root), 'src', 'ZohoCrm.HelpGen', 'bin')
            if (-not [System.IO.Directory]::Exists($bin)) { return $null }
            $newest = $null
            foreach ($configuration in [System.IO.Directory]::GetDirectories($bin)) {
                $candidate = [System.IO.Path]::Combine($configuration, 'net10.0', 'ZohoCrm.HelpGen.dll')
                if ([System.IO.File]::Exists($candidate) -and ($null -eq $newest -or [System.IO.File]::GetLastWriteTimeUtc($candidate) -gt [System.IO.File]::GetLastWriteTimeUtc($newest))) {
                    $newest = $candidate
                }
            }
            return $newest
        }

        function Invoke-ZcrmHelpGenerator {
            param([string] $Generator, [string] $Sources, [string] $Output)
            $printed = & dotnet $Generator --source $Sources --manifest (Get-ZcrmTestPath Manifest) --output $Output 2>&1 | Out-String
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $printed }
        }
    }

    It 'The module exports the cmdlets of its manifest' {
        $manifest = Import-PowerShellDataFile -Path (Get-ZcrmTestPath Manifest)
        $listed = @($manifest.CmdletsToExport | Sort-Object)
        $listed.Count | Should -BeGreaterThan 0
        (@($cmdlets | ForEach-Object { $_.Name } | Sort-Object) -join ',') | Should -BeExactly ($listed -join ',')
    }

    It 'Every exported cmdlet has a synopsis, a description, examples and described parameters' {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $problems = [System.Collections.Generic.List[string]]::new()
        foreach ($cmdlet in $cmdlets) {
            $help = Get-Help -Name $cmdlet.Name -Full
            if ($null -eq $help) { $problems.Add("$($cmdlet.Name): Get-Help returned nothing."); continue }

            # Without a help file, Get-Help makes the synopsis up from the syntax ("Connect-Zcrm -ClientId <string> ...").
            $synopsis = Get-ZcrmHelpText $help.Synopsis
            if ($synopsis.Length -eq 0) { $problems.Add("$($cmdlet.Name): the synopsis is empty.") }
            elseif ($synopsis.StartsWith($cmdlet.Name, [System.StringComparison]::OrdinalIgnoreCase) -or $synopsis.Contains('<CommonParameters>') -or $synopsis.Contains('[-')) {
                $problems.Add("$($cmdlet.Name): the synopsis is the generated syntax, so the help file was not found: '$synopsis'.")
            }

            if ((Get-ZcrmHelpText $help.description).Length -eq 0) { $problems.Add("$($cmdlet.Name): the description is empty.") }

            $examples = @($help.examples.example | Where-Object { $null -ne $_ })
            if ($examples.Count -eq 0) { $problems.Add("$($cmdlet.Name): there is no example.") }
            foreach ($example in $examples) {
                if ((Get-ZcrmHelpText $example.code).Length -eq 0) { $problems.Add("$($cmdlet.Name): the example '$(Get-ZcrmHelpText $example.title)' has no code.") }
                if ((Get-ZcrmHelpText $example.remarks).Length -eq 0) { $problems.Add("$($cmdlet.Name): the example '$(Get-ZcrmHelpText $example.title)' has no explanation.") }
            }

            $documented = @{}
            foreach ($parameter in @($help.parameters.parameter | Where-Object { $null -ne $_ })) {
                $name = Get-ZcrmHelpText $parameter.name
                if (-not $documented.ContainsKey($name)) { $documented[$name] = Get-ZcrmHelpText $parameter.description }
            }
            foreach ($parameter in @($cmdlet.Parameters.Values | Where-Object { -not $common.Contains($_.Name) } | Sort-Object -Property Name)) {
                if (-not $documented.ContainsKey($parameter.Name)) { $problems.Add("$($cmdlet.Name): Get-Help does not know the parameter -$($parameter.Name).") }
                elseif ($documented[$parameter.Name].Length -eq 0) { $problems.Add("$($cmdlet.Name): the parameter -$($parameter.Name) has no description in Get-Help.") }
            }
        }
        $problems.Count | Should -Be 0 -Because ($problems -join [System.Environment]::NewLine)
    }

    It 'Get-Help -Full shows the examples, syntax and links of Get-ZcrmRecord' {
        $help = Get-Help -Name Get-ZcrmRecord -Full
        $help | Should -Not -BeNullOrEmpty

        $examples = @($help.examples.example | Where-Object { $null -ne $_ })
        $markdown = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($helpSources, 'Get-ZcrmRecord.md'))
        $examples.Count | Should -Be ([regex]::Matches($markdown, '(?m)^### Example \d+:').Count)
        @($examples | Where-Object { (Get-ZcrmHelpText $_.title).Contains('Example 1: Get the first page of leads') }).Count | Should -BeGreaterThan 0
        @($examples | Where-Object { (Get-ZcrmHelpText $_.code).Contains("Get-ZcrmRecord -Module Leads -All | Where-Object Lead_Status -eq 'Contacted'") }).Count | Should -BeGreaterThan 0
        foreach ($example in $examples) { Get-ZcrmHelpText $example.remarks | Should -Not -BeNullOrEmpty }

        # One syntax item per parameter set, each with the parameters of its set.
        $syntax = @($help.syntax.syntaxItem | Where-Object { $null -ne $_ })
        $syntax | Should -HaveCount 2
        $byId = @($syntax | Where-Object { @($_.parameter | ForEach-Object { Get-ZcrmHelpText $_.name }) -ccontains 'Id' })
        $byId | Should -HaveCount 1
        @($byId[0].parameter | ForEach-Object { Get-ZcrmHelpText $_.name }) | Should -Not -Contain 'All'

        $id = @($help.parameters.parameter | Where-Object { (Get-ZcrmHelpText $_.name) -ceq 'Id' })
        $id | Should -HaveCount 1
        Get-ZcrmHelpText $id[0].required | Should -BeExactly 'true'
        Get-ZcrmHelpText $id[0].position | Should -BeExactly '1'
        Get-ZcrmHelpText $id[0].pipelineInput | Should -BeExactly 'True (ByPropertyName, ByValue)'
        Get-ZcrmHelpText $id[0].aliases | Should -BeExactly 'RecordId'

        @($help.relatedLinks.navigationLink | ForEach-Object { Get-ZcrmHelpText $_.linkText }) | Should -Contain 'about_ZohoCrm'
        Get-ZcrmHelpText $help.returnValues.returnValue.type.name | Should -BeExactly 'ZohoCrm.Record'
        Get-ZcrmHelpText $help.alertSet.alert | Should -Not -BeNullOrEmpty
    }

    It 'Get-Help finds the about_ZohoCrm topic' {
        $topics = @(Get-Help about_ZohoCrm)
        $topics | Should -HaveCount 1
        $text = $topics[0].ToString()
        $text.Contains('SHORT DESCRIPTION') | Should -BeTrue
        $text.Contains('SAVED PROFILES') | Should -BeTrue
        $text.Contains('Connect-Zcrm -Profile prod') | Should -BeTrue
        Get-ZcrmHelpText $topics[0].Category | Should -BeExactly 'HelpFile'
    }

    It 'The about topic has the usual headings and short lines' {
        $lines = [System.IO.File]::ReadAllLines([System.IO.Path]::Combine($helpSources, 'about_ZohoCrm.help.txt'))
        foreach ($heading in 'TOPIC', 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'EXAMPLES', 'NOTE', 'SEE ALSO', 'KEYWORDS') {
            $lines -ccontains $heading | Should -BeTrue -Because "the heading $heading is expected"
        }
        $tooLong = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i].Length -ge 80) { "line $($i + 1): $($lines[$i].Length) characters" } })
        $tooLong.Count | Should -Be 0 -Because ('about_ZohoCrm.help.txt has lines of 80 characters or more: ' + ($tooLong -join '; '))
        foreach ($cmdlet in $cmdlets) {
            @($lines | Where-Object { $_.Trim() -ceq $cmdlet.Name }).Count | Should -BeGreaterThan 0 -Because "$($cmdlet.Name) should be listed"
        }
    }

    It 'The markdown documents exactly the real parameters with their attributes' {
        $problems = [System.Collections.Generic.List[string]]::new()
        $exported = @($cmdlets | ForEach-Object { $_.Name })
        foreach ($file in [System.IO.Directory]::GetFiles($helpSources, '*-*.md')) {
            $name = [System.IO.Path]::GetFileNameWithoutExtension($file)
            if ($exported -notcontains $name) { $problems.Add("$name.md documents a cmdlet that the module does not export.") }
        }

        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        foreach ($cmdlet in $cmdlets) {
            $file = [System.IO.Path]::Combine($helpSources, $cmdlet.Name + '.md')
            if (-not [System.IO.File]::Exists($file)) { $problems.Add("$($cmdlet.Name): $file is missing."); continue }
            $doc = Read-ZcrmMarkdownHelp -Path $file
            $real = [System.Collections.Generic.Dictionary[string, object]]::new([System.StringComparer]::OrdinalIgnoreCase)
            foreach ($parameter in $cmdlet.Parameters.Values) { if ($common -notcontains $parameter.Name) { $real[$parameter.Name] = $parameter } }

            foreach ($name in $doc.Parameters.Keys) { if (-not $real.ContainsKey($name)) { $problems.Add("$($cmdlet.Name): -$name is documented but the cmdlet has no such parameter.") } }
            foreach ($name in $real.Keys) { if (-not $doc.Parameters.ContainsKey($name)) { $problems.Add("$($cmdlet.Name): -$name exists but is not documented.") } }

            # The SYNTAX section lists the real parameter sets, the default one marked.
            $realSets = @($cmdlet.ParameterSets | ForEach-Object { $_.Name } | Sort-Object -CaseSensitive) -join ', '
            $docSets = @($doc.Syntax.Keys | Sort-Object -CaseSensitive) -join ', '
            if ($realSets -cne $docSets) { $problems.Add("$($cmdlet.Name): SYNTAX lists the sets $docSets; the cmdlet has $realSets.") }
            $realDefault = @($cmdlet.ParameterSets | Where-Object { $_.IsDefault } | ForEach-Object { $_.Name }) | Select-Object -First 1
            $docDefault = @($doc.Syntax.GetEnumerator() | Where-Object { $_.Value } | ForEach-Object { $_.Key }) | Select-Object -First 1
            if (@($cmdlet.ParameterSets).Count -gt 1 -and $realDefault -ne $docDefault) {
                $problems.Add("$($cmdlet.Name): SYNTAX marks '$docDefault' as (Default); the cmdlet's default set is '$realDefault'.")
            }

            foreach ($entry in $doc.Parameters.GetEnumerator()) {
                if ($real.ContainsKey($entry.Key)) { Compare-ZcrmParameterHelp -Cmdlet $cmdlet.Name -Parameter $real[$entry.Key] -Usages $entry.Value -Problems $problems }
            }
        }
        $problems.Count | Should -Be 0 -Because ($problems -join [System.Environment]::NewLine)
    }

    It 'Every example parses and uses real parameters of the module' {
        $byName = @{}
        foreach ($cmdlet in $cmdlets) { $byName[$cmdlet.Name] = $cmdlet }
        $problems = [System.Collections.Generic.List[string]]::new()
        foreach ($cmdlet in $cmdlets) {
            $file = [System.IO.Path]::Combine($helpSources, $cmdlet.Name + '.md')
            if (-not [System.IO.File]::Exists($file)) { continue }
            foreach ($example in @(Get-ZcrmMarkdownExample -Path $file)) {
                $where = "$($cmdlet.Name) '$($example.Title)'"
                $tokens = $null
                $parseErrors = $null
                $ast = [System.Management.Automation.Language.Parser]::ParseInput($example.Code, [ref]$tokens, [ref]$parseErrors)
                foreach ($parseError in $parseErrors) { $problems.Add("${where}: $($parseError.Message) (line $($parseError.Extent.StartLineNumber))") }
                if (@($parseErrors).Count -gt 0) { continue }

                $calls = @($ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true) |
                        Where-Object { $commandName = $_.GetCommandName(); $commandName -and $byName.ContainsKey($commandName) })
                if (@($calls | Where-Object { $_.GetCommandName() -eq $cmdlet.Name }).Count -eq 0) { $problems.Add("${where}: the example never runs $($cmdlet.Name).") }
                foreach ($call in $calls) {
                    $target = $byName[$call.GetCommandName()]
                    # Parameters are spelled out in full (or as a documented alias), never abbreviated.
                    foreach ($element in @($call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })) {
                        $known = @($target.Parameters.Values | Where-Object { $_.Name -eq $element.ParameterName -or $_.Aliases -contains $element.ParameterName }).Count -gt 0
                        if (-not $known) { $problems.Add("${where}: $($target.Name) has no parameter -$($element.ParameterName).") }
                    }
                    $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($call, $true)
                    if ($null -ne $binding.BindingExceptions) {
                        foreach ($failure in $binding.BindingExceptions.GetEnumerator()) {
                            $problems.Add("${where}: '$($call.Extent.Text)' does not bind ($($failure.Key)): $($failure.Value.BindingException.Message)")
                        }
                    }
                }
            }
        }
        $problems.Count | Should -Be 0 -Because ($problems -join [System.Environment]::NewLine)
    }

    It 'The generator rebuilds the same help file from the sources' {
        $generator = Find-ZcrmHelpGenerator
        $generator | Should -Not -BeNullOrEmpty -Because 'dotnet build builds src/ZohoCrm.HelpGen'

        $output = [System.IO.Path]::Combine($TestDrive, 'rebuilt', 'ZohoCrm.PowerShell.dll-Help.xml')
        [void][System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($output))
        $run = Invoke-ZcrmHelpGenerator -Generator $generator -Sources $helpSources -Output $output
        $run.ExitCode | Should -Be 0 -Because $run.Text
        [System.IO.File]::ReadAllText($output) | Should -BeExactly ([System.IO.File]::ReadAllText([System.IO.Path]::Combine($helpSources, 'ZohoCrm.PowerShell.dll-Help.xml')))
    }

    It 'The generator fails on malformed help and names file and section' {
        $generator = Find-ZcrmHelpGenerator
        $generator | Should -Not -BeNullOrEmpty -Because 'dotnet build builds src/ZohoCrm.HelpGen'

        $folder = [System.IO.Path]::Combine($TestDrive, 'malformed')
        $sources = [System.IO.Path]::Combine($folder, 'en-US')
        [void][System.IO.Directory]::CreateDirectory($sources)
        foreach ($file in [System.IO.Directory]::GetFiles($helpSources, '*.md')) {
            [System.IO.File]::Copy($file, [System.IO.Path]::Combine($sources, [System.IO.Path]::GetFileName($file)), $true)
        }

        # An exported cmdlet without a file, a file without synopsis, one without examples, a parameter without description.
        [System.IO.File]::Delete([System.IO.Path]::Combine($sources, 'Get-ZcrmOrganization.md'))
        $edits = @(
            @{ File = 'Get-ZcrmModule.md'; Pattern = '## SYNOPSIS\n.+?\n\n'; Replacement = "## SYNOPSIS`n`n" }
            @{ File = 'Get-ZcrmField.md'; Pattern = '## EXAMPLES\n.*?(?=## PARAMETERS)'; Replacement = "## EXAMPLES`n`n" }
            @{ File = 'Get-ZcrmField.md'; Pattern = '### -Name\n.*?(?=```yaml)'; Replacement = "### -Name`n`n" }
        )
        foreach ($edit in $edits) {
            $path = [System.IO.Path]::Combine($sources, $edit.File)
            $before = [System.IO.File]::ReadAllText($path).Replace("`r`n", "`n")
            $after = [regex]::Replace($before, $edit.Pattern, $edit.Replacement, [System.Text.RegularExpressions.RegexOptions]::Singleline)
            $after | Should -Not -BeExactly $before -Because "the edit of $($edit.File) should change it"
            [System.IO.File]::WriteAllText($path, $after)
        }

        $output = [System.IO.Path]::Combine($folder, 'ZohoCrm.PowerShell.dll-Help.xml')
        $run = Invoke-ZcrmHelpGenerator -Generator $generator -Sources $sources -Output $output
        $run.ExitCode | Should -Be 1 -Because $run.Text
        [System.IO.File]::Exists($output) | Should -BeFalse -Because 'no help file may be written from malformed sources'
        $run.Text | Should -Match 'ZohoCrm\.psd1\(\d+\): error ZCRMHELP: \[CmdletsToExport\] Get-ZcrmOrganization is exported but has no help'
        $run.Text | Should -Match 'Get-ZcrmModule\.md\(\d+\): error ZCRMHELP: \[SYNOPSIS\] The synopsis is empty'
        $run.Text | Should -Match 'Get-ZcrmField\.md\(\d+\): error ZCRMHELP: \[EXAMPLES\] There is no example'
        $run.Text | Should -Match 'Get-ZcrmField\.md\(\d+\): error ZCRMHELP: \[PARAMETERS\] The parameter -Name has no description'
    }
}
