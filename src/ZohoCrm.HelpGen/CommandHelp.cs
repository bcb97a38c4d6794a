namespace ZohoCrm.HelpGen;

/// <summary>One cmdlet's help, as read from its markdown file.</summary>
public sealed class CommandHelp
{
    public CommandHelp(string name, string file)
    {
        Name = name;
        File = file;
    }

    public string Name { get; }

    /// <summary>The markdown file this help came from (for messages).</summary>
    public string File { get; }

    public string Verb => Name.Contains('-') ? Name[..Name.IndexOf('-')] : Name;

    public string Noun => Name.Contains('-') ? Name[(Name.IndexOf('-') + 1)..] : string.Empty;

    public string Synopsis { get; set; } = string.Empty;

    public List<string> Description { get; } = new();

    public List<SyntaxHelp> Syntax { get; } = new();

    public List<ExampleHelp> Examples { get; } = new();

    public List<ParameterHelp> Parameters { get; } = new();

    public List<TypeHelp> Inputs { get; } = new();

    public List<TypeHelp> Outputs { get; } = new();

    public List<string> Notes { get; } = new();

    public List<LinkHelp> RelatedLinks { get; } = new();
}

/// <summary>One parameter set of the SYNTAX section: its name and the parameters its syntax line names, in order.</summary>
public sealed record SyntaxHelp(string SetName, bool IsDefault, IReadOnlyList<string> ParameterNames, int Line);

public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);

public sealed record LinkHelp(string Text, string Uri);

/// <summary>A parameter: its description and one usage per yaml block (platyPS writes one block per group of sets).</summary>
public sealed class ParameterHelp
{
    public ParameterHelp(string name, int line)
    {
        Name = name;
        Line = line;
    }

    public string Name { get; }

    public int Line { get; }

    public List<string> Description { get; } = new();

    public List<ParameterUsage> Usages { get; } = new();

    public string Type => Usages.Count > 0 ? Usages[0].Type : "Object";

    public bool IsSwitch => string.Equals(Type, "SwitchParameter", StringComparison.OrdinalIgnoreCase);

    /// <summary>The usage that covers <paramref name="setName"/>, if any.</summary>
    public ParameterUsage? UsageFor(string setName)
        => Usages.FirstOrDefault(u => u.AllSets || u.Sets.Contains(setName, StringComparer.OrdinalIgnoreCase));
}

/// <summary>One yaml block of a parameter.</summary>
public sealed record ParameterUsage(
    string Type,
    IReadOnlyList<string> Sets,
    bool AllSets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool Globbing);
