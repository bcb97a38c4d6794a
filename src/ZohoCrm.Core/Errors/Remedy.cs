using System;
using System.Collections.Generic;

namespace ZohoCrm.Core.Errors
{
    /// <summary>What the user can do about a failure, as data. The PowerShell layer turns it into words that name its commands.</summary>
    public enum RemedyKind
    {
        /// <summary>The refresh token was refused (revoked or expired): sign in again.</summary>
        SignInAgain,

        /// <summary>The token lacks <see cref="Remedy.Scopes"/> (none known when empty): sign in again with them granted.</summary>
        GrantScope,

        /// <summary>Zoho's API limits (credits or concurrency) were hit: make fewer calls at once, or try later.</summary>
        LowerConcurrency,

        /// <summary>Zoho asked to wait <see cref="Remedy.Wait"/>, longer than the client waits by itself.</summary>
        RetryAfter,

        /// <summary>The accounts server mints no more access tokens until <see cref="Remedy.RetryAt"/>.</summary>
        WaitForTokenLimit,

        /// <summary>A call that is not safe to repeat may have taken effect: check before sending it again.</summary>
        CheckBeforeRepeating,

        /// <summary>The saved profile cannot be read: connect again with full credentials to overwrite it.</summary>
        ReplaceSavedProfile,

        /// <summary>A plain http:// address was refused: use https, or the data centre's own address.</summary>
        UseHttpsOrDataCenter,

        /// <summary><see cref="Remedy.Module"/>'s field list cannot be read: name the fields, or grant <see cref="Remedy.Scopes"/>.</summary>
        NameFields,

        /// <summary>A field name is not one of <see cref="Remedy.Module"/>'s: pick one from its field list.</summary>
        ListFields,

        /// <summary>A query that is paged to the end must not carry its own LIMIT or OFFSET.</summary>
        RemoveQueryLimit,

        /// <summary>The search cannot express the condition: use a COQL query.</summary>
        UseQueryLanguage,

        /// <summary>The bulk read cannot filter this way: export more and filter the rows locally.</summary>
        FilterAfterExport,
    }

    /// <summary>A <see cref="RemedyKind"/> with the values its advice needs (scopes, a wait, a module).</summary>
    public sealed class Remedy
    {
        private Remedy(RemedyKind kind, IReadOnlyList<string>? scopes = null, TimeSpan? wait = null, DateTimeOffset? retryAt = null, string? module = null)
        {
            Kind = kind;
            Scopes = scopes ?? Array.Empty<string>();
            Wait = wait;
            RetryAt = retryAt;
            Module = module;
        }

        public RemedyKind Kind { get; }

        /// <summary>OAuth scopes that would let the call through.</summary>
        public IReadOnlyList<string> Scopes { get; }

        public TimeSpan? Wait { get; }

        public DateTimeOffset? RetryAt { get; }

        public string? Module { get; }

        public static Remedy SignInAgain { get; } = new Remedy(RemedyKind.SignInAgain);

        public static Remedy LowerConcurrency { get; } = new Remedy(RemedyKind.LowerConcurrency);

        public static Remedy CheckBeforeRepeating { get; } = new Remedy(RemedyKind.CheckBeforeRepeating);

        public static Remedy ReplaceSavedProfile { get; } = new Remedy(RemedyKind.ReplaceSavedProfile);

        public static Remedy UseHttpsOrDataCenter { get; } = new Remedy(RemedyKind.UseHttpsOrDataCenter);

        public static Remedy RemoveQueryLimit { get; } = new Remedy(RemedyKind.RemoveQueryLimit);

        public static Remedy UseQueryLanguage { get; } = new Remedy(RemedyKind.UseQueryLanguage);

        public static Remedy FilterAfterExport { get; } = new Remedy(RemedyKind.FilterAfterExport);

        public static Remedy GrantScope(IReadOnlyList<string> scopes) => new Remedy(RemedyKind.GrantScope, scopes);

        public static Remedy RetryAfter(TimeSpan wait) => new Remedy(RemedyKind.RetryAfter, wait: wait);

        public static Remedy WaitForTokenLimit(DateTimeOffset retryAt) => new Remedy(RemedyKind.WaitForTokenLimit, retryAt: retryAt);

        public static Remedy NameFields(string module, params string[] scopes) => new Remedy(RemedyKind.NameFields, scopes, module: module);

        public static Remedy ListFields(string module) => new Remedy(RemedyKind.ListFields, module: module);

        public override string ToString() => Kind + (Scopes.Count > 0 ? " " + string.Join(",", Scopes) : string.Empty);
    }
}
