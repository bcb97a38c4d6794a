using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZohoCrm.Core.Related;

namespace ZohoCrm.PowerShell.Completers
{
    /// <summary>
    /// Completes related list names of the module in -Module: the lists read from settings/related_lists when the
    /// session has them, else the standard lists of the fact sheet; without -Module, every standard list name.
    /// </summary>
    public sealed class RelatedListCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var module = fakeBoundParameters?["Module"] as string;
            if (string.IsNullOrEmpty(module))
            {
                var all = CompletionSupport.StandardModules.SelectMany(RelatedLists.Of).Select(l => l.ApiName);
                return CompletionSupport.Complete(all, wordToComplete);
            }

            var session = CompletionSupport.SessionFor(fakeBoundParameters!);
            IReadOnlyList<RelatedList> lists = session != null ? session.Connection.Related.CachedListsOf(module!) : RelatedLists.Of(module!).ToList();
            var modules = lists.ToDictionary(l => l.ApiName, l => l.Linkable ? $"{l.RelatedModule} (links)" : l.RelatedModule, StringComparer.Ordinal);
            return CompletionSupport.Complete(lists.Select(l => l.ApiName), wordToComplete, n => modules.TryGetValue(n, out var m) ? m : n);
        }
    }
}
