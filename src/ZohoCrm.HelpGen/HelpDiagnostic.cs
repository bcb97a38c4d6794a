namespace ZohoCrm.HelpGen;

/// <summary>
/// A problem in a help source. <see cref="ToString"/> uses MSBuild's canonical error format
/// (<c>file(line): error CODE: text</c>), so the build lists it as an error that names the file and section.
/// </summary>
public sealed record HelpDiagnostic(string File, int Line, string Section, string Message)
{
    public const string Code = "ZCRMHELP";

    public override string ToString()
        => Line > 0
            ? $"{File}({Line}): error {Code}: [{Section}] {Message}"
            : $"{File}: error {Code}: [{Section}] {Message}";
}
