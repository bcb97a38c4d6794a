using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ZohoCrm.PowerShell.Cmdlets
{
    /// <summary>
    /// Whether the command right after this one in its pipeline only counts or discards what it receives:
    /// <c>| Measure-Object</c> (no parameters: only Count) or <c>| Out-Null</c>, by name or alias. Records going there
    /// are never enumerated, so they can take the lean form that is several times cheaper to make. Found by parsing the
    /// line the command is on; anything this does not recognise (a pipeline over several lines, a function of the same
    /// name, any parameter) answers false, which costs speed only: both forms of record behave the same.
    /// </summary>
    internal static class CountingConsumer
    {
        private static readonly string[] CountingCommandTypes =
        {
            "Microsoft.PowerShell.Commands.MeasureObjectCommand",
            "Microsoft.PowerShell.Commands.OutNullCommand",
        };

        public static bool Follows(InvocationInfo invocation, CommandInvocationIntrinsics commands)
        {
            try
            {
                var next = NextCommandName(invocation.Line, invocation.OffsetInLine, invocation.PipelinePosition, invocation.PipelineLength);
                return next != null && Counts(next, commands);
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>Whether <paramref name="name"/> runs Measure-Object or Out-Null here (a function of that name does not).</summary>
        internal static bool Counts(string name, CommandInvocationIntrinsics commands)
        {
            // A module-qualified name (Microsoft.PowerShell.Utility\Measure-Object) is looked up bare, then its module checked.
            string? module = null;
            var slash = name.LastIndexOf('\\');
            if (slash >= 0)
            {
                module = name.Substring(0, slash);
                name = name.Substring(slash + 1);
            }
            var command = commands.GetCommand(name, CommandTypes.Alias | CommandTypes.Function | CommandTypes.Filter | CommandTypes.Cmdlet);
            if (command is AliasInfo alias) command = alias.ResolvedCommand;
            return command is CmdletInfo cmdlet && CountingCommandTypes.Contains(cmdlet.ImplementingType?.FullName, StringComparer.Ordinal)
                && (module == null || string.IsNullOrEmpty(cmdlet.ModuleName) || string.Equals(cmdlet.ModuleName, module, StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>
        /// The name of the command after the one starting at column <paramref name="offset"/> (1-based) of
        /// <paramref name="line"/>, when it is a bare name with no parameters or arguments; null otherwise, or when the
        /// line's pipeline is not the one described by <paramref name="position"/> of <paramref name="length"/>.
        /// </summary>
        internal static string? NextCommandName(string? line, int offset, int position, int length)
        {
            if (string.IsNullOrEmpty(line) || offset < 1 || position < 1 || position >= length) return null;
            var script = Parser.ParseInput(line, out _, out var errors);
            if (errors.Length > 0) return null;
            var mine = script.Find(ast => ast is CommandAst && ast.Extent.StartLineNumber == 1 && ast.Extent.StartColumnNumber == offset, searchNestedScriptBlocks: true);
            if (!(mine?.Parent is PipelineAst pipeline) || pipeline.PipelineElements.Count != length) return null;
            if (pipeline.PipelineElements.IndexOf((CommandBaseAst)mine) != position - 1) return null;
            if (!(pipeline.PipelineElements[position] is CommandAst next) || next.Redirections.Count > 0 || next.CommandElements.Count != 1) return null;
            return next.GetCommandName();
        }
    }
}
