namespace ZohoCrm.Emulator;

/// <summary>Users, settings metadata and functions (fact sheet §14, §15, §20).</summary>
public sealed partial class EmulatorOptions
{
    /// <summary>§20.4 (?): the largest function output (details.output) answered; larger gives 400 LIMIT_EXCEEDED. 10 MB.</summary>
    public int FunctionMaxOutputBytes { get; set; } = 10 * 1024 * 1024;
}
