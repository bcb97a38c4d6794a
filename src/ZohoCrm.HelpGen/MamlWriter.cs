using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ZohoCrm.HelpGen;

/// <summary>
/// Writes MAML in the shape platyPS's New-ExternalHelp produces (and Get-Help reads): one command:command per cmdlet
/// with details, description, syntax (one syntaxItem per parameter set), parameters, input and return types, notes,
/// examples and related links.
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Build(IEnumerable<CommandHelp> commands)
        => new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement)));

    /// <summary>The document as text: UTF-8, two-space indent, LF line ends, so the output is the same on every machine.</summary>
    public static string ToText(XDocument document)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings)) document.Save(writer);
        return new UTF8Encoding(false).GetString(stream.ToArray()) + "\n";
    }

    private static XElement CommandElement(CommandHelp help)
        => new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description(new[] { help.Synopsis })),
            Description(help.Description),
            new XElement(Command + "syntax", OrderedSyntax(help).Select(s => SyntaxItem(help, s))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Usages.FirstOrDefault(), null))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeItem("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeItem("returnValue", t))),
            new XElement(Maml + "alertSet",
                new XElement(Maml + "alert", Paras(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(Example)),
            new XElement(Maml + "relatedLinks", help.RelatedLinks.Select(Link)));

    /// <summary>The default set first, as Get-Command shows it.</summary>
    private static IEnumerable<SyntaxHelp> OrderedSyntax(CommandHelp help)
        => help.Syntax.Where(s => s.IsDefault).Concat(help.Syntax.Where(s => !s.IsDefault));

    private static XElement SyntaxItem(CommandHelp help, SyntaxHelp syntax)
    {
        var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", help.Name));
        foreach (var name in syntax.ParameterNames)
        {
            var parameter = help.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            var usage = parameter?.UsageFor(syntax.SetName);
            if (parameter != null && usage != null) item.Add(Parameter(parameter, usage, syntax.SetName));
        }
        return item;
    }

    /// <param name="setName">The parameter set of a syntax item, or null for the command's parameter list.</param>
    private static XElement Parameter(ParameterHelp parameter, ParameterUsage? usage, string? setName)
    {
        var inSyntax = setName != null;
        // Outside a syntax item the parameter is described once for all its sets: required only if every set requires it.
        var required = inSyntax ? usage?.Required ?? false : parameter.Usages.Count > 0 && parameter.Usages.All(u => u.Required);
        var positions = parameter.Usages.Select(u => u.Position).Distinct().ToList();
        var position = inSyntax ? usage?.Position ?? "named" : positions.Count == 1 ? positions[0] : "named";
        var aliases = usage?.Aliases ?? Array.Empty<string>();
        var accepted = usage?.AcceptedValues ?? Array.Empty<string>();
        var description = parameter.Description.ToList();
        if (!inSyntax && accepted.Count > 0) description.Add("Accepted values: " + string.Join(", ", accepted) + ".");

        var element = new XElement(Command + "parameter",
            new XAttribute("required", Lower(required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Lower(usage?.Globbing ?? false)),
            new XAttribute("pipelineInput", usage?.PipelineInput ?? "False"),
            new XAttribute("position", position),
            new XAttribute("aliases", aliases.Count == 0 ? "none" : string.Join(", ", aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(description));
        // platyPS: a switch has no value in the syntax line, and an optional one in the parameter list.
        if (!parameter.IsSwitch)
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), parameter.Type));
        else if (!inSyntax)
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), parameter.Type));
        if (inSyntax && accepted.Count > 0)
        {
            element.Add(new XElement(Command + "parameterValueGroup",
                accepted.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }
        element.Add(
            new XElement(Dev + "type", new XElement(Maml + "name", parameter.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", usage?.DefaultValue ?? "None"));
        return element;
    }

    private static XElement TypeItem(string elementName, TypeHelp type)
        => new(Command + elementName,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
            Description(type.Description));

    private static XElement Example(ExampleHelp example)
        => new(Command + "example",
            new XElement(Maml + "title", PadTitle(example.Title)),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paras(example.Remarks)));

    /// <summary>platyPS centres example titles in dashes, as Windows PowerShell's own help does.</summary>
    private static string PadTitle(string title)
    {
        var dashes = Math.Max(10, (64 - title.Length - 2) / 2);
        var fence = new string('-', dashes);
        return $"{fence} {title} {fence}";
    }

    private static XElement Link(LinkHelp link)
        => new(Maml + "navigationLink",
            new XElement(Maml + "linkText", link.Text),
            new XElement(Maml + "uri", link.Uri));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    /// <summary>One maml:para per paragraph; an empty list still gets one empty para, as platyPS writes it.</summary>
    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs)
    {
        var list = paragraphs.Where(p => p.Length > 0).ToList();
        return list.Count == 0 ? new[] { new XElement(Maml + "para") } : list.Select(p => new XElement(Maml + "para", p));
    }

    private static string Lower(bool value) => value ? "true" : "false";
}
