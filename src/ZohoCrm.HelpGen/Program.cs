using System.Text;
using System.Text.RegularExpressions;
using ZohoCrm.HelpGen;

// ZohoCrm.HelpGen --source <en-US folder> --manifest <module .psd1> --output <...dll-Help.xml>
// Reads en-US/<Verb-Noun>.md for every cmdlet the manifest exports and writes the MAML file Get-Help reads.
// Exit codes: 0 written (or already up to date), 1 the help sources have problems (listed in MSBuild's error
// format, naming file, line and section), 2 wrong command line.
const string Usage = "usage: ZohoCrm.HelpGen --source <en-US folder> --manifest <module .psd1> --output <Module.dll-Help.xml>";

string? source = null, manifest = null, output = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    try
    {
        switch (args[i])
        {
            case "--source": source = Next(); break;
            case "--manifest": manifest = Next(); break;
            case "--output": output = Next(); break;
            case "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
        }
    }
    catch (ArgumentException ex)
    {
        Console.Error.WriteLine("ZohoCrm.HelpGen: " + ex.Message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
if (source == null || manifest == null || output == null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

source = Path.GetFullPath(source);
manifest = Path.GetFullPath(manifest);
output = Path.GetFullPath(output);
if (!Directory.Exists(source))
{
    Console.Error.WriteLine($"{source}: error {HelpDiagnostic.Code}: [sources] The help source folder does not exist.");
    return 1;
}
if (!File.Exists(manifest))
{
    Console.Error.WriteLine($"{manifest}: error {HelpDiagnostic.Code}: [CmdletsToExport] The module manifest does not exist.");
    return 1;
}

var moduleName = Path.GetFileNameWithoutExtension(manifest);
var helpFileName = Path.GetFileName(output);
var diagnostics = new List<HelpDiagnostic>();

var manifestText = File.ReadAllText(manifest);
var exported = ManifestReader.ReadCmdletsToExport(manifestText);
var exportLine = ManifestReader.LineOf(manifestText, "CmdletsToExport");
if (exported == null)
{
    diagnostics.Add(new HelpDiagnostic(manifest, exportLine, "CmdletsToExport", "The manifest has no literal CmdletsToExport = @('Verb-Noun', ...) list to check the help against."));
    exported = Array.Empty<string>();
}

var helpFiles = Directory.GetFiles(source, "*.md")
    .Where(f => Regex.IsMatch(Path.GetFileName(f), @"^[A-Za-z]+-[A-Za-z0-9]+\.md$"))
    .OrderBy(f => f, StringComparer.Ordinal)
    .ToList();
var byName = helpFiles.ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase);

foreach (var cmdlet in exported)
{
    var expected = Path.Combine(source, cmdlet + ".md");
    if (!byName.TryGetValue(cmdlet, out var file))
        diagnostics.Add(new HelpDiagnostic(manifest, ManifestReader.LineOf(manifestText, "'" + cmdlet + "'", exportLine), "CmdletsToExport", $"{cmdlet} is exported but has no help: {expected} does not exist."));
    else if (Path.GetFileNameWithoutExtension(file) != cmdlet)
        diagnostics.Add(new HelpDiagnostic(file, 0, "file name", $"The file name must be spelled like the cmdlet: {cmdlet}.md."));
}
foreach (var file in helpFiles)
{
    var name = Path.GetFileNameWithoutExtension(file);
    if (!exported.Contains(name, StringComparer.OrdinalIgnoreCase))
        diagnostics.Add(new HelpDiagnostic(file, 0, "CmdletsToExport", $"{name} is documented but {Path.GetFileName(manifest)} does not export it (CmdletsToExport)."));
}

var commands = helpFiles
    .Where(f => exported.Contains(Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase))
    .Select(f => MarkdownHelpReader.Read(f, f, helpFileName, moduleName, diagnostics))
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToList();

if (diagnostics.Count > 0)
{
    foreach (var diagnostic in diagnostics) Console.Error.WriteLine(diagnostic);
    Console.Error.WriteLine($"ZohoCrm.HelpGen: {diagnostics.Count} problem{(diagnostics.Count == 1 ? "" : "s")} in the help sources; {output} was not written.");
    return 1;
}

var text = MamlWriter.ToText(MamlWriter.Build(commands));
if (File.Exists(output) && File.ReadAllText(output, Encoding.UTF8) == text)
{
    // Same content: leave the file and its time stamp alone.
    Console.WriteLine($"ZohoCrm.HelpGen: {output} is up to date ({commands.Count} cmdlets).");
    return 0;
}

// Write beside the target and rename over it, so a parallel build never reads a half-written file.
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
var temp = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Environment.ProcessId}.tmp");
File.WriteAllText(temp, text, new UTF8Encoding(false));
File.Move(temp, output, overwrite: true);
Console.WriteLine($"ZohoCrm.HelpGen: wrote {output} ({commands.Count} cmdlets).");
return 0;
