using System.Text.RegularExpressions;

namespace ZohoCrm.HelpGen;

/// <summary>Reads <c>CmdletsToExport</c> from a module manifest (.psd1) without PowerShell.</summary>
public static partial class ManifestReader
{
    /// <summary>The exported cmdlet names, or null when the manifest has no literal <c>CmdletsToExport = @(...)</c> list.</summary>
    public static IReadOnlyList<string>? ReadCmdletsToExport(string manifestText)
    {
        // Drop comments first so a commented-out cmdlet does not count (quotes never contain '#' here).
        var withoutComments = string.Join("\n", manifestText.Split('\n').Select(StripComment));
        var match = CmdletsToExport().Match(withoutComments);
        if (!match.Success) return null;
        var body = match.Groups["array"].Success ? match.Groups["array"].Value : match.Groups["single"].Value;
        return Quoted().Matches(body).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/>, or <paramref name="fallback"/>.</summary>
    public static int LineOf(string manifestText, string text, int fallback = 0)
    {
        var index = manifestText.IndexOf(text, StringComparison.OrdinalIgnoreCase);
        return index < 0 ? fallback : manifestText.AsSpan(0, index).Count('\n') + 1;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
            }
            else if (c == '#')
            {
                return line[..i];
            }
        }
        return line;
    }

    [GeneratedRegex(@"\bCmdletsToExport\s*=\s*(?:@\((?<array>[^)]*)\)|(?<single>'[^']*'|""[^""]*""))", RegexOptions.IgnoreCase)]
    private static partial Regex CmdletsToExport();

    [GeneratedRegex(@"'([^']*)'|""([^""]*)""")]
    private static partial Regex Quoted();
}
