using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZohoCrm.Core.Diagnostics;

namespace ZohoCrm.PowerShell.Completers
{
    /// <summary>Completes the tag names of the module in -Module, read from Zoho under the completers' short timeout.</summary>
    public sealed class TagNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = CompletionSupport.SessionFor(fakeBoundParameters);
            var module = fakeBoundParameters?["Module"] as string;
            if (session == null || string.IsNullOrEmpty(module)) return Array.Empty<CompletionResult>();
            var list = CompletionSupport.WithTimeout(ct => session.Connection.Tags.GetTagsAsync(module!, NullLog.Instance, ct));
            return list == null ? Array.Empty<CompletionResult>() : CompletionSupport.Complete(list.Tags.Select(t => t.Name), wordToComplete);
        }
    }
}
