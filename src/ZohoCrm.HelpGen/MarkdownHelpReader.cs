using System.Text;
using System.Text.RegularExpressions;

namespace ZohoCrm.HelpGen;

/// <summary>
/// Reads one platyPS-style cmdlet help file (schema 2.0.0): front matter, <c># Name</c>, and the sections SYNOPSIS,
/// SYNTAX, DESCRIPTION, EXAMPLES, PARAMETERS, INPUTS, OUTPUTS, NOTES and RELATED LINKS. Every problem is reported with
/// the file, line and section; nothing is guessed.
/// </summary>
public sealed partial class MarkdownHelpReader
{
    public static readonly string[] Sections =
        ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    private static readonly string[] RequiredYamlKeys =
        ["Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters"];

    private static readonly string[] KnownYamlKeys = [.. RequiredYamlKeys, "Accepted values"];

    private readonly string _path;
    private readonly string _display;
    private readonly string _helpFileName;
    private readonly string _moduleName;
    private readonly List<HelpDiagnostic> _diagnostics;

    private MarkdownHelpReader(string path, string display, string helpFileName, string moduleName, List<HelpDiagnostic> diagnostics)
    {
        _path = path;
        _display = display;
        _helpFileName = helpFileName;
        _moduleName = moduleName;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads <paramref name="path"/>; problems go to <paramref name="diagnostics"/> (the result is then incomplete).</summary>
    public static CommandHelp Read(string path, string display, string helpFileName, string moduleName, List<HelpDiagnostic> diagnostics)
        => new MarkdownHelpReader(path, display, helpFileName, moduleName, diagnostics).Read();

    private CommandHelp Read()
    {
        var expectedName = Path.GetFileNameWithoutExtension(_path);
        var help = new CommandHelp(expectedName, _display);
        var raw = File.ReadAllLines(_path, Encoding.UTF8);
        var lines = raw.Select((text, i) => new SourceLine(i + 1, text.TrimEnd())).ToList();

        var index = ReadFrontMatter(lines);
        var document = Split(lines, index);

        if (document.Title == null) Error(1, "title", $"The file has no '# {expectedName}' title.");
        else if (!string.Equals(document.Title.Value.Text, expectedName, StringComparison.Ordinal))
            Error(document.Title.Value.Line, "title", $"The title '# {document.Title.Value.Text}' does not match the file name; expected '# {expectedName}'.");

        foreach (var name in Sections)
        {
            if (!document.Sections.Any(s => s.Name == name))
                Error(document.Title?.Line ?? 1, name, $"The section '## {name}' is missing.");
        }

        foreach (var section in document.Sections)
        {
            switch (section.Name)
            {
                case "SYNOPSIS": ReadSynopsis(section, help); break;
                case "SYNTAX": ReadSyntax(section, help); break;
                case "DESCRIPTION": ReadDescription(section, help); break;
                case "EXAMPLES": ReadExamples(section, help); break;
                case "PARAMETERS": ReadParameters(section, help); break;
                case "INPUTS": ReadTypes(section, help.Inputs); break;
                case "OUTPUTS": ReadTypes(section, help.Outputs); break;
                case "NOTES": ReadNotes(section, help); break;
                case "RELATED LINKS": ReadLinks(section, help); break;
            }
        }

        CheckSyntaxAgainstParameters(help);
        return help;
    }

    // ---- structure ----

    private readonly record struct SourceLine(int Line, string Text);

    private sealed class Section(string name, int line)
    {
        public string Name { get; } = name;
        public int Line { get; } = line;
        public List<SourceLine> Body { get; } = new();
        public List<Subsection> Subsections { get; } = new();
    }

    private sealed class Subsection(string title, int line)
    {
        public string Title { get; } = title;
        public int Line { get; } = line;
        public List<SourceLine> Body { get; } = new();
    }

    private sealed class Document
    {
        public (string Text, int Line)? Title { get; set; }
        public List<Section> Sections { get; } = new();
    }

    private enum BlockKind { Paragraph, Code }

    private sealed record Block(BlockKind Kind, string Text, string Language, int Line);

    private int ReadFrontMatter(List<SourceLine> lines)
    {
        if (lines.Count == 0 || lines[0].Text.Trim() != "---")
        {
            Error(1, "front matter", $"The file must start with front matter ('---', 'external help file: {_helpFileName}', 'Module Name: {_moduleName}', '---').");
            return 0;
        }
        var end = lines.FindIndex(1, l => l.Text.Trim() == "---");
        if (end < 0)
        {
            Error(1, "front matter", "The front matter is not closed with '---'.");
            return lines.Count;
        }
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < end; i++)
        {
            var colon = lines[i].Text.IndexOf(':');
            if (colon > 0) values[lines[i].Text[..colon].Trim()] = lines[i].Text[(colon + 1)..].Trim();
        }
        Expect("external help file", _helpFileName);
        Expect("Module Name", _moduleName);
        return end + 1;

        void Expect(string key, string expected)
        {
            if (!values.TryGetValue(key, out var actual))
                Error(1, "front matter", $"'{key}: {expected}' is missing.");
            else if (!string.Equals(actual, expected, StringComparison.Ordinal))
                Error(1, "front matter", $"'{key}' is '{actual}'; expected '{expected}'.");
        }
    }

    /// <summary>Splits the body into # title, ## sections and ### subsections; headings inside code fences are code.</summary>
    private Document Split(List<SourceLine> lines, int start)
    {
        var document = new Document();
        Section? section = null;
        Subsection? subsection = null;
        int? openFence = null;
        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                openFence = openFence == null ? line.Line : null;
                Append(line);
                continue;
            }
            if (openFence == null)
            {
                var heading = Heading().Match(line.Text);
                if (heading.Success)
                {
                    var level = heading.Groups[1].Value.Length;
                    var text = heading.Groups[2].Value.Trim();
                    if (level == 1)
                    {
                        if (document.Title != null) Error(line.Line, "title", "There is more than one '#' title.");
                        else document.Title = (text, line.Line);
                        continue;
                    }
                    if (level == 2)
                    {
                        if (!Sections.Contains(text))
                            Error(line.Line, text, $"'## {text}' is not a help section; use {string.Join(", ", Sections.Select(s => "'## " + s + "'"))}.");
                        else if (document.Sections.Any(s => s.Name == text))
                            Error(line.Line, text, $"The section '## {text}' appears twice.");
                        section = new Section(text, line.Line);
                        document.Sections.Add(section);
                        subsection = null;
                        continue;
                    }
                    if (section == null)
                    {
                        Error(line.Line, "title", $"'### {text}' is not inside a '##' section.");
                        continue;
                    }
                    subsection = new Subsection(text, line.Line);
                    section.Subsections.Add(subsection);
                    continue;
                }
            }
            Append(line);
        }
        if (openFence != null) Error(openFence.Value, section?.Name ?? "body", "This code fence is never closed.");
        return document;

        void Append(SourceLine line)
        {
            if (subsection != null) subsection.Body.Add(line);
            else if (section != null) section.Body.Add(line);
            else if (line.Text.Trim().Length > 0 && document.Title != null)
                Error(line.Line, "title", "Text between the title and the first '##' section is not part of any section.");
        }
    }

    /// <summary>Paragraphs (blank-line separated) and fenced code blocks.</summary>
    private static List<Block> Blocks(List<SourceLine> body)
    {
        var blocks = new List<Block>();
        var paragraph = new List<SourceLine>();
        for (var i = 0; i < body.Count; i++)
        {
            var line = body[i];
            var trimmed = line.Text.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                var language = trimmed[3..].Trim();
                var code = new List<string>();
                var start = line.Line;
                for (i++; i < body.Count && !body[i].Text.TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
                    code.Add(body[i].Text);
                blocks.Add(new Block(BlockKind.Code, string.Join("\n", code).Trim('\n'), language, start));
                continue;
            }
            if (trimmed.Length == 0)
            {
                Flush();
                continue;
            }
            paragraph.Add(line);
        }
        Flush();
        return blocks;

        void Flush()
        {
            if (paragraph.Count == 0) return;
            var text = new StringBuilder();
            for (var j = 0; j < paragraph.Count; j++)
            {
                var current = paragraph[j].Text.Trim();
                if (j > 0) text.Append(ListItem().IsMatch(current) || paragraph[j - 1].Text.EndsWith("  ", StringComparison.Ordinal) ? "\n" : " ");
                text.Append(current);
            }
            blocks.Add(new Block(BlockKind.Paragraph, text.ToString(), string.Empty, paragraph[0].Line));
            paragraph.Clear();
        }
    }

    private static List<string> Paragraphs(List<Block> blocks) => blocks.Select(b => b.Text).Where(t => t.Length > 0).ToList();

    // ---- sections ----

    private void ReadSynopsis(Section section, CommandHelp help)
    {
        var blocks = Blocks(section.Body);
        if (section.Subsections.Count > 0) Error(section.Subsections[0].Line, "SYNOPSIS", "The synopsis takes no '###' headings.");
        if (blocks.Any(b => b.Kind == BlockKind.Code)) Error(section.Line, "SYNOPSIS", "The synopsis is one sentence of plain text, without code blocks.");
        help.Synopsis = string.Join(" ", blocks.Where(b => b.Kind == BlockKind.Paragraph).Select(b => b.Text)).Trim();
        if (help.Synopsis.Length == 0) Error(section.Line, "SYNOPSIS", "The synopsis is empty.");
    }

    private void ReadSyntax(Section section, CommandHelp help)
    {
        if (section.Subsections.Count == 0)
        {
            Error(section.Line, "SYNTAX", "List each parameter set as '### <SetName>' (or '### <SetName> (Default)') followed by a code block; a cmdlet without sets uses '### __AllParameterSets'.");
            return;
        }
        foreach (var set in section.Subsections)
        {
            var title = set.Title;
            var isDefault = title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
            var name = isDefault ? title[..^"(Default)".Length].Trim() : title;
            var code = Blocks(set.Body).FirstOrDefault(b => b.Kind == BlockKind.Code);
            if (code == null || code.Text.Trim().Length == 0)
            {
                Error(set.Line, "SYNTAX", $"The parameter set '{name}' has no syntax code block.");
                continue;
            }
            if (!code.Text.TrimStart().StartsWith(help.Name, StringComparison.OrdinalIgnoreCase))
                Error(code.Line, "SYNTAX", $"The syntax of '{name}' must start with '{help.Name}'.");
            var names = SyntaxParameter().Matches(code.Text).Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (help.Syntax.Any(s => string.Equals(s.SetName, name, StringComparison.OrdinalIgnoreCase)))
                Error(set.Line, "SYNTAX", $"The parameter set '{name}' is listed twice.");
            help.Syntax.Add(new SyntaxHelp(name, isDefault, names, set.Line));
        }
        if (help.Syntax.Count(s => s.IsDefault) > 1) Error(section.Line, "SYNTAX", "More than one parameter set is marked (Default).");
    }

    private void ReadDescription(Section section, CommandHelp help)
    {
        if (section.Subsections.Count > 0) Error(section.Subsections[0].Line, "DESCRIPTION", "The description takes no '###' headings.");
        help.Description.AddRange(Paragraphs(Blocks(section.Body)));
        if (help.Description.Count == 0) Error(section.Line, "DESCRIPTION", "The description is empty.");
    }

    private void ReadExamples(Section section, CommandHelp help)
    {
        if (Blocks(section.Body).Count > 0) Error(section.Line, "EXAMPLES", "Put every example under a '### Example N: <title>' heading.");
        var number = 0;
        foreach (var example in section.Subsections)
        {
            number++;
            var match = ExampleTitle().Match(example.Title);
            if (!match.Success)
                Error(example.Line, "EXAMPLES", $"'### {example.Title}' must read '### Example {number}: <what it does>'.");
            else if (match.Groups[1].Value != number.ToString(System.Globalization.CultureInfo.InvariantCulture))
                Error(example.Line, "EXAMPLES", $"'### {example.Title}' is example {number}; number the examples 1, 2, 3 in order.");
            var blocks = Blocks(example.Body);
            var code = blocks.Where(b => b.Kind == BlockKind.Code).ToList();
            if (!code.Any(b => b.Language.Equals("powershell", StringComparison.OrdinalIgnoreCase) && b.Text.Trim().Length > 0))
                Error(example.Line, "EXAMPLES", $"Example '{example.Title}' has no ```powershell code block.");
            var remarks = Paragraphs(blocks.Where(b => b.Kind == BlockKind.Paragraph).ToList());
            if (remarks.Count == 0)
                Error(example.Line, "EXAMPLES", $"Example '{example.Title}' has no explanation after its code.");
            help.Examples.Add(new ExampleHelp(example.Title, string.Join("\n\n", code.Select(b => b.Text)), remarks));
        }
        if (help.Examples.Count == 0) Error(section.Line, "EXAMPLES", "There is no example; add at least one '### Example 1: <title>' with a ```powershell block and an explanation.");
    }

    private void ReadParameters(Section section, CommandHelp help)
    {
        if (Blocks(section.Body).Count > 0) Error(section.Line, "PARAMETERS", "Put every parameter under a '### -Name' heading.");
        foreach (var sub in section.Subsections)
        {
            if (sub.Title == "CommonParameters") continue;
            if (!sub.Title.StartsWith('-') || sub.Title.Length < 2 || sub.Title.Contains(' '))
            {
                Error(sub.Line, "PARAMETERS", $"'### {sub.Title}' must read '### -<ParameterName>' (or '### CommonParameters').");
                continue;
            }
            var parameter = new ParameterHelp(sub.Title[1..], sub.Line);
            if (help.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                Error(sub.Line, "PARAMETERS", $"The parameter -{parameter.Name} is documented twice.");
            foreach (var block in Blocks(sub.Body))
            {
                if (block.Kind == BlockKind.Code && block.Language.Equals("yaml", StringComparison.OrdinalIgnoreCase))
                {
                    var usage = ReadYaml(block, parameter.Name);
                    if (usage != null) parameter.Usages.Add(usage);
                }
                else if (parameter.Usages.Count > 0)
                {
                    Error(block.Line, "PARAMETERS", $"-{parameter.Name}: text after the yaml block belongs in the description above it.");
                }
                else if (block.Text.Length > 0)
                {
                    parameter.Description.Add(block.Text);
                }
            }
            if (parameter.Description.Count == 0) Error(sub.Line, "PARAMETERS", $"The parameter -{parameter.Name} has no description.");
            if (parameter.Usages.Count == 0) Error(sub.Line, "PARAMETERS", $"The parameter -{parameter.Name} has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters).");
            if (parameter.Usages.Select(u => u.Type).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1)
                Error(sub.Line, "PARAMETERS", $"The yaml blocks of -{parameter.Name} disagree on its Type.");
            help.Parameters.Add(parameter);
        }
    }

    private ParameterUsage? ReadYaml(Block block, string parameter)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var line = block.Line;
        foreach (var text in block.Text.Split('\n'))
        {
            line++;
            if (text.Trim().Length == 0) continue;
            var colon = text.IndexOf(':');
            var key = colon > 0 ? text[..colon].Trim() : text.Trim();
            if (colon <= 0 || !KnownYamlKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                Error(line, "PARAMETERS", $"-{parameter}: '{text.Trim()}' is not one of the yaml keys {string.Join(", ", KnownYamlKeys)}.");
                continue;
            }
            values[key] = text[(colon + 1)..].Trim();
        }
        var missing = RequiredYamlKeys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            Error(block.Line, "PARAMETERS", $"-{parameter}: the yaml block lacks {string.Join(", ", missing)}.");
            return null;
        }

        var type = values["Type"];
        if (type.Length == 0) Error(block.Line, "PARAMETERS", $"-{parameter}: Type is empty.");
        var sets = SplitList(values["Parameter Sets"]);
        var all = sets.Count == 1 && sets[0] == "(All)";
        if (sets.Count == 0) Error(block.Line, "PARAMETERS", $"-{parameter}: Parameter Sets is empty; use (All) for every set.");
        var required = Bool("Required");
        var position = values["Position"];
        if (!position.Equals("Named", StringComparison.OrdinalIgnoreCase) && !int.TryParse(position, out _))
            Error(block.Line, "PARAMETERS", $"-{parameter}: Position is '{position}'; use Named or a number.");
        var pipeline = values["Accept pipeline input"];
        if (!PipelineInput().IsMatch(pipeline))
            Error(block.Line, "PARAMETERS", $"-{parameter}: Accept pipeline input is '{pipeline}'; use False, True (ByValue), True (ByPropertyName) or True (ByPropertyName, ByValue).");
        var globbing = Bool("Accept wildcard characters");
        var defaultValue = values["Default value"];

        return new ParameterUsage(
            type,
            all ? Array.Empty<string>() : sets,
            all,
            SplitList(values["Aliases"]),
            values.TryGetValue("Accepted values", out var accepted) ? SplitList(accepted) : Array.Empty<string>(),
            required,
            position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : position,
            defaultValue.Length == 0 ? "None" : defaultValue,
            pipeline,
            globbing);

        bool Bool(string key)
        {
            var value = values[key];
            if (value.Equals("True", StringComparison.OrdinalIgnoreCase)) return true;
            if (!value.Equals("False", StringComparison.OrdinalIgnoreCase))
                Error(block.Line, "PARAMETERS", $"-{parameter}: {key} is '{value}'; use True or False.");
            return false;
        }
    }

    private static List<string> SplitList(string text)
        => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private void ReadTypes(Section section, List<TypeHelp> types)
    {
        if (Blocks(section.Body).Count > 0)
            Error(section.Line, section.Name, "Name each type as a '### <TypeName>' heading (or '### None'), with its description below.");
        foreach (var sub in section.Subsections)
            types.Add(new TypeHelp(sub.Title, Paragraphs(Blocks(sub.Body))));
        if (section.Subsections.Count == 0)
            Error(section.Line, section.Name, "No type is listed; write '### None' when there is none.");
    }

    private void ReadNotes(Section section, CommandHelp help)
    {
        if (section.Subsections.Count > 0) Error(section.Subsections[0].Line, "NOTES", "The notes take no '###' headings.");
        help.Notes.AddRange(Paragraphs(Blocks(section.Body)));
    }

    private void ReadLinks(Section section, CommandHelp help)
    {
        if (section.Subsections.Count > 0) Error(section.Subsections[0].Line, "RELATED LINKS", "Related links take no '###' headings.");
        foreach (var line in section.Body.Where(l => l.Text.Trim().Length > 0))
        {
            var match = Link().Match(line.Text.Trim());
            if (!match.Success)
            {
                Error(line.Line, "RELATED LINKS", $"'{line.Text.Trim()}' is not a link; write one '[Text](uri)' per line ('[about_ZohoCrm]()' for a help topic).");
                continue;
            }
            help.RelatedLinks.Add(new LinkHelp(match.Groups[1].Value.Trim(), match.Groups[2].Value.Trim()));
        }
    }

    /// <summary>Every syntax line names exactly the parameters whose yaml puts them in that set.</summary>
    private void CheckSyntaxAgainstParameters(CommandHelp help)
    {
        if (help.Syntax.Count == 0) return;
        var setNames = help.Syntax.Select(s => s.SetName).ToList();
        foreach (var parameter in help.Parameters)
        {
            foreach (var set in parameter.Usages.SelectMany(u => u.Sets))
            {
                if (!setNames.Contains(set, StringComparer.OrdinalIgnoreCase))
                    Error(parameter.Line, "PARAMETERS", $"-{parameter.Name} names the parameter set '{set}', which SYNTAX does not list ({string.Join(", ", setNames)}).");
            }
            var covered = parameter.Usages.SelectMany(u => u.AllSets ? setNames : u.Sets).ToList();
            foreach (var duplicate in covered.GroupBy(s => s, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
                Error(parameter.Line, "PARAMETERS", $"-{parameter.Name} has more than one yaml block for the parameter set '{duplicate.Key}'.");
        }
        foreach (var syntax in help.Syntax)
        {
            var inSet = help.Parameters.Where(p => p.UsageFor(syntax.SetName) != null).Select(p => p.Name).ToList();
            var missing = inSet.Where(p => !syntax.ParameterNames.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
            var extra = syntax.ParameterNames.Where(p => !inSet.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
                Error(syntax.Line, "SYNTAX", $"The syntax of '{syntax.SetName}' omits {string.Join(", ", missing.Select(p => "-" + p))}, which PARAMETERS puts in that set.");
            if (extra.Count > 0)
                Error(syntax.Line, "SYNTAX", $"The syntax of '{syntax.SetName}' names {string.Join(", ", extra.Select(p => "-" + p))}, which PARAMETERS does not document in that set.");
        }
    }

    private void Error(int line, string section, string message) => _diagnostics.Add(new HelpDiagnostic(_display, line, section, message));

    [GeneratedRegex(@"^(#{1,3})\s+(.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^([-*]|\d+\.)\s")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"(?<![\w-])-([A-Za-z][A-Za-z0-9_]*)")]
    private static partial Regex SyntaxParameter();

    [GeneratedRegex(@"^Example (\d+): \S.*$")]
    private static partial Regex ExampleTitle();

    [GeneratedRegex(@"^(False|True \((ByValue|ByPropertyName|ByPropertyName, ByValue)\))$", RegexOptions.IgnoreCase)]
    private static partial Regex PipelineInput();

    [GeneratedRegex(@"^\[([^\]]+)\]\(([^)]*)\)$")]
    private static partial Regex Link();
}
