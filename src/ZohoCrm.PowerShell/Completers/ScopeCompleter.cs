using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZohoCrm.Core.Auth.SignIn;

namespace ZohoCrm.PowerShell.Completers
{
    /// <summary>Completes -Scope with the scopes of the default sign-in set.</summary>
    public sealed class ScopeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            CompletionSupport.Complete(SignInScopes.Default, (wordToComplete ?? string.Empty).Trim('\'', '"'));
    }
}
