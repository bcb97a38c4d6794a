using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using ZohoCrm.Core.Diagnostics;
using ZohoCrm.Core.Records;

namespace ZohoCrm.PowerShell.Completers
{
    /// <summary>
    /// Completes users by name or email from the connection's users list (read once, under the completion timeout):
    /// an owner completes to the email, a user id parameter to the id. Only active, confirmed users can own records.
    /// </summary>
    public sealed class UserCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = CompletionSupport.SessionFor(fakeBoundParameters);
            if (session == null) return Array.Empty<CompletionResult>();
            var directory = session.Connection.Users;
            var users = directory.TryGetCached(out var cached) ? cached : CompletionSupport.WithTimeout(ct => directory.GetAllAsync(NullLog.Instance, ct));
            if (users == null) return Array.Empty<CompletionResult>();
            var wantsId = string.Equals(parameterName, "Id", StringComparison.OrdinalIgnoreCase);
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            var results = new List<CompletionResult>();
            foreach (var user in users)
            {
                var name = Text(user, "full_name");
                var email = Text(user, "email");
                var status = Text(user, "status");
                if (!wantsId && (status != "active" || !(Value(user, "confirm") is bool confirmed && confirmed))) continue;
                var last = name.Split(' ').LastOrDefault() ?? string.Empty;
                if (!(pattern.IsMatch(name) || pattern.IsMatch(email) || pattern.IsMatch(last) || (user.Id != null && pattern.IsMatch(user.Id)))) continue;
                var text = wantsId ? user.Id ?? string.Empty : email;
                if (text.Length == 0) continue;
                var role = (Value(user, "role") as ZohoObject)?.Properties.FirstOrDefault(p => p.Key == "name").Value as string;
                results.Add(new CompletionResult(Quote(text), name.Length > 0 ? name : text, CompletionResultType.ParameterValue, $"{name} <{email}> {role} ({status})"));
            }
            return results.OrderBy(r => r.ListItemText, StringComparer.OrdinalIgnoreCase);
        }

        private static object? Value(ZohoRecord user, string key) => user.Fields.FirstOrDefault(f => f.Key == key).Value;

        private static string Text(ZohoRecord user, string key) => Value(user, key) as string ?? string.Empty;

        internal static string Quote(string text) => text.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', ';', ',', '{', '}' }) >= 0 || text.StartsWith("@", StringComparison.Ordinal) ? "'" + text.Replace("'", "''") + "'" : text;
    }

    /// <summary>Custom views of the module in -Module, from the session's cache or read under the completion timeout.</summary>
    internal static class CustomViewCompletion
    {
        public static IEnumerable<(string Id, string Name)> Views(IDictionary fakeBoundParameters)
        {
            var session = CompletionSupport.SessionFor(fakeBoundParameters);
            var module = fakeBoundParameters?["Module"] as string;
            if (session == null || string.IsNullOrEmpty(module)) return Array.Empty<(string, string)>();
            var settings = session.Connection.OrgSettings;
            var views = settings.TryGetCachedViews(module!, out var cached) ? cached : CompletionSupport.WithTimeout(ct => settings.GetCustomViewsAsync(module!, NullLog.Instance, ct));
            if (views == null) return Array.Empty<(string, string)>();
            return views.Where(v => v.Id != null).Select(v => (v.Id!, v.Fields.FirstOrDefault(f => f.Key == "name").Value as string ?? v.Id!));
        }
    }

    /// <summary>Completes custom view names to the view's id (-CustomViewId): the list shows names, the id is inserted.</summary>
    public sealed class CustomViewIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            return CustomViewCompletion.Views(fakeBoundParameters)
                .Where(v => pattern.IsMatch(v.Name) || pattern.IsMatch(v.Id))
                .OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)
                .Select(v => new CompletionResult(v.Id, v.Name, CompletionResultType.ParameterValue, $"{v.Name} ({v.Id})"))
                .ToList();
        }
    }

    /// <summary>Completes custom view names (-CustomView, Get-ZcrmCustomView -Name).</summary>
    public sealed class CustomViewNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => CompletionSupport.Complete(CustomViewCompletion.Views(fakeBoundParameters).Select(v => v.Name), wordToComplete);
    }
}
