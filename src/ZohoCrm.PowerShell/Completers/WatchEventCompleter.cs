using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZohoCrm.Core.Watch;

namespace ZohoCrm.PowerShell.Completers
{
    /// <summary>Completes watch events: the module part as <see cref="ModuleNameCompleter"/> does, then create, edit, delete and all.</summary>
    public sealed class WatchEventCompleter : IArgumentCompleter
    {
        private static readonly ModuleNameCompleter Modules = new ModuleNameCompleter();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var dot = word.IndexOf('.');
            var modulePart = dot < 0 ? word : word.Substring(0, dot);
            var modules = Modules.CompleteArgument(commandName, parameterName, modulePart, commandAst, fakeBoundParameters)
                .Select(c => c.ListItemText)
                .ToList();
            // While the module is still being typed, offer each matching module with every operation.
            var events = modules.SelectMany(m => WatchEvents.Operations.Select(op => m + "." + op));
            return CompletionSupport.Complete(events, word);
        }
    }
}
