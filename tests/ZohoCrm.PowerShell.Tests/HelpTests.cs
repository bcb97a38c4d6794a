using System.Collections;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Xunit;
using ZohoCrm.PowerShell.Tests.Hosting;

namespace ZohoCrm.PowerShell.Tests;

/// <summary>
/// The module's help as a user meets it: Get-Help in the real engine reads en-US/ZohoCrm.PowerShell.dll-Help.xml (built
/// from en-US/*.md by src/ZohoCrm.HelpGen) and en-US/about_ZohoCrm.help.txt. Every exported cmdlet must have a real
/// synopsis, a description, examples with code and a description of every parameter, and the markdown must document
/// exactly the parameters the cmdlets have, with the attributes they have.
/// </summary>
public sealed class HelpTests : IClassFixture<HelpTests.Session>
{
    private static readonly string HelpSources = Path.Combine(RepoPaths.Root, "en-US");

    private readonly Session _session;

    public HelpTests(Session session) => _session = session;

    /// <summary>One engine with the built module imported, shared by the tests of this class.</summary>
    public sealed class Session : IDisposable
    {
        public Session()
        {
            Shell = new PowerShellSession(withVault: false);
            var result = Shell.Run("Get-Command -Module ZohoCrm -CommandType Cmdlet");
            if (result.HadErrors) throw new InvalidOperationException("Get-Command failed: " + result.AllText());
            Cmdlets = result.Output.Select(o => o.BaseObject).OfType<CmdletInfo>().OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        }

        public PowerShellSession Shell { get; }

        public IReadOnlyList<CmdletInfo> Cmdlets { get; }

        public void Dispose() => Shell.Dispose();
    }

    [Fact]
    public void The_module_exports_the_cmdlets_of_its_manifest()
    {
        var manifest = File.ReadAllText(RepoPaths.Manifest);
        var exported = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value;
        var listed = Regex.Matches(exported, "'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(listed);
        Assert.Equal(listed, _session.Cmdlets.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void Every_exported_cmdlet_has_a_synopsis_a_description_examples_and_described_parameters()
    {
        var problems = new List<string>();
        foreach (var cmdlet in _session.Cmdlets)
        {
            var help = GetHelp(cmdlet.Name);
            if (help == null)
            {
                problems.Add($"{cmdlet.Name}: Get-Help returned nothing.");
                continue;
            }

            // Without a help file, Get-Help makes the synopsis up from the syntax ("Connect-Zcrm -ClientId <string> ...").
            var synopsis = Text(Prop(help, "Synopsis"));
            if (synopsis.Length == 0)
                problems.Add($"{cmdlet.Name}: the synopsis is empty.");
            else if (synopsis.StartsWith(cmdlet.Name, StringComparison.OrdinalIgnoreCase) || synopsis.Contains("<CommonParameters>", StringComparison.Ordinal) || synopsis.Contains("[-", StringComparison.Ordinal))
                problems.Add($"{cmdlet.Name}: the synopsis is the generated syntax, so the help file was not found: '{synopsis}'.");

            if (Text(Prop(help, "description")).Length == 0)
                problems.Add($"{cmdlet.Name}: the description is empty.");

            var examples = Items(Prop(Prop(help, "examples"), "example")).ToList();
            if (examples.Count == 0)
                problems.Add($"{cmdlet.Name}: there is no example.");
            foreach (var example in examples)
            {
                if (Text(Prop(example, "code")).Length == 0)
                    problems.Add($"{cmdlet.Name}: the example '{Text(Prop(example, "title"))}' has no code.");
                if (Text(Prop(example, "remarks")).Length == 0)
                    problems.Add($"{cmdlet.Name}: the example '{Text(Prop(example, "title"))}' has no explanation.");
            }

            var documented = Items(Prop(Prop(help, "parameters"), "parameter"))
                .GroupBy(p => Text(Prop(p, "name")), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => Text(Prop(g.First(), "description")), StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in RealParameters(cmdlet))
            {
                if (!documented.TryGetValue(parameter.Name, out var description))
                    problems.Add($"{cmdlet.Name}: Get-Help does not know the parameter -{parameter.Name}.");
                else if (description.Length == 0)
                    problems.Add($"{cmdlet.Name}: the parameter -{parameter.Name} has no description in Get-Help.");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Get_Help_Full_shows_the_examples_syntax_and_links_of_Get_ZcrmRecord()
    {
        var help = GetHelp("Get-ZcrmRecord");
        Assert.NotNull(help);

        var examples = Items(Prop(Prop(help, "examples"), "example")).ToList();
        var markdown = File.ReadAllText(Path.Combine(HelpSources, "Get-ZcrmRecord.md"));
        Assert.Equal(Regex.Matches(markdown, @"(?m)^### Example \d+:").Count, examples.Count);
        Assert.Contains(examples, e => Text(Prop(e, "title")).Contains("Example 1: Get the first page of leads", StringComparison.Ordinal));
        Assert.Contains(examples, e => Text(Prop(e, "code")).Contains("Get-ZcrmRecord -Module Leads -All | Where-Object Lead_Status -eq 'Contacted'", StringComparison.Ordinal));
        Assert.All(examples, e => Assert.NotEmpty(Text(Prop(e, "remarks"))));

        // One syntax item per parameter set, each with the parameters of its set.
        var syntax = Items(Prop(Prop(help, "syntax"), "syntaxItem")).ToList();
        Assert.Equal(2, syntax.Count);
        var byId = syntax.Single(s => Items(Prop(s, "parameter")).Any(p => Text(Prop(p, "name")) == "Id"));
        Assert.DoesNotContain(Items(Prop(byId, "parameter")), p => Text(Prop(p, "name")) == "All");

        var id = Items(Prop(Prop(help, "parameters"), "parameter")).Single(p => Text(Prop(p, "name")) == "Id");
        Assert.Equal("true", Text(Prop(id, "required")));
        Assert.Equal("1", Text(Prop(id, "position")));
        Assert.Equal("True (ByPropertyName, ByValue)", Text(Prop(id, "pipelineInput")));
        Assert.Equal("RecordId", Text(Prop(id, "aliases")));

        var links = Items(Prop(Prop(help, "relatedLinks"), "navigationLink")).Select(l => Text(Prop(l, "linkText"))).ToList();
        Assert.Contains("about_ZohoCrm", links);
        Assert.Equal("ZohoCrm.Record", Text(Prop(Prop(Prop(Prop(help, "returnValues"), "returnValue"), "type"), "name")));
        Assert.NotEmpty(Text(Prop(Prop(help, "alertSet"), "alert")));
    }

    [Fact]
    public void Get_Help_finds_the_about_ZohoCrm_topic()
    {
        var result = _session.Shell.Run("Get-Help about_ZohoCrm");
        Assert.False(result.HadErrors, result.AllText());
        var topic = Assert.Single(result.Output);
        var text = topic.ToString();
        Assert.Contains("SHORT DESCRIPTION", text, StringComparison.Ordinal);
        Assert.Contains("SAVED PROFILES", text, StringComparison.Ordinal);
        Assert.Contains("Connect-Zcrm -Profile prod", text, StringComparison.Ordinal);
        Assert.Equal("HelpFile", Text(Prop(topic, "Category")));
    }

    [Fact]
    public void The_about_topic_has_the_usual_headings_and_short_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(HelpSources, "about_ZohoCrm.help.txt"));
        foreach (var heading in new[] { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "EXAMPLES", "NOTE", "SEE ALSO", "KEYWORDS" })
            Assert.Contains(heading, lines);
        var tooLong = lines.Select((line, i) => (line, number: i + 1)).Where(l => l.line.Length >= 80).Select(l => $"line {l.number}: {l.line.Length} characters").ToList();
        Assert.True(tooLong.Count == 0, "about_ZohoCrm.help.txt has lines of 80 characters or more: " + string.Join("; ", tooLong));
        foreach (var cmdlet in _session.Cmdlets)
            Assert.Contains(lines, l => l.Trim() == cmdlet.Name);
    }

    [Fact]
    public void The_markdown_documents_exactly_the_real_parameters_with_their_attributes()
    {
        var problems = new List<string>();
        var exported = _session.Cmdlets.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.GetFiles(HelpSources, "*-*.md"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!exported.Contains(name)) problems.Add($"{name}.md documents a cmdlet that the module does not export.");
        }

        foreach (var cmdlet in _session.Cmdlets)
        {
            var file = Path.Combine(HelpSources, cmdlet.Name + ".md");
            if (!File.Exists(file))
            {
                problems.Add($"{cmdlet.Name}: {file} is missing.");
                continue;
            }
            var doc = MarkdownHelp.Read(file);
            var real = RealParameters(cmdlet).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

            foreach (var name in doc.Parameters.Keys.Where(n => !real.ContainsKey(n)))
                problems.Add($"{cmdlet.Name}: -{name} is documented but the cmdlet has no such parameter.");
            foreach (var name in real.Keys.Where(n => !doc.Parameters.ContainsKey(n)))
                problems.Add($"{cmdlet.Name}: -{name} exists but is not documented.");

            // The SYNTAX section lists the real parameter sets, the default one marked.
            var realSets = cmdlet.ParameterSets.Select(s => s.Name).OrderBy(s => s, StringComparer.Ordinal).ToArray();
            var docSets = doc.Syntax.Keys.OrderBy(s => s, StringComparer.Ordinal).ToArray();
            if (!realSets.SequenceEqual(docSets))
                problems.Add($"{cmdlet.Name}: SYNTAX lists the sets {string.Join(", ", docSets)}; the cmdlet has {string.Join(", ", realSets)}.");
            var realDefault = cmdlet.ParameterSets.FirstOrDefault(s => s.IsDefault)?.Name;
            var docDefault = doc.Syntax.FirstOrDefault(s => s.Value).Key;
            if (realSets.Length > 1 && realDefault != docDefault)
                problems.Add($"{cmdlet.Name}: SYNTAX marks '{docDefault}' as (Default); the cmdlet's default set is '{realDefault}'.");

            foreach (var (name, usages) in doc.Parameters)
            {
                if (real.TryGetValue(name, out var parameter)) CompareParameter(cmdlet.Name, parameter, usages, problems);
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_example_parses_and_uses_real_parameters_of_the_module()
    {
        var problems = new List<string>();
        var cmdlets = _session.Cmdlets.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        var previous = System.Management.Automation.Runspaces.Runspace.DefaultRunspace;
        System.Management.Automation.Runspaces.Runspace.DefaultRunspace = _session.Shell.Runspace;
        try
        {
            foreach (var cmdlet in _session.Cmdlets)
            {
                var file = Path.Combine(HelpSources, cmdlet.Name + ".md");
                if (!File.Exists(file)) continue;
                foreach (var (title, code) in MarkdownHelp.Examples(file))
                {
                    var where = $"{cmdlet.Name} '{title}'";
                    var ast = System.Management.Automation.Language.Parser.ParseInput(code, out _, out var errors);
                    foreach (var error in errors) problems.Add($"{where}: {error.Message} (line {error.Extent.StartLineNumber})");
                    if (errors.Length > 0) continue;

                    var calls = ast.FindAll(a => a is System.Management.Automation.Language.CommandAst, searchNestedScriptBlocks: true)
                        .Cast<System.Management.Automation.Language.CommandAst>()
                        .Where(c => c.GetCommandName() is string name && cmdlets.ContainsKey(name))
                        .ToList();
                    if (!calls.Any(c => string.Equals(c.GetCommandName(), cmdlet.Name, StringComparison.OrdinalIgnoreCase)))
                        problems.Add($"{where}: the example never runs {cmdlet.Name}.");
                    foreach (var call in calls)
                    {
                        var target = cmdlets[call.GetCommandName()];
                        // Parameters are spelled out in full (or as a documented alias), never abbreviated.
                        foreach (var parameter in call.CommandElements.OfType<System.Management.Automation.Language.CommandParameterAst>())
                        {
                            var known = target.Parameters.Values.Any(p => string.Equals(p.Name, parameter.ParameterName, StringComparison.OrdinalIgnoreCase)
                                || p.Aliases.Contains(parameter.ParameterName, StringComparer.OrdinalIgnoreCase));
                            if (!known) problems.Add($"{where}: {target.Name} has no parameter -{parameter.ParameterName}.");
                        }
                        var binding = System.Management.Automation.Language.StaticParameterBinder.BindCommand(call, resolve: true);
                        foreach (var (name, failure) in binding.BindingExceptions)
                            problems.Add($"{where}: '{call.Extent.Text}' does not bind ({name}): {failure.BindingException?.Message}");
                    }
                }
            }
        }
        finally
        {
            System.Management.Automation.Runspaces.Runspace.DefaultRunspace = previous;
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_generator_rebuilds_the_same_help_file_from_the_sources()
    {
        using var temp = new TempFolder();
        var output = Path.Combine(temp.Path, "ZohoCrm.PowerShell.dll-Help.xml");
        var (exitCode, text) = RunGenerator(HelpSources, output);
        Assert.True(exitCode == 0, text);
        Assert.Equal(File.ReadAllText(Path.Combine(HelpSources, "ZohoCrm.PowerShell.dll-Help.xml")), File.ReadAllText(output));
    }

    [Fact]
    public void The_generator_fails_on_malformed_help_and_names_file_and_section()
    {
        using var temp = new TempFolder();
        var sources = Path.Combine(temp.Path, "en-US");
        Directory.CreateDirectory(sources);
        foreach (var file in Directory.GetFiles(HelpSources, "*.md")) File.Copy(file, Path.Combine(sources, Path.GetFileName(file)));

        // An exported cmdlet without a file, a file without synopsis, one without examples, a parameter without description.
        File.Delete(Path.Combine(sources, "Get-ZcrmOrganization.md"));
        Edit("Get-ZcrmModule.md", text => Regex.Replace(text, @"## SYNOPSIS\n.+?\n\n", "## SYNOPSIS\n\n", RegexOptions.Singleline));
        Edit("Get-ZcrmField.md", text => Regex.Replace(text, @"## EXAMPLES\n.*?(?=## PARAMETERS)", "## EXAMPLES\n\n", RegexOptions.Singleline));
        Edit("Get-ZcrmField.md", text => Regex.Replace(text, @"### -Name\n.*?(?=```yaml)", "### -Name\n\n", RegexOptions.Singleline));

        var output = Path.Combine(temp.Path, "ZohoCrm.PowerShell.dll-Help.xml");
        var (exitCode, messages) = RunGenerator(sources, output);

        Assert.Equal(1, exitCode);
        Assert.False(File.Exists(output), "No help file may be written from malformed sources.");
        Assert.Matches(@"ZohoCrm\.psd1\(\d+\): error ZCRMHELP: \[CmdletsToExport\] Get-ZcrmOrganization is exported but has no help", messages);
        Assert.Matches(@"Get-ZcrmModule\.md\(\d+\): error ZCRMHELP: \[SYNOPSIS\] The synopsis is empty", messages);
        Assert.Matches(@"Get-ZcrmField\.md\(\d+\): error ZCRMHELP: \[EXAMPLES\] There is no example", messages);
        Assert.Matches(@"Get-ZcrmField\.md\(\d+\): error ZCRMHELP: \[PARAMETERS\] The parameter -Name has no description", messages);

        void Edit(string name, Func<string, string> change)
        {
            var path = Path.Combine(sources, name);
            var before = File.ReadAllText(path).Replace("\r\n", "\n");
            var after = change(before);
            Assert.NotEqual(before, after);
            File.WriteAllText(path, after);
        }
    }

    /// <summary>Runs the built generator (src/ZohoCrm.HelpGen, same configuration as this test) with `dotnet`.</summary>
    private static (int ExitCode, string Output) RunGenerator(string sources, string output)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).Parent!.Name;
        var generator = Path.Combine(RepoPaths.Root, "src", "ZohoCrm.HelpGen", "bin", configuration, "net10.0", "ZohoCrm.HelpGen.dll");
        Assert.True(File.Exists(generator), $"The help generator was not built: {generator}");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new System.Diagnostics.ProcessStartInfo(string.IsNullOrEmpty(dotnet) ? "dotnet" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { generator, "--source", sources, "--manifest", RepoPaths.Manifest, "--output", output })
            start.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "The help generator did not finish within a minute.");
        return (process.ExitCode, stdout + stderr.Result);
    }

    private sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "zcrm-help-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
        }
    }

    private static void CompareParameter(string cmdlet, ParameterMetadata parameter, IReadOnlyList<Dictionary<string, string>> usages, List<string> problems)
    {
        var where = $"{cmdlet} -{parameter.Name}";
        if (usages.Count == 0)
        {
            problems.Add($"{where}: no yaml block.");
            return;
        }
        foreach (var yaml in usages)
        {
            var type = yaml.GetValueOrDefault("Type", "");
            if (!string.Equals(type, FriendlyName(parameter.ParameterType), StringComparison.OrdinalIgnoreCase))
                problems.Add($"{where}: Type is '{type}'; the parameter is {FriendlyName(parameter.ParameterType)}.");

            var aliases = List(yaml.GetValueOrDefault("Aliases", ""));
            if (!aliases.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(parameter.Aliases.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
                problems.Add($"{where}: Aliases are '{string.Join(", ", aliases)}'; the parameter has '{string.Join(", ", parameter.Aliases)}'.");

            var globbing = parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any();
            if (!string.Equals(yaml.GetValueOrDefault("Accept wildcard characters", ""), globbing.ToString(), StringComparison.OrdinalIgnoreCase))
                problems.Add($"{where}: Accept wildcard characters should be {globbing}.");

            var accepted = List(yaml.GetValueOrDefault("Accepted values", ""));
            var valid = ValidValues(parameter);
            if (!accepted.Order(StringComparer.Ordinal).SequenceEqual(valid.Order(StringComparer.Ordinal)))
                problems.Add($"{where}: Accepted values are '{string.Join(", ", accepted)}'; the parameter accepts '{string.Join(", ", valid)}'.");
        }

        // Each real set is covered by exactly one yaml block, which states its Required, Position and pipeline input.
        foreach (var (setName, set) in parameter.ParameterSets)
        {
            var allSets = setName == "__AllParameterSets";
            var matching = usages.Where(u =>
            {
                var sets = List(u.GetValueOrDefault("Parameter Sets", ""));
                return allSets ? sets.SequenceEqual(new[] { "(All)" }) : sets.Contains(setName, StringComparer.OrdinalIgnoreCase);
            }).ToList();
            if (matching.Count != 1)
            {
                problems.Add($"{where}: {matching.Count} yaml blocks cover the parameter set '{(allSets ? "(All)" : setName)}'; expected 1.");
                continue;
            }
            var yaml = matching[0];
            if (!string.Equals(yaml.GetValueOrDefault("Required", ""), set.IsMandatory.ToString(), StringComparison.OrdinalIgnoreCase))
                problems.Add($"{where}: Required should be {set.IsMandatory} in '{setName}'.");
            var position = set.Position == int.MinValue ? "Named" : set.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!string.Equals(yaml.GetValueOrDefault("Position", ""), position, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{where}: Position should be {position} in '{setName}'.");
            var pipeline = (set.ValueFromPipelineByPropertyName, set.ValueFromPipeline) switch
            {
                (true, true) => "True (ByPropertyName, ByValue)",
                (true, false) => "True (ByPropertyName)",
                (false, true) => "True (ByValue)",
                _ => "False",
            };
            if (!string.Equals(yaml.GetValueOrDefault("Accept pipeline input", ""), pipeline, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{where}: Accept pipeline input should be '{pipeline}' in '{setName}'.");
        }
        var realSetNames = parameter.ParameterSets.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var set in usages.SelectMany(u => List(u.GetValueOrDefault("Parameter Sets", ""))).Where(s => s != "(All)" && !realSetNames.Contains(s)))
            problems.Add($"{where}: the yaml names the set '{set}', which the parameter is not in.");
    }

    /// <summary>The parameters a user can pass, without the common parameters PowerShell adds to every cmdlet (-WhatIf and -Confirm stay).</summary>
    private static IEnumerable<ParameterMetadata> RealParameters(CmdletInfo cmdlet)
        => cmdlet.Parameters.Values.Where(p => !Cmdlet.CommonParameters.Contains(p.Name)).OrderBy(p => p.Name, StringComparer.Ordinal);

    private static string FriendlyName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsArray ? FriendlyName(underlying.GetElementType()!) + "[]" : underlying.Name;
    }

    private static IReadOnlyList<string> ValidValues(ParameterMetadata parameter)
    {
        var set = parameter.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
        if (set != null) return set.ValidValues.ToArray();
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type.IsEnum ? Enum.GetNames(type) : Array.Empty<string>();
    }

    private static List<string> List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private PSObject? GetHelp(string name)
    {
        var result = _session.Shell.Run("Get-Help -Name $name -Full", ("name", name));
        Assert.False(result.HadErrors, result.AllText());
        return result.Output.FirstOrDefault();
    }

    // ---- reading the objects Get-Help returns (MAML nodes become nested PSObjects; one child or an array of them) ----

    private static object? Prop(object? value, string name)
    {
        if (value == null) return null;
        var pso = value as PSObject ?? PSObject.AsPSObject(value);
        return pso.Properties[name]?.Value;
    }

    private static IEnumerable<object> Items(object? value)
    {
        var raw = value is PSObject { BaseObject: not PSCustomObject } pso && pso.BaseObject is IEnumerable and not string ? pso.BaseObject : value;
        switch (raw)
        {
            case null: return Array.Empty<object>();
            case string: return new[] { raw };
            case IEnumerable sequence: return sequence.Cast<object?>().Where(o => o != null).Select(o => o!);
            default: return new[] { raw };
        }
    }

    /// <summary>The text of a help node: a string, a para list (objects with Text), or the node's string form.</summary>
    private static string Text(object? value)
    {
        var parts = Items(value).Select(item =>
        {
            var text = Prop(item, "Text");
            if (text != null) return Convert.ToString(text, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            var baseObject = item is PSObject p ? p.BaseObject : item;
            return baseObject is string s ? s : Convert.ToString(baseObject, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        });
        return string.Join("\n", parts.Where(p => p.Trim().Length > 0)).Trim();
    }

    /// <summary>Reads what the tests compare from a platyPS-style help file: SYNTAX sets and each parameter's yaml blocks.</summary>
    private sealed class MarkdownHelp
    {
        public Dictionary<string, bool> Syntax { get; } = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, List<Dictionary<string, string>>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The ```powershell blocks of the EXAMPLES section, with their example titles.</summary>
        public static IEnumerable<(string Title, string Code)> Examples(string path)
        {
            string? section = null, title = null;
            List<string>? code = null;
            foreach (var line in File.ReadAllLines(path))
            {
                if (code != null)
                {
                    if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                    {
                        yield return (title ?? "?", string.Join("\n", code));
                        code = null;
                    }
                    else code.Add(line);
                    continue;
                }
                if (line.StartsWith("## ", StringComparison.Ordinal)) section = line[3..].Trim();
                else if (line.StartsWith("### ", StringComparison.Ordinal)) title = line[4..].Trim();
                else if (section == "EXAMPLES" && line.Trim() == "```powershell") code = new List<string>();
            }
        }

        public static MarkdownHelp Read(string path)
        {
            var help = new MarkdownHelp();
            string? section = null;
            List<Dictionary<string, string>>? parameter = null;
            Dictionary<string, string>? yaml = null;
            var inFence = false;
            foreach (var line in File.ReadAllLines(path))
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    if (!inFence && line.Trim() == "```yaml" && parameter != null) parameter.Add(yaml = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
                    else yaml = null;
                    inFence = !inFence;
                    continue;
                }
                if (inFence)
                {
                    var colon = line.IndexOf(':');
                    if (yaml != null && colon > 0) yaml[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                    continue;
                }
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    section = line[3..].Trim();
                    parameter = null;
                }
                else if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    var title = line[4..].Trim();
                    parameter = null;
                    if (section == "SYNTAX")
                    {
                        var isDefault = title.EndsWith("(Default)", StringComparison.Ordinal);
                        help.Syntax[isDefault ? title[..^"(Default)".Length].Trim() : title] = isDefault;
                    }
                    else if (section == "PARAMETERS" && title.StartsWith('-'))
                    {
                        help.Parameters[title[1..]] = parameter = new List<Dictionary<string, string>>();
                    }
                }
            }
            return help;
        }
    }
}
